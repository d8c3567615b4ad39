"""Entry point: `streamlit run dashboard.py`. Navigation only; pages live in pages/."""
import html

import streamlit as st

from kirollout import app
from kirollout.render.i18n import LANGS, t

st.set_page_config(page_title="KI-Rollout NRW", page_icon="🗺️", layout="wide")

lang = st.query_params.get("lang", "de")
lang = lang if lang in LANGS else "de"


def _switch_lang() -> None:
    """The language lives in the URL (`?lang=en`), so a shared link keeps it.

    The view is then rebuilt from the URL (which holds date, selection, ...): widgets whose
    labels change with the language would otherwise come back with stale values.
    """
    choice = st.session_state.get("lang_switch") or lang
    for k in list(st.session_state.keys()):
        if k != "lang_switch":
            del st.session_state[k]
    if choice == "de":
        if "lang" in st.query_params:
            del st.query_params["lang"]
    else:
        st.query_params["lang"] = choice


if st.session_state.get("lang_switch") != lang:
    st.session_state.lang_switch = lang
with st.sidebar:
    st.segmented_control(t("lang_switch_label", lang), LANGS, key="lang_switch", on_change=_switch_lang,
                         format_func=lambda code: t(f"lang_name_{code}", lang))

nav = st.navigation([
    st.Page("pages/karte.py", title=t("page_map", lang), url_path="karte", default=True),
    st.Page("pages/zeitleiste.py", title=t("page_timeline", lang), url_path="zeitleiste"),
    st.Page("pages/foerderung.py", title=t("page_funding", lang), url_path="foerderung"),
    st.Page("pages/kreisprofil.py", title=t("page_profile", lang), url_path="kreisprofil"),
    st.Page("pages/besuchsreise.py", title=t("page_trip", lang), url_path="besuchsreise"),
    st.Page("pages/besuche.py", title=t("page_visits", lang), url_path="besuche"),
    st.Page("pages/daten.py", title=t("page_data", lang), url_path="daten"),
])
if problems := app.data_problems():  # files on disk broken: pages serve the last good copy
    st.warning(t("data_fallback_warning", lang) + "\n\n"
               + "\n".join(f"- {html.escape(str(p))}" for p in problems[:20]), icon="⚠️")
st.session_state[app.NAV_SEEN] = True
nav.run()
