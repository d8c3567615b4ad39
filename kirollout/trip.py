"""Besuchsreise: one briefing pack for a trip to several districts, in trip order.

A cover page (map of the stops numbered in trip order, one table row per stop: district, centre,
opening with its precision, last documented visit by a member of the state government, funding
sourced / modelled), then for each stop the same page as the single district briefing
(briefing.build_pdf), with two lines added on top: the stop (and its date) and what the records
hold that is newer than the last documented visit. The pages are joined with pypdf.

Command line (`make briefing AGS=05358,05370 OUT=trip.pdf`):
    python -m kirollout.trip --ags 05358,05370 [--dates 2025-03-10,2025-03-11] --out trip.pdf
"""
from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from . import briefing, palette
from .dates import parse_period
from .edition import edition_of
from .facts import CenterFacts, facts_for
from .geodata import AACHEN_CITY, STAEDTEREGION
from .i18n import credit_line, edition_line, format_day, format_eur, format_event_date, t
from .records import Records
from .rollout import Opening
from .trip_plan import MAX_STOPS, Stop, TripError, parse_trip, stations  # noqa: F401 — the plan, re-exported
from .visits import visit_summaries

# ---------------------------------------------------------------- facts per stop

@dataclass
class StopFacts:
    number: int
    stop: Stop
    center_id: str
    kreis: str
    center: str
    opening: str
    last_visit: str
    funding: str
    since_visit: str


def since_last_visit(records: Records, center_id: str, last: object | None, lang: str = "de") -> str:
    """What the records hold that surely lies after the last documented visit: events and
    funding amounts whose documented period starts after the visit's period ends."""
    if last is None:
        return t("trip_since_none", lang)
    when = last.last_date_text
    end = last.last_period.end
    items: list[tuple[date, str]] = []
    ev = records.events
    for _, r in ev[(ev["center_id"] == center_id) & (ev["date"] != "")].iterrows():
        p = parse_period(r["date"], r["precision"])
        if p.start > end:
            label = r["label_de"] if lang == "de" else r["label_en"]
            items.append((p.start, f"{format_event_date(r, lang)} "
                                   f"{t('type_' + r['type'], lang)}: {label} [{r['source_id']}]"))
    f = records.funding
    for _, r in f[(f["center_id"] == center_id) & (f["year"] != "")].iterrows():
        if date(int(r["year"]), 1, 1) > end:
            label = r["label_de"] if lang == "de" else r["label_en"]
            items.append((date(int(r["year"]), 1, 1), f"{r['year']} {t('briefing_funding', lang)}: "
                                                      f"{format_eur(float(r['amount_eur']), lang)} – {label} "
                                                      f"[{r['source_id']}]"))
    if not items:
        return t("trip_since_nothing", lang, date=when)
    return t("trip_since_items", lang, date=when, items="; ".join(s for _, s in sorted(items)))


def stop_facts(records: Records, ops: dict[str, Opening], stops: list[Stop], lang: str = "de",
               today: date | None = None) -> list[StopFacts]:
    """One row of the cover table per stop, in trip order."""
    from .details import render_detail

    today = today or date.today()
    centers = records.centers.set_index("ags")
    visits = {v.ags: v for v in visit_summaries(records, lang)}
    all_facts = facts_for(records, ops)
    out = []
    for i, s in enumerate(stops, 1):
        f = all_facts[centers.loc[s.ags, "center_id"]]
        d = render_detail(f, records, lang)
        opening = f"{d.opening} ({t('precision_' + d.opening_precision, lang)})" if d.opening_precision else d.opening
        v = visits[s.ags]
        last = v if v.last_period else None
        visit = (f"{v.last_date_text}" + (f", {v.last_person}" if v.last_person else "")
                 + f" [{v.last_source_id}]") if last else t("visits_none", lang)
        out.append(StopFacts(i, s, f.center_id, d.kreis_name, d.name, opening, visit,
                             funding_summary(f, today, lang), since_last_visit(records, f.center_id, last, lang)))
    return out


def funding_summary(f: CenterFacts, today: date, lang: str = "de") -> str:
    """Sourced amounts (count and sum) and the modelled amount per year on `today`: the same
    figures as the district page (CenterFacts.funding and .modelled_on)."""
    sourced = f.funding
    fund = [t("trip_funding_sourced", lang, n=len(sourced), sum=format_eur(sum(x.amount for x in sourced), lang))
            if sourced else t("trip_funding_sourced_none", lang)]
    modelled = f.modelled_on(today)
    fund.append(t("trip_funding_modelled", lang, sum=format_eur(sum(x.amount for x in modelled), lang))
                if modelled else t("trip_funding_modelled_none", lang))
    return " · ".join(fund)


# ---------------------------------------------------------------- cover map

def stop_points(rings, stops: list[Stop]) -> list[tuple[float, float]]:
    """A point inside each stop's district (the StädteRegion's outside the Stadt Aachen)."""
    from shapely.geometry import MultiPolygon, Polygon

    shapes = {a: MultiPolygon([Polygon(r) for r in rs]).buffer(0) for a, rs in rings}
    pts = []
    for s in stops:
        g = shapes[s.ags]
        if s.ags == STAEDTEREGION and AACHEN_CITY in shapes:
            g = g.difference(shapes[AACHEN_CITY])
        if hasattr(g, "geoms"):
            g = max(g.geoms, key=lambda p: p.area)
        p = g.representative_point()
        pts.append((p.x, p.y))
    return pts


def cover_map_png(rings, stops: list[Stop], fills: dict[str, str], *, dpi: int = 150) -> bytes:
    """All districts light grey, the stops in their map colour outlined red, a dashed route in
    trip order and a numbered marker per stop."""
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.2, 4.4))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    chosen = {s.ags for s in stops}
    for layer in (0, 1):  # the StädteRegion first, the Stadt Aachen above it
        for a, rs in rings:
            if (a == AACHEN_CITY) != bool(layer):
                continue
            on = a in chosen
            ax.add_collection(PolyCollection(
                rs, facecolors=fills.get(a, palette.NOT_YET) if on else palette.NOT_YET,
                edgecolors=palette.SELECTED_OUTLINE if on else palette.OUTLINE, linewidths=1.4 if on else 0.3,
                zorder=2 + layer + on))
    pts = stop_points(rings, stops)
    if len(pts) > 1:
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color="#111111", linewidth=1.2, linestyle=(0, (4, 3)),
                zorder=6)
    for n, (x, y) in enumerate(pts, 1):
        ax.plot(x, y, marker="o", markersize=13, markerfacecolor="white", markeredgecolor="#111111",
                markeredgewidth=1.4, zorder=7)
        ax.text(x, y, str(n), ha="center", va="center_baseline", fontsize=8, fontweight="bold", zorder=8)
    xs = [x for _, rs in rings for r in rs for x, _ in r]
    ys = [y for _, rs in rings for r in rs for _, y in r]
    ax.set_xlim(min(xs) - 0.02, max(xs) + 0.02)
    ax.set_ylim(min(ys) - 0.02, max(ys) + 0.02)
    ax.set_aspect("equal")
    return briefing._png(fig, dpi)


# ---------------------------------------------------------------- PDF

_COVER_STEPS = ((8.5, 92), (8, 80), (7.5, 70), (7, 60), (6.5, 52), (6, 46))  # (font pt, map width mm)


def _cover(facts: list[StopFacts], map_png: bytes, lang: str, today: date, data_date: str, attribution: str,
           fonts, size: float, map_w: float):
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    reg, bold = fonts
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_title(f"{t('trip_title', lang)}: " + ", ".join(f.kreis for f in facts))
    pdf.set_creator("KI-Rollout NRW")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_font(briefing.FONT_FAMILY, "", str(reg))
    pdf.add_font(briefing.FONT_FAMILY, "B", str(bold))
    pdf.add_page()
    nl = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    lh = size * 0.45
    pdf.set_font(briefing.FONT_FAMILY, "", size)
    pdf.cell(0, lh, f"{t('briefing_title', lang)} · {data_date} · "
                    f"{t('briefing_created', lang)}: {format_day(today, lang, 'short')}", **nl)
    pdf.set_font(briefing.FONT_FAMILY, "B", size + 8)
    pdf.multi_cell(0, (size + 8) * 0.45, f"{t('trip_title', lang)}: {stations(len(facts), lang)}", **nl)
    dated = [f.stop.day for f in facts if f.stop.day]
    if dated:
        pdf.set_font(briefing.FONT_FAMILY, "", size + 1)
        first, last = min(dated), max(dated)
        span = format_day(first, lang) + ("" if first == last else " – " + format_day(last, lang))
        pdf.cell(0, lh * 1.2, span, **nl)
    pdf.ln(lh * 0.5)
    x0 = (pdf.w - map_w) / 2
    pdf.image(io.BytesIO(map_png), x=x0, y=pdf.get_y(), w=map_w, alt_text=t("trip_map_alt", lang))
    pdf.set_y(pdf.get_y() + map_w * 4.4 / 5.2 + lh * 0.5)
    pdf.set_font(briefing.FONT_FAMILY, "", size - 0.5)
    head = [t("trip_col_no", lang), t("col_district", lang), t("trip_col_center", lang), t("detail_opening", lang),
            t("trip_col_last_visit", lang), t("trip_col_funding", lang)]
    with pdf.table(col_widths=(7, 26, 36, 30, 40, 43), text_align="LEFT", line_height=lh * 0.95,
                   first_row_as_headings=True, padding=0.8) as table:
        row = table.row()
        for h in head:
            row.cell(h)
        for f in facts:
            row = table.row()
            district = f.kreis + (f"\n{format_day(f.stop.day, lang, 'short')}" if f.stop.day else "")
            for v in (str(f.number), district, f.center, f.opening, f.last_visit, f.funding):
                row.cell(v)
    pdf.ln(lh * 0.6)
    pdf.set_font(briefing.FONT_FAMILY, "", size - 1.5)
    pdf.set_text_color(70, 70, 70)
    pdf.multi_cell(0, lh * 0.85, attribution, **nl)
    return pdf


def trip_pdf(records: Records, ops: dict[str, Opening], stops: list[Stop], *, meta: dict,
             population: pd.DataFrame | None, lang: str = "de", today: date | None = None, rings=None) -> bytes:
    """The briefing pack: cover page, then one briefing page per stop, in trip order."""
    from pypdf import PdfReader, PdfWriter

    if not stops:
        raise TripError("trip_empty")
    if len(stops) > MAX_STOPS:
        raise TripError("trip_too_many", n=len(stops), max=MAX_STOPS)
    today = today or date.today()
    rings = rings if rings is not None else briefing.district_rings(None)
    facts = stop_facts(records, ops, stops, lang, today)
    pages = []
    for f in facts:
        b = briefing.briefing_data(records, ops, f.center_id, meta=meta, population=population, lang=lang,
                                   today=today)
        stop = t("trip_stop", lang, n=f.number, total=len(facts))
        if f.stop.day:
            stop += " · " + format_day(f.stop.day, lang)
        b.extra["rows"] = [(t("trip_title", lang), stop), (t("trip_since_visit", lang), f.since_visit)]
        pages.append((f.kreis, b, briefing.build_pdf(b, rings)))
    fills = {f.stop.ags: b.fill_color for f, (_, b, _) in zip(facts, pages)}
    map_png = cover_map_png(rings, stops, fills)
    ed = edition_of(records, meta)
    data_date = edition_line(ed, lang)
    texts = [x for f in facts for x in (f.kreis, f.center, f.opening, f.last_visit, f.funding)]
    fonts = briefing.pdf_fonts(texts + [t(k, lang) for k in ("trip_title", "trip_col_last_visit", "trip_col_funding")])
    for size, map_w in _COVER_STEPS:
        cover = _cover(facts, map_png, lang, today, data_date, credit_line(ed, lang), fonts, size, map_w)
        if cover.pages_count == 1:
            break
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(bytes(cover.output()))), outline_item=t("trip_title", lang))
    for name, _, data in pages:
        writer.append(PdfReader(io.BytesIO(data)), outline_item=name)
    writer.add_metadata({"/Title": f"{t('trip_title', lang)}: " + ", ".join(f.kreis for f in facts),
                         "/Creator": "KI-Rollout NRW"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_file_name(stops: list[Stop], day: date) -> str:
    """`ki-besuchsreise_05358-05370_2025-03-10.pdf` (AGS in trip order, date of the first stop or today)."""
    first = next((s.day for s in stops if s.day), day)
    return f"ki-besuchsreise_{'-'.join(s.ags for s in stops)}_{first.isoformat()}.pdf"


def main(argv: list[str] | None = None) -> int:
    from . import geodata
    from .records import load_records
    from .rollout import openings
    from .trip_plan import check_dates

    ap = argparse.ArgumentParser(prog="python -m kirollout.trip",
                                 description="Briefing für eine Besuchsreise (PDF oder DOCX, nach der Dateiendung)")
    ap.add_argument("--ags", default="", help="AGS in Reihenfolge der Reise, z. B. 05358,05370")
    ap.add_argument("--dates", default="", help="optional ein Datum je Station, z. B. 2025-03-10,,2025-03-12")
    ap.add_argument("--times", default="", help="optional eine Uhrzeit je Station, z. B. 09:30,,14:00")
    ap.add_argument("--out", required=True, help="Zieldatei: .pdf oder .docx")
    ap.add_argument("--lang", default="de", choices=("de", "en"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".docx"):
        print(f"Fehler: Dateiendung „{out.suffix}“ unbekannt: erwartet .pdf oder .docx (OUT=…)", file=sys.stderr)
        return 2
    records = load_records()
    today = date.today()
    try:
        stops = parse_trip(args.ags, set(records.centers["ags"]), args.dates, args.times, today)
    except TripError as exc:
        print(f"Fehler ({exc.field}): {exc.text('de')}", file=sys.stderr)
        return 2
    names = dict(zip(records.centers["ags"], records.centers["kreis_name"]))
    issues = check_dates(stops, names, today)
    for i in issues:
        print(f"{'Fehler' if i.level == 'error' else 'Hinweis'} ({i.field}): {i.text('de')}", file=sys.stderr)
    if any(i.level == "error" for i in issues):
        return 2
    build = trip_docx if out.suffix.lower() == ".docx" else trip_pdf
    data = build(records, openings(records), stops, meta=geodata.load_meta(),
                 population=geodata.load_population(), lang=args.lang, today=today)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out}: {stations(len(stops))}, {len(data) / 1024:.0f} KiB")
    return 0


def trip_docx(*args, **kwargs) -> bytes:
    """The pack as an editable Word file (kirollout/trip_docx.py)."""
    from .trip_docx import trip_docx as build

    return build(*args, **kwargs)


if __name__ == "__main__":
    raise SystemExit(main())
