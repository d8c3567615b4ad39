"""The trip pack as DOCX (issue 22): read back with python-docx — agenda, one section per stop,
the same figures as the PDF, styles an office can change."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from docx import Document
from pypdf import PdfReader

from kirollout.model import geodata
from kirollout.model.edition import edition_of
from kirollout.model.rollout import openings
from kirollout.render import trip, trip_docx
from kirollout.render.i18n import edition_line
from kirollout.render.trip_plan import Stop
from tests.conftest import ROOT

AGS = ["05358", "05370", "05366", "05314", "05382"]
DAY1, DAY2 = date.today() + timedelta(days=20), date.today() + timedelta(days=21)
DATES = [DAY1, DAY1, DAY1, DAY2, DAY2]


@pytest.fixture(scope="module")
def packs(records):
    ops = openings(records)
    stops = [Stop(a, d) for a, d in zip(AGS, DATES)]
    kw = dict(meta=geodata.load_meta(), population=geodata.load_population())
    return (trip_docx.trip_docx(records, ops, stops, **kw), trip.trip_pdf(records, ops, stops, **kw),
            trip.stop_facts(records, ops, stops))


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for tb in doc.tables:
        for row in tb.rows:
            parts += [c.text for c in row.cells]
    return re.sub(r"\s+", " ", " ".join(parts))


def test_docx_has_the_agenda_with_a_row_per_stop_and_the_km(packs, records):
    doc = Document(io.BytesIO(packs[0]))
    agenda = doc.tables[0]
    head = [c.text for c in agenda.rows[0].cells]
    assert head == ["Nr.", "Tag", "Uhrzeit", "Kreis / Stadt", "Ort", "Kontakt", "km Luftlinie"]
    rows = [[c.text for c in r.cells] for r in agenda.rows[1:]]
    names = dict(zip(records.centers["ags"], records.centers["kreis_name"]))
    assert [r[3] for r in rows] == [names[a] for a in AGS]
    assert [r[1] for r in rows] == [d.strftime("%d.%m.%Y") for d in DATES]
    assert rows[0][6] == "" and all(r[6].isdigit() for r in rows[1:])
    assert agenda.style.name == "Light Grid Accent 1"


def test_docx_has_one_section_per_stop_with_notes_box_and_the_pdfs_figures(packs, records):
    data, pdf, facts = packs
    doc = Document(io.BytesIO(data))
    assert len(doc.sections) == 1 + len(AGS)
    stops = [p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Station")]
    assert stops == [f"Station {i} von 5: {f.kreis}" for i, f in enumerate(facts, 1)]
    assert sum(p.text == "Notizen / Gesprächspunkte" for p in doc.paragraphs) == len(AGS)
    text = _all_text(doc)
    pdf_text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for f in facts:  # the same figures in both formats
        for value in (re.sub(r"\s+", " ", f.funding), f.opening):
            assert value in text
            assert value.split(" (")[0] in pdf_text
    edition = edition_of(records, geodata.load_meta())
    assert edition_line(edition) in doc.sections[0].footer.paragraphs[0].text


def test_make_briefing_picks_the_format_from_the_file_name(tmp_path):
    for name, magic in (("x.docx", b"PK"), ("x.pdf", b"%PDF")):
        out = tmp_path / name
        r = subprocess.run([sys.executable, "-m", "kirollout.render.besuchsmappe", "--ags", ",".join(AGS[:2]),
                            "--dates", f"{DAY1},{DAY1}", "--times", "09:30,13:00", "--out", str(out)],
                           cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert out.read_bytes()[:len(magic)] == magic
    out = tmp_path / "bad.docx"
    r = subprocess.run([sys.executable, "-m", "kirollout.render.besuchsmappe", "--ags", ",".join(AGS[:2]), "--dates",
                        f"{DAY2},{DAY1}", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "Station 2 (Heinsberg)" in r.stderr and not out.exists()
