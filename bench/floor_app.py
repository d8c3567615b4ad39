"""Streamlit's own floor, for comparison only: an empty page with the dashboard's widgets (a
date slider over as many stops as the map's timeline, three buttons, a metric) and nothing
else — no data, no map. Whatever the dashboard needs beyond this page is the app's own cost.

    .venv/bin/python -m streamlit run bench/floor_app.py
"""
from __future__ import annotations

import streamlit as st

STOPS = 160  # about the map's timeline length; the figure does not depend on it

st.set_page_config(page_title="Floor", layout="wide")
c1, c2, c3, c4 = st.columns([1, 1, 1, 6], vertical_alignment="bottom")
c1.button("◀", key="back")
c2.button("Play", key="play", type="primary")
c3.button("▶", key="fwd")
idx = c4.select_slider("Datum", options=list(range(STOPS)), value=STOPS - 1, key="idx")
st.metric("geöffnet", idx)
