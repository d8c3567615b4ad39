"""Presentation mode (`?present=1`): which stops the auto-play visits, and its page styling.

Plain functions and strings; the map page's timer fragment does the playing.
"""
from __future__ import annotations

import json
from datetime import date

from .dates import parse_period
from .palette import OPENING_YEARS
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


# Sizes follow the viewport (vh / vw), so the same page fits 1280 × 720 up to 2560 × 1440: the map
# takes the full height of its column, the side column holds date, headline, legend and caption.
PRESENT_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"],
  header[data-testid="stHeader"], [data-testid="stBottom"], footer { display: none !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2vh 1.4vw 0 !important; }
  [data-testid="stMain"] { overflow: hidden; }
  .st-key-ki_present_keys { display: none !important; }
  .ki-present-map { height: 93vh; display: flex; align-items: center; justify-content: center; }
  .ki-present-map svg { width: 100%; height: 100%; }
  .ki-present-side { color: #111111; line-height: 1.15; }
  .ki-present-date { font-size: min(7vh, 3.2vw); font-weight: 800; white-space: nowrap; }
  .ki-present-count { font-size: min(3.6vh, 1.9vw); font-weight: 600; margin: 0.6vh 0 0.4vh; }
  .ki-present-count .ki-big { font-size: min(11vh, 5.6vw); font-weight: 800; line-height: 1; color: #b02a30;
                              margin-right: 0.25em; vertical-align: -0.08em; }
  .ki-present-count .ki-unsure { font-size: 0.7em; font-weight: 400; white-space: nowrap; }
  .ki-present-side .ki-legend { display: grid; grid-template-columns: repeat(4, auto); justify-content: start;
                                column-gap: 1.6vw; margin: 1.2vh 0; }
  .ki-present-side .ki-legend > div { font-size: min(2.05vh, 1.1vw) !important; line-height: 1.45 !important; }
  .ki-present-side .ki-legend > div:first-child,
  .ki-present-side .ki-legend > div:nth-child(n+__STATES__) { grid-column: 1 / -1; }
  .ki-present-side .ki-legend span { width: 2.6vh !important; height: 1.7vh !important; }
  .ki-present-milestone { font-size: min(2.5vh, 1.3vw); color: #1a1a1a; margin-top: 1vh;
                          border-left: 0.5vh solid #b02a30; padding-left: 0.8vw; }
  .ki-present-milestone .ki-kind { display: block; margin-top: 0.5vh; font-size: 0.9em; color: #333333; }
  .ki-present-hint { font-size: min(1.7vh, 0.9vw); color: #444444; margin-top: 0.8vh; }
  .ki-present-keys { position: fixed; right: 1.4vw; top: 2vh; width: 36vw; z-index: 1000;
                     background: rgba(17, 17, 17, 0.88); color: #ffffff; padding: 1.2vh 1.6vw; border-radius: 8px;
                     font-size: min(2.3vh, 1.2vw); text-align: center; pointer-events: none;
                     animation: ki-keys-fade 0.8s ease-in 7s forwards; }
  @keyframes ki-keys-fade { to { opacity: 0; visibility: hidden; } }
  .ki-present-side [data-testid="stButton"] button, .ki-present-side [data-testid="stPopover"] button {
      min-height: 0; padding: 0.5vh 0.8vw; }
  .ki-present-side [data-testid="stButton"] button p, .ki-present-side [data-testid="stPopover"] button p {
      font-size: min(1.9vh, 1vw); }
</style>
""".replace("__STATES__", str(len(OPENING_YEARS) + 2))  # after the title and the years: one row each

# what a key does in presentation mode (clickers send PageDown / PageUp or the arrow keys)
KEY_ACTIONS = {" ": "toggle", "ArrowRight": "next", "PageDown": "next", "ArrowLeft": "prev", "PageUp": "prev",
               "Home": "home", "End": "end", "Escape": "exit"}


def keys_js() -> str:
    """A script (for st.html, run in the app's document), installed once per browser tab:

    - in presentation mode (a `.ki-present-root` on the page) a key of KEY_ACTIONS clicks the
      hidden button `.st-key-ki_key_<action>` (Escape: the exit button), so Streamlit runs the
      step as an ordinary button callback; keys typed into a field are left alone;
    - while presentation mode is on or the map plays (`.ki-playing`), Streamlit's history entry
      per address change is replaced instead of pushed, so Back leaves the page, not one tick.
    """
    return """<script>
(function () {
  var win = window.parent || window, doc = win.document;
  var actions = %s;
  function live() { return doc.querySelector(".ki-present-root"); }
  if (!win.__kiReplaceUrl) {
    win.__kiReplaceUrl = true;
    var push = win.history.pushState.bind(win.history);
    win.history.pushState = function (state, title, url) {
      if (doc.querySelector(".ki-present-root, .ki-playing")) return win.history.replaceState(state, title, url);
      return push(state, title, url);
    };
  }
  if (win.__kiPresentKeys) return;
  win.__kiPresentKeys = true;
  function onKey(e) {
    if (!live() || e.altKey || e.ctrlKey || e.metaKey) return;
    var action = actions[e.key];
    if (!action) return;
    var tag = (e.target && e.target.tagName) || "";
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || (e.target && e.target.isContentEditable)) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.repeat) return;
    var sel = action === "exit" ? ".st-key-btn_present_exit button" : ".st-key-ki_key_" + action + " button";
    // the buttons may still be on their way during the first run: retry for a few seconds
    (function press(tries) {
      var btn = doc.querySelector(sel);
      if (btn) btn.click();
      else if (tries > 0) setTimeout(function () { press(tries - 1); }, 100);
    })(40);
  }
  doc.addEventListener("keydown", onKey, true);
})();
</script>""" % json.dumps(KEY_ACTIONS)


def milestone_caption(records: Records, at: date, lang: str = "de",
                      only: set[date] | None = None) -> tuple[str, str, str] | None:
    """The latest dated statewide milestone reached by day `at`: (when, label, kind line). The
    kind line says what the state's figure counts when it is not what the headline counts
    (approvals, grant notices: events.count_kind outside deductions.DEDUCIBLE_KINDS), else ""."""
    from .deductions import DEDUCIBLE_KINDS
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
