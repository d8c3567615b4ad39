"""Data maintenance: malformed uploads are rejected with row and column, nothing on disk changes;
round trip, history, concurrency and the last-good fallback. Always on a temporary copy of ki_data."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kirollout.model import rollout, store
from kirollout.model.records import TABLES, RecordsError, load_records
from kirollout.render import exports, maps, quality
from tests.corpus.make_uploads import valid_files

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "uploads"
MANIFEST = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture
def ki(tmp_path) -> Path:
    """A private copy of the tables (no history, no last-good copy)."""
    d = tmp_path / "ki_data"
    d.mkdir()
    for name in TABLES:
        shutil.copy2(ROOT / "ki_data" / f"{name}.csv", d / f"{name}.csv")
    return d


@pytest.fixture(scope="session")
def known(districts) -> set[str]:
    return set(districts["ags"])


def snapshot(d: Path) -> dict[str, bytes]:
    """Every file under `d` (the writer's lock file aside) with its bytes."""
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def test_corpus_is_big_enough():
    assert len(MANIFEST) >= 30
    assert all((CORPUS / name).exists() for name in MANIFEST)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_malformed_upload_is_rejected_and_named(name, ki, known):
    case = MANIFEST[name]
    table = case["table"]
    before = snapshot(ki)
    data = (CORPUS / name).read_bytes()
    check = store.check_upload(table, name, data, directory=ki, known_ags=known)
    assert not check.ok
    assert check.problems
    texts = [str(p) for p in check.problems]
    for row, column, text in case["expect"]:
        hits = [p for p in check.problems if p.row == row and p.column == column and text in p.message]
        assert hits, f"expected row={row} column={column} {text!r} in:\n" + "\n".join(texts)
        where = str(hits[0])
        if row is not None:
            assert f"Zeile {row}" in where
        if column:
            assert f"Spalte {column}" in where
        # the file is named: the upload itself, or the other table the cross-check points at
        assert where.startswith((name, *[f"{t}.csv" for t in TABLES])), where
    # a direct save of the same content is refused as well
    if check.text is not None:
        with pytest.raises(RecordsError):
            store.save_table(table, check.text, base_hash=store.version_hash(table, ki), editor="Test",
                             directory=ki, known_ags=known)
    assert snapshot(ki) == before


def test_problems_are_german_and_all_listed(ki, known):
    c = store.check_upload("centers", "centers_unknown_ags.csv", (CORPUS / "centers_unknown_ags.csv").read_bytes(),
                           directory=ki, known_ags=known)
    msg = str(c.problems[0])
    assert msg.startswith("centers_unknown_ags.csv, Zeile ") and "Spalte ags: 05999 ist kein Kreis in NRW" in msg
    # several mistakes in one file: every one is reported
    lines = (ki / "funding.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",120000,", ",-1,", 1)
    lines[2] = lines[2].replace(",src-", ",nosuch-", 1)
    lines[3] = lines[3].replace(",src-", ",nosuch-", 1)
    c = store.check_text("funding", "\n".join(lines) + "\n", directory=ki, known_ags=known)
    cols = sorted({(p.row, p.column) for p in c.problems})
    assert cols == [(2, "amount_eur"), (3, "source_id"), (4, "source_id")], cols


def test_oversize_file_rejected(ki, known):
    before = snapshot(ki)
    data = (ki / "events.csv").read_bytes()
    big = data + b"\n" * (store.MAX_BYTES + 1 - len(data))
    c = store.check_upload("events", "events.csv", big, directory=ki, known_ags=known)
    assert not c.ok and "höchstens 5 MB" in str(c.problems[0]) and str(c.problems[0]).startswith("events.csv")
    assert snapshot(ki) == before


@pytest.mark.parametrize("name", ["centers_with_bom.csv", "centers_crlf.csv", "centers_formula_with_value.xlsx",
                                  "centers_ags_as_numbers.xlsx"])
def test_accepted_variants_change_nothing(name, ki, known):
    data = valid_files(ROOT / "ki_data")[name]
    c = store.check_upload("centers", name, data, directory=ki, known_ags=known)
    assert c.ok, [str(p) for p in c.problems]
    assert c.diff.empty
    assert c.text == (ki / "centers.csv").read_text(encoding="utf-8")


def test_html_in_a_name_is_stored_as_text_and_escaped(ki, known, districts):
    data = valid_files(ROOT / "ki_data")["centers_html_in_name.csv"]
    c = store.check_upload("centers", "centers.csv", data, directory=ki, known_ags=known)
    assert c.ok, c.problems
    assert [ch.columns for ch in c.diff.changed][0]["name"][1].startswith("<script>")
    store.save_table("centers", c.text, base_hash=c.base_hash, editor="Test", directory=ki, known_ags=known)
    rec = load_records(ki)
    raw = rec.centers.iloc[0]["name"]
    assert raw.startswith('<script>alert("x")</script>')
    feats = maps.district_features(districts, rec, rollout.openings(rec), "de")
    tip = feats.loc[feats["ags"] == rec.centers.iloc[0]["ags"], "tt_center"].iloc[0]
    assert "<script>" not in tip and "&lt;script&gt;" in tip
    gj = json.loads(exports.districts_geojson_bytes(districts, rec, rollout.openings(rec)))
    assert any(f["properties"]["center_name"] == raw for f in gj["features"])  # data stays data


@pytest.mark.parametrize("table", list(TABLES))
def test_round_trip_csv_and_excel_change_nothing(table, ki, known):
    before = snapshot(ki)
    csv_bytes = exports.table_csv_bytes(table, ki)
    book = exports.workbook_xlsx_bytes(ki)
    for fname, data in ((f"{table}.csv", csv_bytes), ("alle.xlsx", book)):
        c = store.check_upload(table, fname, data, directory=ki, known_ags=known)
        assert c.ok, [str(p) for p in c.problems]
        assert c.diff.empty
        res = store.save_table(table, c.text, base_hash=c.base_hash, editor="Test", directory=ki, known_ags=known)
        assert not res.changed
    assert snapshot(ki) == before


def _relabel(ki: Path, old: str, new: str) -> str:
    text = (ki / "events.csv").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_save_save_restore_first(ki, known):
    original = (ki / "events.csv").read_bytes()
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    first = _relabel(ki, "Land hat bisher 16 Zentren bewilligt", "Land hat bisher 16 Zentren bewilligt (geprüft)")
    r1 = store.save_table("events", first, base_hash=store.version_hash("events", ki), editor="Anna Ä.",
                          directory=ki, known_ags=known, now=t0)
    assert r1.changed and r1.previous_file.read_bytes() == original
    first_bytes = (ki / "events.csv").read_bytes()
    second = _relabel(ki, "(geprüft)", "(zweimal geprüft)")
    store.save_table("events", second, base_hash=r1.new_hash, editor="Ben", directory=ki, known_ags=known,
                     now=t0 + timedelta(minutes=1))
    assert (ki / "events.csv").read_bytes() != first_bytes
    hist = store.list_history("events", ki)
    assert [h.editor for h in hist] == ["Ben", "Anna Ä."]  # newest first; names as typed
    store.restore_version("events", hist[0], base_hash=store.version_hash("events", ki), editor="Anna Ä.",
                          directory=ki, known_ags=known, now=t0 + timedelta(minutes=2))
    assert (ki / "events.csv").read_bytes() == first_bytes
    hist = store.list_history("events", ki)
    assert len(hist) == 3 and hist[0].action == "restore"  # the replaced version is kept too
    store.restore_version("events", hist[-1], base_hash=store.version_hash("events", ki), editor="Anna",
                          directory=ki, known_ags=known)
    assert (ki / "events.csv").read_bytes() == original
    log = store.read_log(ki)
    assert [e["action"] for e in log] == ["save", "save", "restore", "restore"]
    assert all(e["table"] == "events" and len(e["new_hash"]) == 64 for e in log)
    assert log[1]["base_hash"] == log[0]["new_hash"]
    assert not list(ki.glob(".*.tmp"))


def test_second_save_from_same_base_is_refused(ki, known):
    base = store.version_hash("events", ki)
    a = _relabel(ki, "Land hat bisher 16 Zentren bewilligt", "Fassung A")
    b = _relabel(ki, "Land hat bisher 16 Zentren bewilligt", "Fassung B")
    store.save_table("events", a, base_hash=base, editor="Anna", directory=ki, known_ags=known)
    after_a = snapshot(ki)
    with pytest.raises(store.StaleVersionError) as exc:
        store.save_table("events", b, base_hash=base, editor="Ben", directory=ki, known_ags=known)
    assert "inzwischen von Anna" in str(exc.value) and "nicht gespeichert" in str(exc.value)
    assert snapshot(ki) == after_a
    assert "Fassung A" in (ki / "events.csv").read_text(encoding="utf-8")


def test_save_needs_a_name(ki, known):
    with pytest.raises(ValueError, match="Namen"):
        store.save_table("events", (ki / "events.csv").read_text(encoding="utf-8") + "",
                         base_hash=store.version_hash("events", ki), editor="  ", directory=ki, known_ags=known)


def test_atomic_write_keeps_old_file_when_rename_fails(ki, monkeypatch):
    path = ki / "sources.csv"
    old = path.read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(store.os, "replace", boom)
    with pytest.raises(OSError):
        store.atomic_write(path, b"kaputt")
    assert path.read_bytes() == old
    assert sorted(p.name for p in ki.iterdir()) == sorted(f"{n}.csv" for n in TABLES)


def test_public_view_falls_back_to_last_good(ki):
    rec, problems = store.load_with_fallback(ki)
    assert problems == [] and (ki / ".last_good" / "events.csv").read_bytes() == (ki / "events.csv").read_bytes()
    good = rec.events.copy()
    (ki / "events.csv").write_text("event_id;kaputt\n", encoding="utf-8")
    rec2, problems = store.load_with_fallback(ki)
    assert problems and any(p.file == "events.csv" for p in problems)
    assert rec2.extra.get("fallback") and rec2.events.equals(good)
    # the broken file is not copied over the good one
    assert (ki / ".last_good" / "events.csv").read_bytes() != (ki / "events.csv").read_bytes()
    shutil.rmtree(ki / ".last_good")
    with pytest.raises(RecordsError):
        store.load_with_fallback(ki)


def test_diff_names_added_changed_removed(ki):
    old = (ki / "funding.csv").read_text(encoding="utf-8")
    lines = old.splitlines()
    new_lines = [lines[0], lines[1].replace(",120000,", ",130000,"), *lines[3:],
                 "fund-999,,2020,x,1,false,a,b,src-001"]
    d = store.diff_tables("funding", old, "\n".join(new_lines) + "\n")
    assert [r["funding_id"] for r in d.added] == ["fund-999"]
    assert [(c.key, c.columns) for c in d.changed] == [("fund-001", {"amount_eur": ("120000", "130000")})]
    assert [r["funding_id"] for r in d.removed] == [lines[2].split(",")[0]]


def test_password_check():
    assert store.check_password("geheim", "geheim")
    assert not store.check_password("geheim", None)
    assert not store.check_password("", "")
    assert not store.check_password("Geheim", "geheim")


def test_quality_and_filter(records):
    assert quality.facts_without_source(records) == 0
    df = records.centers
    assert len(quality.filter_frame(df, "")) == len(df)
    hit = quality.filter_frame(df, "kleve")
    assert list(hit["ags"]) == ["05154"]


def test_exports_contents(ki, districts, records):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exports.workbook_xlsx_bytes(ki)))
    assert wb.sheetnames == list(TABLES)
    assert wb["centers"]["B2"].value == "05111"  # text: the leading zero survives
    gj = json.loads(exports.districts_geojson_bytes(districts, records, rollout.openings(records), "de", "© GeoBasis"))
    assert len(gj["features"]) == 54
    kleve = next(f["properties"] for f in gj["features"] if f["properties"]["ags"] == "05154")
    assert kleve["opening_precision"] in ("day", "month", "year") and kleve["source_url"].startswith("http")
    assert kleve["opening"] and kleve["source_title"]
    ddorf = next(f["properties"] for f in gj["features"] if f["properties"]["ags"] == "05111")
    assert ddorf["opening"] == "nicht belegt" and ddorf["opening_precision"] == "none"
