"""Visits by members of the state government (events of type `visit`), across all districts.

A visit's date keeps its precision: "2017" is the whole year. The *last* visit is the one whose
documented period starts latest (ties: the more precise one). Undated visits never count as the
last visit and never as "since a date": whether they happened after a cut-off is unknown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.dates import Period, parse_period
from ..model.records import Records
from .i18n import format_event_date, t

_PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}


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


def visit_summaries(records: Records, lang: str = "de") -> list[VisitSummary]:
    """One summary per center (all 54), ordered by district name."""
    ev = records.events
    vis = ev[ev["type"] == "visit"]
    out = []
    for c in records.centers.itertuples(index=False):
        mine = vis[vis["center_id"] == c.center_id]
        dated = [(parse_period(r["date"], r["precision"]), r) for _, r in mine.iterrows() if r["date"]]
        last = max(dated, key=lambda x: (x[0].start, _PRECISION_ORDER[x[0].precision], x[1]["event_id"]),
                   default=None)
        if last:
            p, r = last
            src = records.source(r["source_id"])
            fields = (p, format_event_date(r, lang), r["person"],
                      r["label_de"] if lang == "de" else r["label_en"], r["source_id"],
                      src.get("title", ""), src.get("url", ""))
        else:
            fields = (None, t("visits_none", lang), "", "", "", "", "")
        out.append(VisitSummary(c.ags, c.kreis_name, t(f"kind_{c.kind}", lang), len(mine),
                                len(mine) - len(dated), *fields))
    return sorted(out, key=lambda s: s.kreis_name)


def visited_since(records: Records, center_id: str, since: date) -> bool:
    """True when a dated visit's documented period reaches `since` (ends on or after it)."""
    ev = records.events
    mine = ev[(ev["type"] == "visit") & (ev["center_id"] == center_id) & (ev["date"] != "")]
    return any(parse_period(r["date"], r["precision"]).end >= since for _, r in mine.iterrows())


def not_visited_since(records: Records, since: date, lang: str = "de") -> list[VisitSummary]:
    """Districts with no dated visit reaching `since`; `undated` > 0 marks them as unknown."""
    by_ags = {s.ags: s for s in visit_summaries(records, lang)}
    out = []
    for c in records.centers.itertuples(index=False):
        if not visited_since(records, c.center_id, since):
            out.append(by_ags[c.ags])
    return sorted(out, key=lambda s: s.kreis_name)
