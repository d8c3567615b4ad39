"""Besuchsreise: one briefing pack for a trip to several districts, in trip order.

A cover page (map of the stops numbered in trip order, one table row per stop: district, centre,
opening with its precision, last documented visit by a member of the state government, funding
sourced / modelled), then for each stop the same page as the single district briefing
(briefing.build_pdf), with two lines added on top: the stop (and its date) and what the records
hold that is newer than the last documented visit. The pages are joined with pypdf.

Command line (`make briefing AGS=05358,05370 OUT=trip.pdf`):
    python -m kirollout.render.trip --ags 05358,05370 [--dates 2025-03-10,2025-03-11] --out trip.pdf
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..model.dates import parse_period
from ..model.edition import edition_of
from ..model.facts import CenterFacts, facts_for
from ..model.geodata import AACHEN_CITY
from ..model.records import Records
from ..model.rollout import Opening
from . import briefing, palette
from .i18n import credit_line, edition_line, format_day, format_eur, format_event_date, t
from .trip_agenda import AgendaRow, agenda, district_points, stop_rows, venue_text
from .trip_plan import MAX_STOPS, Stop, TripError, is_retrospective, parse_trip, stations  # noqa: F401 — the plan, re-exported
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
    all_facts = facts_for(records, ops)
    visits = {v.ags: v for v in visit_summaries(records, lang, all_facts)}
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
    """Each stop's district centre (trip_agenda.district_points: the same point the distances use)."""
    pts = district_points(rings, [s.ags for s in stops])
    return [pts[s.ags] for s in stops]


def spread_markers(pts: list[tuple[float, float]], min_dist: float, rounds: int = 200) -> list[tuple[float, float]]:
    """Marker positions near `pts` but at least `min_dist` apart (12 stops in the Ruhr would
    otherwise cover each other): pairs that are too close push each other apart, a little per round."""
    pos = [list(p) for p in pts]
    for _ in range(rounds):
        moved = False
        for i in range(len(pos)):
            for j in range(i + 1, len(pos)):
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                d = (dx * dx + dy * dy) ** 0.5
                if d < min_dist:
                    if d < 1e-9:
                        dx, dy, d = 1.0, 0.0, 1.0
                    push = (min_dist - d) / 2 + 1e-4
                    pos[i][0] -= dx / d * push
                    pos[i][1] -= dy / d * push
                    pos[j][0] += dx / d * push
                    pos[j][1] += dy / d * push
                    moved = True
        if not moved:
            break
    return [(x, y) for x, y in pos]


def _label_place(at: tuple[float, float], marks: list[tuple[float, float]], span: float):
    """Where a stop's name goes: below, above, right or left of its marker, the first side whose
    text area holds no other marker."""
    d = span * 0.04
    sides = ((0, -d, "center", "top", (0, -2.2 * d)), (0, d, "center", "bottom", (0, 2.2 * d)),
             (d, 0, "left", "center", (3 * d, 0)), (-d, 0, "right", "center", (-3 * d, 0)))
    for dx, dy, ha, va, (cx, cy) in sides:
        mid = (at[0] + cx, at[1] + cy)
        if all(((m[0] - mid[0]) ** 2 + (m[1] - mid[1]) ** 2) ** 0.5 > 2.2 * d for m in marks if m != at):
            return dx, dy, ha, va
    return sides[0][:4]


def cover_map_png(rings, stops: list[Stop], fills: dict[str, str], *, lang: str = "de",
                  names: dict[str, str] | None = None, dpi: int = 150) -> bytes:
    """All districts light grey, the stops in their map colour outlined red, the route in trip
    order (dashed, one shade per day), a numbered marker per stop kept apart from the others
    (a thin line to its district where it had to move), the stops' names and a legend."""
    import matplotlib.patheffects as pe
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(3.6, 3.6 * 4.4 / 5.2))  # printed at ~74 mm: text stays ≥ 6 pt
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
    # the view: the stops' districts with a margin (at least a third of NRW), so nearby stops stay apart
    xs = [x for a, rs in rings if a in chosen for r in rs for x, _ in r]
    ys = [y for a, rs in rings if a in chosen for r in rs for _, y in r]
    all_x = [x for _, rs in rings for r in rs for x, _ in r]
    all_y = [y for _, rs in rings for r in rs for _, y in r]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    aspect = 5.2 / 4.4
    h = max(max(ys) - min(ys), (max(xs) - min(xs)) / aspect, (max(all_y) - min(all_y)) / 3) * 1.3
    vx = (max(cx - h * aspect / 2, min(all_x) - 0.02), min(cx + h * aspect / 2, max(all_x) + 0.02))
    vy = (max(cy - h / 2, min(all_y) - 0.02), min(cy + h / 2, max(all_y) + 0.02))
    span = max(vx[1] - vx[0], vy[1] - vy[0])
    pts = stop_points(rings, stops)
    marks = spread_markers(pts, span * 0.075)
    halo = [pe.withStroke(linewidth=2.2, foreground="white")]
    if len(marks) > 1:
        ax.plot([p[0] for p in marks], [p[1] for p in marks], color="#111111", linewidth=1.2,
                linestyle=(0, (4, 3)), zorder=6)
    for n, ((x0, y0), (x, y), s) in enumerate(zip(pts, marks, stops), 1):
        if (x0, y0) != (x, y):
            ax.plot([x0, x], [y0, y], color="#111111", linewidth=0.6, zorder=6)
            ax.plot(x0, y0, marker="o", markersize=2.5, color="#111111", zorder=6)
        ax.plot(x, y, marker="o", markersize=11, markerfacecolor="white", markeredgecolor="#111111",
                markeredgewidth=1.4, zorder=7)
        ax.text(x, y, str(n), ha="center", va="center_baseline", fontsize=7.5, fontweight="bold", zorder=8)
        if names:
            dx, dy, ha, va = _label_place((x, y), marks, span)
            ax.text(x + dx, y + dy, names.get(s.ags, s.ags), ha=ha, va=va, fontsize=7.5, zorder=8,
                    path_effects=halo)
    ax.set_xlim(*vx)
    ax.set_ylim(*vy)
    ax.set_aspect("equal")
    legend = [Line2D([], [], marker="o", markersize=9, markerfacecolor="white", markeredgecolor="#111111",
                     linestyle="none", label=t("trip_legend_stop", lang)),
              Line2D([], [], color="#111111", linewidth=1.2, linestyle=(0, (4, 3)), label=t("trip_legend_route", lang))]
    ax.legend(handles=legend, loc="lower left", fontsize=7, frameon=True, framealpha=0.9, edgecolor="#cccccc")
    return briefing._png(fig, dpi)


# ---------------------------------------------------------------- PDF

COVER_PT = 9  # body text on the cover; long trips flow onto a second cover page instead of shrinking
COVER_MAP_W = 74  # mm


@contextmanager
def _table(pdf, widths: tuple, head: list[str], lh: float):
    """A cover table with its header row (repeated on a new page by fpdf2)."""
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=lh, first_row_as_headings=True,
                   padding=0.8) as table:
        row = table.row()
        for h in head:
            row.cell(h)
        yield table


def _cover(facts: list[StopFacts], plan: list[AgendaRow], map_png: bytes, lang: str, today: date, foot: list[str],
           fonts, retrospective: bool):
    """The cover: title, agenda (a row per day when the date changes), map, overview table."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    reg, bold = fonts
    size = COVER_PT
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_title(f"{t('trip_title', lang)}: " + ", ".join(f.kreis for f in facts))
    pdf.set_creator("KI-Rollout NRW")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font(briefing.FONT_FAMILY, "", str(reg))
    pdf.add_font(briefing.FONT_FAMILY, "B", str(bold))
    pdf.add_page()
    nl = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    lh = size * 0.45
    pdf.set_font(briefing.FONT_FAMILY, "", size)
    pdf.cell(0, lh, f"{t('briefing_title', lang)} · {foot[0]}", **nl)
    pdf.set_font(briefing.FONT_FAMILY, "B", size + 7)
    pdf.multi_cell(0, (size + 7) * 0.45, f"{t('trip_title', lang)}: {stations(len(facts), lang)}", **nl)
    if retrospective:
        pdf.set_font(briefing.FONT_FAMILY, "B", size)
        pdf.set_text_color(150, 40, 40)
        pdf.multi_cell(0, lh, t("trip_retrospective", lang), **nl)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(lh * 0.4)

    # agenda: day, time, district, venue, contact, km — a heading row whenever the date changes
    pdf.set_font(briefing.FONT_FAMILY, "B", size + 1.5)
    pdf.cell(0, lh * 1.3, t("trip_agenda", lang), **nl)
    pdf.set_font(briefing.FONT_FAMILY, "", size)
    head = [t("trip_col_no", lang), t("trip_time", lang), t("col_district", lang), t("trip_venue", lang),
            t("trip_contact", lang), t("trip_col_km", lang)]
    with _table(pdf, (8, 16, 30, 78, 36, 14), head, lh) as table:
        day_no = None
        for r in plan:
            if r.day_no != day_no:
                day_no = r.day_no
                label = (t("trip_legend_day", lang, n=r.day_no) + " · " + format_day(r.day, lang)) if r.day \
                    else t("trip_no_date", lang)
                pdf.set_font(briefing.FONT_FAMILY, "B", size)
                table.row().cell(label, colspan=len(head))
                pdf.set_font(briefing.FONT_FAMILY, "", size)
            row = table.row()
            for v in (str(r.number), r.time.strftime("%H:%M") if r.time else "–", r.kreis, venue_text(r, lang),
                      r.contacts[0][1], "" if r.km is None else str(round(r.km))):
                row.cell(v)
    pdf.set_font(briefing.FONT_FAMILY, "", size - 0.5)
    pdf.multi_cell(0, lh * 0.9, t("trip_km_note", lang), **nl)
    pdf.ln(lh * 0.4)
    map_h = COVER_MAP_W * 4.4 / 5.2
    if pdf.get_y() + map_h > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.image(io.BytesIO(map_png), x=(pdf.w - COVER_MAP_W) / 2, y=pdf.get_y(), w=COVER_MAP_W,
              alt_text=t("trip_map_alt", lang))
    pdf.set_y(pdf.get_y() + map_h + lh * 0.4)

    # overview: the centre's facts per stop
    pdf.set_font(briefing.FONT_FAMILY, "B", size + 1.5)
    pdf.cell(0, lh * 1.3, t("trip_overview", lang), **nl)
    pdf.set_font(briefing.FONT_FAMILY, "", size)
    head = [t("trip_col_no", lang), t("col_district", lang), t("trip_col_center", lang), t("detail_opening", lang),
            t("trip_col_last_visit", lang), t("trip_col_funding", lang)]
    with _table(pdf, (8, 24, 36, 30, 42, 42), head, lh) as table:
        for f in facts:
            row = table.row()
            for v in (str(f.number), f.kreis, f.center, f.opening, f.last_visit, f.funding):
                row.cell(v)
    pdf.ln(lh * 0.6)
    pdf.set_font(briefing.FONT_FAMILY, "", size - 1)
    pdf.set_text_color(70, 70, 70)
    for line in foot:
        pdf.multi_cell(0, lh * 0.9, line, **nl)
    return pdf


def pack_parts(records: Records, ops: dict[str, Opening], stops: list[Stop], lang: str, today: date | None,
               rings) -> tuple[date, tuple, list[StopFacts], list[AgendaRow]]:
    """What the PDF and the DOCX both start from: the checked stops' facts and agenda."""
    if not stops:
        raise TripError("trip_empty")
    if len(stops) > MAX_STOPS:
        raise TripError("trip_too_many", n=len(stops), max=MAX_STOPS)
    today = today or date.today()
    rings = rings if rings is not None else briefing.district_rings(None)
    return today, rings, stop_facts(records, ops, stops, lang, today), agenda(records, ops, stops, rings, lang)


def trip_pdf(records: Records, ops: dict[str, Opening], stops: list[Stop], *, meta: dict,
             population: pd.DataFrame | None, lang: str = "de", today: date | None = None, rings=None) -> bytes:
    """The briefing pack: cover (agenda, map, overview), then one briefing page per stop, in trip order."""
    from pypdf import PdfReader, PdfWriter


    today, rings, facts, plan = pack_parts(records, ops, stops, lang, today, rings)
    pages = []
    for f, r in zip(facts, plan):
        b = briefing.briefing_data(records, ops, f.center_id, meta=meta, population=population, lang=lang,
                                   today=today)
        b.extra["rows"] = [(t("trip_title", lang), t("trip_stop", lang, n=f.number, total=len(facts))),
                           *stop_rows(r, lang), (t("trip_since_visit", lang), f.since_visit)]
        pages.append((f.kreis, b, briefing.build_pdf(b, rings)))
    fills = {f.stop.ags: b.fill_color for f, (_, b, _) in zip(facts, pages)}
    map_png = cover_map_png(rings, stops, fills, lang=lang, names={f.stop.ags: f.kreis for f in facts})
    edition = edition_of(records, meta)
    foot = [f"{edition_line(edition, lang)} · {t('briefing_created', lang)}: {format_day(today, lang, 'short')}",
            credit_line(edition, lang)]
    texts = [x for f in facts for x in (f.kreis, f.center, f.opening, f.last_visit, f.funding, f.since_visit)]
    texts += [x for r in plan for x in (venue_text(r, lang), *(c for _, c in r.contacts))] + foot
    fonts = briefing.pdf_fonts(texts + [t(k, lang) for k in ("trip_title", "trip_col_last_visit", "trip_col_funding",
                                                               "trip_km_note", "trip_retrospective")])
    cover = _cover(facts, plan, map_png, lang, today, foot, fonts, is_retrospective(stops, today))
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
