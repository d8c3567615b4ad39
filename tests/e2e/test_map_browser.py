"""End-to-end in Debian's headless Chromium: the map as a visitor sees it."""
from __future__ import annotations

from datetime import date

import tests.conftest as cf
from kirollout.model.rollout import counts_at, openings, state_at, story_end
from kirollout.render import palette
from kirollout.render.i18n import format_partial_date
from kirollout.render.wording import headline_text

from .helpers import count_text, open_map, path_fills, wait_idle


def test_map_shows_54_shapes_with_expected_fills(page, records):
    frame = open_map(page)
    assert frame.locator("path.leaflet-interactive").count() == 54
    fills = path_fills(page)
    assert len(fills) == 54
    # spot checks against the records: Kleve opened 2018, Coesfeld by its work start, and every
    # center without a documented opening shows the state its evidence gives at the end of the
    # story, where the page opens (working by a documented day, or existing by the state's count): none "nicht belegt"
    assert fills["05154"] == palette.year_color(2018)
    ops = openings(records)
    assert fills["05558"] == palette.year_color(ops["ki-05558"].period.start.year)
    end = story_end(ops)  # the page opens at the story's end
    no_opening = [c for c in records.centers.itertuples() if ops[c.center_id].period is None]
    assert no_opening, "expected centers without a documented opening"
    for c in no_opening:
        state = state_at(ops[c.center_id], end)
        assert state in ("open", "counted")
        assert fills[c.ags] == palette.style_for(state, None)["fillColor"]
    # attribution of the boundary licence is on the map
    assert "Geobasis NRW" in frame.locator(".leaflet-control-attribution").inner_text()
    cf.ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(cf.ARTIFACTS / "map.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
    assert not [e for e in page.console_errors if "Unrecognized feature" not in e], page.console_errors


def test_hover_shows_tooltip(page, records):
    frame = open_map(page)
    # Stadt Aachen is drawn last (on top of the StädteRegion)
    paths = frame.locator("path.leaflet-interactive")
    paths.nth(53).hover()
    tip = frame.locator(".leaflet-tooltip")
    tip.wait_for(timeout=10000)
    text = tip.inner_text()
    ev = records.events.set_index("event_id").loc[records.center("ki-05334002")["opening_event_id"]]
    assert "Stadt Aachen" in text and format_partial_date(ev["date"], ev["precision"]) in text


def test_date_from_url_sets_count_and_fills(page, records):
    open_map(page, "?date=2013-08-01")
    assert "1. August 2013" in page.locator(".ki-date").inner_text()
    ops = openings(records)
    assert count_text(page).startswith(headline_text(counts_at(ops, date(2013, 8, 1))))
    fills = path_fills(page)
    assert fills["05112"] == palette.year_color(2013)   # Duisburg opened 2013-08-01
    assert fills["05154"] == palette.NOT_YET            # Kleve not yet


def test_no_external_requests_in_default_setup(page):
    open_map(page)
    wait_idle(page)
    assert page.external_requests == []
