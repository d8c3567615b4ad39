"""The map page's detail panel for one centre: the lines of details.panel_items as Streamlit
markdown (the public edition renders the same list as HTML in kirollout/render/site.py)."""
from __future__ import annotations

import html

import streamlit as st

from kirollout.render.details import CenterDetail, event_text, md_text, panel_items, source_link_html


def detail_items(d: CenterDetail, lang: str) -> None:
    """Every line of the panel, each sourced fact with its [source ids]."""
    for it in panel_items(d, lang):
        cites = f" [{md_text(' '.join(it.source_ids))}]" if it.source_ids else ""
        if it.kind == "fact":
            st.markdown(f"**{md_text(it.label)}:** {md_text(it.text)}{cites}")
        elif it.kind == "note":
            st.caption((f"{md_text(it.label)}: " if it.label else "") + md_text(it.text))
        elif it.kind == "warning":
            st.warning(f"{md_text(it.text)}{cites}", icon="⚠️")
        elif it.kind == "events":
            st.markdown(f"**{md_text(it.label)}**")
            st.markdown("\n".join(f"- {md_text(event_text(e, lang))}" for e in d.events) or "–")
        else:
            st.markdown(f"**{md_text(it.label)}**")
            lines = [f"<li>{html.escape(s.cite)} {source_link_html(s.title, s.url, lang, s.internal)} – "
                     f"{html.escape(s.publisher)}, {html.escape(s.published)}</li>" for s in d.sources]
            st.markdown("<ul>" + "".join(lines) + "</ul>", unsafe_allow_html=True)
