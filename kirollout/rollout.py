"""The rollout at a date: one rule, used by the map, the counts, the charts and the briefing.

For an opening known as the period P (a day, a month or a year): `open` once the date has
reached the end of P, `not_yet` before its start, `uncertain` inside it. A documented
`open_by` fact (the center was working on that day) makes it `open` from that day on even
when the opening itself is unknown. No opening fact and no `open_by` reached: `undocumented`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .dates import Period, parse_period
from .records import Records

STATES = ("open", "uncertain", "not_yet", "undocumented")
TOTAL_CENTERS = 54
LAW_DATE = date(2012, 2, 14)  # Teilhabe- und Integrationsgesetz passed (events.csv milestone)


@dataclass(frozen=True)
class Opening:
    """What the records say about when one center started work."""

    center_id: str
    period: Period | None          # the opening the map uses (centers.opening_event_id)
    event_id: str | None
    source_id: str | None
    open_by: date | None           # earliest documented "working by" date
    open_by_source_id: str | None
    alternatives: tuple[str, ...]  # other opening event ids (conflicting sources)


def state_at(opening: Opening, at: date) -> str:
    """State of one center on day `at` (see module docstring)."""
    if opening.open_by is not None and at >= opening.open_by:
        return "open"
    p = opening.period
    if p is None:
        return "undocumented"
    if at >= p.end:
        return "open"
    if at < p.start:
        return "not_yet"
    return "uncertain"


def openings(records: Records) -> dict[str, Opening]:
    """One Opening per center, from the chosen opening event and any open_by facts."""
    ev = records.events
    out: dict[str, Opening] = {}
    for c in records.centers.itertuples(index=False):
        mine = ev[ev["center_id"] == c.center_id]
        period = event_id = source_id = None
        if c.opening_event_id:
            row = mine[mine["event_id"] == c.opening_event_id].iloc[0]
            period = parse_period(row["date"], row["precision"])
            event_id, source_id = row["event_id"], row["source_id"]
        ob = mine[(mine["type"] == "open_by") & (mine["date"] != "")]
        open_by = open_by_src = None
        if len(ob):
            # "working by" a date: the end of its period is the safe bound
            ends = [(parse_period(r["date"], r["precision"]).end, r["source_id"]) for _, r in ob.iterrows()]
            open_by, open_by_src = min(ends)
        alts = tuple(mine[(mine["type"] == "opening") & (mine["event_id"] != (event_id or ""))]["event_id"])
        out[c.center_id] = Opening(c.center_id, period, event_id, source_id, open_by, open_by_src, alts)
    return out


def states_at(ops: dict[str, Opening], at: date) -> dict[str, str]:
    return {cid: state_at(o, at) for cid, o in ops.items()}


@dataclass(frozen=True)
class Counts:
    open: int
    uncertain: int
    not_yet: int
    undocumented: int

    @property
    def total(self) -> int:
        return self.open + self.uncertain + self.not_yet + self.undocumented


def counts_at(ops: dict[str, Opening], at: date) -> Counts:
    s = list(states_at(ops, at).values())
    return Counts(*(s.count(k) for k in STATES))


def documented_precision_counts(ops: dict[str, Opening]) -> dict[str, int]:
    """How many centers have a documented opening at day / month / year precision, or none."""
    out = {"day": 0, "month": 0, "year": 0, "none": 0}
    for o in ops.values():
        out[o.period.precision if o.period else "none"] += 1
    return out


def rank_range(ops: dict[str, Opening], center_id: str) -> tuple[int, int] | None:
    """Place in the rollout among centers with documented openings, as a range.

    Lower bound: 1 + centers that surely opened earlier; upper bound: centers that may have
    opened no later. Equal for exact, non-overlapping dates. None when undocumented.
    """
    me = ops[center_id].period
    if me is None:
        return None
    others = [o.period for cid, o in ops.items() if cid != center_id and o.period is not None]
    surely_before = sum(1 for p in others if p.end < me.start)
    maybe_before = sum(1 for p in others if p.start <= me.end)
    return surely_before + 1, maybe_before + 1


def timeline_dates(records: Records, start: date = date(2012, 2, 1), end: date | None = None) -> list[date]:
    """Slider stops: the first of every month plus every day-precise opening/milestone date.

    Runs from the law (February 2012) to the month after the latest dated event.
    """
    ev = records.events
    dated = [parse_period(r["date"], r["precision"]).end for _, r in ev[ev["date"] != ""].iterrows()]
    if end is None:
        last = min(max(dated, default=date.today()), date.today())
        end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    stops = set()
    y, m = start.year, start.month
    while date(y, m, 1) <= end:
        stops.add(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    for _, r in ev[(ev["precision"] == "day") & ev["type"].isin(["opening", "open_by", "milestone"])].iterrows():
        d = parse_period(r["date"], "day").start
        if start <= d <= end:
            stops.add(d)
    return sorted(stops)


def milestones(records: Records) -> pd.DataFrame:
    """Statewide milestones (events without a center), dated ones first, in date order."""
    ev = records.events
    ms = ev[(ev["center_id"] == "") & (ev["type"] == "milestone")].copy()
    ms["sort"] = ms["date"].where(ms["date"] != "", "9999")
    return ms.sort_values(["sort", "event_id"]).drop(columns="sort").reset_index(drop=True)
