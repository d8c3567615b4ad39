"""Entry point: `streamlit run dashboard.py`. Navigation only; pages live in pages/."""
import html

import streamlit as st

from kirollout import app
from kirollout.i18n import t

st.set_page_config(page_title="KI-Rollout NRW", page_icon="🗺️", layout="wide")

lang = st.query_params.get("lang", "de")
lang = lang if lang in ("de", "en") else "de"

nav = st.navigation([
    st.Page("pages/karte.py", title=t("page_map", lang), url_path="karte", default=True),
    st.Page("pages/daten.py", title=t("page_data", lang), url_path="daten"),
])
if problems := app.data_problems():  # files on disk broken: pages serve the last good copy
    st.warning(t("data_fallback_warning", lang) + "\n\n"
               + "\n".join(f"- {html.escape(str(p))}" for p in problems[:20]), icon="⚠️")
nav.run()
