"""The rollout at a date: one rule, used by the map, the counts, the charts and the briefing.

Evidence, strongest first (all bounds computed here at load time; contradictions and the Abgleich
in kirollout/model/deductions.py, their words in kirollout/render/wording.py):
1. the documented start P (a day, a month or a year; sourced or *erschlossen*): `open` once the
   date has reached the end of P;
2. working by D: an `open_by` fact, or a dated visit of a member of the state government to the
   centre: `open` from D on, even when the opening itself is unknown;
3. existing by D from a statewide count whose missing centres the records name: `counted` from
   D on ("eingerichtet laut Landeszählung" — a bound of its own kind, not proof of work).
Otherwise: `not_yet` before the start of P, `uncertain` inside P, `undocumented` without P.
`evidence_at` says which of 1–3 decided, so every view can show the same reasoning.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from .dates import Period, parse_period
from .records import Records

STATES = ("open", "counted", "uncertain", "not_yet", "undocumented")
EXISTING = ("open", "counted")  # states in which a centre exists on the day
BASES = ("start", "working", "count")  # what makes a centre exist: evidence 1, 2 or 3
TOTAL_CENTERS = 54
LAW_DATE = date(2012, 2, 14)  # date of the Teilhabe- und Integrationsgesetz (Landtag vote: 08.02.2012)


@dataclass(frozen=True)
class Bound:
    """A day from which a centre exists, computed from sourced records, with its reasoning.

    kind: "working" (an open_by fact or a dated visit) or "count" (a statewide count whose
    missing centres the records name). `reason` is an i18n key with its arguments, rendered by
    wording.bound_text so every view says the same sentence.
    """

    kind: str
    day: date
    event_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    reason: str
    args: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Opening:
    """What the records say about when one center started work."""

    center_id: str
    period: Period | None          # the opening the map uses (centers.opening_event_id)
    event_id: str | None
    source_id: str | None
    open_by: date | None           # earliest "working by" day (open_by fact or dated visit)
    open_by_source_id: str | None
    alternatives: tuple[str, ...]  # other opening event ids (conflicting sources)
    working_by: Bound | None = None   # the bound behind open_by, with its reasoning
    counted_by: Bound | None = None   # existing by the state's count (evidence 3)
    inferred_from: tuple[str, ...] = ()  # the opening is *erschlossen* from these sources


def evidence_at(opening: Opening, at: date) -> tuple[str, str | None]:
    """(state, basis) of one center on day `at`: basis is "start", "working", "count" or None."""
    p = opening.period
    if p is not None and at >= p.end:
        return "open", "start"
    if opening.open_by is not None and at >= opening.open_by:
        return "open", "working"
    if opening.counted_by is not None and at >= opening.counted_by.day:
        return "counted", "count"
    if p is None:
        return "undocumented", None
    if at < p.start:
        return "not_yet", None
    return "uncertain", None


BASIS_KEYS = ("", "start", "working", "count")  # whose source a tooltip cites; the order of `sources`


def tooltip_basis(state: str, basis: str | None) -> str:
    """Whose source a tooltip cites on a day: the evidence that decided the state (start, working
    or count); for a centre not yet open or uncertain, its documented start; else none."""
    if basis:
        return basis
    return "start" if state in ("not_yet", "uncertain") else ""


def state_at(opening: Opening, at: date) -> str:
    """State of one center on day `at` (see module docstring)."""
    return evidence_at(opening, at)[0]


def _working_bounds(mine: pd.DataFrame) -> list[Bound]:
    """Working-by bounds from open_by facts and dated visits (end of their period: the safe day)."""
    out = []
    for _, r in mine[mine["type"].isin(["open_by", "visit"]) & (mine["date"] != "")].iterrows():
        end = parse_period(r["date"], r["precision"]).end
        inferred = str(r.get("inferred_from", "") or "")
        sources = tuple(dict.fromkeys((r["source_id"], *inferred.split())))  # an erschlossen date rests on these too
        dated = (("date", r["date"]), ("precision", r["precision"]), ("inferred_from", inferred))
        if r["type"] == "visit":
            args = (("person", r["person"]), *dated)
            out.append(Bound("working", end, (r["event_id"],), sources, "bound_visit", args))
        else:
            args = (*dated, ("label_de", r["label_de"]), ("label_en", r["label_en"]))
            out.append(Bound("working", end, (r["event_id"],), sources, "bound_open_by", args))
    return out


def base_openings(records: Records) -> dict[str, Opening]:
    """Openings from the centres' own records: documented start and working-by bounds."""
    ev = records.events
    out: dict[str, Opening] = {}
    for c in records.centers.itertuples(index=False):
        mine = ev[ev["center_id"] == c.center_id]
        period = event_id = source_id = None
        inferred: tuple[str, ...] = ()
        if c.opening_event_id:
            row = mine[mine["event_id"] == c.opening_event_id].iloc[0]
            period = parse_period(row["date"], row["precision"])
            event_id, source_id = row["event_id"], row["source_id"]
            inferred = tuple(row["inferred_from"].split())
        bounds = _working_bounds(mine)
        first = min(bounds, key=lambda b: (b.day, b.event_ids)) if bounds else None
        alts = tuple(mine[(mine["type"] == "opening") & (mine["event_id"] != (event_id or ""))]["event_id"])
        out[c.center_id] = Opening(c.center_id, period, event_id, source_id,
                                   first.day if first else None, first.source_ids[0] if first else None,
                                   alts, working_by=first, inferred_from=inferred)
    return out


# counts of centres that exist; the others count approvals, grants or plans
DEDUCIBLE_KINDS = ("set_up", "working", "exist", "opened_nth", "all")
STADT_AACHEN = "ki-05334002"  # its own centre inside the StädteRegion: not one of the 53 districts


@dataclass(frozen=True)
class CountCheck:
    """One statewide count set against the records (before any count bound is applied)."""

    event_id: str
    source_id: str
    day: date               # the last day of the count's period: the safe day for a bound
    date: str
    precision: str
    count: int | None
    kind: str
    whole: int              # 54 centres, or 53 Kreise and kreisfreie Städte
    claimed: int            # centres the source says exist (count, or whole for "all")
    units: tuple[str, ...]  # the centres counted against
    later: tuple[str, ...]  # units whose documented start lies after the day
    status: str             # deduced / too_many_later / unidentified / not_deducible
    whole_stated: bool = True  # False: the source gives no whole; read as 54 (count_of empty)

    @property
    def missing(self) -> int:
        return self.whole - self.claimed


def _exists_by(op: Opening, day: date) -> bool:
    return (op.period is not None and op.period.end <= day) or (op.open_by is not None and op.open_by <= day)


def _starts_after(op: Opening, day: date) -> bool:
    return op.period is not None and op.period.start > day and not (op.open_by is not None and op.open_by <= day)


def count_checks(records: Records, base: dict[str, Opening]) -> list[CountCheck]:
    """Every dated statewide milestone with a count (or "all"), checked against the records."""
    ev = records.events
    ms = ev[(ev["center_id"] == "") & (ev["type"] == "milestone") & (ev["date"] != "") & (ev["count_kind"] != "")]
    out = []
    for _, m in ms.sort_values(["date", "event_id"]).iterrows():
        whole = int(m["count_of"]) if pd.notna(m["count_of"]) else TOTAL_CENTERS
        claimed = int(m["count"]) if pd.notna(m["count"]) else whole
        day = parse_period(m["date"], m["precision"]).end
        units = tuple(cid for cid in base if whole == TOTAL_CENTERS or cid != STADT_AACHEN)
        later = tuple(cid for cid in units if _starts_after(base[cid], day))
        missing = whole - claimed
        if m["count_kind"] not in DEDUCIBLE_KINDS:
            status = "not_deducible"
        elif len(later) == missing:
            status = "deduced"
        elif len(later) > missing:
            status = "too_many_later"
        else:
            status = "unidentified"
        out.append(CountCheck(m["event_id"], m["source_id"], day, m["date"], m["precision"],
                              int(m["count"]) if pd.notna(m["count"]) else None, m["count_kind"],
                              whole, claimed, units, later, status, pd.notna(m["count_of"])))
    return out


def count_bounds(checks: list[CountCheck], base: dict[str, Opening]) -> dict[str, Bound]:
    """The earliest "existing by the state's count" bound per centre that it adds anything to."""
    out: dict[str, Bound] = {}
    for c in checks:
        if c.status != "deduced":
            continue
        later_ops = [base[cid] for cid in c.later]
        events = (c.event_id, *(o.event_id for o in later_ops if o.event_id))
        sources = tuple(dict.fromkeys((c.source_id, *(o.source_id for o in later_ops if o.source_id))))
        args = (("date", c.date), ("precision", c.precision), ("n", c.claimed), ("whole", c.whole),
                ("kind", c.kind), ("later", c.later), ("whole_stated", c.whole_stated))
        for cid in c.units:
            if cid in c.later or _exists_by(base[cid], c.day):
                continue
            if cid not in out or c.day < out[cid].day:
                out[cid] = Bound("count", c.day, events, sources, "bound_count", args)
    return out


def openings(records: Records) -> dict[str, Opening]:
    """One Opening per center: its own records plus the bounds deduced from statewide counts."""
    base = base_openings(records)
    bounds = count_bounds(count_checks(records, base), base)
    return {cid: replace(o, counted_by=bounds.get(cid)) for cid, o in base.items()}


def states_at(ops: dict[str, Opening], at: date) -> dict[str, str]:
    return {cid: state_at(o, at) for cid, o in ops.items()}


@dataclass(frozen=True)
class Counts:
    open: int
    counted: int
    uncertain: int
    not_yet: int
    undocumented: int
    open_start: int = 0    # of `open`: documented start reached
    open_working: int = 0  # of `open`: working by a documented day (open_by or visit)

    @property
    def exist(self) -> int:
        """The headline: centres that exist on the day by the strongest evidence."""
        return self.open + self.counted

    @property
    def total(self) -> int:
        return self.open + self.counted + self.uncertain + self.not_yet + self.undocumented


def counts_at(ops: dict[str, Opening], at: date) -> Counts:
    ev = [evidence_at(o, at) for o in ops.values()]
    states = [s for s, _ in ev]
    bases = [b for _, b in ev]
    return Counts(*(states.count(k) for k in STATES),
                  open_start=bases.count("start"), open_working=bases.count("working"))


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


def _phase(state: str) -> str:
    """What the rollout tells about a centre: it exists (by any evidence), or its state."""
    return "exists" if state in EXISTING else state


def story_end(ops: dict[str, Opening]) -> date | None:
    """The day the rollout story ends: the last day any centre comes into existence or changes
    between not yet / uncertain / undocumented under the rule above (today: Kreis Kleve,
    06.09.2018). Later evidence for a centre that already exists (a count, then a visit) only
    strengthens its basis and does not extend the story. None when nothing ever changes.
    Used by play, presentation mode, the video and the slider's stops."""
    last = None
    for o in ops.values():
        days = {o.open_by, o.counted_by.day if o.counted_by else None,
                *((o.period.start, o.period.end) if o.period else ())}
        for d in days - {None}:
            if _phase(state_at(o, d)) != _phase(state_at(o, d - timedelta(days=1))) and (last is None or d > last):
                last = d
    return last


def timeline_dates(records: Records, start: date = date(2012, 2, 1), end: date | None = None,
                   ops: dict[str, Opening] | None = None) -> list[date]:
    """Slider stops: the first of every month plus every day-precise opening/milestone date up to
    the story's end (story_end, itself a stop); after it only the first of each year, since the
    map no longer changes. Runs from the law (February 2012) to the month after the latest dated
    event (the slider may go on to today)."""
    ev = records.events
    dated = [parse_period(r["date"], r["precision"]).end for _, r in ev[ev["date"] != ""].iterrows()]
    if end is None:
        last = min(max(dated, default=date.today()), date.today())
        end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    fin = story_end(ops if ops is not None else openings(records))
    dense_to = min(fin, end) if fin else end
    stops = {fin} if fin and start <= fin <= end else set()
    y, m = start.year, start.month
    while date(y, m, 1) <= end:
        if date(y, m, 1) <= dense_to or m == 1:
            stops.add(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    stops.add(end)
    for _, r in ev[(ev["precision"] == "day") & ev["type"].isin(["opening", "open_by", "milestone"])].iterrows():
        d = parse_period(r["date"], "day").start
        if start <= d <= dense_to:
            stops.add(d)
    return sorted(stops)


def milestones(records: Records) -> pd.DataFrame:
    """Statewide milestones (events without a center), dated ones first, in date order."""
    ev = records.events
    ms = ev[(ev["center_id"] == "") & (ev["type"] == "milestone")].copy()
    ms["sort"] = ms["date"].where(ms["date"] != "", "9999")
    return ms.sort_values(["sort", "event_id"]).drop(columns="sort").reset_index(drop=True)
