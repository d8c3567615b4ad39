"""Record text made safe for a medium: escaped markdown for Streamlit, links only for http(s)."""
from __future__ import annotations

import html
import re

from .i18n import t


def md_text(text: object) -> str:
    """Record or message text for st.markdown: HTML-escaped and markdown characters neutralised."""
    return re.sub(r"([\\`*_\[\]#|~])", r"\\\1", html.escape(str(text), quote=False))


def source_link_html(title: str, url: str, lang: str = "de", internal: str = "") -> str:
    """A source title as an HTML link — only for http(s) URLs; an internal file (`internal`: its
    Aktenzeichen) says so instead; everything escaped."""
    safe_title = html.escape(title or "")
    if internal:
        return f"{safe_title} ({html.escape(t('internal_source', lang, ref=internal))})"
    if url and url.startswith(("http://", "https://")):
        return (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                f"{safe_title}</a>")
    return f"{safe_title} ({t('no_url', lang)})"
