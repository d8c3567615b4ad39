"""The map as files: a print PNG (matplotlib) and one self-contained, offline HTML file.

Both use the same state rule (kirollout.rollout.state_at), the same palette (palette.style_for)
and the same legend texts as the map page. The HTML file embeds Leaflet, its CSS (images as
data URIs) and the geometry, so it makes no request at all when opened from disk; its timeline
recolours the districts in the browser with a direct port of state_at.
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
    """JSON safe to put inside <script> (no closing tag or comment opener can appear)."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            .replace("</", "<\\/").replace("<!--", "<\\!--"))


def html_payload(geojson: dict, ops: dict[str, Opening], stops: list[date], at: date,
                 lang: str = "de") -> dict:
    """The data the offline file needs: geometry, tooltip texts (escaped), per-center opening
    period and open_by date (ISO, for the ported state rule), styles per state, stops."""
    feats, styles = [], {}
    for f in geojson["features"]:
        p = f["properties"]
        year = p.get("year")
        year = int(year) if year is not None and year == year else None
        feats.append({"type": "Feature", "geometry": f["geometry"],
                      "properties": {k: p[k] for k in ("ags", "center_id", *TOOLTIP_FIELDS) if k in p}})
        styles[p["ags"]] = {s: palette.style_for(s, year) for s in STATES}
    centers = {cid: {"s": o.period.start.isoformat() if o.period else None,
                     "e": o.period.end.isoformat() if o.period else None,
                     "ob": o.open_by.isoformat() if o.open_by else None} for cid, o in ops.items()}
    start = max((i for i, s in enumerate(stops) if s <= at), default=0)
    return {
        "features": {"type": "FeatureCollection", "features": feats},
        "centers": centers,
        "styles": styles,
        "stops": [s.isoformat() for s in stops],
        "labels": [format_day(s, lang) for s in stops],
        "start": start,
        "stateLabels": {s: t(f"state_{s}", lang) for s in STATES},
        "ttLabels": {k: t(k, lang) for k in TOOLTIP_FIELDS},
        "countTpl": t("count_line", lang),
        "total": TOTAL_CENTERS,
        "play": t("play", lang),
        "pause": t("pause", lang),
        "bounds": NRW_BOUNDS,
    }


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
  #map {{ flex: 3 1 560px; height: 78vh; min-height: 420px; background: #ffffff; border: 1px solid #cccccc; }}
  #side {{ flex: 1 1 260px; }}
  h1 {{ font-size: 1.3rem; margin: 0 0 4px; padding: 12px 16px 0; }}
  #ki-date {{ font-size: 2rem; font-weight: 700; margin: 4px 0; }}
  #ki-count {{ font-size: 1.15rem; margin: 4px 0 12px; }}
  #controls {{ display: flex; align-items: center; gap: 10px; margin: 8px 0 16px; }}
  #ki-slider {{ flex: 1; }}
  button {{ font-size: 1rem; padding: 6px 12px; border: 1px solid #333333; background: #ffffff; color: #1a1a1a;
           border-radius: 4px; cursor: pointer; }}
  button:focus-visible, input:focus-visible {{ outline: 3px solid #0050b3; outline-offset: 2px; }}
  .note {{ font-size: 0.8rem; color: #444444; margin-top: 12px; }}
  .ki-tooltip table th {{ text-align: left; padding-right: 6px; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div id="wrap">
  <div id="map" role="img" aria-label="{map_label}"></div>
  <div id="side">
    <div id="ki-date" aria-live="polite"></div>
    <div id="ki-count" aria-live="polite"></div>
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
(function () {{
  // port of kirollout.rollout.state_at (ISO dates compare as text)
  function stateAt(c, at) {{
    if (c.ob && at >= c.ob) return "open";
    if (!c.s) return "undocumented";
    if (at >= c.e) return "open";
    if (at < c.s) return "not_yet";
    return "uncertain";
  }}
  var map = L.map("map", {{zoomSnap: 0.25, minZoom: 6, maxZoom: 13}});
  map.fitBounds(KI.bounds);
  map.attributionControl.setPrefix({leaflet_link});
  map.attributionControl.addAttribution({attribution_js});
  var idx = KI.start, timer = null, layers = [];
  function tip(p, st) {{
    var rows = [["tt_center", p.tt_center], ["tt_kreis", p.tt_kreis], ["tt_opening", p.tt_opening],
                ["tt_state", KI.stateLabels[st]], ["tt_source", p.tt_source]];
    return "<table>" + rows.map(function (r) {{
      var v = r[0] === "tt_state" ? r[1].replace(/&/g, "&amp;").replace(/</g, "&lt;") : r[1];
      return "<tr><th>" + KI.ttLabels[r[0]].replace(/</g, "&lt;") + "</th><td>" + v + "</td></tr>";
    }}).join("") + "</table>";
  }}
  var geo = L.geoJSON(KI.features, {{
    onEachFeature: function (f, l) {{
      layers.push(l);
      l.bindTooltip(function () {{ return tip(f.properties, l._kiState); }}, {{sticky: true, className: "ki-tooltip"}});
      l.on("mouseover", function () {{ l.setStyle({{weight: 3, color: "#000000"}}); }});
      l.on("mouseout", function () {{ l.setStyle(KI.styles[f.properties.ags][l._kiState]); }});
    }}
  }}).addTo(map);
  var slider = document.getElementById("ki-slider"), btn = document.getElementById("ki-play");
  slider.max = KI.stops.length - 1;
  function show(i) {{
    idx = i;
    var at = KI.stops[i], n = {{open: 0, uncertain: 0, not_yet: 0, undocumented: 0}};
    layers.forEach(function (l) {{
      var p = l.feature.properties, st = stateAt(KI.centers[p.center_id], at);
      l._kiState = st; n[st] += 1;
      l.setStyle(KI.styles[p.ags][st]);
    }});
    slider.value = i;
    slider.setAttribute("aria-valuetext", KI.labels[i]);
    document.getElementById("ki-date").textContent = KI.labels[i];
    document.getElementById("ki-count").textContent = KI.countTpl.replace("{{open}}", n.open)
      .replace("{{uncertain}}", n.uncertain).replace("{{total}}", KI.total);
  }}
  function stop() {{ if (timer) {{ clearInterval(timer); timer = null; }} btn.textContent = KI.play; }}
  btn.addEventListener("click", function () {{
    if (timer) {{ stop(); return; }}
    if (idx >= KI.stops.length - 1) show(0);
    btn.textContent = KI.pause;
    timer = setInterval(function () {{ if (idx >= KI.stops.length - 1) stop(); else show(idx + 1); }}, 700);
  }});
  slider.addEventListener("input", function () {{ show(parseInt(slider.value, 10)); }});
  show(idx);
  stop();
}})();
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
        leaflet_link=_script_json('<a href="https://leafletjs.com">Leaflet</a>'),
        attribution_js=_script_json(attribution_html(meta)),
        data=_script_json(html_payload(geojson, ops, stops, at, lang)),
    )
