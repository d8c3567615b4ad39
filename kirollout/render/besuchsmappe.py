"""The Besuchsmappe on the command line (`make briefing AGS=… OUT=x.pdf|x.docx`): checks the
request, then builds the PDF (kirollout/render/trip.py) or the editable DOCX (kirollout/render/trip_docx.py)
by the file name's ending.

    python -m kirollout.render.besuchsmappe --ags 05358,05370 [--dates 2025-03-10,2025-03-11]
        [--times 09:30,14:00] --out trip.pdf|trip.docx [--lang en]
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .trip import TripError, parse_trip, stations, trip_pdf
from .trip_docx import trip_docx


def main(argv: list[str] | None = None) -> int:
    from ..model import geodata
    from ..model.records import load_records
    from ..model.rollout import openings
    from .trip_plan import check_dates

    ap = argparse.ArgumentParser(prog="python -m kirollout.render.besuchsmappe",
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


if __name__ == "__main__":
    raise SystemExit(main())
