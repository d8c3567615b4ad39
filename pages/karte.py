"""Map page: the rollout at a date (slider, play), counts beside milestones, district detail."""
from __future__ import annotations

import html

import streamlit as st
from streamlit_folium import st_folium

from kirollout import app
from kirollout.model import rollout
from kirollout.render import embed, maps, playback, share
from kirollout.render.details import center_detail, md_text
from kirollout.render.i18n import credit_line, edition_line, format_day, t
from kirollout.render.map_exports import export_filename
from kirollout.render.wording import breakdown_text, headline_text
from views import present as present_view
from views.detail_panel import detail_items
from views.trip_link import add_to_trip_link
from views.video_panel import video_panel

lang = app.page_start()

b = app.bundle_or_stop(lang)

rec, ops, stops = b.records, b.ops, b.stops
centers = rec.centers.set_index("ags")
known_ags = set(centers.index)
# the story's end (rollout.story_end): where the page opens, play stops and a new play restarts
end_idx = app.story_end_index()
seq = app.present_seq()

# ---- shareable state from the URL (read once per session, then owned by the widgets) ----
# Re-read the URL on first load, and whenever it was changed from outside this page (a link
# from another page or an edited address; share.outside_change).
_url = {k: st.query_params.get_all(k)[0] for k in st.query_params}
if "view_loaded" not in st.session_state or share.outside_change(_url, st.session_state.get("_karte_qp", [])):
    view = share.parse_view(dict(st.query_params), known_ags=known_ags, first=stops[0], last=stops[-1])
    st.session_state.date_idx = share.nearest_index(stops, view.date) if view.date else end_idx
    st.session_state.selected_ags = view.ags
    st.session_state.notices = view.notices
    st.session_state.present = view.present
    st.session_state.show_table = view.table
    # a presentation link with a date (or a reload) starts there, paused; without one it plays
    st.session_state.present_pos = playback.position_for(seq, st.session_state.date_idx) if view.date else 0
    st.session_state.playing = view.present and not view.date
    st.session_state.last_click = None
    st.session_state.view_loaded = True
elif "date_idx" not in st.session_state:  # back from another page: the slider's widget state is gone
    st.session_state.date_idx = min(st.session_state.get("_map_date_idx", len(stops) - 1), len(stops) - 1)



def _write_url(qp: dict) -> None:
    """The address bar is the share link; remember what we wrote, so it is not read back as a new link.
    A rerun asked for in quick succession may carry an address older than the last one written:
    write whenever either differs from the view."""
    written = st.session_state.get("_karte_qp", [])
    if _url != qp or (written and written[-1] != qp):
        st.query_params.from_dict(qp)
    st.session_state._karte_qp = share.remember(st.session_state.get("_karte_qp", []), qp)


if st.session_state.notices:
    st.warning(t("notice_bad_param", lang, names=", ".join(st.session_state.notices)), icon="⚠️")


presenting = bool(st.session_state.present and seq)
# keys for presentation mode, and one history entry (not one per tick) while playing
st.html(present_view.keys_js(), unsafe_allow_javascript=True)


def _step(delta: int) -> None:
    st.session_state.date_idx = max(0, min(len(stops) - 1, st.session_state.date_idx + delta))


def _toggle_play() -> None:
    if not st.session_state.playing and st.session_state.date_idx >= end_idx:
        st.session_state.date_idx = 0
    st.session_state.playing = not st.session_state.playing


if presenting:
    present_view.show(b, lang, seq, _write_url)
else:
    st.title(t("map_heading", lang))
    st.caption(t("app_subtitle", lang))
    # always one element here (a marker while playing), so nothing below shifts when play toggles
    st.markdown(f'<span class="{"ki-playing" if st.session_state.playing else "ki-paused"}"></span>',
                unsafe_allow_html=True)
    # ---- timeline controls ----
    c1, c2, c3, c4 = st.columns([1, 1, 1, 6], vertical_alignment="bottom")
    c1.button(t("step_back", lang), on_click=_step, args=(-1,), use_container_width=True, key="btn_back")
    c2.button(t("pause", lang) if st.session_state.playing else t("play", lang), on_click=_toggle_play,
              use_container_width=True, key="btn_play", type="primary")
    c3.button(t("step_fwd", lang), on_click=_step, args=(1,), use_container_width=True, key="btn_fwd")
    c4.select_slider(t("date_label", lang), options=list(range(len(stops))), key="date_idx",
                     format_func=app.stop_labels(lang).__getitem__)

    at = stops[st.session_state.date_idx]
    st.session_state._map_date_idx = st.session_state.date_idx  # outlives the widget (leaving the page)
    counts = rollout.counts_at(ops, at)

if not presenting:
    # ---- selection: search box and map click share one state ----
    options = [""] + sorted(known_ags, key=lambda a: centers.loc[a, "kreis_name"])


    def _label(a: str) -> str:
        if not a:
            return t("search_placeholder", lang)
        c = centers.loc[a]
        return f"{c['kreis_name']} ({t('kind_' + c['kind'], lang)})"


    def _on_search() -> None:
        st.session_state.selected_ags = st.session_state.search or None


    if st.session_state.get("search") != (st.session_state.selected_ags or ""):
        st.session_state.search = st.session_state.selected_ags or ""

    map_col, side_col = st.columns([3, 2], gap="medium")
    with side_col:
        st.markdown(f'<div class="ki-date" style="font-size:2.2rem;font-weight:700;line-height:1.1" '
                    f'data-testid="ki-date">{html.escape(format_day(at, lang))}</div>', unsafe_allow_html=True)
        st.markdown(f'<div class="ki-count" style="font-size:1.3rem;margin:0.3rem 0 0.2rem" data-testid="ki-count">'
                    f'{html.escape(headline_text(counts, lang))}</div>'
                    f'<div class="ki-breakdown" style="font-size:0.9rem;margin:0 0 0.8rem" data-testid="ki-breakdown">'
                    f'{html.escape(breakdown_text(counts, lang))}</div>', unsafe_allow_html=True)
        st.selectbox(t("search_label", lang), options, format_func=_label, key="search", on_change=_on_search)
        st.markdown(maps.legend_html(lang), unsafe_allow_html=True)

    with map_col:
        fg = maps.data_layer(b.geojson, ops, at, lang, st.session_state.selected_ags, b.geometry_url)
        out = st_folium(
            maps.base_map(b.meta), feature_group_to_add=fg, height=620, use_container_width=True,
            returned_objects=["last_active_drawing"], key="ki_map",
        )
        st.caption(t("map_text_alt", lang))
        st.caption(f"{edition_line(b.edition, lang)} · {credit_line(b.edition, lang)}")
        e1, e2, e3 = st.columns(3)
        e1.download_button(t("export_png", lang), data=lambda: app.map_png(at, lang),
                           file_name=export_filename(at, "png"), mime="image/png", on_click="ignore", key="dl_png",
                           help=t("export_png_help", lang), width="stretch")
        e2.download_button(t("export_html", lang), data=lambda: app.map_html(at, lang),
                           file_name=export_filename(at, "html"), mime="text/html", on_click="ignore", key="dl_html",
                           help=t("export_html_help", lang), width="stretch")
        e3.button(t("present_start", lang), on_click=present_view.start, key="btn_present", width="stretch")
        with st.expander(t("video_heading", lang), icon=":material/movie:"):
            video_panel(lang)
        with st.expander(t("embed_button", lang), icon=":material/code:"):
            st.caption(t("embed_help", lang))
            snippet = embed.snippet_for_view(at, st.session_state.selected_ags, lang)
            if snippet is None:
                st.warning(t("embed_no_site_url", lang))
            else:
                st.code(snippet, language="html")
        st.markdown(f"#### {t('table_heading', lang)}")
        # off by default: the table would travel with every slider step (about 10 KB)
        if st.toggle(t("table_show", lang), key="show_table"):
            st.caption(t("table_help", lang))
            st.dataframe(maps.state_table(rec, ops, at, lang, base=app.opening_table(lang)), hide_index=True,
                         width="stretch", key="state_table")

    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("ags")
    if clicked and clicked != st.session_state.last_click:
        st.session_state.last_click = clicked
        if clicked in known_ags and clicked != st.session_state.selected_ags:
            st.session_state.selected_ags = clicked
            st.rerun()

    # ---- URL reflects the view, so the address bar is the share link ----
    qp = {"date": at.isoformat()}
    if st.session_state.selected_ags:
        qp["ags"] = st.session_state.selected_ags
    if st.session_state.show_table:
        qp["table"] = "1"
    if lang != "de":
        qp["lang"] = lang
    _write_url(qp)

    with side_col:
        sel = st.session_state.selected_ags
        if sel:
            d = center_detail(rec, ops, centers.loc[sel, "center_id"], lang)
            with st.container(border=True, key="detail_panel"):
                st.subheader(md_text(d.name))
                st.page_link("pages/kreisprofil.py", label=t("profile_link", lang), icon=":material/description:",
                             query_params={"ags": sel, **({"lang": lang} if lang != "de" else {})})
                add_to_trip_link(sel, lang)
                detail_items(d, lang)

        st.markdown(f"#### {t('milestones_heading', lang)}")
        st.markdown(app.milestones_html(lang), unsafe_allow_html=True)

if not presenting:
    precision = rollout.documented_precision_counts(ops)
    st.caption(t("documented_line", lang, n=54 - precision["none"], total=54, day=precision["day"],
                 month=precision["month"], year=precision["year"], none=precision["none"]))


# ---- play: a timer fragment advances the date and reruns the page ----
@st.fragment(run_every=0.9 if st.session_state.playing else None)
def _player() -> None:
    if not st.session_state.playing:
        return
    if st.session_state.get("_player_armed"):
        if presenting:  # presentation: through the opening span, resting on milestones
            if st.session_state.present_pos >= len(seq) - 1:
                st.session_state.playing = False
            else:
                st.session_state.present_pos += 1
        elif st.session_state.date_idx >= end_idx or st.session_state.date_idx >= len(stops) - 1:
            st.session_state.playing = False
        else:
            st.session_state.date_idx += 1
        st.session_state._player_armed = False
        st.rerun()
    st.session_state._player_armed = True


_player()
