"""Presentation mode of the map page (`?present=1`, or the button under the map): the map as a
screen-filling SVG with district labels, beside it the date, the headline count (its number
large), the legend and the current milestone caption; no sidebar, no page controls. Keys (and
clickers) steer it through hidden buttons that kirollout.present.keys_js clicks. Layout only;
the map page owns the state (`present`, `present_pos`, `playing`) and its timer fragment plays;
the stops come from kirollout/present.py.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from kirollout import app, maps, present, rollout
from kirollout.app import Bundle
from kirollout.i18n import format_day, t
from kirollout.wording import headline_text
from ui.video_panel import video_panel

ACTIONS = ("toggle", "next", "prev", "home", "end")  # hidden buttons, one per presenter key


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
    ss.present_pos = present.step_position(seq, ss.present_pos, action)
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
    st.markdown(present.PRESENT_CSS, unsafe_allow_html=True)
    pos = min(st.session_state.present_pos, len(seq) - 1)
    at = b.stops[seq[pos]]
    counts = rollout.counts_at(b.ops, at)
    map_col, side = st.columns([12, 8], gap="medium", vertical_alignment="center")
    map_col.markdown(f'<div class="ki-present-root ki-present-map" data-testid="ki-present-map">'
                     f'{app.svg_map(lang).svg(at)}</div>', unsafe_allow_html=True)
    with side.container(key="ki_present_side"):
        cap = present.milestone_caption(b.records, at, lang)
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
                    f'{html.escape(t("present_keys_short", lang))}</div>', unsafe_allow_html=True)
    with st.container(key="ki_present_keys"):  # hidden; the key script clicks them
        for action in ACTIONS:
            st.button(action, on_click=_act, args=(action, seq), key=f"ki_key_{action}")
    st.markdown(f'<div class="ki-present-keys" role="note" data-testid="ki-present-keys">'
                f'{html.escape(t("present_keys", lang))}</div>', unsafe_allow_html=True)
    write_url({"date": at.isoformat(), "present": "1"} | ({"lang": lang} if lang != "de" else {}))
