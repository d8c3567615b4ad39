"""Exports, keyboard use, contrast and presentation mode in Debian's headless Chromium."""
from __future__ import annotations

from datetime import date

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kirollout.model import geodata
from kirollout.model.rollout import counts_at, openings, timeline_dates
from kirollout.render import maps
from kirollout.render.map_exports import render_html
from kirollout.render.wording import headline_text

from .helpers import count_text, open_map, wait_idle


def _offline_context(browser):
    """A context in which every request except file: is aborted (and recorded)."""
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    blocked = []

    def _route(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    ctx.route("**/*", _route)
    return ctx, blocked


def test_html_export_works_from_disk_offline(browser, records, districts, tmp_path):
    ops = openings(records)
    stops = timeline_dates(records)
    gj = maps.features_geojson(maps.district_features(districts, records, ops, "de"))
    f = tmp_path / "ki-rollout-nrw_2013-01-01.html"
    f.write_text(render_html(gj, ops, stops, date(2013, 1, 1), geodata.load_meta(), "de"), encoding="utf-8")
    ctx, blocked = _offline_context(browser)
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(f.as_uri())
    pg.locator("path.leaflet-interactive").nth(53).wait_for(timeout=20000)
    assert pg.locator("path.leaflet-interactive").count() == 54
    assert pg.locator("#ki-date").inner_text() == "1. Januar 2013"
    assert "Geobasis NRW" in pg.locator(".leaflet-control-attribution").inner_text()
    assert pg.locator(".ki-legend").inner_text().count("\n") >= 9
    # the stop table gives the same count as kirollout.model.rollout at every stop
    got = pg.evaluate("""() => { const s = document.getElementById('ki-slider'), out = [];
        for (let i = 0; i <= +s.max; i++) { s.value = i; s.dispatchEvent(new Event('input'));
          out.push(document.getElementById('ki-count').innerText); } return out; }""")
    want = []
    for d in stops:
        c = counts_at(ops, d)
        want.append(headline_text(c))
    assert got == want
    # back to the start, then play: the date label moves on its own
    pg.evaluate("() => { const s = document.getElementById('ki-slider');"
                " s.value = 0; s.dispatchEvent(new Event('input')); }")
    before = pg.locator("#ki-date").inner_text()
    pg.get_by_role("button", name="▶ Abspielen").click()
    pg.wait_for_function("(b) => document.getElementById('ki-date').innerText !== b", arg=before, timeout=10000)
    pg.get_by_role("button", name="⏸ Pause").click()
    # tooltip with the state at the shown date
    pg.locator("path.leaflet-interactive").nth(53).hover()
    assert "Stadt Aachen" in pg.locator(".leaflet-tooltip").inner_text()
    assert blocked == [] and errors == [], (blocked, errors)
    ctx.close()


def test_downloads_from_the_map_page(page):
    open_map(page, "?date=2014-04-25")
    with page.expect_download(timeout=180000) as dl:
        page.get_by_role("button", name="Interaktive Karte (HTML)").click()
    assert dl.value.suggested_filename == "ki-rollout-nrw_2014-04-25.html"
    body = open(dl.value.path(), encoding="utf-8").read()
    assert body.count('"type":"Feature"') == 54 and "25. April 2014" in body
    with page.expect_download(timeout=180000) as dl:
        page.get_by_role("button", name="Karte als PNG").click()
    assert dl.value.suggested_filename == "ki-rollout-nrw_2014-04-25.png"
    from PIL import Image

    with Image.open(dl.value.path()) as im:
        assert im.size == (2400, 1600)
        lo, hi = im.convert("L").getextrema()
        assert hi - lo > 100


def _active(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, role: e.getAttribute('role') || '', type: e.type || '',
                text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 60),
                slider: !!e.closest('[data-testid="stSlider"]')}; }""")


def test_keyboard_only_slider_play_search_downloads(page, records):
    # start on a slider stop whose next stop changes the count shown (taken from the records)
    stops, ops = timeline_dates(records), openings(records)

    def shown(d: date) -> tuple[int, int]:
        c = counts_at(ops, d)
        return c.exist, c.uncertain

    start, nxt = next((a, b) for a, b in zip(stops, stops[1:]) if a >= date(2013, 6, 1) and shown(a) != shown(b))
    open_map(page, f"?date={start.isoformat()}")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        a = _active(page)
        seen.append(a)
        if a["slider"] and (a["role"] == "slider" or a["type"] == "range"):
            break
    else:
        raise AssertionError(f"slider not reached by Tab: {seen}")
    assert any(a["text"] == "▶ Abspielen" for a in seen)
    before = count_text(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(b) => document.querySelector('.ki-count').innerText !== b", arg=before, timeout=20000)
    wait_idle(page)
    c = counts_at(ops, nxt)  # the slider moves stop by stop
    assert count_text(page).startswith(headline_text(c))
    # further on (past the map, whose 54 districts are tab stops showing their tooltip):
    # both downloads and the search box are reachable too
    texts = []
    for _ in range(150):
        page.keyboard.press("Tab")
        texts.append(_active(page))
        if texts[-1]["tag"] == "INPUT" and not texts[-1]["slider"]:
            break
    labels = " | ".join(a["text"] for a in texts)
    assert "Karte als PNG" in labels and "Interaktive Karte (HTML)" in labels, labels
    assert any(a["tag"] == "INPUT" and not a["slider"] for a in texts), texts  # the search box


def _contrast_js() -> str:
    return """(sel) => {
      function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; }
      function lum(c) { return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); }
      function f(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
      function bg(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
          if (c[3] > 0) return c; } return [255, 255, 255, 1]; }
      const out = [];
      document.querySelectorAll(sel).forEach(e => {
        if (!e.innerText || !e.innerText.trim()) return;
        const fg = rgb(getComputedStyle(e).color), b = bg(e), a = fg[3];
        const mix = [0, 1, 2].map(i => fg[i] * a + b[i] * (1 - a));
        const l1 = lum(mix), l2 = lum(b);
        out.push({text: e.innerText.slice(0, 40), ratio: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)});
      });
      return out; }"""


def test_text_contrast_of_captions_legend_and_counts(page):
    open_map(page, "?date=2014-04-25")
    res = page.evaluate(_contrast_js(), '[data-testid="stCaptionContainer"], .ki-legend div, .ki-date, .ki-count, '
                                        '[data-testid="stMarkdownContainer"] li, [data-testid="stWidgetLabel"]')
    assert len(res) > 10
    low = [r for r in res if r["ratio"] < 4.5]
    assert not low, low


def test_presentation_mode_hides_sidebar_plays_and_escape_leaves(page):
    page.goto(page.base_url + "/?present=1")
    wait_idle(page)
    page.locator(".ki-present-date").wait_for(timeout=30000)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stSlider"]').count() == 0
    assert page.get_by_role("button", name="▶ Abspielen").count() == 0
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.ki-present-date')).fontSize)")
    assert size >= 40  # follows the screen now (min(7vh, 3.2vw)): 44.8 px at this 1400 × 1000 page
    first = page.locator(".ki-present-date").inner_text()
    page.wait_for_function("(b) => { const e = document.querySelector('.ki-present-date');"
                           " return e && e.innerText !== b; }",
                           arg=first, timeout=30000)
    assert "present=1" in page.url
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present')", timeout=20000)
    wait_idle(page)
    page.get_by_role("button", name="▶ Abspielen").wait_for(timeout=30000)
    assert page.locator('[data-testid="stSidebar"]').is_visible()


def test_presentation_button_and_exit_button(page):
    open_map(page, "?date=2014-04-25&lang=en")
    wait_idle(page)  # the map component's own first rerun: a click racing it can be dropped under load
    for attempt in (1, 2):  # a visitor who sees nothing happen clicks again, once (as the video test)
        page.get_by_role("button", name="Presentation mode").click()
        try:
            page.locator(".ki-present-date").wait_for(timeout=30000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            wait_idle(page)
    page.wait_for_function("() => location.search.includes('present=1')", timeout=20000)
    page.get_by_role("button", name="End presentation").click()
    page.get_by_role("button", name="▶ Play").wait_for(timeout=30000)
    page.wait_for_function("() => !location.search.includes('present')", timeout=20000)


def test_language_switch_keeps_english_in_the_url(page):
    open_map(page, "?date=2014-04-25&ags=05154")
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English").click()
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=20000)
    page.locator(".ki-date", has_text="25 April 2014").wait_for(timeout=30000)
    assert "of 54" in count_text(page)
    page.get_by_role("button", name="▶ Play").wait_for()
    wait_idle(page)
    page.locator('[data-testid="stSidebar"] [data-stale="false"]').get_by_role("radio", name="Deutsch").click()
    page.locator(".ki-date", has_text="25. April 2014").wait_for(timeout=30000)
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=20000)
    wait_idle(page)
    assert "ags=05154" in page.url  # the selection survives both switches
    page.wait_for_selector("text=Kommunales Integrationszentrum Kreis Kleve", timeout=20000)
