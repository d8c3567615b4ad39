"""Naive baseline: the map page built the obvious way, for comparison only (never deployed).

Every rerun reads the unsimplified DVG2 shapefiles (geodata/cache), reprojects them, loads and
validates the records, and rebuilds the whole folium map with a GeoJson layer (geometry and
tooltips inlined) that st_folium sends to the browser again. No st.cache, no static geometry
file. Leaflet is the same self-hosted copy (the machine has no internet; a CDN would not load).

    .venv/bin/python -m streamlit run bench/naive_app.py
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from kirollout.model.geodata import AACHEN_CITY, load_meta  # noqa: E402
from kirollout.model.records import load_records  # noqa: E402
from kirollout.model.rollout import openings, state_at, timeline_dates  # noqa: E402
from kirollout.render import palette  # noqa: E402
from kirollout.render.i18n import format_day  # noqa: E402
from kirollout.render.maps import base_map  # noqa: E402

CACHE = ROOT / "geodata" / "cache"

records = load_records()
ops = openings(records)
stops = timeline_dates(records)

krs = gpd.read_file(CACHE / "dvg2krs_nw.shp")
krs["ags"] = krs["KN"].astype(str).str[:5]
krs = krs[krs["ags"].str.startswith("05")]
gem = gpd.read_file(CACHE / "dvg2gem_nw.shp")
aachen = gem[gem["KN"].astype(str) == AACHEN_CITY].assign(ags=AACHEN_CITY)
gdf = gpd.GeoDataFrame(pd.concat([krs[["ags", "geometry"]], aachen[["ags", "geometry"]]]), crs=krs.crs).to_crs(4326)

idx = st.select_slider("Datum", options=list(range(len(stops))), value=len(stops) - 1,
                       format_func=lambda i: format_day(stops[i], "de", "short"))
at = stops[idx]
st.markdown(f'<div class="ki-date">{html.escape(format_day(at, "de"))}</div>', unsafe_allow_html=True)

centers = records.centers.set_index("ags")
gdf["name"] = [html.escape(centers.loc[a, "name"]) for a in gdf["ags"]]
styles = {}
for a in gdf["ags"]:
    op = ops[centers.loc[a, "center_id"]]
    styles[a] = palette.style_for(state_at(op, at), op.period.start.year if op.period else None)
gdf["state"] = [state_at(ops[centers.loc[a, "center_id"]], at) for a in gdf["ags"]]

m = base_map(load_meta())
folium.GeoJson(gdf, style_function=lambda f: styles[f["properties"]["ags"]],
               tooltip=folium.GeoJsonTooltip(fields=["name", "state"])).add_to(m)
st_folium(m, height=620, use_container_width=True, returned_objects=[])
