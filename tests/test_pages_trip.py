"""AppTest: the Besuchsreise page from a share link, bad links, and the video panel on the map page."""
from __future__ import annotations

from datetime import date, timedelta

from kirollout.model.records import load_records
from tests.apptest_helpers import run_page

SOON = date.today() + timedelta(days=30)


def _downloads(at):
    return [e for e in at.get("download_button")]


def test_trip_link_lists_the_stops_in_order_and_offers_the_pdf():
    at = run_page("pages/besuchsreise.py", {"ags": "05370,05358", "dates": f"{SOON.isoformat()},",
                                            "times": "09:30,"})
    assert at.multiselect[0].value == ["05370", "05358"]
    table = at.dataframe[0].value
    assert list(table["Kreis / Stadt"]) == ["Heinsberg", "Düren"]
    assert list(table["Datum"]) == [SOON.strftime("%d.%m.%Y"), ""]
    assert list(table["Uhrzeit"]) == ["09:30", ""]
    assert len(_downloads(at)) == 2  # PDF and DOCX
    assert not at.warning and not at.error


def test_a_link_with_one_unknown_ags_keeps_the_other_stops_and_names_it():
    at = run_page("pages/besuchsreise.py", {"ags": "05370,99999,05358"})
    assert at.multiselect[0].value == ["05370", "05358"]
    assert [w.value for w in at.warning if "99999" in w.value] and "(ags)" in at.warning[0].value
    assert len(_downloads(at)) == 2


def test_a_bad_date_is_named_under_dates_and_the_stop_stays():
    at = run_page("pages/besuchsreise.py", {"ags": "05370,05358", "dates": "9999-01-01,"})
    assert at.multiselect[0].value == ["05370", "05358"]
    assert any("(dates)" in w.value and "9999-01-01" in w.value for w in at.warning)


def test_dates_out_of_order_give_a_message_naming_the_stops_and_no_file():
    later = SOON + timedelta(days=1)
    at = run_page("pages/besuchsreise.py", {"ags": "05370,05358", "dates": f"{later},{SOON}"})
    assert any("Station 2 (Düren)" in e.value and "Station 1 (Heinsberg)" in e.value for e in at.error)
    assert not _downloads(at)


def test_reorder_and_remove_keep_the_dates():
    at = run_page("pages/besuchsreise.py", {"ags": "05370,05358,05366", "dates": f"{SOON},,"})
    at.button(key="trip_down_0").click().run()
    assert at.multiselect[0].value == ["05358", "05370", "05366"]
    assert list(at.dataframe[0].value["Datum"]) == ["", SOON.strftime("%d.%m.%Y"), ""]
    assert at.query_params["ags"] == "05358,05370,05366"
    at.button(key="trip_remove_2").click().run()
    assert at.multiselect[0].value == ["05358", "05370"]


def test_bad_links_get_a_message_naming_the_value():
    thirteen = sorted(load_records().centers["ags"])[:13]
    at = run_page("pages/besuchsreise.py", {"ags": ",".join(thirteen)})
    assert any("13 angegeben" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.multiselect[0].value == thirteen[:12]  # the first twelve stay
    at = run_page("pages/besuchsreise.py", {"ags": ""})
    assert any("Keine Station" in w.value for w in at.warning)
    assert not _downloads(at)


def test_map_page_offers_the_video():
    at = run_page("pages/karte.py")
    assert any(e.label == "Rollout als Video" for e in at.expander)
    assert any(b.label == "Video erstellen" for b in at.button)
