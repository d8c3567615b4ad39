"""The trip pack as an editable Word file (python-docx), beside the PDF with the same content.

The office changes it in Word: everything uses the document's named styles (Title, Heading 1/2,
List Bullet, the table style "Light Grid Accent 1", a "Notizen" box style), so restyling a
style restyles the pack. Cover: title, Datenstand, agenda table (day, time, district, venue,
contact, km), the map of the stops, the overview table (as the PDF cover); then one section
per stop (new page): its agenda rows, key facts, funding, what is newer than the last visit,
events, sources and an empty notes / talking-points box. The footer carries the Datenstand
and the credits (kirollout.model.edition, i18n.edition_line / credit_line).
"""
from __future__ import annotations

import io
from datetime import date

import pandas as pd

from ..model.edition import edition_of
from ..model.records import Records
from ..model.rollout import Opening
from . import briefing, trip, trip_agenda
from .i18n import credit_line, edition_line, format_day, t
from .trip_plan import Stop, is_retrospective, stations

TABLE_STYLE = "Light Grid Accent 1"
NOTES_STYLE = "Notizen"


def _styles(doc) -> None:
    """Body 10.5 pt Calibri-like, and a paragraph style for the notes box the office can restyle."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    if NOTES_STYLE not in [s.name for s in doc.styles]:
        notes = doc.styles.add_style(NOTES_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        notes.base_style = normal
        notes.paragraph_format.space_after = Pt(14)


def _table(doc, head: list[str] | None, rows: list[list[str]], widths_cm: list[float] | None = None):
    """A table in the pack's table style; `head` None for label/value tables without a header."""
    from docx.shared import Cm

    table = doc.add_table(rows=1 if head else 0, cols=len(head or rows[0]))
    table.style = doc.styles[TABLE_STYLE]
    for cell, h in zip(table.rows[0].cells if head else [], head or []):
        cell.text = h
    for row in rows:
        cells = table.add_row().cells
        for cell, v in zip(cells, row):
            cell.text = v
    if widths_cm:
        for row in table.rows:
            for cell, w in zip(row.cells, widths_cm):
                cell.width = Cm(w)
    return table


def _notes_box(doc, lang: str) -> None:
    """A bordered one-cell table with empty lines: room for notes and talking points."""
    doc.add_heading(t("trip_notes", lang), level=2)
    box = doc.add_table(rows=1, cols=1)
    box.style = doc.styles["Table Grid"]
    cell = box.rows[0].cells[0]
    cell.paragraphs[0].style = doc.styles[NOTES_STYLE]
    for _ in range(5):
        cell.add_paragraph("", style=NOTES_STYLE)


def _rows(doc, rows: list[tuple[str, str]]) -> None:
    """Label / value rows (the briefing's fact rows, a stop's agenda) as a two-column table."""
    _table(doc, None, [[a, b] for a, b in rows], [4.5, 12.5])


def trip_docx(records: Records, ops: dict[str, Opening], stops: list[Stop], *, meta: dict,
              population: pd.DataFrame | None, lang: str = "de", today: date | None = None, rings=None) -> bytes:
    """The briefing pack as DOCX: cover with agenda and map, then one section per stop."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm

    today, rings, facts, plan = trip.pack_parts(records, ops, stops, lang, today, rings)
    edition = edition_of(records, meta)
    doc = Document()
    _styles(doc)
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2)
    sec.top_margin = sec.bottom_margin = Cm(1.8)
    title = f"{t('trip_title', lang)}: {stations(len(stops), lang)}"
    doc.core_properties.title = f"{t('trip_title', lang)}: " + ", ".join(f.kreis for f in facts)
    doc.core_properties.author = "KI-Rollout NRW"
    foot = sec.footer.paragraphs[0]
    foot.text = f"{edition_line(edition, lang)} · {t('briefing_created', lang)}: {format_day(today, lang, 'short')}"
    sec.footer.add_paragraph(credit_line(edition, lang, population=True))

    # ---- cover ----
    doc.add_heading(title, level=0)
    doc.add_paragraph(", ".join(f.kreis for f in facts))
    if is_retrospective(stops, today):
        doc.add_paragraph(t("trip_retrospective", lang), style="Intense Quote")
    doc.add_heading(t("trip_agenda", lang), level=1)
    head = [t("trip_col_no", lang), t("trip_col_day", lang), t("trip_time", lang), t("col_district", lang),
            t("trip_venue", lang), t("trip_contact", lang), t("trip_col_km", lang)]
    _table(doc, head, [[str(r.number), format_day(r.day, lang, "short") if r.day else t("trip_no_date", lang),
                        r.time.strftime("%H:%M") if r.time else "", r.kreis, trip_agenda.venue_text(r, lang),
                        r.contacts[0][1], "" if r.km is None else str(round(r.km))] for r in plan],
           [0.9, 2.2, 1.4, 2.4, 5.2, 3.2, 1.4])
    doc.add_paragraph(t("trip_km_note", lang), style="Caption")
    fills = {}
    pages = []
    for f in facts:
        b = briefing.briefing_data(records, ops, f.center_id, meta=meta, population=population, lang=lang,
                                   today=today)
        fills[f.stop.ags] = b.fill_color
        pages.append(b)
    doc.add_picture(io.BytesIO(trip.cover_map_png(rings, stops, fills, lang=lang)), width=Cm(12))
    doc.add_paragraph(t("trip_map_alt", lang), style="Caption")
    doc.add_heading(t("trip_overview", lang), level=1)
    _table(doc, [t("trip_col_no", lang), t("col_district", lang), t("trip_col_center", lang), t("detail_opening", lang),
                 t("trip_col_last_visit", lang), t("trip_col_funding", lang)],
           [[str(f.number), f.kreis, f.center, f.opening, f.last_visit, f.funding] for f in facts],
           [0.9, 2.4, 3.6, 2.8, 3.4, 3.6])

    # ---- one section per stop ----
    for f, r, b in zip(facts, plan, pages):
        doc.add_section(WD_SECTION.NEW_PAGE)
        d = b.detail
        doc.add_heading(f"{t('trip_stop', lang, n=f.number, total=len(facts))}: {d.kreis_name}", level=1)
        doc.add_paragraph(f"{d.name} · {d.kind} · AGS {d.ags}")
        doc.add_heading(t("trip_agenda", lang), level=2)
        _rows(doc, trip_agenda.stop_rows(r, lang) + [(t("trip_since_visit", lang), f.since_visit)])
        doc.add_heading(t("trip_facts", lang), level=2)
        _rows(doc, briefing.fact_rows(b))
        doc.add_heading(t("briefing_funding", lang), level=2)
        if not b.funding:
            doc.add_paragraph(t("briefing_funding_none", lang), style="List Bullet")
        for ln in b.funding + b.modelled:
            doc.add_paragraph(briefing.funding_label(ln, lang), style="List Bullet")
        doc.add_paragraph(b.modelled_note, style="Caption")
        doc.add_heading(t("detail_events", lang), level=2)
        if not d.events:
            doc.add_paragraph(t("briefing_no_events", lang))
        for e in d.events:
            doc.add_paragraph(briefing.event_text(e, lang), style="List Bullet")
        doc.add_heading(t("detail_sources", lang), level=2)
        for s in b.sources:
            p = doc.add_paragraph(f"{s.cite} {s.title} – {s.publisher}, {s.published}", style="List Bullet")
            if s.url.startswith(("http://", "https://")):
                p.add_run(f" {s.url}")
            elif s.internal:
                p.add_run(f" ({t('internal_source', lang, ref=s.internal)})")
        _notes_box(doc, lang)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
