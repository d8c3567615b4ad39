"""The data-quality report agrees with the map's rule, and broken facts make validation fail."""
import csv
import io
import subprocess
import sys

from kirollout.model import rollout
from kirollout.model.records import read_texts, validate_texts
from kirollout.render.quality import center_quality, format_report, quality_report


def test_statewide_counts_match_rollout(records):
    rep = quality_report(records)
    expected = rollout.documented_precision_counts(rollout.openings(records))
    assert rep["statewide"]["precision_counts"] == expected
    per_center = [c["precision"] for c in rep["centers"]]
    assert {k: per_center.count(k) for k in expected} == expected
    assert sum(expected.values()) == len(records.centers) == 54


def test_clean_records_have_no_missing_or_dangling_sources(records):
    s = quality_report(records)["statewide"]
    assert s["facts_without_source"] == 0
    assert s["dangling_source_ids"] == []


def test_conflicts_are_counted(records):
    rows = {c["center_id"]: c for c in center_quality(records)}
    # Lippe: 20.12.2012 (used) against three 2013 starts (the Kreis's release and two five-year
    # anniversaries: conflicts) and a "founded 2012" on the centre's page (agrees, so no conflict)
    assert rows["ki-05766"]["alternatives"] == 4 and rows["ki-05766"]["conflicts"] == 3
    # Höxter: two sources, same day -> an alternative, but no conflict
    assert rows["ki-05762"]["alternatives"] >= 1 and rows["ki-05762"]["conflicts"] == 0
    # Kleve: the release's 06.09.2018 (used) against the Kreis page's 10.09.2018
    assert rows["ki-05154"]["conflicts"] >= 1
    undocumented = [c for c in rows.values() if c["precision"] == "none"]
    assert all(c["date"] == "" and c["conflicts"] == 0 for c in undocumented)


def test_undocumented_centers_say_where_research_looked(records):
    for c in records.centers.itertuples(index=False):
        if not c.opening_event_id:
            assert c.opening_choice_note.startswith("nicht belegt — gesucht in: "), c.center_id


def test_report_counts_addresses_host_offices_and_visits(records):
    rep = quality_report(records)
    c, ev = records.centers, records.events
    s = rep["statewide"]
    assert s["centers_with_address"] == int((c["address"] != "").sum())
    assert s["centers_with_host_office"] == int((c["host_office"] != "").sum())
    visits = ev[ev["type"] == "visit"].groupby("center_id").size()
    assert {r["center_id"]: r["visits"] for r in rep["centers"] if r["visits"]} == visits.to_dict()
    assert s["centers_with_visit"] == len(visits)
    pc = s["precision_counts"]
    text = format_report(rep)
    assert f"Eröffnung belegt: {54 - pc['none']} (davon erschlossen: {s['inferred_openings']}), " \
           f"davon auf den Monat oder Tag genau: {pc['day'] + pc['month']}" in text
    assert s["inferred_openings"] == sum(1 for o in rollout.openings(records).values() if o.period and o.inferred_from)
    assert f"bestehen {s['exist_at_end']} von 54" in text


def _validate_with_cell(records, table: str, pick, column: str, value: str):
    """Validate the tables with one cell changed: in the first row of `table` where `pick(row)`
    holds, `column` is set to `value`. Returns the problems and that row's spreadsheet number."""
    texts = read_texts(records.source_dir)
    rows = list(csv.DictReader(io.StringIO(texts[table])))
    k = next(n for n, r in enumerate(rows) if pick(r))
    rows[k][column] = value
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    texts[table] = out.getvalue()
    return validate_texts(texts)[1], k + 2


def test_count_outside_a_milestone_fails_validation(records):
    problems, row = _validate_with_cell(records, "events", lambda r: r["type"] == "visit", "count", "10")
    assert any(p.file == "events.csv" and p.row == row and p.column == "count" and "Meilenstein" in p.message
               for p in problems), problems


def test_host_office_without_its_source_fails_validation(records):
    problems, row = _validate_with_cell(records, "centers", lambda r: r["host_office"] and r["host_office_source_id"],
                                        "host_office_source_id", "")
    assert any(p.file == "centers.csv" and p.row == row and p.column == "host_office_source_id"
               for p in problems), problems


def test_report_text_is_german_table(records):
    text = format_report(quality_report(records))
    assert "Kreis / Stadt" in text and "Genauigkeit" in text
    pc = rollout.documented_precision_counts(rollout.openings(records))
    assert f"nicht belegt {pc['none']}" in text
    assert "Lippe" in text and "20.12.2012" in text


def test_cli_prints_report(records):
    out = subprocess.run([sys.executable, "-m", "kirollout.render.quality"], capture_output=True, text=True,
                         cwd=records.source_dir.parent, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Verweise auf fehlende Quellen: 0" in out.stdout


def _events_line(texts, event_id):
    return next(line for line in texts["events"].splitlines() if line.startswith(event_id + ","))


def test_dangling_source_id_fails_validation(records):
    texts = read_texts(records.source_dir)
    line = _events_line(texts, "ev-0066")  # Lippe opening, cites src-048
    assert ",src-048," in line
    texts["events"] = texts["events"].replace(line, line.replace(",src-048,", ",src-999,"), 1)
    _, problems = validate_texts(texts)
    assert any(p.file == "events.csv" and p.column == "source_id" and "src-999" in p.message
               for p in problems), problems


def test_fact_without_source_fails_validation(records):
    texts = read_texts(records.source_dir)
    line = _events_line(texts, "ev-0066")
    texts["events"] = texts["events"].replace(line, line.replace(",src-048,", ",,"), 1)
    _, problems = validate_texts(texts)
    assert any(p.file == "events.csv" and p.column == "source_id" for p in problems), problems


def test_date_not_matching_precision_fails_validation(records):
    texts = read_texts(records.source_dir)
    line = _events_line(texts, "ev-0066")  # 2012-12-20,day
    assert ",2012-12-20,day," in line
    texts["events"] = texts["events"].replace(line, line.replace(",2012-12-20,day,", ",2012-12-20,month,"), 1)
    _, problems = validate_texts(texts)
    assert any(p.file == "events.csv" and p.column == "date" for p in problems), problems
    # and the unmodified texts validate cleanly, so the failures above come from the edits
    assert validate_texts(read_texts(records.source_dir))[1] == []


def test_research_figures_count_from_the_records(records):
    r = quality_report(records)["research"]
    ev = records.events[(records.events["center_id"] != "") & (records.events["date"] != "")]
    recent = ev[ev["date"].str[:4].astype(int) >= 2019]
    assert r["recent_events"] == len(recent) and r["recent_districts"] == recent["center_id"].nunique()
    assert sum(r["events_per_year"].values()) == len(ev)
    assert sum(r["contacts_by_stand_year"].values()) == len(records.contacts)
    assert r["research_logged"] == records.research_log["center_id"].nunique()
    text = format_report(quality_report(records))
    assert "Recherchestand" in text and f"Ab 2019: {len(recent)} datierte" in text


def test_report_lists_the_gaps_by_kind(records):
    from kirollout.model.facts import facts_for
    from kirollout.model.gaps import gap_list
    from kirollout.model.rollout import openings

    gaps = gap_list(facts_for(records, openings(records)))
    text = format_report(quality_report(records))
    assert "Lückenliste" in text
    for kind, label in (("opening", "Eröffnung nicht belegt"), ("contact", "Kontakt nicht belegt")):
        assert f"{label} ({sum(1 for g in gaps if g.kind == kind)})" in text
