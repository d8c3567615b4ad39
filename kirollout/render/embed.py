"""The iframe snippet that embeds one view of the published map (site/embed.html) in an article.

One function for the app's "Einbetten" box and the site's button (the site fills `{url}` in the
browser with the view on screen). A CMS may strip the snippet's script, so the iframe carries a
fixed height (EMBED_HEIGHT) in which embed.html shows everything at 360 px width and more: the
page fits itself into the frame (the map takes what the texts leave). Where the host page allows
scripts, the one-line listener only refines the height to what embed.html reports by postMessage.

The app's snippet needs the published, absolute address (KI_SITE_URL, kirollout/model/publication.py):
a relative one would resolve against the article's host. Without it there is no snippet, and the
app says why.
"""
from __future__ import annotations

import html
from datetime import date
from urllib.parse import urlencode

from ..model.publication import publication

URL_SLOT = "{url}"
EMBED_HEIGHT = 700  # px: title, date, count, map, controls, legend and credits at 360 px width


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
    """HTML to paste into an article: the iframe (fixed height that fits without script) plus a
    one-line listener that sets the height embed.html reports."""
    u = URL_SLOT if url == URL_SLOT else html.escape(url, quote=True)
    return (f'<iframe src="{u}" title="{html.escape(title, quote=True)}" loading="lazy" '
            f'style="width:100%;height:{EMBED_HEIGHT}px;border:0"></iframe>\n'
            '<script>addEventListener("message",function(e){var h=e.data&&e.data.kiEmbedHeight;'
            'if(h)document.querySelectorAll("iframe").forEach(function(f){'
            'if(f.contentWindow===e.source)f.style.height=h+"px";});});</script>')


def snippet_for_view(at: date | None, ags: str | None, lang: str) -> str | None:
    """The snippet for the view on screen at the published site, or None when KI_SITE_URL is not
    an absolute address (the caller says so instead of offering a broken snippet)."""
    from .i18n import t

    pub = publication()
    if not pub.site_url_ok:
        return None
    return embed_snippet(embed_url(pub.site_url, at, ags, lang), t("map_heading", lang))
