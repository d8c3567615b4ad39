"""The trip in the session: one list of stops (district, date, time) that outlives the page.

Widget values vanish when their page is left, so the trip page keeps its stops under TRIP_KEY
(a plain session value, not a widget) and seeds its widgets from it on every run. The map's
"add to trip" link carries the whole trip (stops, dates, times) plus the new district, so
adding a stop keeps every date entered.
"""
from __future__ import annotations

import streamlit as st

from kirollout.render.i18n import t
from kirollout.render.trip_plan import Stop, link_params

TRIP_KEY = "trip_stops"  # list[Stop] in trip order


def trip_stops() -> list[Stop]:
    return list(st.session_state.get(TRIP_KEY, []))


def set_trip_stops(stops: list[Stop]) -> None:
    st.session_state[TRIP_KEY] = list(stops)


def with_stop(stops: list[Stop], ags: str) -> list[Stop]:
    """The trip with `ags` at its end (kept where it is, with its date, when already in it)."""
    return stops if any(s.ags == ags for s in stops) else [*stops, Stop(ags)]


def add_to_trip_link(ags: str, lang: str) -> None:
    """A link to the Besuchsreise page with the trip so far (dates and times kept) plus `ags`."""
    st.page_link("pages/besuchsreise.py", label=t("trip_from_map", lang), icon=":material/route:",
                 query_params=link_params(with_stop(trip_stops(), ags), lang))
