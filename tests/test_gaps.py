# ruff: noqa: F811 — the fixture `ki` comes from tests/test_store.py
"""The gap list and the rows a gap form adds (kirollout/model/gaps.py), and the internal source's mark."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kirollout.model import gaps, geodata, rollout, store
from kirollout.model.facts import facts_for
from kirollout.model.paths import ki_data_dir as ki_data_dir
from kirollout.model.records import TABLES, load_records, read_texts, validate_texts
from kirollout.render import briefing, gap_text, site
from kirollout.render.details import center_detail, source_line
from kirollout.render.markup import source_link_html
from tests.test_store import ki  # noqa: F401 — the fixture: a private copy of the tables

# the ids the next saved fact gets: one above the highest in the records (they grow with research)
_NEXT_TEXTS = read_texts(ki_data_dir())
NEXT_SRC = gaps.next_id(_NEXT_TEXTS["sources"], "sources")
NEXT_EV = gaps.next_id(_NEXT_TEXTS["events"], "events")
NEXT_CT = gaps.next_id(_NEXT_TEXTS["contacts"], "contacts")

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 4)


def _facts(directory: Path | None = None):
    rec = load_records(directory)
    return rec, facts_for(rec, rollout.openings(rec))


def _gap(directory: Path, kind: str, center_id: str | None = None, since: date = gaps.DEFAULT_SINCE) -> gaps.Gap:
    _, facts = _facts(directory)
    return next(g for g in gaps.gap_list(facts, since) if g.kind == kind and center_id in (None, g.center_id))


SOURCE = {"source_title": "Vermerk zur Arbeitsaufnahme", "source_publisher": "Stadt Bochum",
          "source_published": "2013-09", "source_url": "https://www.bochum.de/ki-start", "source_internal": False,
          "source_file_ref": ""}
OPENING = {"date": "2013-09-01", "label_de": "KI Bochum nimmt die Arbeit auf",
           "label_en": "KI Bochum starts work", **SOURCE}


# ---------------------------------------------------------------- the gap list

def test_gap_list_names_every_kind_from_the_records(records):
    facts = facts_for(records, rollout.openings(records))
    found = gaps.gap_list(facts)
    by_kind = {k: [g for g in found if g.kind == k] for k in gaps.GAP_KINDS}
    no_opening = {c for c, f in facts.items() if f.opening_fact is None}
    assert {g.center_id for g in by_kind["opening"]} == no_opening and no_opening
    assert {g.center_id for g in by_kind["opening_year"]} == {
        c for c, f in facts.items() if f.opening_fact is not None and f.opening_fact.precision == "year"}
    assert [g.kind for g in found] == sorted((g.kind for g in found), key=gaps.GAP_KINDS.index)
    bochum = next(g for g in by_kind["opening"] if g.kreis_name == "Bochum")
    assert bochum.bounds == facts["ki-05911"].bounds and bochum.bounds  # what is known around the gap
    # a visit gap: no dated visit reaching the day; moving the day back closes some
    assert all(not facts[g.center_id].visited_since(gaps.DEFAULT_SINCE) for g in by_kind["visit"])
    assert len([g for g in gaps.gap_list(facts, date(2013, 1, 1)) if g.kind == "visit"]) < len(by_kind["visit"])
    for g in by_kind["contact"]:
        f = facts[g.center_id]
        assert g.missing_roles and ("address" in g.missing_roles) == (f.venue is None)
        assert g.researched == f.researched_until("contacts")


def test_known_lines_say_bounds_visit_and_research(records):
    facts = facts_for(records, rollout.openings(records))
    found = gaps.gap_list(facts)
    bochum = next(g for g in found if g.kind == "opening" and g.kreis_name == "Bochum")
    lines = gap_text.known_lines(bochum, records)
    assert lines[0].startswith("Erschlossen: arbeitet spätestens seit 28. November 2013") and "[src-167]" in lines[0]
    assert lines[-1] == "Im Recherchelog kein Eintrag zu diesem Thema."
    essen = next(g for g in found if g.kind == "visit" and g.kreis_name == "Essen")
    lines = gap_text.known_lines(essen, records, "en")
    assert lines[0].startswith("Last dated visit: 28 Aug 2019") and lines[-1].startswith("Last researched up to")


# ---------------------------------------------------------------- building and saving one gap's rows

def test_opening_form_builds_source_event_and_pointer(ki):
    g = _gap(ki, "opening", "ki-05911")
    e = gaps.build_entry(g, OPENING, directory=ki, today=TODAY)
    assert e.ok, e.problems
    [src] = e.rows["sources"]
    [ev] = e.rows["events"]
    assert src["source_id"] == NEXT_SRC and src["accessed"] == "2026-12-04" and src["published_precision"] == "month"
    assert ev["event_id"] == NEXT_EV and ev["type"] == "opening" and ev["precision"] == "day"
    assert ev["source_id"] == NEXT_SRC and ev["center_id"] == "ki-05911"
    assert e.changed == {"opening_event_id": ("", NEXT_EV)}
    assert set(e.texts) == {"sources", "events", "centers"}
    assert (ki / "events.csv").read_text(encoding="utf-8").count(NEXT_EV) == 0  # nothing on disk yet

    saved = gaps.save_entry(e, editor="Test Redaktion", directory=ki)
    header = (ki / "sources.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "internal" not in header  # a public source leaves the older file's columns as they were
    assert [s.table for s in saved] == ["sources", "events", "centers"]
    rec, facts = _facts(ki)
    f = facts["ki-05911"]
    assert f.opening_fact.event_id == NEXT_EV and f.opening.period.text == "2013-09-01"
    assert NEXT_SRC in f.source_ids
    assert not [x for x in gaps.gap_list(facts) if x.key == g.key]  # the gap is closed
    assert [x["table"] for x in store.read_log(ki)] == ["sources", "events", "centers"]


def test_year_gap_narrows_the_opening_and_rejects_another_year(ki):
    g = _gap(ki, "opening_year")
    year = g.opening.date
    e = gaps.build_entry(g, {**OPENING, "date": f"{year}-05"}, directory=ki, today=TODAY)
    assert e.ok and e.changed["opening_event_id"][0] == g.opening.event_id
    e = gaps.build_entry(g, {**OPENING, "date": year}, directory=ki, today=TODAY)
    assert [(p.field, p.key) for p in e.problems] == [("date", "gap_err_not_finer")]
    other = str(int(year) + 1)
    e = gaps.build_entry(g, {**OPENING, "date": f"{other}-05"}, directory=ki, today=TODAY)
    assert gap_text.problem_text(e.problems[0]).startswith(f"Datum: {other}-05 liegt nicht im belegten Jahr {year}")


def test_visit_and_contact_forms(ki):
    g = _gap(ki, "visit")
    e = gaps.build_entry(g, {**SOURCE, "date": "2024-05", "person": "Josefine Paul, Ministerin",
                             "label_de": "Besuch", "label_en": "Visit"}, directory=ki, today=TODAY)
    assert e.ok and e.rows["events"][0]["type"] == "visit" and not e.changed and "centers" not in e.texts
    e = gaps.build_entry(g, {**SOURCE, "date": "2024-05", "person": "", "label_de": "Besuch", "label_en": "Visit"},
                         directory=ki, today=TODAY)
    assert [p.field for p in e.problems] == ["person"]
    c = _gap(ki, "contact")
    e = gaps.build_entry(c, {**SOURCE, "role": c.missing_roles[0], "value": "Musterstraße 1, 40210 Düsseldorf",
                             "stand": "2026-11"}, directory=ki, today=TODAY)
    assert e.ok and e.rows["contacts"][0]["contact_id"] == NEXT_CT
    gaps.save_entry(e, editor="T", directory=ki)
    _, facts = _facts(ki)
    assert facts[c.center_id].contact(c.missing_roles[0]).value == "Musterstraße 1, 40210 Düsseldorf"


@pytest.mark.parametrize("change, field, words", [
    ({"source_title": "  "}, "source_title", "Quelle – Titel: darf nicht leer sein"),
    ({"date": "2011-06"}, "date", "Datum: 2011-06 liegt vor 2012"),
    ({"date": "2027-01-05"}, "date", "Datum: 2027-01-05 liegt in der Zukunft"),
    ({"date": "1.9.2013"}, "date", "Datum: „1.9.2013“ ist kein Datum der Form JJJJ, JJJJ-MM oder JJJJ-MM-TT"),
    ({"date": "2013-02-30"}, "date", "Datum: „2013-02-30“ ist kein Datum"),
    ({"source_url": "www.bochum.de"}, "source_url", "Quelle – Internetadresse: „www.bochum.de“ ist keine http"),
    ({"source_url": ""}, "source_url", "Quelle – Internetadresse: bitte eine Internetadresse angeben"),
    ({"source_internal": True}, "source_url", "Quelle – Internetadresse: eine interne Quelle hat keine"),
    ({"source_internal": True, "source_url": ""}, "source_file_ref", "Quelle – Aktenzeichen: darf nicht leer sein"),
    ({"label_en": ""}, "label_en", "Beschreibung (englisch): darf nicht leer sein"),
    ({"source_published": "2030"}, "source_published", "Quelle – Datum: 2030 liegt in der Zukunft"),
])
def test_bad_entry_names_the_field_and_builds_nothing(ki, change, field, words):
    g = _gap(ki, "opening", "ki-05911")
    e = gaps.build_entry(g, {**OPENING, **change}, directory=ki, today=TODAY)
    assert not e.ok and not e.texts and not e.rows
    assert field in [p.field for p in e.problems]
    assert any(gap_text.problem_text(p).startswith(words) for p in e.problems), [
        gap_text.problem_text(p) for p in e.problems]
    with pytest.raises(ValueError):
        gaps.save_entry(e, editor="T", directory=ki)


def test_english_problem_text(ki):
    g = _gap(ki, "opening", "ki-05911")
    e = gaps.build_entry(g, {**OPENING, "source_title": ""}, directory=ki, today=TODAY)
    assert gap_text.problem_text(e.problems[0], "en") == "Source – title: must not be empty"


def test_stale_base_saves_nothing(ki):
    g = _gap(ki, "opening", "ki-05911")
    e = gaps.build_entry(g, OPENING, directory=ki, today=TODAY)
    before = {n: (ki / f"{n}.csv").read_bytes() for n in TABLES}
    (ki / "sources.csv").write_bytes(before["sources"] + b"")  # same bytes: still fine
    other = before["sources"].decode().replace("(Listenseite)", "(Liste)", 1)
    store.save_table("sources", other, base_hash=store.version_hash("sources", ki), editor="Anna", directory=ki)
    with pytest.raises(store.StaleVersionError):
        gaps.save_entry(e, editor="Ben", directory=ki)
    assert (ki / "events.csv").read_bytes() == before["events"]
    assert (ki / "centers.csv").read_bytes() == before["centers"]


def test_next_id_is_one_above_the_highest():
    texts = read_texts(ROOT / "ki_data")
    highest = max(int(s[4:]) for s in load_records(ROOT / "ki_data").sources["source_id"] if s[4:].isdigit())
    assert gaps.next_id(texts["sources"], "sources") == f"src-{highest + 1:04d}"
    assert gaps.next_id("contact_id,center_id,role,value,stand,stand_precision,source_id,research_note\n",
                        "contacts") == "ct-0001"


# ---------------------------------------------------------------- an internal source in the outputs

def test_internal_source_is_validated_and_shown_as_such(ki):
    g = _gap(ki, "opening", "ki-05911")
    values = {**OPENING, "source_url": "", "source_internal": True, "source_file_ref": "AZ 32-14/2013"}
    e = gaps.build_entry(g, values, directory=ki, today=TODAY)
    assert e.ok, e.problems
    src = e.rows["sources"][0]
    assert (src["url"], src["note"], src["internal"]) == ("", "intern: AZ 32-14/2013", "true")
    gaps.save_entry(e, editor="T", directory=ki)
    assert (ki / "sources.csv").read_text(encoding="utf-8").splitlines()[0].endswith(",note,internal")
    rec, facts = _facts(ki)
    line = source_line(rec, NEXT_SRC)
    assert line.internal == "AZ 32-14/2013"
    assert source_link_html(line.title, line.url, "de", line.internal) == (
        "Vermerk zur Arbeitsaufnahme (interne Quelle: AZ 32-14/2013)")
    ops = rollout.openings(rec)
    d = center_detail(rec, ops, "ki-05911", "en")
    assert any(s.internal == "AZ 32-14/2013" for s in d.sources)
    # the public edition's source list and the briefing PDF say so too, with no link
    html_list = site.sources_html(d.sources, "en", {})
    assert "Vermerk zur Arbeitsaufnahme (internal source: AZ 32-14/2013)" in html_list
    pdf = briefing.briefing_pdf(rec, ops, "ki-05911", meta=geodata.load_meta(), population=None, today=TODAY)
    text = re.sub(r"\s+", " ", " ".join(pg.extract_text() for pg in PdfReader(io.BytesIO(pdf)).pages))
    assert f"[{NEXT_SRC}] Vermerk zur Arbeitsaufnahme" in text and "interne Quelle: AZ 32-14/2013" in text
    # the validator: internal=true needs the file reference and no URL
    texts = read_texts(ki)
    bad = texts["sources"].replace(",intern: AZ 32-14/2013,true", ",,true")
    _, problems = validate_texts({**texts, "sources": bad})
    assert (problems[0].file, problems[0].column) == ("sources.csv", "note")
    assert problems[0].message.startswith("eine interne Quelle braucht das Aktenzeichen")
    with_url = texts["sources"].replace(",,2026-12-04,intern: AZ", ",https://x.de/a,2026-12-04,intern: AZ")
    _, problems = validate_texts({**texts, "sources": with_url})
    assert (problems[0].column, problems[0].message) == ("url", "eine interne Quelle (internal=true) hat keine "
                                                                "Internetadresse")


def test_sources_without_internal_column_still_load():
    header = (ROOT / "ki_data" / "sources.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "internal" not in header  # older files: the column is optional
    assert not load_records().sources["internal"].any()
