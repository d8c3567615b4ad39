"""The map as files: a print PNG (matplotlib) and one self-contained, offline HTML file.

Both use the same state rule (kirollout.model.rollout.state_at), the same palette (palette.style_for)
and the same legend texts as the map page. The HTML file embeds Leaflet, its CSS (images as
data URIs) and the geometry, so it makes no request at all when opened from disk; its timeline
looks every state up in the stop table (kirollout/model/stop_table.py, the app's rule at each stop) and
runs the same browser code as the published site (site_assets/map.js).
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

from ..model.edition import Edition
from ..model.paths import ROOT
from ..model.rollout import STATES, TOTAL_CENTERS, Opening, counts_at, state_at, story_end
from ..model.stop_table import stop_table
from . import palette
from .i18n import credit_line, edition_line, format_day, t
from .maps import NRW_BOUNDS, TOOLTIP_FIELDS, attribution_html, legend_html, legend_items
from .wording import headline_text

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
                      (0.63, 0.76, 14), (0.62, 0.70, 9.5, 1), (0.015, 0.025, 8), (0.63, 0.27, 10, 58))


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
                 layout: Layout = PRINT_LAYOUT, edition: Edition | None = None):
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
            wrap = (lambda s: textwrap.fill(s, 30)) if ncol > 1 else (lambda s: s)  # columns: long labels wrap
            handles = [Patch(label=wrap(label), **_patch_kwargs(style)) for label, style in legend_items(lang)]
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
        fig.text(x, y, credit_text(edition, meta, lang), fontsize=size, color="#333333", va="bottom", linespacing=1.25)
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
            self._note.set_text("\n".join(textwrap.fill(line, self.layout.note[3]) for line in note.split("\n")))

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


def credit_text(edition: Edition | None, meta: dict, lang: str) -> str:
    """The foot of a PNG or video frame: the Datenstand, then the records' and boundaries' credit
    (without an edition: the boundary attribution alone)."""
    if edition is None:
        return meta["boundaries"]["attribution"] + " · " + t("app_title", lang)
    return f"{edition_line(edition, lang)}\n{credit_line(edition, lang)}"


def render_png(geojson: dict, ops: dict[str, Opening], at: date, meta: dict, lang: str = "de",
               *, size_in: tuple[float, float] = PNG_SIZE_IN, dpi: int = PNG_DPI,
               edition: Edition | None = None, note: str = "") -> bytes:
    """The map at date `at` as PNG bytes (default 2400 × 1600 px): fills and outline patterns
    as on screen (plus hatching for uncertain / not documented), legend, title, date, count
    line, the latest statewide milestone (`note`: playback.milestone_note, with what the state's
    figure counts), the Datenstand and the credits (records, boundaries)."""
    layout = PRINT_LAYOUT if (size_in, dpi) == (PNG_SIZE_IN, PNG_DPI) else \
        dataclasses.replace(PRINT_LAYOUT, size_in=size_in, dpi=dpi)
    fig = MapFigure(geojson, ops, meta, lang, layout, edition)
    fig.show(at, note)
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
        # play stops at the story's end (the last change of the map: rollout.story_end), as in the app
        "storyEnd": max([i for i, s in enumerate(stops) if s <= (story_end(ops) or stops[-1])], default=len(stops) - 1),
        "attribution": attribution_html(meta),
        "leafletLink": LEAFLET_LINK,
    }


def lang_data(geojson: dict, stops: list[date], lang: str = "de") -> dict:
    """The texts of an interactive map in one language: stop labels, tooltips (escaped), labels."""
    return {
        "labels": [format_day(s, lang) for s in stops],
        "tips": {f["properties"]["ags"]: {k: f["properties"][k] for k in (*TOOLTIP_FIELDS, "sources")
                                          if k in f["properties"]}
                 for f in geojson["features"]},
        "stateLabels": {s: t(f"state_{s}", lang) for s in STATES},
        "ttLabels": {k: t(k, lang) for k in TOOLTIP_FIELDS},
        "countTpl": {"sure": t("count_sure", lang), "none": t("count_none", lang),
                     "plus": t("count_plus_uncertain", lang), "only": t("count_only_uncertain", lang)},
        "breakdownTpl": t("count_breakdown", lang),
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
  button {{ font-size: 1rem; padding: 6px 12px; border: 1px solid #333333; background: #ffffff; color: #1a1a1a;
           border-radius: 4px; cursor: pointer; }}
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
                lang: str = "de", leaflet_dir: Path = LEAFLET_DIR, edition: Edition | None = None) -> str:
    """One self-contained HTML file: Leaflet inlined, geometry inlined, tooltips, legend,
    attribution (with the Datenstand and the records' credit when `edition` is given) and a
    timeline (range input + play/pause) starting at `at`."""
    lang = lang if lang in ("de", "en") else "de"
    credit = (html.escape(f"{edition_line(edition, lang)} · {t('credit_records', lang)}") + " · "
              if edition else "")
    return _HTML.format(
        lang=lang,
        title=html.escape(t("map_heading", lang)),
        map_label=html.escape(t("html_map_alt", lang), quote=True),
        date_label=html.escape(t("date_label", lang), quote=True),
        legend=legend_html(lang),
        note=html.escape(t("html_offline_note", lang)),
        attribution=credit + attribution_html(meta),
        leaflet_css=_leaflet_css(leaflet_dir),
        leaflet_js=(leaflet_dir / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        data=_script_json(html_payload(geojson, ops, stops, at, lang, meta)),
        map_js=map_js().replace("</script", "<\\/script"),
    )
