"""The iframe snippet that embeds one view of the published map (site/embed.html) in an article.

One function for the app's "Einbetten" box and the site's button (the site fills `{url}` in the
browser with the view on screen). The iframe keeps a 4:3 shape by CSS; the optional script
resizes it to the height embed.html reports by postMessage, where the host page allows scripts.
"""
from __future__ import annotations

import html
import os
from datetime import date
from urllib.parse import urlencode

URL_SLOT = "{url}"


def site_url() -> str:
    """Where `site/` is published (env KI_SITE_URL); default: beside the app under /site/ (deploy/)."""
    return os.environ.get("KI_SITE_URL", "/site/")


def view_query(at: date | None, ags: str | None, lang: str) -> str:
    """The share parameters, as the app writes them: date, ags, and lang unless German."""
    qp = {"date": at.isoformat()} if at else {}
    if ags:
        qp["ags"] = ags
    if lang != "de":
        qp["lang"] = lang
    return urlencode(qp)


def embed_url(base: str, at: date | None, ags: str | None, lang: str) -> str:
    q = view_query(at, ags, lang)
    return base.rstrip("/") + "/embed.html" + (f"?{q}" if q else "")


def embed_snippet(url: str, title: str) -> str:
    """HTML to paste into an article: the iframe plus a one-line height listener."""
    u = URL_SLOT if url == URL_SLOT else html.escape(url, quote=True)
    return (f'<iframe src="{u}" title="{html.escape(title, quote=True)}" loading="lazy" '
            'style="width:100%;aspect-ratio:4/3;min-height:460px;border:0"></iframe>\n'
            '<script>addEventListener("message",function(e){var h=e.data&&e.data.kiEmbedHeight;'
            'if(h)document.querySelectorAll("iframe").forEach(function(f){'
            'if(f.contentWindow===e.source){f.style.aspectRatio="auto";f.style.height=h+"px";}});});</script>')


def snippet_for_view(at: date | None, ags: str | None, lang: str) -> str:
    """The snippet for the view on screen, pointing at the published site (site_url())."""
    from .i18n import t

    return embed_snippet(embed_url(site_url(), at, ags, lang), t("map_heading", lang))
