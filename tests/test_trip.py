"""The trip briefing pack: checking the request, the facts per stop, the PDF (1 + n pages)."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date

import pytest
from pypdf import PdfReader

from kirollout.model import geodata
from kirollout.model.dates import parse_period
from kirollout.model.rollout import openings
from kirollout.render import trip
from kirollout.render.details import center_detail
from kirollout.render.visits import visit_summaries
from tests.conftest import ROOT

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def known(records):
    return set(records.centers["ags"])


def _text(page) -> str:
    return re.sub(r"\s+", " ", page.extract_text())


def test_stops_in_trip_order_with_optional_dates(known):
    stops = trip.parse_trip("05370, 05358;05366", known, "2025-03-11,,12.03.2025")
    assert stops == [trip.Stop("05370", date(2025, 3, 11)), trip.Stop("05358", None),
                     trip.Stop("05366", date(2025, 3, 12))]


@pytest.mark.parametrize("ags,dates,named", [
    ("05358,99999", None, "„99999“"),
    ("", None, "Keine Station"),
    (" , ", None, "Keine Station"),
    (",".join(["05358"] * 13), None, "13 angegeben, höchstens 12"),
    ("05358,05370,05358", None, "„05358“"),
    ("05358", "2025-02-30", "„2025-02-30“"),
    ("05358", "2025-03-01,2025-03-02", "2 Daten für 1 Station angegeben"),
    ("05358", "0001-03-01", "außerhalb des möglichen Zeitraums"),
    ("05358", "9999-03-01", "außerhalb des möglichen Zeitraums"),
])
def test_bad_requests_get_a_german_message_naming_the_value(known, ags, dates, named):
    with pytest.raises(trip.TripError) as exc:
        trip.parse_trip(ags, known, dates)
    assert named in str(exc.value)


def test_since_last_visit_lists_only_what_surely_came_later(records):
    ops = openings(records)
    visits = {v.ags: v for v in visit_summaries(records)}
    never = next(a for a, v in visits.items() if v.last_period is None)
    assert trip.stop_facts(records, ops, [trip.Stop(never)])[0].since_visit == "kein Besuch belegt"
    ev = records.events
    found = 0
    for a, v in visits.items():
        if v.last_period is None:
            continue
        cid = records.centers.set_index("ags").loc[a, "center_id"]
        line = trip.stop_facts(records, ops, [trip.Stop(a)], "de", TODAY)[0].since_visit
        mine = ev[(ev["center_id"] == cid) & (ev["date"] != "")]
        for _, r in mine.iterrows():
            p = parse_period(r["date"], r["precision"])
            entry = f"{r['label_de']} [{r['source_id']}]"
            if p.start > v.last_period.end:
                assert entry in line, (a, line)
                found += 1
            elif p.end < v.last_period.start:
                assert entry not in line, (a, line)
    assert found >= 1, "the records hold no event after a visit: the check above never ran"


def test_trip_pdf_has_a_cover_then_the_page_of_each_district(records):
    ops = openings(records)
    stops = [trip.Stop("05370", date(2025, 3, 11)), trip.Stop("05358"), trip.Stop("05334002")]
    data = trip.trip_pdf(records, ops, stops, meta=geodata.load_meta(), population=geodata.load_population(),
                         today=TODAY)
    reader = PdfReader(io.BytesIO(data))
    assert [o.title for o in reader.outline][1:] == ["Heinsberg", "Düren", "Aachen"]
    # the outline marks where the cover and each stop start; a long agenda moves onto a second cover
    # page and a long district page onto a second page instead of shrinking
    starts = [reader.get_destination_page_number(o) for o in reader.outline] + [len(reader.pages)]
    parts = [" ".join(_text(p) for p in reader.pages[a:b]) for a, b in zip(starts, starts[1:])]
    assert all(1 <= b - a <= 2 for a, b in zip(starts, starts[1:]))
    cover = parts[0]
    assert "Besuchsreise: 3 Stationen" in cover and "Ablauf" in cover and "Luftlinie vom vorigen Halt" in cover
    names = [records.centers.set_index("ags").loc[s.ags, "kreis_name"] for s in stops]
    # the table lists the districts in trip order
    assert [cover.index(n) for n in names] == sorted(cover.index(n) for n in names)
    assert "Letzter belegter Besuch" in cover and "modelliert" in cover
    assert "Rückblick" in cover  # 11.03.2025 lies before TODAY
    for i, s in enumerate(stops, 1):
        page = parts[i]
        d = center_detail(records, ops, records.centers.set_index("ags").loc[s.ags, "center_id"])
        assert d.name in page and f"AGS {s.ags}" in page
        assert f"Station {i} von 3" in page and "Seit dem letzten Besuch" in page
        assert "Quellen" in page and "Luftlinie" in page and "Leitung des Zentrums" in page
        for src in d.sources:
            assert f"[{src.source_id}]" in page
    assert "11. März 2025" in parts[1]


def test_trip_pdf_refuses_an_empty_or_long_trip(records):
    ops = openings(records)
    with pytest.raises(trip.TripError, match="Keine Station"):
        trip.trip_pdf(records, ops, [], meta=geodata.load_meta(), population=None)
    with pytest.raises(trip.TripError, match="13 angegeben"):
        trip.trip_pdf(records, ops, [trip.Stop("05358")] * 13, meta=geodata.load_meta(), population=None)


def test_cli_names_the_bad_value_and_writes_no_file(tmp_path):
    out = tmp_path / "trip.pdf"
    r = subprocess.run([sys.executable, "-m", "kirollout.render.besuchsmappe", "--ags", "05358,12345",
                        "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "„12345“" in r.stderr and not out.exists()
    r = subprocess.run([sys.executable, "-m", "kirollout.render.besuchsmappe", "--ags", "", "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "Keine Station" in r.stderr and not out.exists()
