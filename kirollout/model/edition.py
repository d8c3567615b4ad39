"""The data version every output names: Datenstand, a short hash and the credits' facts.

One object per data version (records + boundary metadata). It holds data only; the words
("Datenstand: 4. Dezember 2026 · Version 1a2b3c4d", the credit lines) are rendered by
`kirollout.render.i18n.edition_line` / `credit_line`, so every output says the same in DE and EN.

Datenstand = the day the records last changed: the newest `accessed` date of a source (every new
fact needs a source read that day) or, when later, the newest save in the editor's history log.
It comes from the data, not from file times, so a fresh clone and the public edition agree.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .records import TABLES, Records
from .store import read_log


@dataclass(frozen=True)
class Edition:
    """Which data an output shows: stand date, version hash, boundary and population facts."""

    datenstand: date
    version: str                 # first 8 hex digits of the records' sha256
    boundaries: dict             # geodata meta "boundaries": product, attribution, licence, stand
    population: dict             # geodata meta "population": product, publisher, attribution

    @property
    def boundary_stand(self) -> str:
        return str(self.boundaries.get("stand", ""))


def records_hash(records: Records) -> str:
    """sha256 over every table's rows (as stored, row numbers left out): the data version."""
    h = hashlib.sha256()
    for name in TABLES:
        df = getattr(records, name)
        h.update(name.encode())
        h.update(df.drop(columns=["row"], errors="ignore").to_csv(index=False).encode())
    return h.hexdigest()


def _last_save(directory: Path | None) -> date | None:
    """The day of the newest editor save (history/log.jsonl), if any."""
    if directory is None:
        return None
    days = []
    for entry in read_log(directory):
        try:
            days.append(datetime.fromisoformat(entry["timestamp"]).date())
        except (ValueError, KeyError, TypeError):
            continue
    return max(days, default=None)


def datenstand(records: Records) -> date:
    """The day the records last changed (newest source access or editor save)."""
    accessed = [date.fromisoformat(a) for a in records.sources.get("accessed", []) if a]
    saved = _last_save(records.source_dir)
    candidates = accessed + ([saved] if saved else [])
    return max(candidates, default=date(2012, 1, 1))


def edition_of(records: Records, meta: dict | None) -> Edition:
    """The edition of these records with the boundary metadata of geodata/build."""
    meta = meta or {}
    return Edition(datenstand(records), records_hash(records)[:8], dict(meta.get("boundaries", {})),
                   dict(meta.get("population", {})))
