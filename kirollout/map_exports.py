"""The map as files: a print PNG (matplotlib) and one self-contained, offline HTML file.

Both use the same state rule (kirollout.rollout.state_at), the same palette (palette.style_for)
and the same legend texts as the map page. The HTML file embeds Leaflet, its CSS (images as
data URIs) and the geometry, so it makes no request at all when opened from disk; its timeline
recolours the districts in the browser with a direct port of state_at.
"""
from __future__ import annotations

import base64
import dataclasses
import html
import io
import json
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import palette
from .deductions import headline_text
from .i18n import format_day, t
from .maps import NRW_BOUNDS, TOOLTIP_FIELDS, attribution_html, legend_html, legend_items
from .paths import ROOT
from .rollout import STATES, TOTAL_CENTERS, Opening, counts_at, state_at

PNG_SIZE_IN = (12.0, 8.0)
PNG_DPI = 200  # → 2400 × 1600 px
LEAFLET_DIR = ROOT / "static" / "leaflet"


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


def _patch_kwargs(style: dict) -> dict:
    """matplotlib patch properties for a Leaflet style; the outline pattern also picks the hatch."""
    from matplotlib.colors import to_rgba

    return {
        "facecolor": to_rgba(style["fillColor"], style["fillOpacity"]),
        "edgecolor": style["color"],
        "linewidth": style["weight"] * 0.5,
        "linestyle": linestyle_for(style),
        "hatch": palette.HATCH_BY_DASH.get(style.get("dashArray") or ""),
    }


def count_text(ops: dict[str, Opening], at: date, lang: str = "de") -> str:
    """"52 von 54 bestehen (+1 unsicher)" for day `at` (the map's headline)."""
    return headline_text(counts_at(ops, at), lang)


@dataclass(frozen=True)
class Layout:
    """Where the print map / a video frame puts its parts (figure fractions, font sizes in pt)."""

    size_in: tuple[float, float]
    dpi: int
    map_box: tuple[float, float, float, float]
    title: tuple[float, float, float]   # x, y, font size
    date: tuple[float, float, float]
    count: tuple[float, float, float]
    legend: tuple[float, float, float, int]  # anchor x, y, font size, columns
    credit: tuple[float, float, float]
    note: tuple[float, float, float, int] | None = None  # milestone line: x, y, font size, wrap width


PRINT_LAYOUT = Layout(PNG_SIZE_IN, PNG_DPI, (0.005, 0.06, 0.60, 0.82), (0.015, 0.95, 17), (0.63, 0.84, 26),
                      (0.63, 0.76, 14), (0.62, 0.70, 9.5, 1), (0.015, 0.025, 8))


def layout_for(width: int, height: int) -> Layout:
    """A video layout for `width` × `height` px: wide (map left, date and count large on the right)
    or square (date and count on top, map, legend below in columns). Fonts scale with the height."""
    dpi = 100
    s = min(width, height) / 1080
    size = (width / dpi, height / dpi)
    if width / height >= 1.4:
        return Layout(size, dpi, (0.01, 0.07, 0.58, 0.80), (0.02, 0.955, 22 * s), (0.61, 0.86, 46 * s),
                      (0.61, 0.745, 26 * s), (0.60, 0.64, 13 * s, 1), (0.02, 0.02, 11 * s), (0.61, 0.12, 14 * s, 52))
    return Layout(size, dpi, (0.0, 0.22, 1.0, 0.60), (0.03, 0.965, 20 * s), (0.03, 0.925, 44 * s),
                  (0.03, 0.845, 24 * s), (0.02, 0.24, 11 * s, 3), (0.03, 0.012, 9 * s), (0.03, 0.065, 12 * s, 110))


class MapFigure:
    """The print map's figure, drawn once; `show(at)` changes only fills, outlines, hatches and
    texts, so a video renders each frame without building the figure again.

    One patch per district (Stadt Aachen, the last feature, on top); styles from palette.style_for
    for whatever state rollout.state_at returns, legend from maps.legend_items.
    """

    def __init__(self, geojson: dict, ops: dict[str, Opening], meta: dict, lang: str = "de",
                 layout: Layout = PRINT_LAYOUT):
        import geopandas as gpd
        import matplotlib as mpl
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch, PathPatch
        from matplotlib.path import Path as MplPath

        self.ops, self.lang, self.layout = ops, lang, layout
        gdf = gpd.GeoDataFrame.from_features(geojson["features"], crs=4326).to_crs(25832)
        self.fig = fig = Figure(figsize=layout.size_in, dpi=layout.dpi, facecolor="white")
        self.canvas = FigureCanvasAgg(fig)
        self.ax = ax = fig.add_axes(layout.map_box)
        ax.set_axis_off()
        ax.set_aspect("equal")
        self._rc = {"hatch.linewidth": 0.6}
        self.districts: list[tuple[str, int | None, object]] = []
        with mpl.rc_context(self._rc):
            for i, row in gdf.iterrows():
                year = int(row["year"]) if row["year"] is not None and row["year"] == row["year"] else None
                polys = getattr(row.geometry, "geoms", [row.geometry])
                path = MplPath.make_compound_path(*[MplPath.make_compound_path(
                    MplPath(list(p.exterior.coords), closed=True),
                    *[MplPath(list(r.coords), closed=True) for r in p.interiors]) for p in polys])
                patch = PathPatch(path, zorder=1 + (i == len(gdf) - 1))
                ax.add_patch(patch)
                self.districts.append((row["center_id"], year, patch))
            ax.autoscale_view()
            lx, ly, lsize, ncol = layout.legend
            handles = [Patch(label=label, **_patch_kwargs(style)) for label, style in legend_items(lang)]
            leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(lx, ly), frameon=False,
                             title=t("legend_title", lang), fontsize=lsize, title_fontsize=lsize * 1.16,
                             alignment="left", handlelength=2.6, handleheight=1.5, ncols=ncol)
            leg.get_title().set_fontweight("bold")
        x, y, size = layout.title
        fig.text(x, y, t("map_heading", lang), fontsize=size, fontweight="bold", va="top", color="#111111")
        x, y, size = layout.date
        self._date = fig.text(x, y, "", fontsize=size, fontweight="bold", va="top", color="#111111")
        x, y, size = layout.count
        self._count = fig.text(x, y, "", fontsize=size, va="top", color="#111111")
        self._note = None
        if layout.note:
            x, y, size, _ = layout.note
            self._note = fig.text(x, y, "", fontsize=size, va="top", color="#1a1a1a", linespacing=1.3)
        x, y, size = layout.credit
        fig.text(x, y, meta["boundaries"]["attribution"] + " · " + t("app_title", lang),
                 fontsize=size, color="#333333", va="bottom")
        self._shown: dict[int, tuple] = {}
        self._background = self._map_pixels = self._map_key = None

    def show(self, at: date, note: str = "") -> None:
        """Restyle the districts for day `at` and set date, count and the milestone note."""
        for i, (cid, year, patch) in enumerate(self.districts):
            state = state_at(self.ops[cid], at)
            key = (state, year)
            if self._shown.get(i) != key:
                kw = _patch_kwargs(palette.style_for(state, year))
                patch.set_facecolor(kw["facecolor"])
                patch.set_edgecolor(kw["edgecolor"])
                patch.set_linewidth(kw["linewidth"])
                patch.set_linestyle(kw["linestyle"])
                patch.set_hatch(kw["hatch"])
                self._shown[i] = key
        self._date.set_text(format_day(at, self.lang))
        self._count.set_text(count_text(self.ops, at, self.lang))
        if self._note is not None:
            self._note.set_text(textwrap.fill(note, self.layout.note[3]) if note else "")

    def rgb(self):
        """The current frame as an H × W × 3 uint8 array.

        Title, legend and credit never change: drawn once, then restored. The map is drawn again
        only when a district's look changed (most stops change none), else its pixels are
        restored too; only date, count and note are drawn for every frame.
        """
        import matplotlib as mpl
        import numpy as np

        texts = [self._date, self._count] + ([self._note] if self._note is not None else [])
        with mpl.rc_context(self._rc):
            if self._background is None:
                for a in [self.ax, *texts]:
                    a.set_visible(False)
                self.canvas.draw()
                self._background = self.canvas.copy_from_bbox(self.fig.bbox)
                for a in [self.ax, *texts]:
                    a.set_visible(True)
            self.canvas.restore_region(self._background)
            key = tuple(self._shown.get(i) for i in range(len(self.districts)))
            if key != self._map_key:
                self.fig.draw_artist(self.ax)
                self._map_pixels, self._map_key = self.canvas.copy_from_bbox(self.ax.bbox), key
            else:
                self.canvas.restore_region(self._map_pixels)
            for a in texts:
                self.fig.draw_artist(a)
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()

    def png(self) -> bytes:
        import matplotlib as mpl

        buf = io.BytesIO()
        with mpl.rc_context(self._rc):
            self.fig.savefig(buf, format="png", dpi=self.layout.dpi, facecolor="white")
        return buf.getvalue()


def render_png(geojson: dict, ops: dict[str, Opening], at: date, meta: dict, lang: str = "de",
               *, size_in: tuple[float, float] = PNG_SIZE_IN, dpi: int = PNG_DPI) -> bytes:
    """The map at date `at` as PNG bytes (default 2400 × 1600 px): fills and outline patterns
    as on screen (plus hatching for uncertain / not documented), legend, title, date, count
    line and the boundary attribution."""
    layout = PRINT_LAYOUT if (size_in, dpi) == (PNG_SIZE_IN, PNG_DPI) else \
        dataclasses.replace(PRINT_LAYOUT, size_in=size_in, dpi=dpi)
    fig = MapFigure(geojson, ops, meta, lang, layout)
    fig.show(at)
    return fig.png()


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
  button {{ font-size: 1rem; padding: 6px 12px; border: 1px solid #333333; background: #ffffff; color: #1a1a1a; border-radius: 4px; cursor: pointer; }}
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
