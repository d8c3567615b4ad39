"""Contradictions and the check against the state's counts, as data (never as sentences).

The bounds themselves are computed in `kirollout/model/rollout.py` (the one rollout rule):
- *existing by D, from a statewide count*: a source says on day D that N of 54 (or 53) have a
  centre (or that the N-th opened, or that all have one), and the records date exactly 54 − N
  starts after D → every other centre existed by D ("eingerichtet laut Landeszählung"). Only
  counts of centres that exist (`DEDUCIBLE_KINDS`) are used; approvals and grants are not.
- *working by D, from a dated visit* of a member of the state government or an `open_by` fact.
Here: a bound earlier than a documented start, and a count the records cannot meet, are
contradictions: listed (data report, UI), never resolved silently; and `reconcile` sets every
statewide count beside the map's count that day. The words are in `kirollout/render/wording.py`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .dates import Period
from .records import Records
from .rollout import (  # noqa: F401 — the count logic is re-exported for callers of this module
    DEDUCIBLE_KINDS,
    EXISTING,
    STADT_AACHEN,
    Bound,
    CountCheck,
    Counts,
    Opening,
    count_bounds,
    count_checks,
    counts_at,
    states_at,
)


@dataclass(frozen=True)
class Contradiction:
    """A deduction the records do not bear out; shown beside the records, never resolved.

    kind "bound_before_start": `bound` (working by) lies before the documented start `start`;
    kind "count": the statewide count `check` leaves fewer centres open than the records date later.
    """

    kind: str
    center_id: str | None
    event_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    bound: Bound | None = None
    start: Period | None = None
    check: CountCheck | None = None


def center_contradiction(op: Opening) -> Contradiction | None:
    """A working-by bound (open_by fact or visit) earlier than the centre's documented start."""
    b = op.working_by
    if b is None or op.period is None or b.day >= op.period.start:
        return None
    return Contradiction("bound_before_start", op.center_id, (*b.event_ids, op.event_id),
                         tuple(dict.fromkeys((*b.source_ids, op.source_id))), bound=b, start=op.period)


def contradictions(records: Records, ops: dict[str, Opening],
                   checks: list[CountCheck] | None = None) -> list[Contradiction]:
    """Working-by bounds earlier than the documented start, and counts the records cannot meet."""
    out = [c for op in ops.values() if (c := center_contradiction(op)) is not None]
    if checks is None:
        checks = count_checks(records, base_from(ops))
    out += [Contradiction("count", None, (c.event_id,), (c.source_id,), check=c)
            for c in checks if c.status == "too_many_later"]
    return out


def base_from(ops: dict[str, Opening]) -> dict[str, Opening]:
    """The openings without their count bounds (what the count checks are computed from)."""
    return {cid: replace(o, counted_by=None) for cid, o in ops.items()}


@dataclass(frozen=True)
class Reconciled:
    """One statewide count beside the map on its day: the map's counts of the same whole and
    the whole's centres the map does not count (center id, state)."""

    check: CountCheck
    counts: Counts
    absent: tuple[tuple[str, str], ...]


def reconcile(records: Records, ops: dict[str, Opening]) -> list[Reconciled]:
    """"Abgleich mit den Landeszahlen" as data: every statewide count, in date order."""
    out = []
    for c in count_checks(records, base_from(ops)):
        states = states_at(ops, c.day)
        cnt = counts_at({cid: ops[cid] for cid in c.units}, c.day)
        absent = tuple((cid, states[cid]) for cid in c.units if states[cid] not in EXISTING)
        out.append(Reconciled(c, cnt, absent))
    return out
