"""Deduced bounds: from statewide counts, from dated visits, and the contradictions they expose."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kirollout.model import deductions, rollout
from kirollout.model.records import Records
from kirollout.render import briefing, details, wording

EV_COLS = ["event_id", "center_id", "type", "date", "precision", "count", "count_kind", "count_of", "person",
           "label_de", "label_en", "source_id", "inferred_from", "research_note"]
AACHEN = deductions.STADT_AACHEN


def _world(n_early: int = 44, n_undoc: int = 5, n_late: int = 5, milestones=(), extra=()) -> Records:
    """54 centres: early openings (2013), undocumented ones, late ones (2016-01-01), the Stadt Aachen early."""
    ids = [AACHEN] + [f"ki-{i:05d}" for i in range(1, 54)]
    kinds = ["early"] * n_early + ["undoc"] * n_undoc + ["late"] * n_late
    assert len(kinds) == 54
    centers, events = [], []
    for i, (cid, kind) in enumerate(zip(ids, kinds)):
        opening = ""
        if kind != "undoc":
            opening = f"ev-o{i}"
            d = ("2013", "year") if kind == "early" else ("2016-01-01", "day")
            events.append([opening, cid, "opening", *d, None, "", None, "", "Start", "start", "src-c", "", ""])
        centers.append({"center_id": cid, "ags": cid[3:], "kreis_name": f"Kreis {i:02d}", "name": f"KI {i}",
                        "kind": "Kreis", "opening_event_id": opening, "opening_choice_note": "",
                        "host_office": "", "host_office_source_id": "", "address": "", "address_source_id": ""})
    for j, (day, prec, count, kind, of) in enumerate(milestones):
        events.append([f"ev-m{j}", "", "milestone", day, prec, count, kind, of, "", "Zahl", "count", "src-m", "", ""])
    events += [list(e) for e in extra]
    sources = pd.DataFrame([{"source_id": s, "title": s, "publisher": "", "published": "", "published_precision": "",
                             "url": "", "accessed": "", "note": ""} for s in ("src-c", "src-m", "src-v")])
    return Records(centers=pd.DataFrame(centers), events=pd.DataFrame(events, columns=EV_COLS), sources=sources,
                   funding_rates=pd.DataFrame(), funding=pd.DataFrame())


def _undoc(rec: Records) -> list[str]:
    return list(rec.centers.loc[rec.centers["opening_event_id"] == "", "center_id"])


def test_count_whose_missing_centres_are_named_gives_a_bound():
    rec = _world(milestones=[("2015-04-09", "day", 49, "set_up", None)])
    ops = rollout.openings(rec)
    day = date(2015, 4, 9)
    for cid in _undoc(rec):
        assert ops[cid].counted_by is not None and ops[cid].counted_by.day == day
        assert rollout.evidence_at(ops[cid], day) == ("counted", "count")
        assert rollout.state_at(ops[cid], date(2015, 4, 8)) == "undocumented"
    c = rollout.counts_at(ops, day)
    assert (c.exist, c.counted, c.open_start, c.not_yet) == (49, 5, 44, 5)
    # the reasoning names the centres that start later and cites the count's source first
    b = ops[_undoc(rec)[0]].counted_by
    assert b.source_ids[0] == "src-m"
    text = wording.bound_text(b, rec, "de")
    # the source gave no whole (count_of empty): the sentence says so instead of "49 von 54"
    assert "49 (Ganzes nicht genannt, gelesen als 54)" in text and "genau 5" in text and "Kreis 53" in text
    assert "49 (no whole given, read as 54)" in wording.bound_text(b, rec, "en")
    stated = _world(milestones=[("2015-04-09", "day", 48, "set_up", 53)])
    sb = rollout.openings(stated)[_undoc(stated)[0]].counted_by
    assert "48 von 53" in wording.bound_text(sb, stated, "de")


@pytest.mark.parametrize("milestone", [
    ("2015-04-09", "day", 49, "approved", None),     # approvals, not existing centres
    ("2015-04-09", "day", 50, "set_up", None),       # only 4 missing, but 5 documented later: contradiction
    ("2015-04-09", "day", 48, "set_up", None),       # 6 missing, the records name only 5
    ("2015", "year", 49, "set_up", None),            # a year count: the bound is its last day, 31.12.2015
    ("2015-04-09", "day", 48, "set_up", 53),         # of 53 districts: 5 missing, 5 later → applies
])
def test_count_bound_only_where_the_records_name_every_missing_centre(milestone):
    rec = _world(milestones=[milestone])
    ops = rollout.openings(rec)
    bounded = [cid for cid in _undoc(rec) if ops[cid].counted_by is not None]
    check = deductions.count_checks(rec, rollout.base_openings(rec))[0]
    if milestone[3] == "approved":
        assert check.status == "not_deducible" and not bounded
    elif milestone[2] == 50:
        assert check.status == "too_many_later" and not bounded
        texts = [wording.contradiction_text(c, rec, "de") for c in deductions.contradictions(rec, ops)]
        assert any("Widerspruch" in x for x in texts)
    elif milestone[2] == 48 and milestone[4] is None:
        assert check.status == "unidentified" and not bounded
    else:
        assert check.status == "deduced" and len(bounded) == 5
        assert ops[AACHEN].counted_by is None  # it had its own start anyway
        if milestone[4] == 53:
            assert AACHEN not in check.units and check.whole == 53


def test_all_means_every_district_and_gives_54_at_the_end():
    rec = _world(milestones=[("2018-09-06", "day", None, "all", 53)])
    ops = rollout.openings(rec)
    assert rollout.counts_at(ops, date(2018, 9, 6)).exist == 54
    assert rollout.counts_at(ops, date(2018, 9, 5)).undocumented == 5


def test_dated_visit_is_working_by_and_an_early_one_is_a_contradiction():
    late = "ki-00053"
    undoc = "ki-00045"
    visits = [("ev-v1", undoc, "visit", "2014-03", "month", None, "", None, "Ministerin X", "Besuch", "visit",
               "src-v", "", ""),
              ("ev-v2", late, "visit", "2015-05-02", "day", None, "", None, "Staatssekretär Y", "Besuch", "visit",
               "src-v", "", ""),
              ("ev-v3", "ki-00046", "visit", "", "", None, "", None, "Minister Z", "Besuch", "visit", "src-v", "", "")]
    rec = _world(extra=visits)
    ops = rollout.openings(rec)
    assert ops[undoc].open_by == date(2014, 3, 31)  # the end of the visit's month: the safe day
    assert rollout.evidence_at(ops[undoc], date(2014, 3, 31)) == ("open", "working")
    assert rollout.state_at(ops[undoc], date(2014, 3, 30)) == "undocumented"
    assert ops["ki-00046"].working_by is None  # an undated visit proves nothing
    contra = deductions.contradictions(rec, ops)
    assert [c.center_id for c in contra] == [late]
    text = wording.contradiction_text(contra[0], rec, "de")
    assert "Staatssekretär Y" in text and "2016" in text
    d = details.center_detail(rec, ops, late, "de")
    assert d.contradictions and "src-v" in d.contradictions[0][1]


def test_reconciliation_agrees_with_the_map_on_the_records(records):
    ops = rollout.openings(records)
    table = wording.reconciliation(records, ops, "de")
    assert len(table) >= 10
    for _, r in table.iterrows():
        units = {cid: o for cid, o in ops.items() if r["whole"] == 54 or cid != AACHEN}
        assert r["map"] == rollout.counts_at(units, r["date"]).exist
        assert r["difference"] == r["state_n"] - r["map"]
        if r["status"] == "deduced":
            assert r["difference"] == 0, r.to_dict()
    # from 2015 on, every count of existing centres agrees with the map
    later = table[(table["date"] >= date(2015, 1, 1))
                  & table["status"].isin(["deduced", "too_many_later", "unidentified"])]
    assert len(later) and (later["difference"] == 0).all()
    html = wording.reconciliation_html(records, ops, "en")
    assert html.count("<tr data-status=") == len(table) and "what is counted" in html


def test_erschlossen_opening_is_flagged_in_detail_and_briefing(records):
    ops = rollout.openings(records)
    inferred = [cid for cid, o in ops.items() if o.period and o.inferred_from]
    if not inferred:
        pytest.skip("no erschlossen opening in the records")
    cid = inferred[0]
    d = details.center_detail(records, ops, cid, "de")
    assert d.opening_inferred_from == list(ops[cid].inferred_from)
    b = briefing.briefing_data(records, ops, cid, meta={"boundaries": {"attribution": "x"}}, population=None)
    opening = dict(briefing.fact_rows(b))["Eröffnung"]
    assert "erschlossen aus den Quellen" in opening and f"[{ops[cid].inferred_from[0]}]" in opening


def test_erschlossen_event_date_is_flagged_wherever_it_is_shown():
    undoc, other = "ki-00045", "ki-00046"
    visits = [("ev-v1", undoc, "visit", "2019-08-28", "day", None, "", None, "Staatssekretärin X", "Besuch", "visit",
               "src-v", "src-m src-v", ""),  # the year worked out from src-m (src-v named twice: cited once)
              ("ev-v2", other, "visit", "2018-06-07", "day", None, "", None, "Staatssekretärin X", "Besuch", "visit",
               "src-v", "", "")]
    rec = _world(extra=visits)
    ops = rollout.openings(rec)
    bound = ops[undoc].working_by
    assert bound.source_ids == ("src-v", "src-m")
    assert "28.08.2019 (erschlossen aus den Quellen [src-m], [src-v])" in wording.bound_text(bound, rec, "de")
    assert "(worked out from sources [src-m], [src-v])" in wording.bound_text(bound, rec, "en")
    d = details.center_detail(rec, ops, undoc, "de")
    (line,) = [e for e in d.events if e.event_id == "ev-v1"]
    assert line.date_text == "28.08.2019 (erschlossen aus den Quellen [src-m], [src-v])"
    assert "src-m" in [s.source_id for s in d.sources]
    assert "erschlossen aus den Quellen [src-m]" in briefing.event_text(line, "de")
    plain = details.center_detail(rec, ops, other, "de")
    assert [e.date_text for e in plain.events if e.event_id == "ev-v2"] == ["07.06.2018"]
    assert "erschlossen" not in wording.bound_text(ops[other].working_by, rec, "de")
