"""The public edition: `site/`, static files any web server or CDN can carry (`make site`).

Built from the records with the app's own functions: the map reads the stop table
(stop_table.py: the app's rollout rule at every stop), district pages reuse briefing.fact_rows
and details.center_detail, downloads come from exports.py. Every asset is content-hashed
(`assets/map.3f2a….js`), so a server may cache it forever; pages keep plain names. No request
leaves the site, nothing runs on a server at view time.

    python -m kirollout.render.site [--out site] [--no-pdf]
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from ..model import geodata, rollout
from ..model.edition import Edition, edition_of
from ..model.paths import ROOT, geodata_build_dir, ki_data_dir
from ..model.publication import Publication, publication
from ..model.records import TABLES, Records, internal_ref, load_records
from . import briefing, charts, embed, exports, map_exports, maps, newsroom
from .details import CenterDetail, SourceLine, event_text, panel_items, source_link_html
from .i18n import LANGS, credit_line, edition_line, format_day, t
from .wording import breakdown_text, headline_text

SITE_DIR = ROOT / "site"
CACHE_DIR = ROOT / ".site-cache"
ASSETS = Path(__file__).resolve().parent / "site_assets"
PLOTLY_JS = Path(__import__("plotly").__file__).parent / "package_data" / "plotly.min.js"
# texts the map page swaps when `?lang=en` (elements carry data-t="key")
MAP_UI = ("site_title", "page_map", "page_timeline", "page_data", "site_nav_districts", "map_heading",
          "date_label", "site_breakdown", "site_detail_hint", "embed_button", "embed_help", "embed_full",
          "embed_source", "notice_bad_param", "html_map_alt", "site_noscript", "embed_title", "embed_pick_hint",
          "read_hint", "embed_legend", "skip_controls", "search_label", "search_none", "search_found", "export_png",
          "export_svg", "export_site_help", "cite_heading", "publisher_label", "contact_label")


def _json(obj) -> str:
    return map_exports._script_json(obj)


def js_global(name: str, obj) -> str:
    """`window.NAME=JSON.parse("…");` — V8 parses a JSON string faster than the same data as
    an object literal (geometry and stop table are the page's biggest scripts); no "<" inside."""
    return f"window.{name}=JSON.parse({json.dumps(_json(obj))});"


def read_js_global(text: str):
    """The object a js_global() script defines (for tests and tools)."""
    literal = text[text.index("JSON.parse(") + len("JSON.parse("):text.rindex(");")]
    return json.loads(json.loads(literal))


class Writer:
    """Writes the site's files; `asset()` names a file by its content's hash."""

    def __init__(self, out: Path):
        self.out = out
        self.files: list[Path] = []

    def write(self, rel: str, data: bytes | str) -> str:
        target = self.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files.append(target)
        return rel

    def asset(self, name: str, data: bytes | str) -> str:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        stem, ext = name.split(".", 1)
        return self.write(f"assets/{stem}.{hashlib.sha256(raw).hexdigest()[:12]}.{ext}", raw)


# ---------------------------------------------------------------- page frame

def _nav(lang: str, up: str, active: str) -> str:
    """Top bar: map, timeline, data, language switch. `up` leads back to the site root."""
    home = f"{up}index.html" + ("?lang=en" if lang == "en" else "")
    sub = "" if lang == "de" else "en/"
    links = [("page_map", home), ("page_timeline", f"{up}{sub}zeitleiste.html"), ("page_data", f"{up}{sub}daten.html")]
    items = "".join(f'<a href="{html.escape(h)}"{" aria-current=page" if k == active else ""}>'
                    f'{html.escape(t(k, lang))}</a>'
                    for k, h in links)
    return (f'<header class="ki-top"><a class="brand" href="{html.escape(home)}">'
            f'{html.escape(t("app_title", lang))}</a>'
            f'<nav aria-label="{html.escape(t("app_title", lang))}">{items}</nav></header>')


def _lang_switch(other_href: str, lang: str) -> str:
    other = "en" if lang == "de" else "de"
    return (f'<a href="{html.escape(other_href)}" hreflang="{other}" lang="{other}">'
            f'{"English" if other == "en" else "Deutsch"}</a>')


def _page(lang: str, title: str, body: str, *, up: str, active: str, css: str, other_href: str,
          foot: str, head: str = "") -> str:
    """A static page in one language; `?lang=` naming the other language goes to its twin."""
    other = "en" if lang == "de" else "de"
    redirect = (f'<script>if(new URLSearchParams(location.search).get("lang")==="{other}")'
                f'location.replace({json.dumps(other_href)});</script>')
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f'<title>{html.escape(title)} – {html.escape(t("app_title", lang))}</title>{redirect}'
            f'<link rel="stylesheet" href="{up}{css}">{head}</head><body>{_nav(lang, up, active)}'
            f'<main><p class="note">{_lang_switch(other_href, lang)}</p><h1>{html.escape(title)}</h1>{body}</main>'
            f'<footer>{foot}</footer></body></html>\n')


# ---------------------------------------------------------------- district detail and pages

def _cites(ids: list[str | None]) -> str:
    ids = [i for i in ids if i]
    return f' <span class="note">[{html.escape(", ".join(ids))}]</span>' if ids else ""


# source_id → accessed (ISO day) of the records being built; set by build() so every source list
# (detail panel, district page) can say when an undated source was read
_ACCESSED: dict[str, str] = {}


def sources_html(sources: list[SourceLine], lang: str, accessed: dict[str, str] | None = None) -> str:
    """Each source with its link, publisher and date; an undated one says when it was read
    ("abgerufen am …"); the URL is shown in full, so a printout can be checked."""
    accessed = _ACCESSED if accessed is None else accessed
    e, items = html.escape, []
    for s in sources:
        when = e(s.published)
        if s.published == t("undated", lang) and accessed.get(s.source_id):
            day = format_day(date.fromisoformat(accessed[s.source_id]), lang, "short")
            when += f" ({e(t('accessed_on', lang, date=day))})"
        url = f' · <span class="ki-url">{e(s.url)}</span>' if s.url.startswith(("http://", "https://")) else ""
        items.append(f"<li>{e(s.cite)} {source_link_html(s.title, s.url, lang, s.internal)} – "
                     f"{e(s.publisher)}, {when}{url}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def detail_fragment(d: CenterDetail, lang: str, page_href: str) -> str:
    """The map's detail panel for one centre: the app's lines (details.panel_items), escaped."""
    e = html.escape
    parts = [f'<h2 style="font-size:1.1rem;margin:4px 0">{e(d.name)}</h2>',
             f'<p><a href="{e(page_href)}">{e(t("profile_link", lang))}</a> · '
             f'<button type="button" data-close>{e(t("site_close", lang))}</button></p>']
    for it in panel_items(d, lang):
        label = f"{e(it.label)}: " if it.label else ""
        if it.kind == "fact":
            parts.append(f"<p><b>{label}</b>{e(it.text)}{_cites(list(it.source_ids))}</p>")
        elif it.kind == "note":
            parts.append(f'<p class="note">{label}{e(it.text)}</p>')
        elif it.kind == "warning":
            parts.append(f'<p class="warn">⚠️ {e(it.text)}{_cites(list(it.source_ids))}</p>')
        elif it.kind == "events":
            parts.append(f"<p><b>{e(it.label)}</b></p><ul>"
                         + "".join(f"<li>{e(event_text(v, lang))}</li>" for v in d.events) + "</ul>")
        else:
            parts.append(f"<p><b>{e(it.label)}</b></p>{sources_html(d.sources, lang)}")
    return "".join(parts)


def district_page_body(b: briefing.Briefing, pdf_href: str | None, map_href: str) -> str:
    """Kreisprofil as a static page: briefing.fact_rows (each fact with its [source id]),
    funding, events, sources, the PDF."""
    e, lang, d = html.escape, b.lang, b.detail
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in briefing.fact_rows(b))
    out = [f"<p>{e(d.kreis_name)} · {e(d.kind)} · "
           f'<a href="{e(map_href)}">{e(t("site_to_map", lang))}</a>'
           + (f' · <a href="{e(pdf_href)}" download>{e(t("briefing_download", lang))}</a>' if pdf_href else "")
           + "</p>", f'<table class="ki-facts">{rows}</table>']
    money = b.funding + b.modelled
    if money:
        out.append(f"<h2>{e(t('briefing_funding', lang))}</h2><ul>"
                   + "".join(f"<li>{e(briefing.funding_label(m, lang))}</li>" for m in money) + "</ul>")
        out.append(f'<p class="note">{e(b.modelled_note)}</p>')
    out.append(f"<h2>{e(t('detail_events', lang))}</h2><ul>"
               + "".join(f"<li>{e(briefing.event_text(v, lang))}</li>" for v in d.events) + "</ul>")
    out.append(f"<h2>{e(t('detail_sources', lang))}</h2>{sources_html(b.sources, lang)}")
    return "".join(out)


# ---------------------------------------------------------------- PDFs (cached)

def _fingerprint(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"-")
    return h.hexdigest()


def pdf_inputs() -> list[Path]:
    """Everything a briefing PDF depends on: records, boundaries, population, the code."""
    code = ROOT / "kirollout"  # the fact model and the briefing's renderers (a change rebuilds the PDFs)
    return ([ki_data_dir() / f"{n}.csv" for n in TABLES]
            + [geodata_build_dir() / n for n in (geodata.GEOJSON_NAME, geodata.POPULATION_NAME, geodata.META_NAME)]
            + sorted(code.glob("model/*.py")) + [code / "render" / n for n in (
                "briefing.py", "details.py", "i18n.py", "palette.py", "wording.py", "contacts.py", "markup.py")])


def build_pdfs(records: Records, ops: dict, meta: dict, today: date,
               cache: Path) -> dict[tuple[str, str], tuple[str, bytes]]:
    """All briefing PDFs (54 × languages) in this process, reusing cached bytes for unchanged
    inputs. Returns {(center_id, lang): (file name, bytes)}."""
    key = _fingerprint(pdf_inputs()) + today.isoformat()
    cache.mkdir(parents=True, exist_ok=True)
    pop, rings, out = None, None, {}
    for c in records.centers.itertuples(index=False):
        for lang in LANGS:
            name = briefing.pdf_file_name(c.ags, c.kreis_name, today)
            f = cache / f"{hashlib.sha256((key + c.center_id + lang).encode()).hexdigest()[:24]}.pdf"
            if not f.exists():
                if rings is None:
                    pop, rings = geodata.load_population(), briefing.district_rings(None)
                data = briefing.briefing_pdf(records, ops, c.center_id, meta=meta, population=pop, lang=lang,
                                             today=today, rings=rings)
                f.with_suffix(".tmp").write_bytes(data)
                f.with_suffix(".tmp").replace(f)
            out[(c.center_id, lang)] = (name, f.read_bytes())
    return out


# ---------------------------------------------------------------- the map page and embed

def map_page(lang_blocks: dict, refs: dict, meta: dict, *, embed_mode: bool, static: dict | None = None) -> str:
    """index.html / embed.html: German in the source, `?lang=en` swaps every data-t text.
    `static`: what a page without script shows (the last stop's date, count and legend keys)."""
    de = lang_blocks["de"]["ui"]
    e = html.escape

    def tx(key: str, tag: str = "span", attrs: str = "") -> str:
        return f'<{tag} data-t="{key}"{attrs}>{e(de[key])}</{tag}>'

    head = (f'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f'<title>{e(de["site_title"])}</title>{"" if embed_mode else refs.get("og_head", "")}'
            f'<link rel="stylesheet" href="{refs["leaflet_css"]}"><style>{refs["css_text"]}</style></head>')
    side_common = (f'<div id="ki-date" aria-live="polite"></div><div id="ki-count" aria-live="polite"></div>'
                   f'<div class="controls" id="ki-controls" tabindex="-1"><button id="ki-play" type="button"></button>'
                   f'<input id="ki-slider" type="range" min="0" step="1" aria-label="{e(de["date_label"])}" '
                   f'data-t-label="date_label"></div>')
    mapdiv = (f'<div id="ki-map" role="region" aria-label="{e(de["html_map_alt"])}" data-t-label="html_map_alt"></div>'
              f'<noscript><p>{e(de["site_noscript"])}</p></noscript>')
    notice = '<div id="ki-notice" class="ki-notice" role="status" hidden></div>'
    if embed_mode:
        body = f'<body class="ki-embed">{embed_body(de, static, tx, notice, mapdiv)}'

    else:
        nav = (f'<header class="ki-top"><a class="brand" href="index.html" data-href-en="index.html?lang=en">'
               f'{e(t("app_title", "de"))}</a><nav>'
               f'<a href="index.html" aria-current="page" data-href-en="index.html?lang=en">{tx("page_map")}</a>'
               f'<a href="zeitleiste.html" data-href-en="en/zeitleiste.html">{tx("page_timeline")}</a>'
               f'<a href="daten.html" data-href-en="en/daten.html">{tx("page_data")}</a>'
               f'<a href="index.html?lang=en" data-href-en="index.html" id="ki-lang" data-t="_other">English</a>'
               f'</nav></header>')
        skip = tx("skip_controls", "a", ' class="ki-skip" href="#ki-controls"')
        body = f"<body>{skip}{nav}" + reader_body(
            de, static, tx, notice, mapdiv, side_common, meta)
    # the big, stable files come from assets/ (cached for a year); the small, data-dependent
    # rest is inline, so a first visit waits for four responses, not eight
    scripts = ("".join(f'<script src="{refs[k]}"></script>' for k in ("leaflet_js", "geo"))
               + "".join(f"<script>{refs[k]}</script>" for k in ("data_js", "map_js", "site_js")))
    return head + body + scripts + "</body></html>\n"



def reader_body(de: dict, static: dict | None, tx, notice: str, mapdiv: str, side_common: str, meta: dict) -> str:
    """index.html's main part. In the source, date, controls, search and the reading hint come
    before the map (first on a phone, and a skip link reaches them); on a wide screen the grid
    puts them beside it. Then breakdown, legend, detail, downloads, embed, citation, licence."""
    e = html.escape
    static = static or {}
    names = "".join(f'<option value="{e(n)}"></option>' for n in sorted(static.get("names", {}).values()))
    return (f'<main>{notice}<h1>{tx("map_heading")}</h1><div id="wrap"><div id="top">{side_common}'
            f'<div class="ki-search"><label for="ki-search">{tx("search_label")}</label> '
            f'<input id="ki-search" type="search" list="ki-names" autocomplete="off">'
            f'<datalist id="ki-names">{names}</datalist> <span id="ki-search-msg" role="status"></span></div>'
            f'<p class="note ki-read">{tx("read_hint")}</p></div>'
            f'{mapdiv}<div id="side">'
            f'<p class="note">{tx("site_breakdown")}:</p><ul id="ki-breakdown"></ul>'
            f'<div id="ki-legend">{de["_legend"]}</div>'
            f'<p class="note">{tx("site_detail_hint")}</p>'
            f'<div id="ki-detail" role="region" aria-live="polite" tabindex="-1" hidden></div>'
            f'<p class="ki-buttons"><button id="ki-png" type="button">{tx("export_png")}</button> '
            f'<button id="ki-svg" type="button">{tx("export_svg")}</button> '
            f'<button id="ki-embed-btn" type="button" aria-expanded="false" aria-controls="ki-embed">'
            f'{tx("embed_button")}</button></p><p class="note">{tx("export_site_help")}</p>'
            f'<div id="ki-embed" hidden><p class="note">{tx("embed_help")}</p>'
            f'<textarea id="ki-embed-code" readonly aria-label="{e(de["embed_button"])}" '
            f'data-t-label="embed_button"></textarea></div>'
            f'<section id="ki-cite" aria-labelledby="ki-cite-h"><h2 id="ki-cite-h">{tx("cite_heading")}</h2>'
            f'<p id="ki-cite-text" class="ki-cite">{e(de["_cite"])}</p>'
            f'<p class="note">{tx("_edition")} · <a data-t="_licence" href="{e(de["_licence_url"])}" rel="license">'
            f'{e(de["_licence"])}</a> · {tx("_credit")}</p>'
            f'<p class="note">{tx("publisher_label")}: {tx("_publisher")} · {tx("contact_label")}: '
            f'{static.get("contact", "")}</p></section>'
            f'<p class="note">{maps.attribution_html(meta)}</p></div></div>'
            f'<p id="ki-summary" class="sr-only">{tx("_summary")}</p></main>')


def embed_body(de: dict, static: dict | None, tx, notice: str, mapdiv: str) -> str:
    """embed.html's visible parts, all in the HTML (a frame without script still shows title,
    date, count, legend, Datenstand, credits and the link): the page fits itself into the
    iframe's fixed height, the map taking what the texts leave."""
    e = html.escape
    static = static or {}
    return (f'<main>{notice}<h1 class="ki-etitle">{tx("embed_title")}</h1>'
            f'<div class="ki-line"><span id="ki-date">{e(static.get("date", ""))}</span>'
            f'<span id="ki-count">{e(static.get("count", ""))}</span></div>'
            f'<div id="ki-pick" class="note" role="status" aria-live="polite">{tx("embed_pick_hint")}</div>'
            f'{mapdiv}'
            f'<div class="controls"><button id="ki-play" type="button">{e(de["play"])}</button>'
            f'<input id="ki-slider" type="range" min="0" step="1" aria-label="{e(de["date_label"])}" '
            f'data-t-label="date_label"></div>'
            f'<div id="ki-chips">{static.get("chips", "")}</div>'
            f'<p class="note ki-read">{tx("read_hint")}</p>'
            f'<p class="note ki-credit">{tx("_edition")} · {tx("_credit")} · '
            f'<a data-t="_licence" href="{e(de["_licence_url"])}" target="_blank" rel="noopener license">'
            f'{e(de["_licence"])}</a> · '
            f'<a id="ki-full" href="index.html" target="_blank" rel="noopener">{tx("embed_full")}</a></p></main>')


def lang_block(geojson: dict, stops: list[date], lang: str, edition: Edition | None = None,
               pub: Publication | None = None, summary: str = "") -> dict:
    """The map page's texts in one language: map_exports.lang_data + page texts + embed snippet
    + the edition's Datenstand, credits and licence."""
    legend = maps.legend_html(lang)
    ui = {k: t(k, lang) for k in MAP_UI}
    ui["_legend"], ui["_other"] = legend, "English" if lang == "de" else "Deutsch"
    ui["_chips"] = maps.legend_chips_html(lang, set())
    ui.update(newsroom_texts(edition, pub or publication(), lang))
    ui["_summary"] = summary
    data = map_exports.lang_data(geojson, stops, lang)
    ui["play"] = data["play"]
    items = [{"key": maps.legend_key(st, int(label) if label.isdigit() else None), "label": label, "style": style}
             for label, st, style in maps.legend_entries(lang)]
    return {**data, "ui": ui, "legend": legend, "legendItems": items,
            "embed": embed.embed_snippet(embed.URL_SLOT, t("embed_title", lang))}


def newsroom_texts(edition: Edition | None, pub: Publication, lang: str) -> dict[str, str]:
    """Datenstand, credit and licence as the pages say them (keys with "_": not in i18n.T)."""
    out = {"_licence": t("licence_records", lang, license=pub.license), "_licence_url": pub.license_url or "#"}
    out["_publisher"] = newsroom.publisher_text(pub, lang)
    out["_site_url"] = pub.absolute("index.html")
    if edition is not None:
        out["_edition"], out["_credit"] = edition_line(edition, lang), credit_line(edition, lang)
        out["_cite"] = newsroom.cite_text(edition, pub, lang)
        out["_cite_tpl"] = t("cite_text", lang, title=t("embed_title", lang), publisher=out["_publisher"],
                             url="{url}", edition=out["_edition"])
    return out


def contact_html(pub: Publication, lang: str) -> str:
    """The corrections contact as a link where it is an address, else the placeholder."""
    text = html.escape(newsroom.contact_text(pub, lang))
    return f'<a href="{html.escape(pub.contact_href)}">{text}</a>' if pub.contact_href else text


def map_summary(ops: dict, stops: list[date], lang: str) -> str:
    """The map in two sentences for screen readers (and anyone without the picture)."""
    firsts = [o.period.start for o in ops.values() if o.period]
    c = rollout.counts_at(ops, stops[-1])
    return t("map_summary", lang, first=format_day(min(firsts), lang) if firsts else t("not_documented", lang),
             last=format_day(stops[-1], lang), headline=headline_text(c, lang), breakdown=breakdown_text(c, lang))


def og_head(pub: Publication, lang: str) -> str:
    """Open Graph / Twitter card tags; image and URL absolute where the published address is set."""
    e = html.escape
    img = pub.absolute("preview.png") or "preview.png"
    tags = [("property", "og:type", "website"), ("property", "og:title", t("embed_title", lang)),
            ("property", "og:description", t("og_description", lang)), ("property", "og:image", img),
            ("property", "og:image:width", "1200"), ("property", "og:image:height", "630"),
            ("property", "og:image:alt", t("html_map_alt", lang)), ("property", "og:locale", "de_DE"),
            ("name", "twitter:card", "summary_large_image"), ("name", "twitter:title", t("embed_title", lang)),
            ("name", "twitter:description", t("og_description", lang)), ("name", "twitter:image", img),
            ("name", "description", t("og_description", lang))]
    if pub.site_url_ok:
        tags.append(("property", "og:url", pub.absolute("index.html")))
    return "".join(f'<meta {k}="{e(n)}" content="{e(v)}">' for k, n, v in tags)


# ---------------------------------------------------------------- build

def build(out: Path = SITE_DIR, *, pdfs: bool = True, cache: Path = CACHE_DIR) -> dict:
    """Build the whole edition into `out` (replaced); returns a small summary."""
    t0 = time.perf_counter()
    records = load_records()
    districts, meta = geodata.load_districts(), geodata.load_meta()
    ops = rollout.openings(records)
    stops = rollout.timeline_dates(records)
    ed = edition_of(records, meta)
    today = ed.datenstand
    edition, pub = ed, publication()
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    w = Writer(tmp)
    css = w.asset("site.css", (ASSETS / "site.css").read_text(encoding="utf-8"))
    leaflet_dir = map_exports.LEAFLET_DIR
    for img in (leaflet_dir / "images").iterdir():
        w.write(f"assets/images/{img.name}", img.read_bytes())
    refs = {"css": css,
            "leaflet_css": w.asset("leaflet.css", (leaflet_dir / "leaflet.css").read_bytes()),
            "leaflet_js": w.asset("leaflet.js", (leaflet_dir / "leaflet.js").read_bytes()),
            "css_text": (ASSETS / "site.css").read_text(encoding="utf-8").replace("</", "<\\/"),
            "map_js": map_exports.map_js().replace("</script", "<\\/script"),
            "site_js": (ASSETS / "site.js").read_text(encoding="utf-8").replace("</script", "<\\/script")}
    feats = {lang: maps.features_geojson(maps.district_features(districts, records, ops, lang)) for lang in LANGS}
    data = map_exports.map_data(feats["de"], ops, stops, meta)
    refs["geo"] = w.asset("geo.js", js_global("KI_GEO", data.pop("geo")))
    centers = records.centers.set_index("center_id")
    _ACCESSED.clear()
    _ACCESSED.update(zip(records.sources["source_id"], records.sources["accessed"]))
    pdf_files = build_pdfs(records, ops, meta, today, cache) if pdfs else {}
    data["langs"], data["details"] = {}, {}
    for lang in LANGS:
        sub, up = ("", "../") if lang == "de" else ("en/", "../../")
        frags = {}
        for cid in ops:
            ags = centers.loc[cid, "ags"]
            b = briefing.briefing_data(records, ops, cid, meta=meta, population=_population(), lang=lang, today=today)
            d = b.detail  # details.center_detail, as on the app's map page
            frags[ags] = detail_fragment(d, lang, f"{sub}kreis/{ags}.html")
            pdf_href = None
            if (cid, lang) in pdf_files:
                name, raw = pdf_files[(cid, lang)]
                pdf_href = f"{up}pdf/{lang}/{name}"
                w.write(f"pdf/{lang}/{name}", raw)
            qs = f"?ags={ags}" + ("&lang=en" if lang == "en" else "")
            other = f"../../kreis/{ags}.html" if lang == "en" else f"../en/kreis/{ags}.html"
            w.write(f"{sub}kreis/{ags}.html", _page(
                lang, d.name, district_page_body(b, pdf_href, f"{up}index.html{qs}")
                + f'<p class="note ki-credit">{html.escape(credit_line(edition, lang, population=True))}</p>',
                up=up, active="", css=css, other_href=other, foot=_foot(ed, meta, lang)))
        data["details"][lang] = w.asset(f"details-{lang}.json", json.dumps(frags, ensure_ascii=False))
        data["langs"][lang] = lang_block(feats[lang], stops, lang, edition, pub, map_summary(ops, stops, lang))
    data["legendOpen"] = {f["properties"]["ags"]: maps.legend_key("open", map_exports._year(f["properties"]))
                          for f in feats["de"]["features"]}
    refs["data_js"] = js_global("KI_DATA", data)
    blocks = data["langs"]
    last = stops[-1]
    by_ags = dict(zip(records.centers["ags"], records.centers["center_id"]))
    static = {"date": format_day(last, "de"), "count": headline_text(rollout.counts_at(ops, last), "de"),
              "chips": maps.legend_chips_html("de", _keys_shown(ops, by_ags, data["legendOpen"], last))}
    refs["og_head"] = og_head(pub, "de")
    w.write("preview.png", map_exports.render_png(feats["de"], ops, last, meta, "de", size_in=(12, 6.3), dpi=100,
                                                     edition=edition))
    w.write("index.html", map_page(blocks, refs, meta, embed_mode=False,
                                   static={**static, "names": data["names"], "contact": contact_html(pub, "de")}))
    w.write("embed.html", map_page(blocks, refs, meta, embed_mode=True, static=static))
    plotly_ref = w.asset("plotly.min.js", PLOTLY_JS.read_bytes())
    dl = _downloads(w, records, districts, ops, meta, stops[-1], edition, pub)
    for lang in LANGS:
        sub, up = ("", "") if lang == "de" else ("en/", "../")
        other = "en/" if lang == "de" else "../"
        foot = _foot(ed, meta, lang)
        w.write(f"{sub}zeitleiste.html",
                _page(lang, t("timeline_heading", lang), _timeline_body(records, ops, lang, up),
                      up=up, active="page_timeline", css=css, other_href=f"{other}zeitleiste.html",
                      foot=foot, head=f'<script src="{up}{plotly_ref}"></script>'))
        w.write(f"{sub}daten.html",
                _page(lang, t("data_heading", lang), _data_body(records, dl, lang, up, meta),
                      up=up, active="page_data", css=css, other_href=f"{other}daten.html", foot=foot))
    precompress(w.files)
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    return {"files": len(w.files), "seconds": round(time.perf_counter() - t0, 1), "pdfs": len(pdf_files),
            "stops": len(stops), "out": str(out)}


def _keys_shown(ops: dict, center_of: dict, open_keys: dict, at: date) -> set[str]:
    """The legend entries the map shows on day `at` (site.js does the same from the stop table)."""
    states = {a: rollout.state_at(ops[center_of[a]], at) for a in open_keys}
    return {open_keys[a] if st == "open" else st for a, st in states.items()}


GZIP_SUFFIXES = (".html", ".js", ".css", ".json", ".geojson", ".csv")


def precompress(files: list[Path]) -> None:
    """A `.gz` beside every text file, so nginx (gzip_static) or a CDN sends compressed bytes
    without compressing on every request."""
    import gzip

    for f in files:
        if f.suffix in GZIP_SUFFIXES:
            f.with_name(f.name + ".gz").write_bytes(gzip.compress(f.read_bytes(), 6, mtime=0))


_POP: list = []


def _population():
    if not _POP:
        _POP.append(geodata.load_population())
    return _POP[0]


def _foot(ed: Edition, meta: dict, lang: str) -> str:
    """Every page's footer: the Datenstand and version, the records' and the boundaries' credit."""
    return (f"{html.escape(edition_line(ed, lang))} · {html.escape(t('credit_records', lang))} · "
            f"{t('attribution_prefix', lang)}: {maps.attribution_html(meta)}")


def _downloads(w: Writer, records: Records, districts, ops: dict, meta: dict, at_end: date,
               edition: Edition, pub: Publication) -> list[tuple[str, str]]:
    """(label key args, path) of every download file; labels are made per language later.
    Public variants only (exports.public_*): BOM, German-Excel twins, no internal path; a data
    README (LIESMICH.txt) and one ZIP with everything."""
    centers = exports.centers_rows(records, ops, at_end, "de")
    out = [("readme", w.write("downloads/LIESMICH.txt", exports.BOM + newsroom.data_readme(edition, pub))),
           ("xlsx", w.write("downloads/ki-rollout-nrw.xlsx", exports.workbook_xlsx_bytes(
               public=True, extra=[("LIESMICH", [[line] for line in newsroom.data_readme(edition, pub).splitlines()]),
                                   ("zentren", centers)]))),
           ("csv:zentren", w.write("downloads/zentren.csv", exports.csv_bytes(centers))),
           ("csv_de:zentren", w.write("downloads/zentren_excel-de.csv", exports.csv_bytes(centers, excel_de=True)))]
    for n in TABLES:
        out.append((f"csv:{n}", w.write(f"downloads/{n}.csv", exports.public_csv_bytes(n))))
        out.append((f"csv_de:{n}", w.write(f"downloads/{n}_excel-de.csv", exports.public_csv_bytes(n, excel_de=True))))
    about = {"datenstand": edition.datenstand.isoformat(), "version": edition.version, "license": pub.license,
             "publisher": pub.publisher}
    for lang in LANGS:
        data = exports.districts_geojson_bytes(districts, records, ops, lang, meta["boundaries"]["attribution"],
                                               at_end, about)
        out.append((f"geojson:{lang}", w.write(f"downloads/ki-rollout-nrw-kreise-{lang}.geojson", data)))
    out.append(("zip", w.write("downloads/ki-rollout-nrw-daten.zip", _zip(w, [p for _, p in out]))))
    return out




def _zip(w: Writer, rels: list[str]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for rel in rels:
            info = zipfile.ZipInfo(Path(rel).name, date_time=(2020, 1, 1, 0, 0, 0))
            z.writestr(info, (w.out / rel).read_bytes(), zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _data_body(records: Records, dl: list[tuple[str, str]], lang: str, up: str, meta: dict) -> str:
    e = html.escape
    items = []
    for key, path in dl:
        kind, _, arg = key.partition(":")
        name = t("table_zentren", lang) if arg == "zentren" else t(f"table_{arg}", lang) if arg in TABLES else arg
        label = {"csv": lambda: t("dl_csv", lang, table=name),
                 "csv_de": lambda: f"{t('dl_csv', lang, table=name)} – {t('dl_csv_excel', lang)}",
                 "xlsx": lambda: t("dl_xlsx", lang), "readme": lambda: t("dl_readme", lang),
                 "zip": lambda: t("dl_zip", lang),
                 "geojson": lambda: f"{t('dl_geojson', lang)} – {arg.upper()}"}[kind]()
        items.append(f'<li><a href="{up}{e(path)}" download>{e(label)}</a></li>')
    items.insert(0, f"<li><b>{e(t('dl_recommended', lang))}</b></li>")
    src_rows = "".join(
        f"<tr><td>{e(r['source_id'])}</td><td>{source_link_html(r['title'], r['url'], lang, internal_ref(r))}"
        + (f'<br><span class="ki-url">{e(r["url"])}</span>' if r["url"].startswith(("http://", "https://")) else "")
        + f"</td><td>{e(r['publisher'])}</td><td>{e(r['published'] or t('undated', lang))}"
        + (f" ({e(t('accessed_on', lang, date=format_day(date.fromisoformat(r['accessed']), lang, 'short')))})"
           if r["accessed"] else "") + "</td></tr>"
        for _, r in records.sources.sort_values("source_id").iterrows())
    sub = "" if lang == "de" else "en/"
    districts = "".join(f'<li><a href="{up}{sub}kreis/{e(c.ags)}.html">{e(c.kreis_name)}</a></li>'
                        for c in records.centers.sort_values("kreis_name").itertuples(index=False))
    return (f"<p>{e(t('data_intro', lang))}</p><h2>{e(t('downloads_heading', lang))}</h2><ul>{''.join(items)}</ul>"
            f'<p class="note">{e(t("dl_note", lang, attribution=meta["boundaries"]["attribution"]))}</p>'
            f"<h2>{e(t('site_nav_districts', lang))}</h2><ul class='ki-columns'>{districts}</ul>"
            f"<h2>{e(t('site_sources_list', lang))}</h2><table class='ki-facts'><thead><tr>"
            f"<th>ID</th><th>{e(t('col_source', lang))}</th><th></th><th></th></tr></thead>"
            f"<tbody>{src_rows}</tbody></table>")


def _timeline_body(records: Records, ops: dict, lang: str, up: str) -> str:
    """The Zeitleiste: the app's two charts (charts.py) drawn by the self-hosted plotly.js."""
    e = html.escape
    series, rows = charts.count_series(records, ops), charts.district_rows(records, ops, lang)
    ms = charts.milestone_rows(records, ops, lang)
    figs = {"ki-rollout-chart": charts.rollout_chart(series, ms, lang),
            "ki-district-chart": charts.district_chart(rows.documented, lang)}
    divs = "".join(f'<div id="{k}" class="ki-chart"></div>' for k in figs)
    draw = "".join(f"F={_json(json.loads(f.to_json()))};Plotly.newPlot({json.dumps(k)},F.data,F.layout,"
                   f"{json.dumps(charts.PLOTLY_CONFIG)});" for k, f in figs.items())
    sub = "" if lang == "de" else "en/"
    undoc = "".join(f'<li><a href="{up}{sub}kreis/{e(u.ags)}.html">{e(u.kreis_name)}</a>'
                    + (f" – {e(t('rows_open_by', lang, date=u.open_by_text))}" if u.open_by_text else "") + "</li>"
                    for u in rows.undocumented.itertuples(index=False))
    return (f"{divs}<p class='note'>{e(t('timeline_caption', lang))}</p>"
            f"<h2>{e(t('site_undocumented_heading', lang))}</h2><ul class='ki-columns'>{undoc}</ul>"
            f"<script>var F;{draw}{_click_to_map(up, lang)}</script>")


def _click_to_map(up: str, lang: str) -> str:
    """A click on a district's mark opens the map with that district (as in the app)."""
    target = json.dumps(f"{up}index.html?" + ("lang=en&" if lang == "en" else "") + "ags=")
    return ('document.getElementById("ki-district-chart").on("plotly_click",function(e){'
            'var c=e.points[0].customdata;c=Array.isArray(c)?c[0]:c;'
            f'if(c)location.href={target}+encodeURIComponent(c);}});')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the static public edition into site/.")
    ap.add_argument("--out", type=Path, default=SITE_DIR)
    ap.add_argument("--no-pdf", action="store_true", help="skip the briefing PDFs (faster)")
    a = ap.parse_args(argv)
    print(json.dumps(build(a.out, pdfs=not a.no_pdf)), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
