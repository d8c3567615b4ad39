"""Besuchsreise: several districts in trip order (optionally a date per stop) → one PDF."""
from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from kirollout import app, trip
from kirollout.details import district_label, md_text
from kirollout.i18n import t
from ui.trip_link import TRIP_KEY

lang = app.page_start()
st.title(t("trip_heading", lang))
b = app.bundle_or_stop(lang)
centers = b.records.centers.set_index("ags")
known = set(centers.index)
st.caption(t("trip_intro", lang, n=trip.MAX_STOPS))

# ---- the URL (?ags=05358,05370&dates=2025-03-10,) sets the stops on arrival and when the link changes ----
qp = (st.query_params.get("ags"), st.query_params.get("dates"))
if qp != st.session_state.get("_trip_qp"):
    st.session_state._trip_qp, st.session_state._trip_error = qp, None
    if qp[0] is not None:
        try:
            stops = trip.parse_trip(qp[0], known, qp[1])
            st.session_state.trip_pick = [s.ags for s in stops]
            for s in stops:
                st.session_state[f"trip_day_{s.ags}"] = s.day
        except trip.TripError as exc:  # a clear message and no file
            st.session_state.trip_pick = []
            st.session_state._trip_error = f"{t('notice_bad_param', lang, names='ags')} {exc.text(lang)}"
if st.session_state.get("_trip_error"):
    st.warning(md_text(st.session_state._trip_error), icon="⚠️")

st.multiselect(t("trip_pick", lang), sorted(known, key=lambda a: centers.loc[a, "kreis_name"]), key="trip_pick",
               max_selections=trip.MAX_STOPS,
               format_func=lambda a: district_label(centers.loc[a, "kreis_name"], centers.loc[a, "kind"], lang))
pick = st.session_state.trip_pick
st.session_state[TRIP_KEY] = list(pick)
if not pick:
    st.info(t("trip_empty", lang))
    st.stop()

cols = st.columns(min(len(pick), 4))
for i, a in enumerate(pick):
    cols[i % len(cols)].date_input(t("trip_date", lang, n=i + 1, name=centers.loc[a, "kreis_name"]), value=None,
                                   key=f"trip_day_{a}", format="DD.MM.YYYY")
stops = [trip.Stop(a, st.session_state.get(f"trip_day_{a}")) for a in pick]

today = date.today()
st.download_button(t("trip_download", lang), data=partial(app.trip_pdf, stops, lang, today),
                   file_name=trip.pdf_file_name(stops, today), mime="application/pdf", icon=":material/download:",
                   type="primary", key="trip_download", on_click="ignore")
facts = trip.stop_facts(b.records, b.ops, stops, lang, today)
st.dataframe(pd.DataFrame([{
    t("trip_col_no", lang): f.number, t("col_district", lang): f.kreis, t("col_date", lang):
        f.stop.day.strftime("%d.%m.%Y") if f.stop.day else "", t("trip_col_center", lang): f.center,
    t("detail_opening", lang): f.opening, t("trip_col_last_visit", lang): f.last_visit,
    t("trip_col_funding", lang): f.funding, t("trip_since_visit", lang): f.since_visit,
} for f in facts]), hide_index=True, width="stretch", key="trip_table")

# ---- the address bar is the share link ----
new_qp = {"ags": ",".join(pick)}
if any(s.day for s in stops):
    new_qp["dates"] = ",".join(s.day.isoformat() if s.day else "" for s in stops)
if lang != "de":
    new_qp["lang"] = lang
if dict(st.query_params) != new_qp:
    st.session_state._trip_qp, st.session_state._trip_error = (new_qp["ags"], new_qp.get("dates")), None
    st.query_params.from_dict(new_qp)
