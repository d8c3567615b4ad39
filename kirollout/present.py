"""Presentation mode (`?present=1`): which stops the auto-play visits, and its page styling.

Plain functions and strings; the map page's timer fragment does the playing.
"""
from __future__ import annotations

import json
from datetime import date

from .dates import parse_period
from .records import Records
from .rollout import Opening, milestones, story_end

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
    opening to the first stop on or after the story's end; a stop that holds a milestone (the
    milestone falls after the previous stop and on or before it) repeats `pause_ticks` times more."""
    span = story_span(ops)
    if not stops:
        return []
    if span is None:
        return list(range(len(stops)))
    first, last = span
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


PRESENT_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"],
  header[data-testid="stHeader"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1rem 2rem !important; }
  .ki-present-date { font-size: 5rem; font-weight: 800; line-height: 1.05; color: #111111; }
  .ki-present-count { font-size: 2.6rem; font-weight: 600; margin: 0.4rem 0 1rem; color: #111111; }
  .ki-present-count b { font-size: 4rem; }
  .ki-present .ki-legend div { font-size: 1.2rem !important; }
  .ki-present-milestone { font-size: 1.5rem; color: #1a1a1a; margin-top: 1rem; }
</style>
"""


def escape_listener_js(param: str = "present") -> str:
    """A script (for st.html, run in the app's document): Escape navigates to the same URL
    without `param` — a new session, so presentation mode ends."""
    return f"""<script>
(function () {{
  var doc = window.parent.document;
  if (doc.__kiEscape) return;
  doc.__kiEscape = true;
  doc.addEventListener("keydown", function (e) {{
    if (e.key !== "Escape") return;
    var u = new URL(window.parent.location.href);
    if (!u.searchParams.has({json.dumps(param)})) return;
    u.searchParams.delete({json.dumps(param)});
    window.parent.location.href = u.toString();
  }});
}})();
</script>"""


def milestone_note(records: Records, at: date, lang: str = "de") -> str:
    """The latest dated statewide milestone reached by day `at` ("Juli 2013: …"), or ""."""
    from .i18n import format_partial_date

    reached = [m for _, m in milestones(records).iterrows()
               if m["date"] and parse_period(m["date"], m["precision"]).end <= at]
    if not reached:
        return ""
    m = reached[-1]
    return f'{format_partial_date(m["date"], m["precision"], lang)}: {m["label_de"] if lang == "de" else m["label_en"]}'
