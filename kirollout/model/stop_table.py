"""The rollout at every timeline stop as one compact table: the data every map page looks up.

The offline HTML export and the published site ship this table instead of a copy of the state
rule, so the browser never decides a state itself (one rule: kirollout.model.rollout). Everything is
derived from rollout.STATES and the fields of rollout.Counts, so a new state or a new count
field appears here without a change.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from .rollout import BASIS_KEYS, STATES, Opening, counts_at, evidence_at, states_at, tooltip_basis


def stop_table(ops: dict[str, Opening], stops: list[date]) -> dict:
    """{stops: ISO dates, states: STATES, centers: {center_id: one digit per stop = index into
    STATES}, bases: {center_id: one digit per stop = index into BASIS_KEYS, the evidence whose
    source the tooltip cites}, counts: {Counts field: [value per stop]}} — one rollout rule."""

    assert len(STATES) <= 10, "one digit per stop"
    per_stop = [states_at(ops, s) for s in stops]
    counts = [_count_fields(counts_at(ops, s)) for s in stops]
    return {
        "stops": [s.isoformat() for s in stops],
        "states": list(STATES),
        "centers": {cid: "".join(str(STATES.index(st[cid])) for st in per_stop) for cid in ops},
        "basisKeys": list(BASIS_KEYS),  # maps.BASIS_KEYS
        "bases": {cid: "".join(str(BASIS_KEYS.index(tooltip_basis(*evidence_at(o, s)))) for s in stops)
                  for cid, o in ops.items()},
        "counts": {k: [c[k] for c in counts] for k in (counts[0] if counts else {})},
    }


def _count_fields(c) -> dict:
    """Every Counts field plus the names the count line and its breakdown use (i18n count_sure,
    count_none, count_plus_uncertain, count_breakdown): exist (the headline), start, working."""
    return {**asdict(c), "exist": c.exist, "start": c.open_start, "working": c.open_working}


def state_of(table: dict, center_id: str, i: int) -> str:
    """The state the table holds for one center at stop index `i` (what the page shows)."""
    return table["states"][int(table["centers"][center_id][i])]
