"""End-to-end: the Besuchsreise page keeps the visit office's work (issue 22).

Everything happens in one browser session, as in the office: the trip is built from a link,
a stop is added from the map, the page is left and entered again through the sidebar.
"""
from __future__ import annotations

from datetime import date, timedelta

from .helpers import MAP_IFRAME, click_district, wait_idle

SOON = date.today() + timedelta(days=30)
SOON_ISO = SOON.isoformat()


def _open_trip(page, query: str) -> None:
    page.goto(page.base_url + "/besuchsreise?" + query)
    wait_idle(page)
    page.get_by_text("Stationen, Termine und Reihenfolge").or_(page.get_by_text("Keine Station")).first.wait_for(
        timeout=30000)
    wait_idle(page)


def _date_values(page, n: int) -> list[str]:
    """The stops' dates (ISO, as the date fields hold them), in trip order, once `n` fields are on screen."""
    page.wait_for_function("(n) => document.querySelectorAll('[data-testid=\"stDateInput\"]').length === n",
                           arg=n, timeout=30000)
    wait_idle(page)
    return page.locator('[data-testid="stDateInput"] input').evaluate_all("els => els.map(e => e.value)")


def _sidebar(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
    wait_idle(page)


def _wait_url(page, part: str) -> None:
    page.wait_for_function("(p) => decodeURIComponent(location.search).includes(p)", arg=part, timeout=30000)


def test_adding_a_stop_from_the_map_and_leaving_keep_the_dates(page):
    _open_trip(page, f"ags=05358,05370&dates={SOON.isoformat()},")
    assert _date_values(page, 2) == [SOON_ISO, ""]
    # to the map through the sidebar (same session), pick Euskirchen, add it to the trip
    _sidebar(page, "Karte")
    page.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive").nth(53).wait_for(timeout=30000)
    wait_idle(page)
    click_district(page, "05366")
    link = page.get_by_role("link", name="Zur Besuchsreise hinzufügen")
    link.wait_for(timeout=30000)
    link.click()
    wait_idle(page)
    _wait_url(page, "ags=05358,05370,05366")
    page.get_by_text("Stationen, Termine und Reihenfolge").wait_for(timeout=30000)
    _wait_url(page, f"dates={SOON.isoformat()},,")
    assert _date_values(page, 3) == [SOON_ISO, "", ""]
    # leave through the sidebar and come back: the trip is still there
    _sidebar(page, "Besuchshistorie")
    page.get_by_text("Besuchshistorie").first.wait_for(timeout=30000)
    _sidebar(page, "Besuchsreise")
    page.get_by_text("Stationen, Termine und Reihenfolge").wait_for(timeout=30000)
    _wait_url(page, "ags=05358,05370,05366")
    assert _date_values(page, 3) == [SOON_ISO, "", ""]


def test_reorder_two_stops_moves_their_dates_along(page):
    _open_trip(page, f"ags=05358,05370&dates={SOON.isoformat()},")
    page.locator(".st-key-trip_down_0 button").first.click()
    wait_idle(page)
    _wait_url(page, "ags=05370,05358")
    _wait_url(page, f"dates=,{SOON.isoformat()}")
    assert _date_values(page, 2) == ["", SOON_ISO]


def test_a_link_with_one_unknown_ags_keeps_the_others_and_names_it(page):
    _open_trip(page, "ags=05358,99999,05370")
    page.get_by_text("Unbekannter AGS „99999“").wait_for(timeout=30000)
    assert "(ags)" in page.locator('[data-testid="stAlert"]').first.inner_text()
    assert _date_values(page, 2) == ["", ""]
    _wait_url(page, "ags=05358,05370")
    assert page.get_by_role("button", name="Reise-Briefing als PDF").count() == 1


def test_dates_out_of_order_give_a_message_and_no_file(page):
    later = SOON + timedelta(days=1)
    _open_trip(page, f"ags=05358,05370&dates={later.isoformat()},{SOON.isoformat()}")
    page.get_by_text("Station 2 (Heinsberg) liegt zeitlich vor Station 1 (Düren)").wait_for(timeout=30000)
    page.get_by_text("Kein Briefing, solange die Termine nicht stimmen.").wait_for(timeout=30000)
    assert page.get_by_role("button", name="Reise-Briefing als PDF").count() == 0
    assert page.get_by_role("button", name="Reise-Briefing als Word (DOCX)").count() == 0
