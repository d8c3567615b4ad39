"""Presentation mode in a real room: it fits common projector screens and obeys the presenter's
keys (and clickers, which send PageDown / PageUp), in Debian's headless Chromium."""
from __future__ import annotations

from datetime import date

import pytest

from kirollout.model.rollout import openings, story_end, timeline_dates
from kirollout.render.i18n import format_day
from tests import conftest as cf
from tests.e2e.helpers import wait_idle

START = date(2015, 4, 9)


@pytest.fixture
def screen(browser, app_url, request):
    """A page at the screen size of the test's parameter (width, height)."""
    w, h = request.param
    ctx = browser.new_context(viewport={"width": w, "height": h})
    pg = ctx.new_page()
    pg.base_url = app_url
    yield pg
    ctx.close()


def _open(page, query: str) -> None:
    page.goto(page.base_url + "/" + query)
    _settle(page)


def _settle(page) -> None:
    """Presentation mode drawn, with the hidden key buttons, and Streamlit idle."""
    page.locator('[data-testid="ki-present-map"] svg').wait_for(timeout=60000)
    page.locator(".st-key-ki_key_next button").wait_for(state="attached", timeout=30000)
    wait_idle(page)


def _date(page) -> str:
    return page.locator(".ki-present-date").inner_text()


def _wait_date(page, text: str, timeout: float = 30000) -> None:
    page.wait_for_function("(t) => { const e = document.querySelector('.ki-present-date');"
                           " return e && e.innerText === t; }", arg=text, timeout=timeout)


@pytest.mark.parametrize("screen", [(1280, 720), (1920, 1080)], indirect=True, ids=["720p", "1080p"])
def test_everything_fits_the_projector_screen(screen):
    page = screen
    w, h = page.viewport_size["width"], page.viewport_size["height"]
    _open(page, f"?present=1&date={START.isoformat()}")
    assert _date(page) == format_day(START, "de")
    parts = {"map": '[data-testid="ki-present-map"] svg', "date": ".ki-present-date", "count": ".ki-present-count",
             "caption": '[data-testid="ki-present-milestone"]', "exit": ".st-key-btn_present_exit button",
             "credit": '[data-testid="ki-present-credit"]'}
    boxes = {k: page.locator(sel).bounding_box() for k, sel in parts.items()}
    rows = page.locator(".ki-present-side .ki-legend > div")
    assert rows.count() == 13  # title + 7 years + "year unknown" + 4 states
    boxes |= {f"legend {i}": rows.nth(i).bounding_box() for i in range(rows.count())}
    outside = {k: b for k, b in boxes.items()
               if not (b and b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= w + 0.5
                       and b["y"] + b["height"] <= h + 0.5)}
    assert not outside, outside
    # the map takes most of the screen's height; the date is one line; nothing scrolls
    assert boxes["map"]["height"] >= 0.85 * h
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.ki-present-date')).fontSize)")
    assert boxes["date"]["height"] < 1.6 * size
    assert page.evaluate("() => window.scrollY") == 0
    # district labels: every kreisfreie Stadt's code at least
    labels = page.eval_on_selector_all(".ki-map-labels text", "els => els.map(e => e.textContent)")
    assert {"K", "DU", "HAM", "AC", "MS", "BI"} <= set(labels) and "Kleve" in labels
    # the keys are listed at the start
    assert "Leertaste" in page.locator('[data-testid="ki-present-keys"]').inner_text()
    credit = page.locator('[data-testid="ki-present-credit"]').inner_text()
    assert credit.startswith("Datenstand: ") and "Geobasis NRW" in credit  # the Datenstand and the boundaries' credit
    cf.ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(cf.ARTIFACTS / f"present-{w}x{h}.png"))


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_keys_steer_the_presentation(screen, records):
    page = screen
    ops = openings(records)
    stops = timeline_dates(records, ops=ops)
    i = stops.index(START)
    _open(page, f"?present=1&date={START.isoformat()}")
    _wait_date(page, format_day(START, "de"))
    history = page.evaluate("() => history.length")
    page.keyboard.press("PageDown")   # a clicker's "next"
    _wait_date(page, format_day(stops[i + 1], "de"))
    page.keyboard.press("ArrowRight")
    _wait_date(page, format_day(stops[i + 2], "de"))
    page.keyboard.press("PageUp")     # a clicker's "back"
    _wait_date(page, format_day(stops[i + 1], "de"))
    page.wait_for_function("(d) => location.search.includes('date=' + d)", arg=stops[i + 1].isoformat(),
                           timeout=20000)
    # Space plays: the date moves on by itself; Space again pauses
    page.keyboard.press(" ")
    page.wait_for_function("(d) => { const e = document.querySelector('.ki-present-date');"
                           " return e && e.innerText !== d; }", arg=format_day(stops[i + 1], "de"),
                           timeout=30000)
    page.keyboard.press(" ")
    page.locator(".st-key-btn_present_toggle button", has_text="Weiter").wait_for(timeout=30000)
    wait_idle(page)
    held = _date(page)
    page.wait_for_timeout(2500)  # three ticks of the player: a paused show stays where it is
    assert _date(page) == held
    # End: the story's end; the address was replaced, never pushed, on the way
    page.keyboard.press("End")
    end = story_end(ops)
    _wait_date(page, format_day(end, "de"))
    assert page.evaluate("() => history.length") == history
    # a reload keeps the place
    page.wait_for_function("(d) => location.search.includes('date=' + d)", arg=end.isoformat(), timeout=20000)
    page.reload()
    _settle(page)
    _wait_date(page, format_day(end, "de"))
    # Home: the start; Esc leaves presentation mode at the date reached
    page.keyboard.press("Home")
    _wait_date(page, format_day(stops[0], "de"))
    page.keyboard.press("End")
    _wait_date(page, format_day(end, "de"))
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present')", timeout=20000)
    page.locator('[data-testid="stSlider"]').wait_for(timeout=30000)
    wait_idle(page)
    assert page.locator(".ki-date").inner_text() == format_day(end, "de")
    assert f"date={end.isoformat()}" in page.url
