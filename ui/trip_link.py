"""From the map to the trip page: a link that adds the selected district to the session's trip."""
from __future__ import annotations

import streamlit as st

from kirollout.i18n import t

TRIP_KEY = "trip_ags"  # the trip page keeps its current stops here


def add_to_trip_link(ags: str, lang: str) -> None:
    """A link to the Besuchsreise page with the trip so far plus `ags` (at the end)."""
    stops = [a for a in st.session_state.get(TRIP_KEY, []) if a != ags] + [ags]
    st.page_link("pages/besuchsreise.py", label=t("trip_from_map", lang), icon=":material/route:",
                 query_params={"ags": ",".join(stops), **({"lang": lang} if lang != "de" else {})})
