"""Downloads built from the records: one function per file type, each returning bytes.

The table exports carry the records exactly as stored (every cell as text), so a downloaded
file can be edited and uploaded again without changing anything that was not edited.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .i18n import format_partial_date, t
from .paths import ki_data_dir
from .records import TABLES, Records
from .rollout import Opening


def table_csv_bytes(table: str, directory: Path | None = None) -> bytes:
    """The table's CSV file exactly as stored (UTF-8, comma, header row)."""
    if table not in TABLES:
        raise ValueError(f"unbekannte Tabelle {table!r}")
    return ((Path(directory) if directory else ki_data_dir()) / f"{table}.csv").read_bytes()


def workbook_xlsx_bytes(directory: Path | None = None) -> bytes:
    """One Excel workbook, one sheet per table (named like the table), all cells as text.

    Text cells keep leading zeros (AGS 05111) and exact amounts; the sheets can be uploaded
    again one table at a time.
    """
    import csv

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for table in TABLES:
        ws = wb.create_sheet(table)
        rows = list(csv.reader(io.StringIO(table_csv_bytes(table, directory).decode("utf-8-sig"))))
        widths: dict[int, int] = {}
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                cell.number_format = "@"
                if r == 1:
                    cell.font = Font(bold=True)
                widths[c] = max(widths.get(c, 0), min(len(value), 60))
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


def district_facts(districts: gpd.GeoDataFrame, records: Records, ops: dict[str, Opening],
                   lang: str = "de") -> gpd.GeoDataFrame:
    """Each district with its center's key facts as plain text (not escaped: data, not HTML)."""
    centers = records.centers.set_index("ags")
    events = records.events.set_index("event_id")
    rows = []
    for _, d in districts.iterrows():
        c = centers.loc[d["ags"]] if d["ags"] in centers.index else None
        op = ops.get(c["center_id"]) if c is not None else None
        date_raw = precision = ""
        src: dict = {}
        if op is not None and op.event_id:
            e = events.loc[op.event_id]
            date_raw, precision = e["date"], e["precision"]
            src = records.source(op.source_id)
        rows.append({
            "ags": d["ags"],
            "kreis_name": c["kreis_name"] if c is not None else d.get("name", ""),
            "kind": c["kind"] if c is not None else "",
            "center_id": c["center_id"] if c is not None else "",
            "center_name": c["name"] if c is not None else "",
            "opening": format_partial_date(date_raw, precision, lang),
            "opening_date": date_raw,
            "opening_precision": precision or "none",
            "opening_event_id": op.event_id if op is not None and op.event_id else "",
            "source_id": src.get("source_id", ""),
            "source_title": src.get("title", ""),
            "source_publisher": src.get("publisher", ""),
            "source_url": src.get("url", ""),
            "geometry": d.geometry,
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=districts.crs)


def districts_geojson_bytes(districts: gpd.GeoDataFrame, records: Records, ops: dict[str, Opening],
                            lang: str = "de", attribution: str = "") -> bytes:
    """GeoJSON (EPSG:4326) of the 54 districts with their center's key facts."""
    gdf = district_facts(districts, records, ops, lang)
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    fc = json.loads(gdf.to_json(drop_id=True))
    fc["properties"] = {"title": t("app_title", lang), "boundaries": attribution}
    return json.dumps(fc, ensure_ascii=False).encode("utf-8")
