"""The playback plan: which stops presentation mode and the rollout video visit, how long they rest
on a milestone, where the story ends, and the milestone captions (as data and words).

Plain functions and strings; the map page's timer fragment does the playing.
"""
from __future__ import annotations

from datetime import date

from ..model.dates import parse_period
from ..model.records import Records
from ..model.rollout import Opening, milestones, story_end

PAUSE_TICKS = 3  # extra ticks the player rests on a statewide milestone date


def story_span(ops: dict[str, Opening]) -> tuple[date, date] | None:
    """Earliest possible start of any documented opening (open_by included) and the story's end
    (rollout.story_end: the last day the rollout changes)."""
    starts = [o.period.start for o in ops.values() if o.period]
    obs = [o.open_by for o in ops.values() if o.open_by]
    end = story_end(ops)
    if (not starts and not obs) or end is None:
        return None
    return min(starts + obs), end


def milestone_dates(records: Records) -> list[date]:
    """The dates of the dated statewide milestones (end of their period)."""
    ms = milestones(records)
    return sorted({parse_period(r["date"], r["precision"]).end for _, r in ms.iterrows() if r["date"]})


def present_sequence(stops: list[date], ops: dict[str, Opening], milestone_days: list[date],
                     pause_ticks: int = PAUSE_TICKS) -> list[int]:
    """Stop indices the auto-play shows, one per tick: from the last stop on or before the first
    opening to the first stop on or after the story's end (range_sequence)."""
    span = story_span(ops)
    if not stops:
        return []
    if span is None:
        return list(range(len(stops)))
    return range_sequence(stops, milestone_days, *span, pause_ticks=pause_ticks)


def range_sequence(stops: list[date], milestone_days: list[date], first: date, last: date,
                   pause_ticks: int = PAUSE_TICKS) -> list[int]:
    """Stop indices from the last stop on or before `first` to the first stop on or after `last`,
    one per tick; a stop that holds a milestone (the milestone falls after the previous stop and
    on or before it) repeats `pause_ticks` times more."""
    lo = max([i for i, s in enumerate(stops) if s <= first], default=0)
    hi = min([i for i, s in enumerate(stops) if s >= last], default=len(stops) - 1)
    seq: list[int] = []
    for i in range(lo, hi + 1):
        prev = stops[i - 1] if i > 0 else date.min
        hold = any(prev < m <= stops[i] for m in milestone_days)
        seq.extend([i] * (1 + (pause_ticks if hold else 0)))
    return seq


def position_for(seq: list[int], stop_idx: int) -> int:
    """The first tick of `seq` that shows stop `stop_idx` (or the nearest stop inside the sequence)."""
    if not seq:
        return 0
    target = min(max(stop_idx, seq[0]), seq[-1])
    return next(p for p, i in enumerate(seq) if i >= target)


def step_position(seq: list[int], pos: int, action: str) -> int:
    """Where a presenter's key leads from tick `pos`: "next"/"prev" the first tick of the next or
    previous stop (pauses skipped), "home" the start, "end" the story's end."""
    if not seq:
        return 0
    pos = min(max(pos, 0), len(seq) - 1)
    if action == "home":
        return 0
    if action == "end":
        return position_for(seq, seq[-1])
    if action == "next":
        return next((p for p in range(pos, len(seq)) if seq[p] != seq[pos]), position_for(seq, seq[pos]))
    if action == "prev":
        here = position_for(seq, seq[pos])
        return position_for(seq, seq[here - 1]) if here > 0 else 0
    raise ValueError(f"unknown action {action!r}")


def milestone_caption(records: Records, at: date, lang: str = "de",
                      only: set[date] | None = None) -> tuple[str, str, str] | None:
    """The latest dated statewide milestone reached by day `at`: (when, label, kind line). The
    kind line says what the state's figure counts when it is not what the headline counts
    (approvals, grant notices: events.count_kind outside deductions.DEDUCIBLE_KINDS), else ""."""
    from ..model.deductions import DEDUCIBLE_KINDS
    from .i18n import T, format_partial_date, t

    reached = [m for _, m in milestones(records).iterrows()
               if m["date"] and parse_period(m["date"], m["precision"]).end <= at
               and (only is None or parse_period(m["date"], m["precision"]).end in only)]
    if not reached:
        return None
    m = reached[-1]
    kind, count = m["count_kind"], m["count"]
    line = ""
    if kind and kind not in DEDUCIBLE_KINDS and count == count and count is not None:
        what = t(f"count_short_{kind}", lang) if f"count_short_{kind}" in T else t(f"count_kind_{kind}", lang)
        line = t("figure_kind_line", lang, n=int(count), what=what)
    return (format_partial_date(m["date"], m["precision"], lang), m["label_de"] if lang == "de" else m["label_en"],
            line)


def milestone_note(records: Records, at: date, lang: str = "de", only: set[date] | None = None) -> str:
    """The milestone caption as text ("Juli 2013: …", its kind line below), or ""; `only`: the
    milestone days that may be captioned (a short video leaves some out)."""
    cap = milestone_caption(records, at, lang, only)
    if cap is None:
        return ""
    when, label, line = cap
    return f"{when}: {label}" + (f"\n{line}" if line else "")
