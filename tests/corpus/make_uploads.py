"""Build the corpus of malformed uploads in tests/corpus/uploads/ from the current ki_data.

Each file is one realistic mistake (or attack) made on a correct table. MANIFEST.json says which
table the file is uploaded as and what the rejection must name: [row, column, text] triples
(row/column null where the problem is about the whole file). Run again after the records change:
    .venv/bin/python tests/corpus/make_uploads.py
The oversize file is made by the test itself (it is not committed).
"""
from __future__ import annotations

import csv
import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "uploads"
sys.path.insert(0, str(ROOT))

from kirollout.model.records import TABLES  # noqa: E402


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def to_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def set_cell(rows: list[list[str]], row: int, col: str, value: str) -> list[list[str]]:
    """Copy of `rows` with the cell at spreadsheet row `row` (header = 1) in column `col` set."""
    rows = [list(r) for r in rows]
    rows[row - 1][rows[0].index(col)] = value
    return rows


def row_where(rows: list[list[str]], col: str, value: str) -> int:
    i = rows[0].index(col)
    return next(n for n, r in enumerate(rows, start=1) if n > 1 and r[i] == value)


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """Give a formula cell the value Excel would have stored (openpyxl cannot write one)."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rf'<c r="{cell}"><f>(.*?)</f>(?:<v\s*/>|<v></v>)'.encode(),
                              lambda m: f'<c r="{cell}" t="str"><f>'.encode() + m.group(1)
                              + b"</f><v>" + value.encode() + b"</v>", body)
            zout.writestr(item, body)
    return buf.getvalue()


def build(ki: Path) -> tuple[dict[str, bytes], dict[str, dict]]:
    """(files, manifest) of the corpus, derived from the tables in `ki`."""
    T = {n: (ki / f"{n}.csv").read_text(encoding="utf-8") for n in TABLES}
    R = {n: rows_of(t) for n, t in T.items()}
    C, E, S, F, RT = R["centers"], R["events"], R["sources"], R["funding"], R["funding_rates"]
    files: dict[str, bytes] = {}
    manifest: dict[str, dict] = {}

    def add(name: str, table: str, data: bytes | str, *expect: tuple) -> None:
        files[name] = data.encode("utf-8") if isinstance(data, str) else data
        manifest[name] = {"table": table, "expect": [list(e) for e in expect]}

    new_row = len(C) + 1  # spreadsheet row of a row appended to centers
    fake = list(C[1])
    fake[0], fake[1] = "ki-05999", "05999"
    fake[C[0].index("opening_event_id")] = ""

    add("centers_semicolon.csv", "centers", to_csv(C, ";"), (1, None, "Semikolon"))
    add("events_tab_delimited.csv", "events", to_csv(E, "\t"), (1, None, "Tabulator"))
    add("centers_missing_column.csv", "centers", to_csv([r[:4] + r[5:] for r in C]),
        (1, None, "fehlende Spalten: kind"))
    add("funding_extra_column.csv", "funding",
        to_csv([C_ + ["bemerkung" if i == 0 else "x"] for i, C_ in enumerate(F)]),
        (1, None, "unbekannte Spalten: bemerkung"))
    add("centers_empty.csv", "centers", b"", (None, None, "leer"))
    add("events_blank_lines.csv", "events", "\n \n\n", (None, None, "leer"))
    rnd = random.Random(6)
    add("centers_binary_junk.csv", "centers", bytes(rnd.randrange(256) for _ in range(3000)),
        (None, None, "keine Textdatei"))
    add("centers_binary_junk.xlsx", "centers", bytes(rnd.randrange(256) for _ in range(3000)),
        (None, None, "keine gültige Excel-Datei"))
    add("centers_unknown_ags.csv", "centers", to_csv(C + [fake]), (new_row, "ags", "05999 ist kein Kreis in NRW"))
    bad = list(fake)
    bad[0], bad[1] = "ki-06111", "06111"
    add("centers_ags_outside_nrw.csv", "centers", to_csv(C + [bad]),
        (new_row, "ags", "kein Gemeinde- oder Kreisschlüssel"))
    add("centers_duplicate_center.csv", "centers", to_csv(C + [C[1]]), (new_row, "center_id", "kommt doppelt vor"))
    add("centers_missing_district.csv", "centers", to_csv([C[0]] + C[2:]),
        (None, "ags", f"Kreis {C[1][1]} hat kein Zentrum"))
    add("centers_wrong_kind.csv", "centers", to_csv(set_cell(C, 2, "kind", "Landkreis")),
        (2, "kind", "'Landkreis' ist kein erlaubter Wert"))
    add("centers_empty_name.csv", "centers", to_csv(set_cell(C, 2, "name", "")), (2, "name", "darf nicht leer sein"))
    add("centers_id_not_matching_ags.csv", "centers", to_csv(set_cell(C, 2, "center_id", "ki-05112")),
        (2, "center_id", f"muss ki-{C[1][1]} lauten"))
    ms = row_where(E, "type", "milestone")
    opened = row_where(C, "opening_event_id", next(r[C[0].index("opening_event_id")] for r in C[1:]
                                                   if r[C[0].index("opening_event_id")]))
    add("centers_opening_points_at_milestone.csv", "centers",
        to_csv(set_cell(C, opened, "opening_event_id", E[ms - 1][0])),
        (opened, "opening_event_id", "kein datierter Eröffnungs-Eintrag"))
    add("centers_address_without_source.csv", "centers",
        to_csv(set_cell(C, 2, "address", "Musterstraße 1, 40213 Düsseldorf")),
        (2, "address_source_id", "ohne Quelle"))
    add("centers_host_office_without_source.csv", "centers",
        to_csv(set_cell(set_cell(C, 3, "host_office", "Amt für Integration"), 3, "host_office_source_id", "")),
        (3, "host_office_source_id", "ohne Quelle"))
    add("centers_latin1.csv", "centers", T["centers"].encode("cp1252"),
        (next(i for i, line in enumerate(T["centers"].splitlines(), 1) if not line.isascii()), None,
         "nicht UTF-8-kodiert"))
    add("centers_utf16.csv", "centers", T["centers"].encode("utf-16"), (None, None, "UTF-16"))
    add("centers_wrong_extension.txt", "centers", T["centers"], (None, None, "nur .csv oder .xlsx"))
    add("centers_old_excel.xls", "centers", T["centers"], (None, None, ".xls"))

    add("events_date_2013-02-30.csv", "events", to_csv(set_cell(E, 2, "date", "2013-02-30")),
        (2, "date", "2013-02-30"))
    add("events_date_in_future.csv", "events", to_csv(set_cell(E, 2, "date", "2099-01-01")),
        (2, "date", "in der Zukunft"))
    add("events_precision_day_with_year.csv", "events",
        to_csv(set_cell(set_cell(E, 2, "date", "2013"), 2, "precision", "day")),
        (2, "date", "passt nicht zur Genauigkeit"))
    add("events_precision_missing.csv", "events", to_csv(set_cell(E, 2, "precision", "")),
        (2, "date", "beide gesetzt"))
    add("events_precision_unknown_word.csv", "events", to_csv(set_cell(E, 2, "precision", "week")),
        (2, "date", "Genauigkeit „week“"))
    add("events_unknown_source.csv", "events", to_csv(set_cell(E, 2, "source_id", "src-999")),
        (2, "source_id", "Quelle src-999 fehlt"))
    add("events_unknown_center.csv", "events", to_csv(set_cell(E, 2, "center_id", "ki-05998")),
        (2, "center_id", "Zentrum ki-05998 fehlt"))
    add("events_unknown_type.csv", "events", to_csv(set_cell(E, 2, "type", "eroeffnung")),
        (2, "type", "'eroeffnung' ist kein erlaubter Wert"))
    add("events_count_out_of_range.csv", "events", to_csv(set_cell(E, 2, "count", "99")),
        (2, "count", "nicht zwischen 0 und 54"))
    add("events_count_not_integer.csv", "events", to_csv(set_cell(E, 2, "count", "16,5")),
        (2, "count", "keine ganze Zahl"))
    lines = T["events"].split("\n")
    lines[2] = lines[2] + ",überzählig"
    add("events_too_many_fields.csv", "events", "\n".join(lines), (3, None, "Felder statt"))
    add("events_empty_label.csv", "events", to_csv(set_cell(E, 2, "label_de", "")),
        (2, "label_de", "darf nicht leer sein"))
    add("events_duplicate_id.csv", "events", to_csv(set_cell(E, 3, "event_id", E[1][0])), (3, "event_id", "doppelt"))

    add("sources_javascript_url.csv", "sources", to_csv(set_cell(S, 2, "url", "javascript:alert(1)")),
        (2, "url", "keine http(s)-Adresse"))
    add("sources_referenced_source_removed.csv", "sources", to_csv([S[0]] + S[2:]),
        (row_where(E, "source_id", S[1][0]), "source_id", f"Quelle {S[1][0]} fehlt in sources.csv"))
    add("sources_bad_published_date.csv", "sources", to_csv(set_cell(S, 2, "published", "21.02.2013")),
        (2, "published", "kein Datum der Form"))

    add("funding_negative_amount.csv", "funding", to_csv(set_cell(F, 2, "amount_eur", "-5")),
        (2, "amount_eur", "nicht negativ"))
    add("funding_amount_with_thousands_sep.csv", "funding", to_csv(set_cell(F, 2, "amount_eur", "120.000,00 €")),
        (2, "amount_eur", "keine Zahl"))
    add("funding_approximate_not_bool.csv", "funding", to_csv(set_cell(F, 2, "approximate", "ungefähr")),
        (2, "approximate", "kein Wahrheitswert"))
    add("funding_year_not_a_year.csv", "funding", to_csv(set_cell(F, 2, "year", "20x7")),
        (2, "year", "kein Datum der Form"))
    add("funding_rates_negative_amount.csv", "funding_rates", to_csv(set_cell(RT, 2, "amount_eur_per_year", "-170000")),
        (2, "amount_eur_per_year", "nicht negativ"))
    add("funding_rates_valid_to_before_from.csv", "funding_rates", to_csv(set_cell(RT, 2, "valid_to", "2011-12-31")),
        (2, "valid_to", "vor valid_from"))

    # Excel files
    formula = [list(r) for r in C]
    formula[1][C[0].index("name")] = "=D2&\" (KI)\""
    add("centers_formula_without_value.xlsx", "centers", xlsx({"centers": formula}),
        (2, "name", "ohne gespeicherten Wert"))
    add("centers_unknown_ags.xlsx", "centers", xlsx({"centers": C + [fake]}),
        (new_row, "ags", "05999 ist kein Kreis in NRW"))
    add("events_missing_sheet.xlsx", "events", xlsx({"Tabelle1": E, "Tabelle2": C}),
        (None, None, "Arbeitsblatt „events“ fehlt"))
    neg = [list(r) for r in F]
    neg[1][F[0].index("amount_eur")] = -5
    add("funding_negative_amount.xlsx", "funding", xlsx({"funding": neg}), (2, "amount_eur", "nicht negativ"))
    add("centers_xlsx_renamed_to_csv.csv", "centers", xlsx({"centers": C}), (None, None, "keine Textdatei"))
    return files, manifest


def valid_files(ki: Path) -> dict[str, bytes]:
    """Uploads that must be ACCEPTED (made on the fly by the tests; not part of the corpus)."""
    C = rows_of((ki / "centers.csv").read_text(encoding="utf-8"))
    name_col = C[0].index("name")
    out = {}
    html_rows = set_cell(C, 2, "name", '<script>alert("x")</script><b>KI</b> & <img src=x onerror=alert(1)>')
    out["centers_html_in_name.csv"] = to_csv(html_rows).encode("utf-8")
    out["centers_with_bom.csv"] = b"\xef\xbb\xbf" + to_csv(C).encode("utf-8")
    out["centers_crlf.csv"] = to_csv(C).replace("\n", "\r\n").encode("utf-8")
    f = [list(r) for r in C]
    f[1][name_col] = '=D2&" (KI)"'
    cell = f"{chr(ord('A') + name_col)}2"
    out["centers_formula_with_value.xlsx"] = with_cached_value(xlsx({"centers": f}), cell, C[1][name_col])
    num = [list(r) for r in C]
    for r in num[1:]:
        if len(r[1]) == 5:
            r[1] = int(r[1])  # Excel turned the key into a number and dropped the zero
    out["centers_ags_as_numbers.xlsx"] = xlsx({"centers": num})
    return out


def main() -> None:
    files, manifest = build(ROOT / "ki_data")
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    (OUT / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(files)} files in {OUT}")


if __name__ == "__main__":
    main()
