"""A hostile copy of ki_data/: HTML, script and markdown tricks in every free-text field.

Reusable by any page's tests: `make_hostile_data(tmp_path)` writes the copy and returns what
was planted. Start an app with `KI_DATA_DIR` pointing at the copy (tests.conftest.start_app
takes `env_extra`) and check that the payloads appear as text and never run:

- no browser dialog (`page.on("dialog")` never fires),
- no element whose id starts with MARKER_PREFIX in the page or in any iframe,
- no `img[src="x"]`, no `a[href^="javascript:"]`.

Text fields that stay valid records (names, labels, person, titles, publisher, notes) test the
escaping; URLs that are not http(s) are rejected by the records validation
(`make_hostile_data(..., bad_urls=True)`), so the app must show the data error and no link.
"""
from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER_PREFIX = "kiXSS"
TARGET_AGS = "05154"            # Kreis Kleve: opening, visit (with person), several sources
TARGET_CENTER = f"ki-{TARGET_AGS}"

# JS that finds planted elements in a document (run in the page and in every frame).
FIND_INJECTED_JS = f"""() => {{
    const hits = [];
    for (const el of document.querySelectorAll('[id^="{MARKER_PREFIX}"], img[src="x"], a[href^="javascript:" i], '
                                               + 'iframe[srcdoc*="{MARKER_PREFIX}"]'))
        hits.push(el.outerHTML.slice(0, 200));
    return hits;
}}"""


def payload(field_name: str) -> str:
    """One string per field combining the usual vectors; ids carry the field for the report."""
    m = f"{MARKER_PREFIX}{field_name}"
    return (f"X<img src=x id={m}img onerror=alert('{m}')>"
            f"<script id={m}script>alert('{m}')</script>"
            f"\"><svg id={m}svg onload=alert('{m}')>"
            f"[md](javascript:alert('{m}')) **{m}**")


BAD_URLS = ["javascript:alert('kiXSSurl')", "https://x/\"><script id=kiXSSurl2>alert(1)</script>"]


@dataclass
class Planted:
    directory: Path
    target_ags: str = TARGET_AGS
    fields: dict[str, str] = field(default_factory=dict)   # "file.column" -> payload
    bad_urls: list[str] = field(default_factory=list)


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        r = csv.DictReader(fh)
        return list(r.fieldnames or []), list(r)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def make_hostile_data(target: Path, *, bad_urls: bool = False, source: Path | None = None) -> Planted:
    """Copy ki_data/ to `target` and plant payloads; return what was planted where."""
    source = source or ROOT / "ki_data"
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("history", ".last_good"))
    planted = Planted(target)

    def plant(file: str, col: str, row: dict) -> None:
        row[col] = payload(f"{file.split('.')[0]}_{col}")
        planted.fields[f"{file}.{col}"] = row[col]

    h, centers = _read(target / "centers.csv")
    for r in centers:
        if r["center_id"] == TARGET_CENTER:
            for col in ("name", "kreis_name", "opening_choice_note"):
                plant("centers.csv", col, r)
    _write(target / "centers.csv", h, centers)

    h, events = _read(target / "events.csv")
    used_sources: set[str] = set()
    milestone_done = False
    for r in events:
        if r["center_id"] == TARGET_CENTER:
            for col in ("label_de", "label_en"):
                plant("events.csv", col, r)
            if r["type"] == "visit":
                plant("events.csv", "person", r)
            used_sources.add(r["source_id"])
        elif r["type"] == "milestone" and r["date"] and not milestone_done:
            for col in ("label_de", "label_en"):
                r[col] = payload(f"milestone_{col}")
                planted.fields[f"events.csv.milestone.{col}"] = r[col]
            used_sources.add(r["source_id"])
            milestone_done = True
    _write(target / "events.csv", h, events)

    h, sources = _read(target / "sources.csv")
    for r in sources:
        if r["source_id"] in used_sources:
            for col in ("title", "publisher", "note"):
                plant("sources.csv", col, r)
    if bad_urls:
        for r, url in zip((r for r in sources if r["source_id"] in used_sources), BAD_URLS):
            r["url"] = url
            planted.bad_urls.append(url)
    _write(target / "sources.csv", h, sources)

    for name in ("funding.csv", "funding_rates.csv"):
        h, rows = _read(target / name)
        for r in rows[:1]:
            for col in ("label_de", "label_en"):
                plant(name, col, r)
        _write(target / name, h, rows)
    return planted


def injected(page) -> list[str]:
    """Planted elements found in the page or any of its frames (empty = nothing ran or rendered)."""
    hits: list[str] = []
    for f in page.frames:
        try:
            hits += [f"{f.url[:60]}: {h}" for h in f.evaluate(FIND_INJECTED_JS)]
        except Exception:  # noqa: BLE001 — a frame detached during a rerun
            continue
    return hits
