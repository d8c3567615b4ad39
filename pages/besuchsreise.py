"""Besuchsreise: several districts in trip order, a date and time per stop → one PDF or DOCX.

The stops live in the session (views.trip_link) and in the address (?ags=…&dates=…&times=…), so
they survive leaving the page, a reload and "add to trip" from the map.
"""
from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from kirollout import app
from kirollout.render import share, trip, trip_plan
from kirollout.render.details import district_label, md_text
from kirollout.render.i18n import t
from kirollout.render.trip_plan import Stop
from views.trip_link import set_trip_stops, trip_stops

lang = app.page_start()
st.title(t("trip_heading", lang))
b = app.bundle_or_stop(lang)
centers = b.records.centers.set_index("ags")
known = set(centers.index)
names = dict(zip(centers.index, centers["kreis_name"]))
today = date.today()
first_day, last_day = trip_plan.date_range(today)
st.caption(t("trip_intro", lang, n=trip.MAX_STOPS))

# ---- a link from outside (shared, or "add to trip" on the map) replaces the trip; the page's own
# echo and an address without stops (back from another page) keep the session's trip ----
url = {k: st.query_params.get_all(k)[0] for k in st.query_params}
if "ags" in url and share.outside_change(url, st.session_state.get("_trip_written", [])):
    stops, problems = trip_plan.read_link(url.get("ags"), known, url.get("dates"), url.get("times"), today)
    if not stops and not problems:
        problems = [trip.TripError("trip_empty")]
    set_trip_stops(stops)
    st.session_state._trip_notices = [t("trip_link_dropped", lang, field=p.field, message=p.text(lang))
                                      for p in problems]
for notice in st.session_state.get("_trip_notices", []):
    st.warning(md_text(notice), icon="⚠️")
if extra := share.unknown_params(st.query_params, {"ags", "dates", "times", "lang"}):
    st.warning(t("notice_bad_param", lang, names=", ".join(extra)), icon="⚠️")


# ---- widgets are seeded from the session's trip on every run; their callbacks write back ----
def _day_key(a: str) -> str:
    return f"trip_day_{a}"


def _time_key(a: str) -> str:
    return f"trip_time_{a}"


def _on_pick() -> None:
    """Keep the order (and dates) of the stops still picked; new picks go to the end."""
    pick = st.session_state.trip_pick
    kept = [s for s in trip_stops() if s.ags in pick]
    set_trip_stops(kept + [Stop(a) for a in pick if a not in {s.ags for s in kept}])


def _on_when(a: str) -> None:
    set_trip_stops([Stop(s.ags, st.session_state.get(_day_key(a)), st.session_state.get(_time_key(a)))
                    if s.ags == a else s for s in trip_stops()])


def _move(i: int, delta: int) -> None:
    stops = trip_stops()
    j = i + delta
    if 0 <= j < len(stops):
        stops[i], stops[j] = stops[j], stops[i]
        set_trip_stops(stops)


def _remove(i: int) -> None:
    stops = trip_stops()
    del stops[i]
    set_trip_stops(stops)


stops = trip_stops()
st.session_state.trip_pick = [s.ags for s in stops]
st.multiselect(t("trip_pick", lang), sorted(known, key=lambda a: names[a]), key="trip_pick",
               max_selections=trip.MAX_STOPS, on_change=_on_pick,
               format_func=lambda a: district_label(names[a], centers.loc[a, "kind"], lang))


def _write_url() -> None:
    qp = trip_plan.link_params(stops, lang) if stops else ({"lang": lang} if lang != "de" else {})
    if url != qp:
        st.query_params.from_dict(qp)
    st.session_state._trip_written = share.remember(st.session_state.get("_trip_written", []), qp)


if not stops:
    _write_url()
    st.info(t("trip_empty", lang))
    st.stop()

st.markdown(f"#### {t('trip_stops_heading', lang)}")
for i, s in enumerate(stops):
    st.session_state[_day_key(s.ags)] = s.day
    st.session_state[_time_key(s.ags)] = s.time
    with st.container(key=f"trip_row_{i}"):
        c = st.columns([3, 2, 1.4, 0.5, 0.5, 0.5], vertical_alignment="bottom")
        c[0].markdown(f"**{i + 1}.** {md_text(district_label(names[s.ags], centers.loc[s.ags, 'kind'], lang))}")
        c[1].date_input(t("trip_date", lang, n=i + 1, name=names[s.ags]), value=None, key=_day_key(s.ags),
                        min_value=first_day, max_value=last_day, format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD",
                        on_change=_on_when, args=(s.ags,))
        c[2].time_input(t("trip_time", lang), value=None, key=_time_key(s.ags), step=900,
                        on_change=_on_when, args=(s.ags,))
        c[3].button("↑", key=f"trip_up_{i}", help=t("trip_up", lang, n=i + 1), disabled=i == 0,
                    on_click=_move, args=(i, -1), width="stretch")
        c[4].button("↓", key=f"trip_down_{i}", help=t("trip_down", lang, n=i + 1), disabled=i == len(stops) - 1,
                    on_click=_move, args=(i, 1), width="stretch")
        c[5].button("✕", key=f"trip_remove_{i}", help=t("trip_remove", lang, n=i + 1),
                    on_click=_remove, args=(i,), width="stretch")
_write_url()

# ---- the dates as a plan: out of order is an error (no file), the past a warning ----
issues = trip_plan.check_dates(stops, names, today)
errors = [i for i in issues if i.level == "error"]
for i in issues:
    field = t("trip_time" if i.field == "times" else "trip_day", lang)
    (st.error if i.level == "error" else st.warning)(md_text(f"{field}: {i.text(lang)}"), icon="⚠️")
if errors:
    st.error(t("trip_no_file", lang), icon=":material/block:")
else:
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(t("trip_download", lang), data=partial(app.trip_pdf, stops, lang, today),
                       file_name=trip.pdf_file_name(stops, today), mime="application/pdf", icon=":material/download:",
                       type="primary", key="trip_download", on_click="ignore")
    c2.download_button(t("trip_download_docx", lang), data=partial(app.trip_docx, stops, lang, today),
                       file_name=trip.pdf_file_name(stops, today).removesuffix(".pdf") + ".docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       icon=":material/description:", key="trip_download_docx", on_click="ignore")

facts = trip.stop_facts(b.records, b.ops, stops, lang, today)
st.dataframe(pd.DataFrame([{
    t("trip_col_no", lang): f.number, t("col_district", lang): f.kreis, t("col_date", lang):
        f.stop.day.strftime("%d.%m.%Y") if f.stop.day else "",
    t("trip_time", lang): f.stop.time.strftime("%H:%M") if f.stop.time else "",
    t("trip_col_center", lang): f.center, t("detail_opening", lang): f.opening,
    t("trip_col_last_visit", lang): f.last_visit, t("trip_col_funding", lang): f.funding,
    t("trip_since_visit", lang): f.since_visit,
} for f in facts]), hide_index=True, width="stretch", key="trip_table")
