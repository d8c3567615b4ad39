"""The map as files: a print PNG (matplotlib) and one self-contained, offline HTML file.

Both use the same state rule (kirollout.rollout.state_at), the same palette (palette.style_for)
and the same legend texts as the map page. The HTML file embeds Leaflet, its CSS (images as
data URIs) and the geometry, so it makes no request at all when opened from disk; its timeline
looks every state up in the stop table (kirollout/stop_table.py, the app's rule at each stop) and
runs the same browser code as the published site (site_assets/map.js).
"""
from __future__ import annotations

import base64
import html
import io
import json
import re
from datetime import date
from pathlib import Path

from . import palette
from .i18n import format_day, t
from .maps import NRW_BOUNDS, TOOLTIP_FIELDS, attribution_html, legend_html, legend_items
from .paths import ROOT
from .rollout import STATES, TOTAL_CENTERS, Opening, counts_at, state_at
from .stop_table import stop_table

PNG_SIZE_IN = (12.0, 8.0)
PNG_DPI = 200  # → 2400 × 1600 px
LEAFLET_DIR = ROOT / "static" / "leaflet"
HATCH = {"uncertain": "////", "undocumented": "..."}


def export_filename(at: date, ext: str) -> str:
    """`ki-rollout-nrw_2014-04-25.png` — what and when."""
    return f"ki-rollout-nrw_{at.isoformat()}.{ext}"


def linestyle_for(style: dict):
    """Leaflet dashArray → matplotlib linestyle: "6 4" dashed, "1 4" dotted, none solid."""
    dash = style.get("dashArray")
    if not dash:
        return "solid"
    on, off = (float(x) for x in dash.split()[:2])
    return (0, (on / 2, off / 2))


def _patch_kwargs(state: str, style: dict) -> dict:
    from matplotlib.colors import to_rgba

    return {
        "facecolor": to_rgba(style["fillColor"], style["fillOpacity"]),
        "edgecolor": style["color"],
        "linewidth": style["weight"] * 0.5,
        "linestyle": linestyle_for(style),
        "hatch": HATCH.get(state),
    }


def render_png(geojson: dict, ops: dict[str, Opening], at: date, meta: dict, lang: str = "de",
               *, size_in: tuple[float, float] = PNG_SIZE_IN, dpi: int = PNG_DPI) -> bytes:
    """The map at date `at` as PNG bytes (default 2400 × 1600 px): fills and outline patterns
    as on screen (plus hatching for uncertain / not documented), legend, title, date, count
    line and the boundary attribution."""
    import geopandas as gpd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    gdf = gpd.GeoDataFrame.from_features(geojson["features"], crs=4326).to_crs(25832)
    fig = Figure(figsize=size_in, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.005, 0.06, 0.60, 0.82))
    ax.set_axis_off()
    ax.set_aspect("equal")
    with_rc = {"hatch.linewidth": 0.6}
    import matplotlib as mpl

    with mpl.rc_context(with_rc):
        # one collection per look; Stadt Aachen (the last feature) on its own, drawn on top
        groups: dict[tuple, list] = {}
        for i, row in gdf.iterrows():
            state = state_at(ops[row["center_id"]], at)
            year = int(row["year"]) if row["year"] is not None and row["year"] == row["year"] else None
            key = (i == len(gdf) - 1, state, year if state in ("open", "uncertain") else None)
            groups.setdefault(key, []).append(row.geometry)
        for key in sorted(groups, key=lambda k: k[0]):
            _, state, year = key
            gpd.GeoSeries(groups[key], crs=gdf.crs).plot(
                ax=ax, **_patch_kwargs(state, palette.style_for(state, year)))
        handles = []
        states = ["open"] * len(palette.OPENING_YEARS) + ["uncertain", "not_yet", "undocumented"]
        for (label, style), state in zip(legend_items(lang), states):
            handles.append(Patch(label=label, **_patch_kwargs(state, style)))
        leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.62, 0.70), frameon=False,
                         title=t("legend_title", lang), fontsize=9.5, title_fontsize=11, alignment="left",
                         handlelength=2.6, handleheight=1.5)
        leg.get_title().set_fontweight("bold")
    c = counts_at(ops, at)
    fig.text(0.015, 0.95, t("map_heading", lang), fontsize=17, fontweight="bold", va="top", color="#111111")
    fig.text(0.63, 0.84, format_day(at, lang), fontsize=26, fontweight="bold", va="top", color="#111111")
    fig.text(0.63, 0.76, t("count_line", lang, open=c.open, uncertain=c.uncertain, total=TOTAL_CENTERS),
             fontsize=14, va="top", color="#111111")
    fig.text(0.015, 0.025, meta["boundaries"]["attribution"] + " · " + t("app_title", lang),
             fontsize=8, color="#333333", va="bottom")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


# ---------------------------------------------------------------------------- HTML


def _leaflet_css(leaflet_dir: Path) -> str:
    """leaflet.css with its image URLs replaced by data URIs (no request from disk either)."""
    css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")

    def _inline(m: re.Match) -> str:
        data = (leaflet_dir / "images" / m.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", _inline, css)


def _script_json(obj) -> str:
    """JSON safe to put inside <script>: no "<" at all (no closing tag, comment opener or
    markup-looking text in the page source), written as the JSON escape \\u003c."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


SITE_ASSETS = Path(__file__).resolve().parent / "site_assets"
LEAFLET_LINK = '<a href="https://leafletjs.com">Leaflet</a>'


def _year(p: dict) -> int | None:
    year = p.get("year")
    return int(year) if year is not None and year == year else None


def map_data(geojson: dict, ops: dict[str, Opening], stops: list[date], meta: dict) -> dict:
    """The language-free data of an interactive map (site_assets/map.js): geometry, the state of
    every center at every stop (stop_table, the app's rule), styles per district and state."""
    geo, styles, style_idx, names = [], [], {}, {}
    for f in geojson["features"]:
        p = f["properties"]
        geo.append({"type": "Feature", "geometry": f["geometry"],
                    "properties": {"ags": p["ags"], "center_id": p["center_id"]}})
        names[p["ags"]] = html.unescape(p.get("tt_kreis", p["ags"]))
        idx = []
        for s in STATES:
            st = palette.style_for(s, _year(p))
            if st not in styles:
                styles.append(st)
            idx.append(styles.index(st))
        style_idx[p["ags"]] = idx
    plain, chosen = palette.style_for(STATES[0], None), palette.style_for(STATES[0], None, selected=True)
    return {
        "geo": {"type": "FeatureCollection", "features": geo},
        "table": stop_table(ops, stops),
        "styles": styles,
        "styleIdx": style_idx,
        "selected": {k: v for k, v in chosen.items() if plain.get(k) != v},
        "names": names,
        "bounds": NRW_BOUNDS,
        "total": TOTAL_CENTERS,
        "attribution": attribution_html(meta),
        "leafletLink": LEAFLET_LINK,
    }


def lang_data(geojson: dict, stops: list[date], lang: str = "de") -> dict:
    """The texts of an interactive map in one language: stop labels, tooltips (escaped), labels."""
    return {
        "labels": [format_day(s, lang) for s in stops],
        "tips": {f["properties"]["ags"]: {k: f["properties"][k] for k in TOOLTIP_FIELDS if k in f["properties"]}
                 for f in geojson["features"]},
        "stateLabels": {s: t(f"state_{s}", lang) for s in STATES},
        "ttLabels": {k: t(k, lang) for k in TOOLTIP_FIELDS},
        "countTpl": t("count_line", lang),
        "play": t("play", lang),
        "pause": t("pause", lang),
    }


def start_index(stops: list[date], at: date) -> int:
    """The last stop on or before `at` (where the timeline starts)."""
    return max((i for i, s in enumerate(stops) if s <= at), default=0)


def html_payload(geojson: dict, ops: dict[str, Opening], stops: list[date], at: date,
                 lang: str = "de", meta: dict | None = None) -> dict:
    """The data the offline file needs: map_data + lang_data + the stop to start at."""
    meta = meta or {"boundaries": {"attribution": "", "attribution_url": ""}}
    return {**map_data(geojson, ops, stops, meta), "lang": lang_data(geojson, stops, lang),
            "start": start_index(stops, at)}


def map_js() -> str:
    """The map's browser code (shared by this export and the published site)."""
    return (SITE_ASSETS / "map.js").read_text(encoding="utf-8")


_HTML = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{leaflet_css}</style>
<style>
  html, body {{ margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; background: #ffffff; }}
  #wrap {{ display: flex; flex-wrap: wrap; gap: 16px; padding: 12px 16px; }}
  #ki-map {{ flex: 3 1 560px; height: 78vh; min-height: 420px; background: #ffffff; border: 1px solid #cccccc; }}
  #side {{ flex: 1 1 260px; }}
  h1 {{ font-size: 1.3rem; margin: 0 0 4px; padding: 12px 16px 0; }}
  #ki-date {{ font-size: 2rem; font-weight: 700; margin: 4px 0; }}
  #ki-count {{ font-size: 1.15rem; margin: 4px 0; }}
  #ki-breakdown {{ font-size: 0.9rem; margin: 0 0 12px; padding-left: 18px; }}
  #controls {{ display: flex; align-items: center; gap: 10px; margin: 8px 0 16px; }}
  #ki-slider {{ flex: 1; }}
  button {{ font-size: 1rem; padding: 6px 12px; border: 1px solid #333333; background: #ffffff; color: #1a1a1a; border-radius: 4px; cursor: pointer; }}
  button:focus-visible, input:focus-visible, path:focus-visible {{ outline: 3px solid #0050b3; outline-offset: 2px; }}
  .note {{ font-size: 0.8rem; color: #444444; margin-top: 12px; }}
  .ki-tooltip table th {{ text-align: left; padding-right: 6px; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div id="wrap">
  <div id="ki-map" role="region" aria-label="{map_label}"></div>
  <div id="side">
    <div id="ki-date" aria-live="polite"></div>
    <div id="ki-count" aria-live="polite"></div>
    <ul id="ki-breakdown"></ul>
    <div id="controls">
      <button id="ki-play" type="button"></button>
      <input id="ki-slider" type="range" min="0" step="1" aria-label="{date_label}">
    </div>
    {legend}
    <p class="note">{note}</p>
    <p class="note">{attribution}</p>
  </div>
</div>
<script>{leaflet_js}</script>
<script>
var KI = {data};
{map_js}
KIMap({{data: KI, lang: KI.lang, start: KI.start}});
</script>
</body>
</html>
"""


def render_html(geojson: dict, ops: dict[str, Opening], stops: list[date], at: date, meta: dict,
                lang: str = "de", leaflet_dir: Path = LEAFLET_DIR) -> str:
    """One self-contained HTML file: Leaflet inlined, geometry inlined, tooltips, legend,
    attribution and a timeline (range input + play/pause) starting at `at`."""
    lang = lang if lang in ("de", "en") else "de"
    return _HTML.format(
        lang=lang,
        title=html.escape(t("map_heading", lang)),
        map_label=html.escape(t("html_map_alt", lang), quote=True),
        date_label=html.escape(t("date_label", lang), quote=True),
        legend=legend_html(lang),
        note=html.escape(t("html_offline_note", lang)),
        attribution=attribution_html(meta),
        leaflet_css=_leaflet_css(leaflet_dir),
        leaflet_js=(leaflet_dir / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        data=_script_json(html_payload(geojson, ops, stops, at, lang, meta)),
        map_js=map_js().replace("</script", "<\\/script"),
    )
