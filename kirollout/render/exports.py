"""Downloads built from the records: one function per file type, each returning bytes.

The table exports carry the records as stored, so a downloaded file can be edited and uploaded
again without changing anything that was not edited (the workbook types the numeric columns as
numbers; the upload reads them back to the same text). The public files (`public=True`, the
site's downloads) open where journalists open them: UTF-8 with BOM, a variant for German Excel
(semicolon, decimal comma), and no internal path (a seed copy is cited by its source's URL and
title, never by the project's file path).
"""
from __future__ import annotations

import csv
import io
import json
import re
import typing
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..model.facts import facts_for
from ..model.paths import ki_data_dir
from ..model.records import TABLES, Records
from ..model.rollout import Opening
from .i18n import cite_keys, format_day, format_partial_date, t

BOM = "\ufeff"
# an internal file path in a record's text ("Offline-Kopie: shared/seeds/003_….txt"), with its label
INTERNAL_PATH = re.compile(r"(?:Offline-Kopie:\s*)?(?:\.\./)*(?:shared|ki_data|geodata|/work|/home|/tmp)/[\w./-]*"
                           r"\s*;?\s*")


def numeric_columns(table: str) -> tuple[str, ...]:
    """The table's int/float columns, from its schema (records.TABLES): typed as numbers in the
    workbook, written with a decimal comma for German Excel."""
    out = []
    for name, field in TABLES[table].model_fields.items():
        kinds = typing.get_args(field.annotation) or (field.annotation,)
        if bool not in kinds and any(k in (int, float) for k in kinds):
            out.append(name)
    return tuple(out)


def public_text(value: str) -> str:
    """A cell as published: internal file paths removed (the source's URL and title stay)."""
    return INTERNAL_PATH.sub("", value).strip() if value else value


def table_rows(table: str, directory: Path | None = None, public: bool = False) -> list[list[str]]:
    """The table as stored (header first); `public` strips internal paths."""
    rows = list(csv.reader(io.StringIO(table_csv_bytes(table, directory).decode("utf-8-sig"))))
    return [[public_text(v) for v in r] for r in rows] if public else rows


def csv_bytes(rows: list[list[str]], excel_de: bool = False, numeric: tuple[str, ...] = ()) -> bytes:
    """UTF-8 with BOM (Excel reads the umlauts); `excel_de`: semicolon and decimal comma in the
    `numeric` columns, as German Excel opens a CSV by double-click."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";" if excel_de else ",", lineterminator="\r\n")
    idx = [i for i, h in enumerate(rows[0]) if h in numeric] if rows and excel_de else []
    for n, r in enumerate(rows):
        r = list(r)
        for i in idx:
            if n and i < len(r):
                r[i] = str(r[i]).replace(".", ",")
        w.writerow(r)
    return (BOM + out.getvalue()).encode("utf-8")


def public_csv_bytes(table: str, excel_de: bool = False, directory: Path | None = None) -> bytes:
    """A record table for the public: BOM, no internal paths; `excel_de` for German Excel."""
    return csv_bytes(table_rows(table, directory, public=True), excel_de, numeric_columns(table))


def table_csv_bytes(table: str, directory: Path | None = None) -> bytes:
    """The table's CSV file exactly as stored (UTF-8, comma, header row)."""
    if table not in TABLES:
        raise ValueError(f"unbekannte Tabelle {table!r}")
    return ((Path(directory) if directory else ki_data_dir()) / f"{table}.csv").read_bytes()


def workbook_xlsx_bytes(directory: Path | None = None, *, public: bool = False,
                        extra: list[tuple[str, list[list[object]]]] = ()) -> bytes:
    """One Excel workbook, one sheet per table (named like the table). Numeric columns hold
    numbers (sums work), every other cell text: AGS keep their leading zero, dates their
    precision. The sheets can be uploaded again one table at a time. `public` strips internal
    paths; `extra` sheets (name, rows) come first (the site: LIESMICH and the centres' overview).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    sheets = list(extra) + [(table, table_rows(table, directory, public)) for table in TABLES]
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        numeric = set(numeric_columns(name)) if name in TABLES else set()
        header = [str(h) for h in rows[0]] if rows else []
        widths: dict[int, int] = {}
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                col = header[c - 1] if c - 1 < len(header) else ""
                value = _number(value) if r > 1 and col in numeric else value
                cell = ws.cell(row=r, column=c, value=None if value == "" else value)
                if isinstance(value, str):
                    cell.number_format = "@"
                if r == 1:
                    cell.font = Font(bold=True)
                widths[c] = max(widths.get(c, 0), min(len(str(value)), 60))
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = max(8, w + 2)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def frame_xlsx_bytes(df: pd.DataFrame, sheet: str) -> bytes:
    """One table as an Excel workbook (bold header, frozen, columns as wide as their text)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        df.to_excel(xw, sheet_name=sheet[:31], index=False)
        ws = xw.sheets[sheet[:31]]
        for c, name in enumerate(df.columns, start=1):
            ws.cell(row=1, column=c).font = Font(bold=True)
            width = max([len(str(name))] + [len(str(v)) for v in df[name]])
            ws.column_dimensions[get_column_letter(c)].width = max(8, min(width, 60) + 2)
        ws.freeze_panes = "A2"
    return buf.getvalue()


def _number(value: object) -> object:
    """"170000" → 170000, "3.5" → 3.5; anything else unchanged (text stays text)."""
    if not isinstance(value, str) or not value:
        return value
    try:
        f = float(value)
    except ValueError:
        return value
    n = int(f) if f.is_integer() and "." not in value else f
    return n if str(n) == value else value  # "3.50" stays text: the upload must read back the same


CENTER_COLUMNS = (
    "ags", "kreis_name", "kind", "center_id", "center_name", "opening", "opening_date", "opening_year",
    "opening_precision", "opening_how", "opening_inferred_from", "opening_event_id", "working_by",
    "working_by_source_ids", "counted_by", "counted_by_source_ids", "state_end_date", "state_end",
    "state_end_label", "how_known", "source_id", "source_title", "source_publisher", "source_url",
    "source_accessed", "evidence_source_urls")


def center_facts(records: Records, ops: dict[str, Opening], at_end: date, lang: str = "de") -> list[dict]:
    """One row per centre, rendered from the fact model (kirollout/model/facts.py): opening with
    precision and how it is known, working-by and counted-by bounds, state and basis on `at_end`,
    the sources. Nothing is derived here."""
    rows = []
    for f in facts_for(records, ops).values():
        op = f.opening
        o = f.opening_fact
        date_raw, precision = (o.date, o.precision) if o else ("", "")
        src = records.source(op.source_id) if op.source_id else {}
        state, basis = f.evidence_at(at_end)
        wb, cb = op.working_by, op.counted_by
        how = {"start": t("how_inferred", lang, ids=cite_keys(op.inferred_from)) if op.inferred_from
               else t("how_start", lang),
               "working": t("how_working", lang, date=format_day(wb.day, lang, "short")) if wb else "",
               "count": t("how_count", lang, date=format_day(cb.day, lang, "short")) if cb else "",
               None: t("how_none", lang)}[basis]
        evidence = [op.source_id, *(wb.source_ids if wb else ()), *(cb.source_ids if cb else ())]
        urls = dict.fromkeys(u for u in (records.source(i).get("url", "") for i in evidence if i) if u)
        rows.append({
            "ags": f.ags, "kreis_name": f.kreis_name, "kind": f.kind, "center_id": f.center_id,
            "center_name": f.name,
            "opening": format_partial_date(date_raw, precision, lang),
            "opening_date": date_raw,
            "opening_year": op.period.start.year if op.period else None,
            "opening_precision": precision or "none",
            "opening_how": ("erschlossen" if op.inferred_from else "documented") if op.period else "none",
            "opening_inferred_from": " ".join(op.inferred_from),
            "opening_event_id": op.event_id or "",
            "working_by": wb.day.isoformat() if wb else "",
            "working_by_source_ids": " ".join(wb.source_ids) if wb else "",
            "counted_by": cb.day.isoformat() if cb else "",
            "counted_by_source_ids": " ".join(cb.source_ids) if cb else "",
            "state_end_date": at_end.isoformat(),
            "state_end": state,
            "state_end_label": t(f"state_{state}", lang),
            "how_known": how,
            "source_id": src.get("source_id", ""),
            "source_title": public_text(src.get("title", "")),
            "source_publisher": src.get("publisher", ""),
            "source_url": src.get("url", ""),
            "source_accessed": src.get("accessed", ""),
            "evidence_source_urls": " ".join(urls),
        })
    return rows


def centers_rows(records: Records, ops: dict[str, Opening], at_end: date, lang: str = "de") -> list[list[object]]:
    """center_facts as a table (header first), for CSV and workbook."""
    facts = center_facts(records, ops, at_end, lang)
    return [list(CENTER_COLUMNS)] + [["" if f[k] is None else f[k] for k in CENTER_COLUMNS] for f in facts]


def district_facts(districts: gpd.GeoDataFrame, records: Records, ops: dict[str, Opening],
                   lang: str = "de", at_end: date | None = None) -> gpd.GeoDataFrame:
    """Each district with its centre's facts (center_facts: the same columns as the centres'
    table) as plain data, not escaped."""
    at_end = at_end or date.today()
    by_ags = {f["ags"]: f for f in center_facts(records, ops, at_end, lang)}
    rows = []
    for _, d in districts.iterrows():
        f = by_ags.get(d["ags"]) or {k: "" for k in CENTER_COLUMNS} | {"ags": d["ags"], "kreis_name": d.get("name", "")}
        rows.append({**f, "geometry": d.geometry})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=districts.crs)


def districts_geojson_bytes(districts: gpd.GeoDataFrame, records: Records, ops: dict[str, Opening],
                            lang: str = "de", attribution: str = "", at_end: date | None = None,
                            about: dict | None = None) -> bytes:
    """GeoJSON (EPSG:4326) of the 54 districts with their centre's facts; `about`: Datenstand,
    licence and the like for the collection's properties."""
    gdf = district_facts(districts, records, ops, lang, at_end)
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    fc = json.loads(gdf.to_json(drop_id=True))
    for f in fc["features"]:  # pandas made the year column float (None → NaN): back to a whole year
        y = f["properties"].get("opening_year")
        f["properties"]["opening_year"] = int(y) if isinstance(y, float) and y == y else None if y == "" else y
    fc["properties"] = {"title": t("app_title", lang), "boundaries": attribution, **(about or {})}
    return json.dumps(fc, ensure_ascii=False).encode("utf-8")
