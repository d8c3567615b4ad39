"""The rollout over time in a real browser: slider, play, click, share link, notices."""
from __future__ import annotations

from datetime import date

from kirollout.model.rollout import counts_at, openings, timeline_dates
from kirollout.render import palette
from kirollout.render.wording import headline_text

from .helpers import click_district, count_text, map_frame, open_map, path_fills, path_style, slider_input, wait_idle


def _wait_text_change(page, selector: str, old: str, timeout: float = 20000) -> str:
    page.wait_for_function(
        "([sel, old]) => { const e = document.querySelector(sel); return e && e.innerText !== old; }",
        arg=[selector, old], timeout=timeout,
    )
    wait_idle(page)
    return page.locator(selector).inner_text()


def test_slider_keyboard_updates_count_and_fills_without_recreating_map(page, records):
    stops = timeline_dates(records)
    target = date(2013, 8, 1)  # Duisburg and Krefeld open (day precision, so a slider stop)
    prev = stops[stops.index(target) - 1]
    open_map(page, f"?date={prev.isoformat()}")
    f = map_frame(page)
    f.evaluate("() => { window.__kiMarker = 'same-map'; }")
    zoom = f.evaluate("() => window.map_div.getZoom()")
    assert path_fills(page)["05112"] == palette.NOT_YET  # Duisburg opens 2013-08-01
    before = page.locator(".ki-date").inner_text()
    slider_input(page).focus()
    slider_input(page).press("ArrowRight")
    after = _wait_text_change(page, ".ki-date", before)
    assert after == "1. August 2013"
    ops = openings(records)
    c = counts_at(ops, date(2013, 8, 1))
    page.wait_for_function("(t) => document.querySelector('.ki-count').innerText.startsWith(t)",
                           arg=headline_text(c), timeout=20000)
    page.wait_for_function(
        """(col) => { const fr = [...document.querySelectorAll('iframe')].map(i => i.contentWindow)
              .find(w => w && w.map_div); let ok = false;
              fr.map_div.eachLayer(l => { if (l.feature && l.feature.properties.ags === '05112'
                  && l.options.fillColor === col) ok = true; }); return ok; }""",
        arg=palette.year_color(2013), timeout=20000)
    f = map_frame(page)
    assert f.evaluate("() => window.__kiMarker") == "same-map", "map iframe was re-created"
    assert f.evaluate("() => window.map_div.getZoom()") == zoom


def test_play_advances_the_date(page):
    open_map(page, "?date=2013-01-01")
    before = page.locator(".ki-date").inner_text()
    page.get_by_role("button", name="▶ Abspielen").click()
    after = _wait_text_change(page, ".ki-date", before, timeout=30000)
    assert after != before
    page.get_by_role("button", name="⏸ Pause").click()
    wait_idle(page)


def test_click_district_shows_panel_and_updates_url(page):
    open_map(page, "?date=2016-03-01")
    click_district(page, "05358")
    page.wait_for_selector("text=Kommunales Integrationszentrum Kreis Düren", timeout=20000)
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('ags=05358')", timeout=10000)
    page.mouse.move(5, 5)  # leave the map, so the hover highlight is gone
    page.wait_for_timeout(300)
    assert path_style(page, "05358")["color"] == palette.SELECTED_OUTLINE


def test_share_link_restores_date_and_selection(page):
    open_map(page, "?date=2014-04-25&ags=05154")
    assert page.locator(".ki-date").inner_text() == "25. April 2014"
    page.wait_for_selector("text=Kommunales Integrationszentrum Kreis Kleve")
    assert path_style(page, "05154")["color"] == palette.SELECTED_OUTLINE
    assert path_fills(page)["05154"] == palette.NOT_YET


def test_search_box_finds_staedteregion(page):
    open_map(page, "?date=2014-01-01")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Kreis oder Stadt suchen").click()
    page.keyboard.type("Städte")
    page.get_by_role("option", name="StädteRegion Aachen (StädteRegion)").click()
    page.wait_for_selector("text=Kommunales Integrationszentrum StädteRegion Aachen", timeout=20000)


def test_garbage_parameter_shows_notice(page):
    open_map(page, "?date=%3Cscript%3Ealert(1)%3C/script%3E&ags=99999")
    notice = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "ungültigen Wert" in notice and "date" in notice and "ags" in notice
    assert "von 54" in count_text(page)
