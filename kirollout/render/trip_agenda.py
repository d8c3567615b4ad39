"""The trip's agenda: per stop its day, time, venue (and which address that is), contacts and
the straight-line distance from the previous stop. One model for the PDF cover, the pages per
stop and the DOCX, so they agree.

Distances are great-circle distances between the districts' centres (the centroid of the
district's largest part; the StädteRegion's outside the Stadt Aachen), since no venue is
geocoded: the texts say so ("Luftlinie zwischen den Kreismittelpunkten").
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, time

from ..model.facts import CenterFacts, facts_for
from ..model.records import Records
from ..model.rollout import Opening
from . import contacts as contacts_mod
from .i18n import format_day, t
from .trip_plan import Stop

K = math.cos(math.radians(51.5))  # the rings' longitudes are scaled by this (briefing._rings)
CONTACT_ROLES = ("head_of_centre", "head_of_host_office", "phone", "email")


@dataclass(frozen=True)
class AgendaRow:
    number: int
    ags: str
    center_id: str
    kreis: str
    day: date | None
    time: time | None
    day_no: int                # 1, 2, … counting the distinct dates in trip order (0 = no date)
    venue: str                 # address or host office, "nicht belegt" when neither is sourced
    venue_kind: str            # "centre" | "host" | ""
    venue_source: str
    contacts: tuple[tuple[str, str], ...]  # (label, text or "nicht belegt")
    km: float | None           # from the previous stop; None for the first


def district_points(rings, codes: list[str]) -> dict[str, tuple[float, float]]:
    """A point per district in the rings' plot coordinates: the centroid of its largest part
    without the districts it encloses (the StädteRegion without the Stadt Aachen, the
    Rhein-Sieg-Kreis without Bonn), or its most inland point when the centroid lies outside."""
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.ops import polylabel, unary_union

    shapes = {a: MultiPolygon([Polygon(r) for r in rs]).buffer(0) for a, rs in rings}
    out = {}
    for a in codes:
        g = shapes[a]
        inner = [o for b, o in shapes.items() if b != a and g.contains(o.representative_point())]
        if inner:
            g = g.difference(unary_union(inner))
        if hasattr(g, "geoms"):
            g = max(g.geoms, key=lambda p: p.area)
        p = g.centroid if g.contains(g.centroid) else polylabel(g, tolerance=0.002)
        out[a] = (p.x, p.y)
    return out


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two points in plot coordinates (x = lon · K, y = lat)."""
    lon1, lat1, lon2, lat2 = a[0] / K, a[1], b[0] / K, b[1]
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _venue(f: CenterFacts, lang: str) -> tuple[str, str, str]:
    """The centre's address where sourced (newest first), else its host office's name."""
    if f.venue:
        return f.venue.value, "centre", f.venue.source_id
    if f.office:
        return f.office.value, "host", f.office.source_id
    return t("not_documented", lang), "", ""


def agenda(records: Records, ops: dict[str, Opening], stops: list[Stop], rings, lang: str = "de") -> list[AgendaRow]:
    """One row per stop, in trip order."""
    facts = facts_for(records, ops)
    by_ags = {f.ags: f for f in facts.values()}
    pts = district_points(rings, [s.ags for s in stops])
    days = list(dict.fromkeys(s.day for s in stops if s.day))
    out = []
    for i, s in enumerate(stops, 1):
        f = by_ags[s.ags]
        venue, kind, src = _venue(f, lang)
        people = tuple((t(f"contact_{r}", lang), contacts_mod.contact_text(f, r, lang))
                       for r in CONTACT_ROLES)
        km = km_between(pts[stops[i - 2].ags], pts[s.ags]) if i > 1 else None
        out.append(AgendaRow(i, s.ags, f.center_id, f.kreis_name, s.day, s.time,
                             days.index(s.day) + 1 if s.day else 0, venue, kind, src, people, km))
    return out


def venue_text(r: AgendaRow, lang: str = "de") -> str:
    """"Bismarckstr. 16, 52351 Düren (Adresse des Zentrums) [src-3]"."""
    if not r.venue_kind:
        return r.venue
    return f"{r.venue} ({t('trip_venue_' + r.venue_kind, lang)})" + (f" [{r.venue_source}]" if r.venue_source else "")


def distance_text(r: AgendaRow, lang: str = "de") -> str:
    if r.km is None:
        return t("trip_distance_first", lang)
    return t("trip_distance_value", lang, km=round(r.km))


def when_text(r: AgendaRow, lang: str = "de") -> str:
    """"10. Dezember 2026, 09:30" / "ohne Datum"."""
    parts = [format_day(r.day, lang) if r.day else t("trip_no_date", lang)]
    if r.time:
        parts.append(r.time.strftime("%H:%M"))
    return ", ".join(parts)


def stop_rows(r: AgendaRow, lang: str = "de") -> list[tuple[str, str]]:
    """The agenda of one stop as (label, value) rows for its page: time, venue, distance (the
    contacts stand among the district's facts, briefing.fact_rows)."""
    return [(t("trip_day", lang), when_text(r, lang)), (t("trip_venue", lang), venue_text(r, lang)),
            (t("trip_distance", lang), distance_text(r, lang))]
