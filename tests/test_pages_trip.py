"""AppTest: the Besuchsreise page from a share link, bad links, and the video panel on the map page."""
from __future__ import annotations

from tests.apptest_helpers import run_page


def _downloads(at):
    return [e for e in at.get("download_button")]


def test_trip_link_lists_the_stops_in_order_and_offers_the_pdf():
    at = run_page("pages/besuchsreise.py", {"ags": "05370,05358", "dates": "2025-03-11,"})
    assert at.multiselect[0].value == ["05370", "05358"]
    table = at.dataframe[0].value
    assert list(table["Kreis / Stadt"]) == ["Heinsberg", "Düren"]
    assert list(table["Datum"]) == ["11.03.2025", ""]
    assert len(_downloads(at)) == 1
    assert not at.warning


def test_bad_links_get_a_message_naming_the_value_and_no_file():
    for ags, named in [("05358,99999", "„99999“"), (",".join(["05358", "05370", "05366", "05334", "05334002",
                       "05354", "05362", "05382", "05374", "05378", "05966", "05970", "05974"]), "13 angegeben"),
                       ("", "Keine Station")]:
        at = run_page("pages/besuchsreise.py", {"ags": ags})
        assert any(named in w.value for w in at.warning), (ags, [w.value for w in at.warning])
        assert not _downloads(at), ags


def test_map_page_offers_the_video():
    at = run_page("pages/karte.py")
    assert any(e.label == "Rollout als Video" for e in at.expander)
    assert any(b.label == "Video erstellen" for b in at.button)
