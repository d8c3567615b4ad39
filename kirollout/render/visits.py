"""Visits by members of the state government (events of type `visit`), across all districts.

A visit's date keeps its precision: "2017" is the whole year. The *last* visit is the one whose
documented period starts latest (ties: the more precise one). Undated visits never count as the
last visit and never as "since a date": whether they happened after a cut-off is unknown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.dates import Period
from ..model.facts import CenterFacts, facts_for
from ..model.records import Records
from ..model.rollout import openings
from .i18n import format_event_date, t


@dataclass
class VisitSummary:
    """The visit facts for one district."""

    ags: str
    kreis_name: str
    kind: str
    visits: int
    undated: int
    last_period: Period | None
    last_date_text: str
    last_person: str
    last_label: str
    last_source_id: str
    last_source_title: str
    last_source_url: str


def visit_summaries(records: Records, lang: str = "de",
                    facts: dict[str, CenterFacts] | None = None) -> list[VisitSummary]:
    """One summary per center (all 54), ordered by district name: the fact model's visits and
    its last visit (CenterFacts.last_visit), in words. `facts`: the model when the caller has it."""
    facts = facts if facts is not None else facts_for(records, openings(records))
    out = []
    for f in facts.values():
        visits = f.of_type("visit")
        last = f.last_visit
        if last:
            src = records.source(last.source_id)
            fields = (last.period, format_event_date(last.as_row(), lang), last.person, last.label(lang),
                      last.source_id, src.get("title", ""), src.get("url", ""))
        else:
            fields = (None, t("visits_none", lang), "", "", "", "", "")
        out.append(VisitSummary(f.ags, f.kreis_name, t(f"kind_{f.kind}", lang), len(visits),
                                sum(1 for v in visits if not v.date), *fields))
    return sorted(out, key=lambda s: s.kreis_name)


def not_visited_since(records: Records, since: date, lang: str = "de",
                      facts: dict[str, CenterFacts] | None = None) -> list[VisitSummary]:
    """Districts with no dated visit reaching `since` (CenterFacts.visited_since); `undated` > 0
    marks them as unknown."""
    facts = facts if facts is not None else facts_for(records, openings(records))
    missing = {f.ags for f in facts.values() if not f.visited_since(since)}
    return [s for s in visit_summaries(records, lang, facts) if s.ags in missing]
