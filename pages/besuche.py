"""Besuchshistorie: last documented visit per district (sortable by date, on a map), and the
districts without a documented visit since a cut-off (kept in the address: ?since=2022-01-01)."""
from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from kirollout import app
from kirollout.model import rollout
from kirollout.render import exports, share, trip_plan
from kirollout.render.i18n import format_day, t
from kirollout.render.visits import not_visited_since, visit_summaries
from views.trip_link import trip_stops, with_stop

lang = app.page_start()

st.title(t("visits_heading", lang))
st.caption(t("visits_intro", lang))

b = app.bundle_or_stop(lang)
rec = b.records
by_ags = {f.ags: f for f in app.facts().values()}
researched = {a: f.researched_until("visits") for a, f in by_ags.items()}  # research log (ki_data/research_log.csv)
# up to when visits were researched everywhere: the earliest entry (a centre without one: the Datenstand)
until = format_day(min(d or b.edition.datenstand for d in researched.values()), lang, "short")
research_col = t("col_researched", lang)
url_col, profile_col, trip_col = t("col_url", lang), t("col_profile", lang), t("col_add_trip", lang)
day_col = t("col_last_visit_day", lang)
lang_q = f"&lang={lang}" if lang != "de" else ""


def _trip_href(ags: str) -> str:
    qp = trip_plan.link_params(with_stop(trip_stops(), ags), lang)
    return "besuchsreise?" + "&".join(f"{k}={v}" for k, v in qp.items())


def _table(rows) -> pd.DataFrame:
    return pd.DataFrame([{
        t("col_kreis", lang): s.kreis_name,
        t("detail_kind", lang): s.kind,
        day_col: s.last_period.start if s.last_period else None,
        t("col_last_visit", lang): s.last_date_text,
        t("col_person", lang): s.last_person or "–",
        t("col_visits", lang): s.visits,
        t("col_undated", lang): s.undated,
        research_col: researched.get(s.ags),
        t("col_source", lang): (f"[{s.last_source_id}] {s.last_source_title}" if s.last_source_id else "–"),
        url_col: s.last_source_url if s.last_source_url.startswith(("http://", "https://")) else "",
        profile_col: f"kreisprofil?ags={s.ags}{lang_q}",
        trip_col: _trip_href(s.ags),
    } for s in rows])


_config = {
    day_col: st.column_config.DateColumn(day_col, format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD"),
    research_col: st.column_config.DateColumn(research_col, format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD"),
    url_col: st.column_config.LinkColumn(url_col),
    profile_col: st.column_config.LinkColumn(profile_col, display_text=t("link_open", lang)),
    trip_col: st.column_config.LinkColumn(trip_col, display_text=t("link_add", lang)),
}


def _downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel of the rows shown (without the app's own links)."""
    out = df.drop(columns=[profile_col, trip_col])
    c1, c2, _ = st.columns([1, 1, 1])
    c1.download_button(t("visits_dl_csv", lang), data=out.to_csv(index=False).encode("utf-8-sig"),
                       file_name=f"{name}.csv", mime="text/csv", icon=":material/download:", key=f"{key}_csv")
    c2.download_button(t("visits_dl_xlsx", lang), data=lambda: exports.frame_xlsx_bytes(out, name),
                       file_name=f"{name}.xlsx", icon=":material/download:", key=f"{key}_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


summaries = visit_summaries(rec, lang, app.facts())
table_col, map_col = st.columns([3, 2])
with table_col:
    df = _table(summaries)
    st.dataframe(df, hide_index=True, key="visits_table", column_config=_config)
    st.caption(t("visits_day_note", lang))
    _downloads(df, f"ki-besuche_{b.edition.datenstand.isoformat()}", "visits_all")
with map_col:
    st.markdown(f"#### {t('visits_map_heading', lang)}")
    st.image(app.visit_map(lang), caption=t("visits_map_alt", lang), width="stretch")

# ---- the cut-off lives in the address (?since=…): a shared link shows the same list ----
first_day, today = date(2012, 1, 1), date.today()
default_since = date(2017, 1, 1)
raw = st.query_params.get("since")
if raw is not None and raw != st.session_state.get("_visits_since_read"):
    st.session_state._visits_since_read = raw
    try:
        st.session_state.visits_since = share.parse_day_param(raw, first_day, today)
        st.session_state._visits_notice = None
    except ValueError:
        st.session_state._visits_notice = t("notice_bad_param", lang, names="since")
        st.session_state.visits_since = default_since
elif "visits_since" not in st.session_state:
    st.session_state.visits_since = st.session_state.get("_visits_since_kept", default_since)
if st.session_state.get("_visits_notice"):
    st.warning(st.session_state._visits_notice, icon="⚠️")
if extra := share.unknown_params(st.query_params, {"since", "lang"}):
    st.warning(t("notice_bad_param", lang, names=", ".join(extra)), icon="⚠️")

st.markdown(f"#### {t('visits_since_label', lang)}")
since = st.date_input(t("visits_since_label", lang), min_value=first_day, max_value=today,
                      format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD", key="visits_since")
st.session_state._visits_since_kept = since
if st.query_params.get("since") != since.isoformat():
    st.query_params["since"] = since.isoformat()
    st.session_state._visits_since_read = since.isoformat()
missing = not_visited_since(rec, since, lang, app.facts())
result = t("visits_since_result", lang, n=len(missing), total=rollout.TOTAL_CENTERS,
           date=format_day(since, lang, "short"), until=until)
st.markdown(f'<div data-testid="ki-visits-result" style="font-size:1.1rem;font-weight:600">'
            f'{html.escape(result)}'
            f'</div>', unsafe_allow_html=True)
st.caption(t("visits_research_note", lang, until=until) + " " + t("visits_since_note", lang,
                                                                   date=format_day(since, lang, "short")))
if missing:
    df = _table(missing)
    df[t("col_undated", lang)] = [t("visits_unknown_flag", lang, n=s.undated) if s.undated else "–" for s in missing]
    st.dataframe(df, hide_index=True, key="visits_missing", column_config=_config)
    _downloads(df, f"ki-ohne-besuch-seit_{since.isoformat()}", "visits_missing")
