"""The map as one inline SVG for presentation mode: it scales with the screen (any projector
size, no iframe, no scrolling) and carries district labels where they fit.

Same rule (rollout.state_at), same styles (palette.style_for, outline pattern and the PNG's
hatching) as the interactive map and the print PNG. The geometry is projected (ETRS89 / UTM 32N)
and simplified once per data version; a frame only writes the fills of the day.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from ..model.rollout import Opening, state_at
from . import palette

VIEW_W = 1000.0          # SVG user units across NRW; everything below is in these units
SIMPLIFY_M = 220.0       # metres: invisible on a 4K projector, keeps a frame small
LABEL_SIZE = 17.0        # font size of a district label
CITY_MIN_SIZE = 11.0     # a kreisfreie Stadt's code is shown even where it must be smaller
# licence-plate codes of the kreisfreie Städte (and the Stadt Aachen): short labels that fit
PLATE_CODES = {
    "05111": "D", "05112": "DU", "05113": "E", "05114": "KR", "05116": "MG", "05117": "MH", "05119": "OB",
    "05120": "RS", "05122": "SG", "05124": "W", "05314": "BN", "05315": "K", "05316": "LEV", "05334002": "AC",
    "05512": "BOT", "05513": "GE", "05515": "MS", "05711": "BI", "05911": "BO", "05913": "DO", "05914": "HA",
    "05915": "HAM", "05916": "HER",
}
_HATCH_SVG = {  # palette.HATCH_BY_DASH drawn as SVG patterns
    "////": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#000" stroke-width="1" stroke-opacity=".55"/>',
    "...": '<circle cx="4" cy="4" r="1.1" fill="#000" fill-opacity=".6"/>',
    "\\\\": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#000" stroke-width="1" stroke-opacity=".5"/>',
}


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    lines: tuple[str, ...]
    size: float


@dataclass(frozen=True)
class District:
    ags: str
    center_id: str
    year: int | None
    d: str              # SVG path data
    label: Label | None


def _fits(lines: tuple[str, ...], size: float, width: float, height: float) -> bool:
    """A rough text box (0.58 em per character, 1.15 em per line) inside the free chords."""
    return max(len(s) for s in lines) * 0.58 * size <= width * 0.9 and len(lines) * 1.15 * size <= height * 0.8


def _chords(poly, pt) -> tuple[float, float]:
    """Width and height free around `pt` inside `poly`: the horizontal and vertical chords through it."""
    from shapely.geometry import LineString

    minx, miny, maxx, maxy = poly.bounds

    def chord(line) -> float:
        cut = poly.intersection(line)
        parts = getattr(cut, "geoms", [cut])
        return max((p.length for p in parts if p.distance(pt) < 1e-6), default=0.0)

    return chord(LineString([(minx, pt.y), (maxx, pt.y)])), chord(LineString([(pt.x, miny), (pt.x, maxy)]))


def _label(ags: str, name: str, city: bool, free) -> Label | None:
    """Where and how a district is named: the plate code for a city, the name (one or two lines)
    for a Kreis where it fits, else nothing."""
    from shapely.ops import polylabel

    if free.is_empty:
        return None
    poly = max(getattr(free, "geoms", [free]), key=lambda p: p.area)
    pt = polylabel(poly, tolerance=1.0)
    w, h = _chords(poly, pt)
    if city:
        code = (PLATE_CODES.get(ags) or name[:3]).upper()
        size = LABEL_SIZE
        while size > CITY_MIN_SIZE and not _fits((code,), size, w, h):
            size -= 1
        return Label(pt.x, pt.y, (code,), size)
    candidates = [(name,)]
    for sep in ("-", " "):
        if sep in name:
            head, tail = name.split(sep, 1)
            candidates.append((head + (sep if sep == "-" else ""), tail))
    for lines in candidates:
        if _fits(lines, LABEL_SIZE, w, h):
            return Label(pt.x, pt.y, lines, LABEL_SIZE)
    return None


class SvgMap:
    """Projected, simplified districts with their labels; `svg(at)` draws the map of one day."""

    def __init__(self, geojson: dict, records, ops: dict[str, Opening], aria_label: str = ""):
        import geopandas as gpd
        from shapely.affinity import affine_transform

        self.ops, self.aria_label = ops, aria_label
        gdf = gpd.GeoDataFrame.from_features(geojson["features"], crs=4326).to_crs(25832)
        minx, miny, maxx, maxy = gdf.total_bounds
        s = VIEW_W / (maxx - minx)
        self.height = round((maxy - miny) * s, 1)
        # to SVG units: x right, y down
        gdf["geometry"] = [affine_transform(g.simplify(SIMPLIFY_M, preserve_topology=True),
                                            [s, 0, 0, -s, -minx * s, maxy * s]) for g in gdf.geometry]
        centers = records.centers.set_index("ags")
        self.districts: list[District] = []
        geoms = list(gdf.geometry)
        for i, row in gdf.iterrows():
            c = centers.loc[row["ags"]]
            others = [g for j, g in enumerate(geoms) if j != i and g.intersects(row.geometry)]
            free = row.geometry.difference(gpd.GeoSeries(others).union_all()) if others else row.geometry
            city = c["kind"] in ("kreisfreie Stadt", "Stadt in der StädteRegion")
            year = int(row["year"]) if row["year"] is not None and row["year"] == row["year"] else None
            self.districts.append(District(row["ags"], row["center_id"], year, _path_data(row.geometry),
                                           _label(row["ags"], str(c["kreis_name"]), city, free)))

    def svg(self, at: date) -> str:
        """The map on day `at`: one path per district (fill, outline pattern, hatching), labels on top."""
        defs = "".join(f'<pattern id="ki-h{i}" width="8" height="8" patternUnits="userSpaceOnUse">{body}</pattern>'
                       for i, body in enumerate(_HATCH_SVG.values()))
        hatch_ids = {k: f"ki-h{i}" for i, k in enumerate(_HATCH_SVG)}
        shapes, hatches, labels = [], [], []
        for dist in self.districts:
            st = palette.style_for(state_at(self.ops[dist.center_id], at), dist.year)
            dash = f' stroke-dasharray="{st["dashArray"]}"' if st.get("dashArray") else ""
            shapes.append(f'<path id="ki-d{dist.ags}" data-ags="{dist.ags}" d="{dist.d}" fill="{st["fillColor"]}" '
                          f'fill-opacity="{st["fillOpacity"]}" stroke="{st["color"]}" '
                          f'stroke-width="{st["weight"] * 0.8:g}"{dash}/>')
            hatch = palette.HATCH_BY_DASH.get(st.get("dashArray") or "")
            if hatch in hatch_ids:
                hatches.append(f'<use href="#ki-d{dist.ags}" fill="url(#{hatch_ids[hatch]})" stroke="none"/>')
            if dist.label:
                lb = dist.label
                n = len(lb.lines)
                spans = "".join(f'<tspan x="{lb.x:.0f}" dy="{(-(n - 1) * 0.55 if k == 0 else 1.1):.2f}em">'
                                f'{html.escape(s)}</tspan>' for k, s in enumerate(lb.lines))
                labels.append(f'<text x="{lb.x:.0f}" y="{lb.y:.0f}" font-size="{lb.size:g}">{spans}</text>')
        return (f'<svg class="ki-svg-map" viewBox="0 0 {VIEW_W:g} {self.height:g}" role="img" '
                f'aria-label="{html.escape(self.aria_label, quote=True)}" preserveAspectRatio="xMidYMid meet" '
                f'xmlns="http://www.w3.org/2000/svg"><defs>{defs}</defs>'
                f'<g stroke-linejoin="round" fill-rule="evenodd">{"".join(shapes)}{"".join(hatches)}</g>'
                f'<g class="ki-map-labels" text-anchor="middle" dominant-baseline="central" '
                f'font-family="DejaVu Sans, Arial, sans-serif" font-weight="600" fill="#111" stroke="#fff" '
                f'stroke-width="3" stroke-linejoin="round" paint-order="stroke">{"".join(labels)}</g></svg>')


def _path_data(geom) -> str:
    """SVG path data of a (multi)polygon with its holes (drawn with fill-rule evenodd), whole units."""
    out = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            pts = [f"{x:.0f},{y:.0f}" for x, y in ring.coords[:-1]]
            dedup = [p for k, p in enumerate(pts) if k == 0 or p != pts[k - 1]]
            out.append("M" + " ".join(dedup) + "Z")
    return "".join(out)
