"""Presentation mode of the map page (`?present=1`, or the button under the map): full-width
map, big date and count, no sidebar and no controls. Layout only; the map page owns the state
(date, `present`, `present_pos`, `playing`) and its timer fragment does the playing; the stops
visited come from kirollout/present.py.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st
from streamlit_folium import st_folium

from kirollout import maps, present, rollout
from kirollout.app import Bundle
from kirollout.dates import parse_period
from kirollout.i18n import format_day, format_partial_date, t
from kirollout.wording import headline_text
from ui.video_panel import video_panel


def start() -> None:
    """Button callback: enter presentation mode and play from its first stop."""
    st.session_state.present, st.session_state.present_pos = True, 0
    st.session_state.playing, st.session_state._player_armed = True, False


def _exit(seq: list[int]) -> None:
    st.session_state.date_idx = seq[st.session_state.present_pos]
    st.session_state.present = st.session_state.playing = False


def _replay() -> None:
    st.session_state.present_pos, st.session_state.playing = 0, True


def show(b: Bundle, lang: str, seq: list[int], write_url: Callable[[dict], None]) -> None:
    """Draw presentation mode at stop `seq[present_pos]`; `write_url` keeps the share link."""
    # ---- presentation mode: big numerals, full-width map, no editing controls ----
    st.markdown(present.PRESENT_CSS, unsafe_allow_html=True)
    st.html(present.escape_listener_js(), unsafe_allow_javascript=True)
    at = b.stops[seq[min(st.session_state.present_pos, len(seq) - 1)]]
    counts = rollout.counts_at(b.ops, at)
    p1, p2, p3 = st.columns([3, 3, 1], vertical_alignment="center")
    p1.markdown(f'<div class="ki-date ki-present-date" data-testid="ki-date">{html.escape(format_day(at, lang))}</div>',
                unsafe_allow_html=True)
    p2.markdown(f'<div class="ki-count ki-present-count" data-testid="ki-count">'
                f'{html.escape(headline_text(counts, lang))}'
                f'</div>', unsafe_allow_html=True)
    p3.button(t("present_exit", lang), on_click=_exit, args=(seq,), key="btn_present_exit", type="primary",
              width="stretch")
    if not st.session_state.playing:
        p3.button(t("present_replay", lang), on_click=_replay, key="btn_present_replay", width="stretch")
    p3.caption(t("present_hint", lang))
    with p3.popover(t("video_heading", lang), icon=":material/movie:", width="stretch"):
        video_panel(lang, key="video_present")
    fg = maps.data_layer(b.geojson, b.ops, at, lang, None, b.geometry_url)
    st_folium(maps.base_map(b.meta), feature_group_to_add=fg, height=600, use_container_width=True,
              returned_objects=[], key="ki_map_present")
    st.markdown(f'<div class="ki-present">{maps.legend_html(lang)}</div>', unsafe_allow_html=True)
    reached = [m for _, m in rollout.milestones(b.records).iterrows()
               if m["date"] and parse_period(m["date"], m["precision"]).end <= at]
    if reached:
        m = reached[-1]
        when = format_partial_date(m["date"], m["precision"], lang)
        st.markdown(f'<div class="ki-present-milestone"><b>{html.escape(when)}</b>: '
                    f'{html.escape(m["label_de"] if lang == "de" else m["label_en"])}</div>', unsafe_allow_html=True)
    write_url({"date": at.isoformat(), "present": "1"} | ({"lang": lang} if lang != "de" else {}))
