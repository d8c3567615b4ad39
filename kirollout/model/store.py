"""Changing the records safely: read an upload, check it, preview, save, history, last good data.

Nothing here touches the served files until a table has passed every check together with the
other current tables. A save is atomic (temporary file in the same folder, fsync, rename) and
keeps the previous version in `history/<table>/`; a save based on an outdated version is refused.
`.last_good/` holds a copy of the last complete set of tables that passed validation, so the
public pages keep working when a file on disk is broken.

All messages are German and name file, row and column (see `records.Problem`).
"""
from __future__ import annotations

import csv
import fcntl
import hashlib
import hmac
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Iterator

from .paths import ki_data_dir
from .records import (
    KEYS,
    OPTIONAL_COLUMNS,
    TABLES,
    Problem,
    Records,
    RecordsError,
    load_records,
    read_table_text,
    read_texts,
    validate_texts,
)

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
HISTORY = "history"
LAST_GOOD = ".last_good"
LOG_NAME = "log.jsonl"


# ---------------------------------------------------------------- hashes and paths

def bytes_hash(data: bytes) -> str:
    """sha256 of the bytes as hex; the version id an editor starts from."""
    return hashlib.sha256(data).hexdigest()


def table_path(table: str, directory: Path | None = None) -> Path:
    if table not in TABLES:
        raise ValueError(f"unbekannte Tabelle {table!r}")
    return (Path(directory) if directory else ki_data_dir()) / f"{table}.csv"


def version_hash(table: str, directory: Path | None = None) -> str:
    """sha256 of the table file as it is on disk now ("" when the file is missing)."""
    p = table_path(table, directory)
    return bytes_hash(p.read_bytes()) if p.exists() else ""


def check_password(given: str, expected: str | None) -> bool:
    """True only when a password is configured and `given` matches (constant-time compare)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# ---------------------------------------------------------------- reading an upload

def _row_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_csv(filename: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) text of a CSV upload, or a clear problem."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(filename, None, None,
                              "die Datei ist UTF-16-kodiert (Excel „Unicode-Text“); bitte als "
                              "„CSV UTF-8 (durch Trennzeichen getrennt)“ speichern")]
    if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04"):
        return None, [Problem(filename, None, None,
                              "keine Textdatei (enthält Binärdaten); erwartet wird CSV in UTF-8 oder .xlsx")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1]
        guess = ""
        try:
            data.decode("cp1252")
            guess = " – vermutlich Windows-1252/Latin-1 (z. B. „CSV (Trennzeichen-getrennt)“ aus Excel)"
        except UnicodeDecodeError:
            pass
        return None, [Problem(filename, _row_of_offset(data, exc.start), None,
                              f"die Datei ist nicht UTF-8-kodiert (Byte 0x{bad.hex().upper()}){guess}; "
                              "bitte als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern")]


def _cell_text(value: object, column: str) -> str:
    """One Excel cell as the text the CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and column == "ags" and value > 0:
        # Excel drops the leading zero of a key typed as a number: 5111 → 05111
        digits = str(value)
        return digits.zfill(5 if len(digits) <= 5 else 8)
    return str(value)


def xlsx_to_text(filename: str, data: bytes, table: str) -> tuple[str | None, list[Problem]]:
    """CSV text of the sheet for `table` (the sheet named like the table, or the only sheet).

    Formulas are read as the value Excel last calculated (`data_only=True`); a formula without a
    stored value (a file never opened in Excel) is reported instead of being taken as empty.
    """
    import openpyxl

    if not zipfile.is_zipfile(io.BytesIO(data)):
        return None, [Problem(filename, None, None, "keine gültige Excel-Datei (.xlsx)")]
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        wb_f = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds on broken files
        return None, [Problem(filename, None, None, f"keine lesbare Excel-Datei ({type(exc).__name__})")]
    names = wb.sheetnames
    if table in names:
        sheet = table
    elif len(names) == 1:
        sheet = names[0]
    else:
        return None, [Problem(filename, None, None,
                              f"Arbeitsblatt „{table}“ fehlt (vorhanden: {', '.join(names)})")]
    values = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    formulas = [list(r) for r in wb_f[sheet].iter_rows(values_only=True)]
    wb.close()
    wb_f.close()
    while values and all(v in (None, "") for v in values[-1]):
        values.pop()
    if not values:
        return None, [Problem(filename, None, None, "die Datei ist leer")]
    header = [_cell_text(v, "").strip() for v in values[0]]
    while header and not header[-1]:
        header.pop()
    problems: list[Problem] = []
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for i, row in enumerate(values, start=1):
        cells = []
        for j in range(max(len(header), 1)):
            v = row[j] if j < len(row) else None
            f = formulas[i - 1][j] if i - 1 < len(formulas) and j < len(formulas[i - 1]) else None
            col = header[j] if j < len(header) else ""
            if v is None and isinstance(f, str) and f.startswith("="):
                problems.append(Problem(filename, i, col or None,
                                        f"Formel {f[:60]} ohne gespeicherten Wert; bitte die Datei in "
                                        "Excel öffnen und speichern oder den Wert statt der Formel einfügen"))
            cells.append(_cell_text(v, col))
        extra = [v for v in row[len(header):] if v not in (None, "")]
        if extra and i > 1:
            problems.append(Problem(filename, i, None, "Werte rechts neben der letzten Spalte"))
        w.writerow(cells)
    if problems:
        return None, problems
    return out.getvalue(), []


_DELIMS = {";": "Semikolon (;)", "\t": "Tabulator", "|": "senkrechter Strich (|)"}


def _delimiter_problem(filename: str, text: str) -> Problem | None:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if "," in first:
        return None
    for d, name in _DELIMS.items():
        if d in first:
            return Problem(filename, 1, None,
                           f"Trennzeichen ist {name}, erwartet wird Komma (,); bitte als "
                           "„CSV UTF-8 (durch Trennzeichen getrennt)“ mit Komma speichern")
    return None


def read_upload(filename: str, data: bytes, table: str) -> tuple[str | None, list[Problem]]:
    """The CSV text of an uploaded .csv/.xlsx file, or the problems that stop it being read."""
    name = Path(filename or "upload").name
    ext = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        mb = len(data) / 1024 / 1024
        return None, [Problem(name, None, None,
                              f"die Datei ist {mb:.1f} MB groß; erlaubt sind höchstens "
                              f"{MAX_BYTES // 1024 // 1024} MB".replace(".", ","))]
    if ext == ".xls":
        return None, [Problem(name, None, None,
                              "das alte Excel-Format .xls wird nicht angenommen; bitte als .xlsx speichern")]
    if ext not in EXTENSIONS:
        return None, [Problem(name, None, None,
                              f"Dateityp „{ext or 'ohne Endung'}“ wird nicht angenommen; nur .csv oder .xlsx")]
    if not data.strip():
        return None, [Problem(name, None, None, "die Datei ist leer")]
    if ext == ".xlsx":
        return xlsx_to_text(name, data, table)
    text, problems = decode_csv(name, data)
    if text is None:
        return None, problems
    p = _delimiter_problem(name, text)
    return (None, [p]) if p else (text, [])


# ---------------------------------------------------------------- checking and preview

def raw_rows(table: str, text: str) -> list[dict]:
    """Rows of CSV text as {column: stripped text} (unvalidated; bad rows skipped)."""
    rows, _ = read_table_text(table, text)
    return [{k: (v or "").strip() for k, v in r.items() if k != "__row"} for r in rows]


def stored_columns(table: str, text: str, rows: list[dict] = ()) -> list[str]:
    """The columns a table is stored with: the schema's, in its order; an optional column
    (records.OPTIONAL_COLUMNS) only when the text's header has it or one of `rows` fills it, so
    an older file stays byte for byte as it was."""
    first = next(csv.reader(io.StringIO(text)), [])
    header = {h.strip().lstrip("\ufeff") for h in first}
    optional = OPTIONAL_COLUMNS.get(table, ())
    return [c for c in TABLES[table].model_fields
            if c not in optional or c in header or any(r.get(c) for r in rows)]


def canonical_text(table: str, text: str) -> str:
    """The text as it is stored: schema column order, cells trimmed, comma, LF, UTF-8.

    Only for text that passed `validate_table` (unreadable rows would be left out).
    """
    cols = stored_columns(table, text)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for r in raw_rows(table, text):
        w.writerow([r.get(c, "") for c in cols])
    return out.getvalue()


@dataclass
class Change:
    key: str
    columns: dict[str, tuple[str, str]]


@dataclass
class Diff:
    """Rows added, changed and removed, matched by the table's key column."""

    added: list[dict] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def diff_tables(table: str, old_text: str, new_text: str) -> Diff:
    """What saving `new_text` over `old_text` would change (rows by key; cells as text)."""
    key = KEYS[table]
    cols = list(TABLES[table].model_fields)
    old = {r.get(key, ""): r for r in raw_rows(table, old_text)}
    new = {r.get(key, ""): r for r in raw_rows(table, new_text)}
    d = Diff()
    for k, r in new.items():
        if k not in old:
            d.added.append({c: r.get(c, "") for c in cols})
        else:
            cells = {c: (old[k].get(c, ""), r.get(c, "")) for c in cols if old[k].get(c, "") != r.get(c, "")}
            if cells:
                d.changed.append(Change(k, cells))
    d.removed = [{c: r.get(c, "") for c in cols} for k, r in old.items() if k not in new]
    return d


def coverage_problems(tables: dict[str, list[dict]], known_ags: set[str] | None) -> list[Problem]:
    """Every district in the boundaries needs its center (the map has no gaps)."""
    if not known_ags or "centers" not in tables:
        return []
    have = {r["ags"] for r in tables["centers"]}
    return [Problem("centers.csv", None, "ags", f"Kreis {a} hat kein Zentrum mehr (Zeile fehlt)")
            for a in sorted(known_ags - have)]


def validate_table(table: str, text: str, directory: Path | None = None,
                   known_ags: set[str] | None = None, filename: str | None = None) -> list[Problem]:
    """All problems of `text` as the new `table`, checked together with the other current tables."""
    directory = Path(directory) if directory else ki_data_dir()
    texts = read_texts(directory)
    texts[table] = text
    tables, problems = validate_texts(texts, known_ags)
    problems += coverage_problems(tables, known_ags)
    if filename and filename != f"{table}.csv":
        problems = [Problem(filename, p.row, p.column, p.message) if p.file == f"{table}.csv" else p
                    for p in problems]
    return problems


@dataclass
class Check:
    """An upload or edit after checking: the text to store, all problems, and the preview."""

    table: str
    filename: str
    text: str | None
    problems: list[Problem]
    diff: Diff | None
    base_hash: str

    @property
    def ok(self) -> bool:
        return self.text is not None and not self.problems


def check_text(table: str, text: str, *, directory: Path | None = None, known_ags: set[str] | None = None,
               filename: str | None = None) -> Check:
    """Validate CSV text for `table` and compute the preview against the file on disk."""
    path = table_path(table, directory)
    old = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
    problems = validate_table(table, text, directory, known_ags, filename)
    # the stored form only for clean text: canonical_text skips rows it cannot read
    stored = text if problems else canonical_text(table, text)
    return Check(table, filename or f"{table}.csv", stored, problems,
                 diff_tables(table, old, text), version_hash(table, directory))


def check_upload(table: str, filename: str, data: bytes, *, directory: Path | None = None,
                 known_ags: set[str] | None = None) -> Check:
    """Read and validate an uploaded file; nothing on disk changes."""
    name = Path(filename or "upload").name
    text, problems = read_upload(name, data, table)
    if text is None:
        return Check(table, name, None, problems, None, version_hash(table, directory))
    return check_text(table, text, directory=directory, known_ags=known_ags, filename=name)


# ---------------------------------------------------------------- saving

class StaleVersionError(Exception):
    """The table changed since the editor loaded it; the save was refused."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder, fsync and rename."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One writer at a time (across processes): a lock file in the history folder."""
    h = directory / HISTORY
    h.mkdir(parents=True, exist_ok=True)
    with open(h / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-")[:40] or "unbekannt"


def read_log(directory: Path | None = None) -> list[dict]:
    """All entries of the change log, oldest first (broken lines are skipped)."""
    p = (Path(directory) if directory else ki_data_dir()) / HISTORY / LOG_NAME
    if not p.exists():
        return []
    out = []
    for line in p.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def _append_log(directory: Path, entry: dict) -> None:
    p = directory / HISTORY / LOG_NAME
    with open(p, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


@dataclass
class SaveResult:
    table: str
    new_hash: str
    previous_file: Path | None
    changed: bool


def save_table(table: str, text: str, *, base_hash: str, editor: str, directory: Path | None = None,
               known_ags: set[str] | None = None, now: datetime | None = None,
               action: str = "save", restored_from: str | None = None) -> SaveResult:
    """Store `text` as `table` if it is valid and the file is still at `base_hash`.

    Raises StaleVersionError (someone saved in between), RecordsError (problems, all listed) or
    ValueError (no editor name). The previous version goes to history/<table>/ first.
    """
    directory = Path(directory) if directory else ki_data_dir()
    editor = (editor or "").strip()
    if not editor:
        raise ValueError("Bitte einen Namen angeben: jede Änderung wird mit Namen protokolliert.")
    path = table_path(table, directory)
    with _locked(directory):
        current = version_hash(table, directory)
        if base_hash != current:
            last = next((e for e in reversed(read_log(directory)) if e.get("table") == table), None)
            who = f" von {last['editor']} ({last['timestamp'][:16].replace('T', ' ')} UTC)" if last else ""
            raise StaleVersionError(
                f"{table}.csv wurde inzwischen{who} geändert. Ihre Änderung wurde nicht gespeichert, "
                "damit nichts überschrieben wird. Bitte die Tabelle neu laden und die Änderung erneut einspielen.")
        problems = validate_table(table, text, directory, known_ags)
        if problems:
            raise RecordsError(problems)
        data = canonical_text(table, text).encode("utf-8")
        new_hash = bytes_hash(data)
        if new_hash == current:
            return SaveResult(table, current, None, False)
        now = now or datetime.now(timezone.utc)
        stamp = now.strftime("%Y-%m-%dT%H-%M-%S-%fZ")
        previous = None
        if path.exists():
            hdir = directory / HISTORY / table
            hdir.mkdir(parents=True, exist_ok=True)
            previous = hdir / f"{stamp}_{_slug(editor)}.csv"
            shutil.copy2(path, previous)
        atomic_write(path, data)
        _append_log(directory, {
            "timestamp": now.isoformat(), "editor": editor, "table": table, "action": action,
            "base_hash": current, "new_hash": new_hash,
            "previous_file": previous.name if previous else "", "restored_from": restored_from or "",
        })
        write_last_good(directory)
    return SaveResult(table, new_hash, previous, True)


@dataclass
class HistoryEntry:
    """An earlier version of a table: the state before `editor` saved at `timestamp`."""

    table: str
    file: Path
    timestamp: str
    editor: str
    action: str
    hash: str


def list_history(table: str, directory: Path | None = None) -> list[HistoryEntry]:
    """Earlier versions of `table`, newest first."""
    directory = Path(directory) if directory else ki_data_dir()
    hdir = directory / HISTORY / table
    if not hdir.exists():
        return []
    log = {e.get("previous_file"): e for e in read_log(directory) if e.get("table") == table}
    out = []
    for f in sorted(hdir.glob("*.csv"), reverse=True):
        e = log.get(f.name, {})
        stamp, _, who = f.stem.partition("_")
        out.append(HistoryEntry(table, f, e.get("timestamp", stamp), e.get("editor", who),
                                e.get("action", ""), bytes_hash(f.read_bytes())))
    return out


def restore_version(table: str, entry: HistoryEntry | Path, *, base_hash: str, editor: str,
                    directory: Path | None = None, known_ags: set[str] | None = None,
                    now: datetime | None = None) -> SaveResult:
    """Make an earlier version current again; itself a save, so the version it replaces is kept."""
    file = entry.file if isinstance(entry, HistoryEntry) else Path(entry)
    text = file.read_bytes().decode("utf-8-sig")
    return save_table(table, text, base_hash=base_hash, editor=editor, directory=directory,
                      known_ags=known_ags, now=now, action="restore", restored_from=file.name)


# ---------------------------------------------------------------- last good data

def write_last_good(directory: Path | None = None) -> None:
    """Copy the current tables to `.last_good/` (only files whose content differs)."""
    directory = Path(directory) if directory else ki_data_dir()
    target = directory / LAST_GOOD
    target.mkdir(exist_ok=True)
    for name in TABLES:
        src = directory / f"{name}.csv"
        if not src.exists():
            continue
        data = src.read_bytes()
        dst = target / src.name
        if not dst.exists() or dst.read_bytes() != data:
            atomic_write(dst, data)


def load_with_fallback(directory: Path | None = None,
                       known_ags: set[str] | None = None) -> tuple[Records, list[Problem]]:
    """The records, and the problems that made us fall back to the last good copy.

    Good data on disk: it is returned with no problems and copied to `.last_good/`. Broken data:
    the last good copy is returned with the problems of the files on disk (so the page can warn);
    without a usable copy the original RecordsError is raised.
    """
    directory = Path(directory) if directory else ki_data_dir()
    try:
        rec = load_records(directory, known_ags)
    except RecordsError as exc:
        good = directory / LAST_GOOD
        if not good.is_dir():
            raise
        try:
            rec = load_records(good, known_ags)
        except RecordsError:
            raise exc from None
        rec.extra["fallback"] = True
        return rec, exc.problems
    try:
        write_last_good(directory)
    except OSError:
        pass  # a read-only deployment still serves the data
    return rec, []


def newest_change(directory: Path | None = None) -> datetime | None:
    """When the records last changed: the newest table mtime or log entry (UTC)."""
    directory = Path(directory) if directory else ki_data_dir()
    times = [datetime.fromtimestamp((directory / f"{n}.csv").stat().st_mtime, timezone.utc)
             for n in TABLES if (directory / f"{n}.csv").exists()]
    for e in read_log(directory):
        try:
            ts = datetime.fromisoformat(e["timestamp"])
        except (KeyError, ValueError):
            continue
        times.append(ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc))
    return max(times, default=None)
