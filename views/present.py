"""Presentation mode of the map page (`?present=1`, or the button under the map): the map as a
screen-filling SVG with district labels, beside it the date, the headline count (its number
large), the legend and the current milestone caption; no sidebar, no page controls. Keys (and
clickers) steer it through hidden buttons that kirollout.render.playback.keys_js clicks. Layout only;
the map page owns the state (`present`, `present_pos`, `playing`) and its timer fragment plays;
the stops come from kirollout/render/playback.py.
"""
from __future__ import annotations

import html
import json
from collections.abc import Callable

import streamlit as st

from kirollout import app
from kirollout.app import Bundle
from kirollout.model import rollout
from kirollout.render import maps, playback
from kirollout.render.i18n import credit_line, edition_line, format_day, t
from kirollout.render.palette import OPENING_YEARS
from kirollout.render.wording import headline_text
from views.video_panel import video_panel

ACTIONS = ("toggle", "next", "prev", "home", "end")  # hidden buttons, one per presenter key

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




def start() -> None:
    """Button callback: enter presentation mode and play from its first stop."""
    st.session_state.present, st.session_state.present_pos = True, 0
    st.session_state.playing, st.session_state._player_armed = True, False


def _exit(seq: list[int]) -> None:
    """Leave presentation mode at the date reached."""
    st.session_state.date_idx = seq[min(st.session_state.present_pos, len(seq) - 1)]
    st.session_state.present = st.session_state.playing = False


def _act(action: str, seq: list[int]) -> None:
    """A presenter's key or button: toggle play (from the start once at the end), or step and pause."""
    ss = st.session_state
    if action == "toggle":
        if ss.playing:
            ss.playing = False
        else:
            if ss.present_pos >= len(seq) - 1:
                ss.present_pos = 0
            ss.playing, ss._player_armed = True, False
        return
    ss.present_pos = playback.step_position(seq, ss.present_pos, action)
    ss.playing = False


def headline_html(counts: rollout.Counts, lang: str) -> str:
    """The headline count with its number enlarged; its text is exactly wording.headline_text."""
    text = headline_text(counts, lang)
    if counts.exist:
        number = str(counts.exist)
        rest = text[len(number):]
        unsure = rest.rfind(" (")
        head, tail = (rest[:unsure], rest[unsure:]) if counts.uncertain and unsure >= 0 else (rest, "")
        return (f'<span class="ki-big">{number}</span>{html.escape(head)}'
                + (f'<span class="ki-unsure">{html.escape(tail)}</span>' if tail else ""))
    return html.escape(text)


def show(b: Bundle, lang: str, seq: list[int], write_url: Callable[[dict], None]) -> None:
    """Draw presentation mode at stop `seq[present_pos]`; `write_url` keeps the share link."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    pos = min(st.session_state.present_pos, len(seq) - 1)
    at = b.stops[seq[pos]]
    counts = rollout.counts_at(b.ops, at)
    map_col, side = st.columns([12, 8], gap="medium", vertical_alignment="center")
    map_col.markdown(f'<div class="ki-present-root ki-present-map" data-testid="ki-present-map">'
                     f'{app.svg_map(lang).svg(at)}</div>', unsafe_allow_html=True)
    with side.container(key="ki_present_side"):
        cap = playback.milestone_caption(b.records, at, lang)
        caption = ""
        if cap:
            when, label, kind_line = cap
            caption = (f'<div class="ki-present-milestone" data-testid="ki-present-milestone">'
                       f'<b>{html.escape(when)}</b>: {html.escape(label)}'
                       + (f'<span class="ki-kind" data-testid="ki-present-kind">{html.escape(kind_line)}</span>'
                          if kind_line else "") + '</div>')
        st.markdown(
            f'<div class="ki-present-side">'
            f'<div class="ki-date ki-present-date" data-testid="ki-date">{html.escape(format_day(at, lang))}</div>'
            f'<div class="ki-count ki-present-count" data-testid="ki-count">{headline_html(counts, lang)}</div>'
            f'{maps.legend_html(lang)}{caption}</div>', unsafe_allow_html=True)
        c1, c2, c3 = st.columns([5, 3, 3], vertical_alignment="center")
        c1.button(t("present_exit", lang), on_click=_exit, args=(seq,), key="btn_present_exit", type="primary",
                  width="stretch")
        label = (t("present_pause", lang) if st.session_state.playing
                 else t("present_replay", lang) if pos >= len(seq) - 1 else t("present_resume", lang))
        c2.button(label, on_click=_act, args=("toggle", seq), key="btn_present_toggle", width="stretch")
        with c3.popover(t("video_short", lang), icon=":material/movie:", width="stretch"):
            video_panel(lang, key="video_present")
        st.markdown(f'<div class="ki-present-side ki-present-hint" data-testid="ki-present-hint">'
                    f'{html.escape(t("present_keys_short", lang))}</div>'
                    f'<div class="ki-present-side ki-present-hint" data-testid="ki-present-credit">'
                    f'{html.escape(edition_line(b.edition, lang))} · {html.escape(credit_line(b.edition, lang))}'
                    f'</div>', unsafe_allow_html=True)
    with st.container(key="ki_present_keys"):  # hidden; the key script clicks them
        for action in ACTIONS:
            st.button(action, on_click=_act, args=(action, seq), key=f"ki_key_{action}")
    st.markdown(f'<div class="ki-present-keys" role="note" data-testid="ki-present-keys">'
                f'{html.escape(t("present_keys", lang))}</div>', unsafe_allow_html=True)
    write_url({"date": at.isoformat(), "present": "1"} | ({"lang": lang} if lang != "de" else {}))
