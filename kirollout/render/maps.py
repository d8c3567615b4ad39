"""The map: a light base (no tiles, self-hosted Leaflet) and a data layer of 54 districts.

The base map is rebuilt identically on every rerun, so streamlit-folium keeps its iframe;
only the data layer (fills at the chosen date, selection) changes and is sent as a
FeatureGroup. Every text property is HTML-escaped here, because Leaflet tooltips render HTML.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from ..model.geodata import AACHEN_CITY
from ..model.paths import ROOT
from ..model.records import Records
from ..model.rollout import BASIS_KEYS, STATES, Opening, evidence_at, state_at, tooltip_basis
from . import palette
from .i18n import format_partial_date, t

if TYPE_CHECKING:
    import pandas as pd

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
# the district layer's code (static/ki/district-layer.js), named by its content so a new version
# is never taken from a browser cache
LAYER_JS = "/app/static/ki/district-layer.js?v=" + hashlib.sha256(
    (ROOT / "static" / "ki" / "district-layer.js").read_bytes()).hexdigest()[:12]
NRW_BOUNDS = [[50.32, 5.86], [52.53, 9.46]]
TOOLTIP_FIELDS = ("tt_center", "tt_kreis", "tt_opening", "tt_state", "tt_source")
# Where the state label goes in a tooltip of the geometry file; escaped text never holds a "<".
STATE_SLOT = "<ki-state></ki-state>"
# Where the source of the evidence shown that day goes (filled from the feature's `sources`).
SOURCE_SLOT = "<ki-source></ki-source>"




class _Attribution(MacroElement):
    """Sets the attribution line on the map (the boundary licence's credit)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix({{ this.prefix|tojson }});
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str, prefix: str):
        super().__init__()
        self._name = "Attribution"
        self.text = text
        self.prefix = prefix


def attribution_html(meta: dict) -> str:
    b = meta["boundaries"]
    return (f'<a href="{html.escape(b["attribution_url"])}" target="_blank" rel="noopener">'
            f'{html.escape(b["attribution"])}</a>')


def base_map(meta: dict, *, height: int = 620, static_prefix: str = "") -> folium.Map:
    """The static part of the map, identical between reruns (no tiles, local Leaflet)."""
    m = folium.Map(
        location=[51.47, 7.55], zoom_start=8, tiles=None, control_scale=False,
        zoom_snap=0.25, min_zoom=6, max_zoom=13, prefer_canvas=False,
    )
    m.default_js = [("leaflet", static_prefix + LEAFLET_JS), ("ki_layer", static_prefix + LAYER_JS)]
    m.default_css = [("leaflet_css", static_prefix + LEAFLET_CSS)]
    m.fit_bounds(NRW_BOUNDS)
    m.get_root().header.add_child(Element(
        "<style>.leaflet-container{background:#ffffff}"
        ".leaflet-control-attribution{font-size:12px;color:#333}</style>"))
    leaflet = '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>'
    _Attribution(attribution_html(meta), leaflet).add_to(m)
    return m


def opening_facts(records: Records, op: Opening, lang: str = "de") -> tuple[str, str, dict]:
    """(opening as documented, its date text as in the records, source row) for one center.

    Plain text (not escaped). Without an opening fact the text is "nicht belegt" and the source
    is the open_by fact's, if any.
    """
    if op.event_id:
        ev = records.events
        e = ev.loc[ev["event_id"] == op.event_id].iloc[0]
        return format_partial_date(e["date"], e["precision"], lang), e["date"], records.source(op.source_id)
    if op.open_by:
        return t("not_documented", lang), "", records.source(op.open_by_source_id)
    return t("not_documented", lang), "", {}


def evidence_sources(records: Records, op: Opening, lang: str = "de") -> dict[str, str]:
    """The escaped source title behind each kind of evidence of one centre (see tooltip_basis)."""
    nd = html.escape(t("not_documented", lang))
    def title(sid: str | None) -> str:
        return html.escape(records.source(sid).get("title", "") or nd) if sid else nd
    return {"": nd, "start": title(op.source_id),
            "working": title(op.working_by.source_ids[0] if op.working_by else None),
            "count": title(op.counted_by.source_ids[0] if op.counted_by else None)}


def district_features(districts: gpd.GeoDataFrame, records: Records, ops: dict[str, Opening],
                      lang: str = "de") -> gpd.GeoDataFrame:
    """Districts joined with their center's key facts; text pre-escaped for tooltips.

    Stadt Aachen is ordered last so Leaflet draws it above the StädteRegion.
    """
    centers = records.centers.set_index("ags")
    rows = []
    for _, d in districts.iterrows():
        c = centers.loc[d["ags"]]
        op = ops[c["center_id"]]
        opening_text, _, src = opening_facts(records, op, lang)
        rows.append({
            "ags": d["ags"],
            "center_id": c["center_id"],
            "tt_center": html.escape(c["name"]),
            "tt_kreis": html.escape(c["kreis_name"]),
            "tt_opening": html.escape(opening_text),
            "tt_source": html.escape(src.get("title", t("not_documented", lang))),
            "sources": evidence_sources(records, op, lang),
            "year": op.period.start.year if op.period else None,
            "geometry": d.geometry,
        })
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=districts.crs)
    gdf["_order"] = (gdf["ags"] == AACHEN_CITY).astype(int)
    return gdf.sort_values(["_order", "ags"]).drop(columns="_order").reset_index(drop=True)


def features_geojson(features: gpd.GeoDataFrame) -> dict:
    """Plain GeoJSON dict of the features (computed once, cached by the page)."""
    return json.loads(features.to_json(drop_id=True))


def geometry_bytes(features: gpd.GeoDataFrame, lang: str = "de") -> bytes:
    """Minified GeoJSON: geometry, AGS, center id and the tooltip — the static file the browser
    caches (one per language).

    The tooltip's state row is left as STATE_SLOT and filled in the browser from `labels` (the
    state names in this language), so a slider step sends only one style digit per district.
    """
    fc = {"type": "FeatureCollection", "labels": {s: html.escape(t(f"state_{s}", lang)) for s in STATES}, "features": [
        {"type": "Feature", "geometry": f["geometry"],
         "properties": {"ags": f["properties"]["ags"], "center_id": f["properties"]["center_id"],
                        "sources": [f["properties"]["sources"][k] for k in BASIS_KEYS],
                        "tip": tooltip_html({**f["properties"], "tt_state": STATE_SLOT, "tt_source": SOURCE_SLOT},
                                            lang)}}
        for f in features_geojson(features)["features"]
    ]}
    return json.dumps(fc, separators=(",", ":")).encode("utf-8")


def publish_geometry(features: gpd.GeoDataFrame, static_dir: Path, lang: str = "de") -> str:
    """Write the geometry file under static/geo/ (content-addressed); return its URL path."""
    data = geometry_bytes(features, lang)
    name = f"districts-{hashlib.sha256(data).hexdigest()[:12]}.geojson"
    target = static_dir / "geo" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # app processes may race
        tmp.write_bytes(data)
        tmp.replace(target)
    return f"/app/static/geo/{name}"


def tooltip_html(props: dict, lang: str) -> str:
    """Tooltip table; the values are already HTML-escaped by district_features."""
    rows = "".join(f"<tr><th style='text-align:left;padding-right:6px'>{html.escape(t(k, lang))}</th>"
                   f"<td>{props[k]}</td></tr>" for k in TOOLTIP_FIELDS)
    return f"<table>{rows}</table>"


class _DistrictLayer(MacroElement):
    """Leaflet GeoJSON layer built in the browser (static/ki/district-layer.js, loaded with the
    base map) from the cached geometry file, which holds shapes, tooltips and state names; per
    rerun only the distinct styles, their states and one style digit per district travel."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        kiDistrictLayer({{ this._parent.get_name() }}, {{ this.url|tojson }}, {{ this.styles|tojson }},
            {{ this.style_states|tojson }}, {{ this.codes|tojson }}, {{ this.slot|tojson }},
            {{ this.bases|tojson }}, {{ this.source_slot|tojson }});
        {% endmacro %}
    """)

    def __init__(self, url: str, kinds: list[tuple[dict, str, str]], data: dict[str, tuple[int, str]]):
        super().__init__()
        self._name = "DistrictLayer"
        self.url, self.data, self.slot, self.source_slot = url, data, STATE_SLOT, SOURCE_SLOT
        # per step only the distinct (style, state) pairs and one base-36 digit per district
        # travel, in the geometry file's feature order (both come from the same features)
        self.styles = [style for style, _, _ in kinds]
        self.style_states = [state for _, state, _ in kinds]
        self.bases = [BASIS_KEYS.index(basis) for _, _, basis in kinds]  # index into the feature's sources
        self.codes = "".join(_base36(i) for i, _ in data.values())


def _base36(i: int) -> str:
    if not 0 <= i < 36:
        raise ValueError(f"style index {i} does not fit one base-36 digit")
    return "0123456789abcdefghijklmnopqrstuvwxyz"[i]


def data_layer(geojson: dict, ops: dict[str, Opening], at: date, lang: str = "de",
               selected_ags: str | None = None, geometry_url: str | None = None) -> folium.FeatureGroup:
    """The fills at date `at` as a FeatureGroup for st_folium's feature_group_to_add.

    With `geometry_url`, only styles and states are sent (the browser loads the geometry and
    the tooltips once, from the file publish_geometry wrote for `lang`); without it the
    geometry is embedded (for standalone use).
    """
    state_label = {s: t(f"state_{s}", lang) for s in STATES}
    data: dict[str, tuple[int, str]] = {}
    kinds: list[tuple[dict, str, str]] = []
    feats = []
    for f in geojson["features"]:
        p = f["properties"]
        st, basis = evidence_at(ops[p["center_id"]], at)
        key = tooltip_basis(st, basis)
        style = palette.style_for(st, p.get("year"), selected=p["ags"] == selected_ags)
        props = {**p, "state": st, "tt_state": html.escape(state_label[st]), "style": style,
                 "tt_source": p.get("sources", {}).get(key, p.get("tt_source", ""))}
        if (style, st, key) not in kinds:  # a style per (look, state, evidence): they travel with it
            kinds.append((style, st, key))
        data[p["ags"]] = (kinds.index((style, st, key)), st)
        feats.append({**f, "properties": props})
    fg = folium.FeatureGroup(name="districts")
    if geometry_url:
        _DistrictLayer(geometry_url, kinds, data).add_to(fg)
        return fg
    folium.GeoJson(
        {"type": "FeatureCollection", "features": feats},
        name="districts",
        style_function=lambda f: f["properties"]["style"],
        highlight_function=lambda f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=list(TOOLTIP_FIELDS),
                                      aliases=[t(k, lang) for k in TOOLTIP_FIELDS], sticky=True),
    ).add_to(fg)
    return fg


def legend_entries(lang: str = "de", years: list[int] | None = None) -> list[tuple[str, str, dict]]:
    """(label, state, style) for the legend, in the order the map uses them."""
    years = years or list(palette.OPENING_YEARS)
    items = [(str(y), "open", palette.style_for("open", y)) for y in years]
    items.append((t("state_open_undated", lang), "open", palette.style_for("open", None)))
    for state in ("counted", "uncertain", "not_yet", "undocumented"):
        items.append((t(f"state_{state}", lang), state, palette.style_for(state, years[0])))
    return items


def legend_items(lang: str = "de", years: list[int] | None = None) -> list[tuple[str, dict]]:
    """(label, style) pairs for the legend, in the order the map uses them."""
    return [(label, style) for label, _, style in legend_entries(lang, years)]


def legend_html(lang: str = "de", years: list[int] | None = None) -> str:
    """A small HTML legend (swatches with the same fill and outline pattern as the map)."""
    parts = [f'<div class="ki-legend" role="list" aria-label="{html.escape(t("legend_title", lang))}">',
             f'<div style="font-weight:600;margin-bottom:4px">{html.escape(t("legend_title", lang))}</div>']
    for label, state, s in legend_entries(lang, years):
        parts.append(f'<div role="listitem" style="font-size:0.85rem;line-height:1.6">'
                     f'{_swatch(state, s)}{html.escape(label)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _swatch(state: str, s: dict) -> str:
    """A legend swatch: the map's fill and its outline pattern (not colour alone)."""
    border_style = palette.LEGEND_BORDER.get(state, "solid")
    return (f'<span style="display:inline-block;width:18px;height:12px;margin-right:6px;'
            f'vertical-align:middle;background:{s["fillColor"]};opacity:{max(s["fillOpacity"], 0.5)};'
            f'border:{max(1, round(s["weight"]))}px {border_style} {s["color"]}"></span>')


def legend_key(state: str, year: int | None) -> str:
    """Which legend entry a district in `state` belongs to (the year only matters when open)."""
    if state != "open":
        return state
    return "open-" if year is None else f"y{min(max(year, palette.OPENING_YEARS[0]), palette.OPENING_YEARS[-1])}"


def legend_chips_html(lang: str, shown: set[str]) -> str:
    """The compact legend of an embed: one chip per entry, `hidden` unless its key is in `shown`
    (the states on screen); the page shows and hides chips as the date changes."""
    chips = []
    for label, state, s in legend_entries(lang):
        key = legend_key(state, int(label) if label.isdigit() else None)
        chips.append(f'<li data-key="{key}"{"" if key in shown else " hidden"}>{_swatch(state, s)}'
                     f'{html.escape(label)}</li>')
    return (f'<ul class="ki-chips" aria-label="{html.escape(t("legend_title", lang))}">{"".join(chips)}</ul>')


def opening_table(records: Records, ops: dict[str, Opening], lang: str = "de") -> "pd.DataFrame":
    """The date-independent part of the map's table: center id, district, opening as
    documented, the same as sortable ISO text (keeps its precision), source title."""
    import pandas as pd

    rows = []
    for c in records.centers.itertuples(index=False):
        text, iso, src = opening_facts(records, ops[c.center_id], lang)
        rows.append({"center_id": c.center_id, t("col_district", lang): c.kreis_name,
                     t("col_opening", lang): text, t("col_opening_iso", lang): iso,
                     t("col_source", lang): src.get("title", "") or t("not_documented", lang)})
    return pd.DataFrame(rows).sort_values(t("col_district", lang), key=lambda s: s.str.lower()).reset_index(drop=True)


def state_table(records: Records, ops: dict[str, Opening], at: date, lang: str = "de",
                base: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """The map as a table (its text alternative): one row per center with its state at `at`.

    Columns (translated headers): district, state, opening as documented, opening as ISO
    text, source title. `base` is opening_table(...) when the caller has it cached.
    """
    tab = (opening_table(records, ops, lang) if base is None else base).copy()
    state = tab.pop("center_id").map(lambda cid: t(f"state_{state_at(ops[cid], at)}", lang))
    tab.insert(1, t("col_state", lang), state)
    return tab
