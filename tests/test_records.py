"""The records: complete, sourced, and a broken row is named by file, row and column."""
import shutil

import pytest

from kirollout.model.dates import parse_period
from kirollout.model.records import RecordsError, load_records, read_texts, validate_texts


def test_54_centers_with_unique_ags(records):
    assert len(records.centers) == 54
    assert records.centers["ags"].is_unique
    assert "05334002" in set(records.centers["ags"])
    assert all(isinstance(a, str) and a.startswith("05") for a in records.centers["ags"])


def test_every_fact_has_a_resolving_source(records):
    ids = set(records.sources["source_id"])
    for table in (records.events, records.funding, records.funding_rates):
        assert table["source_id"].isin(ids).all()
        assert (table["source_id"] != "").all()


def test_dates_match_their_precision(records):
    for _, r in records.events[records.events["date"] != ""].iterrows():
        parse_period(r["date"], r["precision"])


def test_source_urls_are_http(records):
    for u in records.sources["url"]:
        assert u == "" or u.startswith(("http://", "https://"))


def _mutate(tmp_path, name, old, new):
    src = read_texts(load_records().source_dir)
    assert old in src[name], old
    src[name] = src[name].replace(old, new, 1)
    return validate_texts(src)[1]


def test_broken_rows_are_named(records):
    lines = read_texts(records.source_dir)["events"].splitlines()
    first = lines[1].split(",")
    # an impossible date in the first data row (row 2 as in a spreadsheet)
    bad = ",".join([first[0], first[1], first[2], "2013-02-30", "day"] + first[5:])
    problems = _mutate(None, "events", lines[1], bad)
    assert any(p.file == "events.csv" and p.row == 2 and p.column == "date" for p in problems), problems
    assert "2013-02-30" in str(problems[0])


def test_unknown_source_and_bad_ags_are_named(records):
    c = read_texts(records.source_dir)["centers"].splitlines()[1]
    problems = _mutate(None, "centers", c, c.replace(",05111,", ",06111,", 1))
    assert any(p.row == 2 and p.column == "ags" for p in problems)
    ev = read_texts(records.source_dir)["events"].splitlines()[1]
    problems = _mutate(None, "events", ev, ev.replace(",src-", ",nosuch-src-", 1))
    assert any(p.file == "events.csv" and p.column == "source_id" and "fehlt" in p.message for p in problems)


def test_load_raises_with_all_problems(tmp_path, records):
    d = tmp_path / "ki"
    shutil.copytree(records.source_dir, d)
    (d / "sources.csv").write_text("source_id,title\nx,y\n", encoding="utf-8")
    with pytest.raises(RecordsError) as exc:
        load_records(d)
    msg = str(exc.value)
    assert "sources.csv" in msg and "fehlende Spalten" in msg
