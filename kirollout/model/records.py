"""Load and validate the records in ki_data/ (centers, events, sources, funding).

Every problem is reported with file, row and column, all at once, so whoever maintains the
spreadsheet can fix a file in one pass. Row numbers count as in a spreadsheet: the header is
row 1, the first record row 2.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Optional

import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .dates import DateError, parse_period, precision_of
from .paths import ki_data_dir

KINDS = ("kreisfreie Stadt", "Kreis", "StädteRegion", "Stadt in der StädteRegion")
EVENT_TYPES = (
    "opening", "open_by", "approval", "decision", "predecessor",
    "visit", "milestone", "funding_note", "other",
)
# What a statewide count counts (events.count_kind); the rollout deduces bounds only from the
# kinds in rollout.DEDUCIBLE_KINDS. "all": the source says every district has one (count empty).
COUNT_KINDS = (
    "approved", "approved_in_principle", "set_up", "working", "working_or_starting",
    "exist", "opened_nth", "all", "funded",
)
AGS_RE = re.compile(r"^05\d{3}(\d{3})?$")
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _required(v: str) -> str:
    if not v:
        raise ValueError("darf nicht leer sein")
    return v


Required = Annotated[str, AfterValidator(_required)]  # a text cell that may not be empty


def _check_date(text: str, precision: str, *, allow_future: bool = False, column: str = "date") -> None:
    """Raise ValueError("[column] reason"); the prefix names the cell for the report."""
    if not text and not precision:
        return
    if not text or not precision:
        raise ValueError(f"[{column}] Datum und Genauigkeit müssen beide gesetzt oder beide leer sein")
    try:
        period = parse_period(text, precision)
    except DateError as exc:
        raise ValueError(f"[{column}] {exc}") from None
    if not allow_future and period.start > date.today():
        raise ValueError(f"[{column}] {text} liegt in der Zukunft")


class CenterRow(_Row):
    center_id: str
    ags: str
    name: Required
    kreis_name: Required
    kind: Literal["kreisfreie Stadt", "Kreis", "StädteRegion", "Stadt in der StädteRegion"]
    host_office: str = ""
    host_office_source_id: str = ""
    address: str = ""
    address_source_id: str = ""
    opening_event_id: str = ""
    opening_choice_note: str = ""

    @field_validator("ags")
    @classmethod
    def _ags(cls, v: str) -> str:
        if not AGS_RE.match(v):
            raise ValueError(f"{v!r} ist kein Gemeinde- oder Kreisschlüssel in NRW (05xxx)")
        return v

    @model_validator(mode="after")
    def _ids(self) -> "CenterRow":
        if self.center_id != f"ki-{self.ags}":
            raise ValueError(f"[center_id] muss ki-{self.ags} lauten")
        if self.host_office and not self.host_office_source_id:
            raise ValueError("[host_office_source_id] Träger ohne Quelle")
        if self.address and not self.address_source_id:
            raise ValueError("[address_source_id] Adresse ohne Quelle")
        return self


class EventRow(_Row):
    event_id: Required
    center_id: str = ""
    type: Literal[
        "opening", "open_by", "approval", "decision", "predecessor",
        "visit", "milestone", "funding_note", "other",
    ]
    date: str = ""
    precision: str = ""
    count: Optional[int] = None
    count_kind: str = ""
    count_of: Optional[int] = None
    person: str = ""
    label_de: Required
    label_en: Required
    source_id: Required
    inferred_from: str = ""
    research_note: str = ""

    @field_validator("count", "count_of", mode="before")
    @classmethod
    def _count(cls, v: object) -> object:
        return None if v in ("", None) else v

    @model_validator(mode="after")
    def _date(self) -> "EventRow":
        _check_date(self.date, self.precision)
        if self.count is not None and not 0 <= self.count <= 54:
            raise ValueError(f"[count] Anzahl {self.count} liegt nicht zwischen 0 und 54")
        if self.count is not None and self.type != "milestone":
            # the count is a number of centres, compared with the map's own count
            raise ValueError(f"[count] eine Anzahl gibt es nur bei Meilensteinen, nicht bei {self.type}")
        if self.count_kind and self.count_kind not in COUNT_KINDS:
            raise ValueError(f"[count_kind] {self.count_kind!r} ist keine bekannte Zählart "
                             f"(erlaubt: {', '.join(COUNT_KINDS)})")
        if (self.count_kind or self.count_of is not None) and self.type != "milestone":
            raise ValueError(f"[count_kind] was gezählt wird, gibt es nur bei Meilensteinen, nicht bei {self.type}")
        if self.count is not None and not self.count_kind:
            raise ValueError("[count_kind] eine Anzahl braucht die Angabe, was gezählt wird")
        if self.count_kind == "all" and self.count is not None:
            raise ValueError("[count] bei „all“ (alle haben ein Zentrum) bleibt die Anzahl leer")
        if self.count_of not in (None, 53, 54):
            raise ValueError(f"[count_of] {self.count_of} ist weder 53 (Kreise und kreisfreie Städte) "
                             "noch 54 (Zentren)")
        if self.inferred_from and not self.date:
            raise ValueError("[inferred_from] nur ein Datum kann erschlossen sein; das Datum fehlt")
        return self


class SourceRow(_Row):
    source_id: Required
    title: Required
    publisher: str = ""
    published: str = ""
    published_precision: str = ""
    url: str = ""
    accessed: str = ""
    note: str = ""
    internal: bool = False  # an internal file (Akte): no URL, the note says "intern: <Aktenzeichen>"

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if v and not URL_RE.match(v):
            raise ValueError(f"{v[:80]!r} ist keine http(s)-Adresse")
        return v

    @field_validator("internal", mode="before")
    @classmethod
    def _internal(cls, v: object) -> object:
        return False if v in ("", None) else v

    @model_validator(mode="after")
    def _date(self) -> "SourceRow":
        _check_date(self.published, self.published_precision, column="published")
        if self.accessed:
            _check_date(self.accessed, "day", column="accessed")
        if self.internal and self.url:
            raise ValueError("[url] eine interne Quelle (internal=true) hat keine Internetadresse")
        if self.internal and not internal_ref({"internal": True, "note": self.note}):
            raise ValueError(f"[note] eine interne Quelle braucht das Aktenzeichen: „{INTERNAL_NOTE}<Aktenzeichen>“")
        return self


INTERNAL_NOTE = "intern: "  # the note of an internal source starts so, followed by its file reference


def internal_ref(source: dict) -> str:
    """The file reference (Aktenzeichen) of an internal source, "" for a public one."""
    if str(source.get("internal", "")).lower() not in ("true", "1"):
        return ""
    note = str(source.get("note", "") or "").strip()
    return note[len(INTERNAL_NOTE):].strip() if note.startswith(INTERNAL_NOTE) else ""


RATE_BASES = ("center", "post")
RATE_KINDS = ("", "kreisfreie Stadt", "Kreis")  # "" = every center


class RateRow(_Row):
    rate_id: str
    program: str
    label_de: str
    label_en: str
    basis: Literal["center", "post"] = "center"
    applies_to: Literal["", "kreisfreie Stadt", "Kreis"] = ""
    posts: Optional[float] = None
    amount_eur_per_year: float
    approximate: bool = False
    cap: bool = False
    valid_from: str
    valid_to: str = ""
    source_id: str
    research_note: str = ""

    @field_validator("posts", mode="before")
    @classmethod
    def _posts(cls, v: object) -> object:
        return None if v in ("", None) else v

    @model_validator(mode="after")
    def _check(self) -> "RateRow":
        if self.amount_eur_per_year < 0:
            raise ValueError("[amount_eur_per_year] Betrag darf nicht negativ sein")
        if self.posts is not None and (self.basis != "post" or self.posts <= 0):
            raise ValueError("[posts] Stellenzahl nur bei basis=post und größer als 0")
        _check_date(self.valid_from, "day", allow_future=True, column="valid_from")
        if self.valid_to:
            _check_date(self.valid_to, "day", allow_future=True, column="valid_to")
            if self.valid_to < self.valid_from:
                raise ValueError("[valid_to] liegt vor valid_from")
        return self


class FundingRow(_Row):
    funding_id: str
    center_id: str = ""
    year: str = ""
    program: str
    amount_eur: float
    approximate: bool = False
    label_de: str
    label_en: str
    source_id: str

    @model_validator(mode="after")
    def _check(self) -> "FundingRow":
        if self.amount_eur < 0:
            raise ValueError("[amount_eur] Betrag darf nicht negativ sein")
        if self.year:
            _check_date(self.year, "year", column="year")
        return self


CONTACT_ROLES = ("address", "host_office", "head_of_centre", "head_of_host_office", "head_of_administration",
                 "phone", "email", "website")
RESEARCH_TOPICS = ("visits", "contacts", "opening")


class ContactRow(_Row):
    """A contact fact of a centre (address, office, a named person …) with its source and Stand."""

    contact_id: Required
    center_id: Required
    role: Literal[CONTACT_ROLES]  # type: ignore[valid-type]
    value: Required
    stand: Required
    stand_precision: Required
    source_id: Required
    research_note: str = ""

    @model_validator(mode="after")
    def _check(self) -> "ContactRow":
        _check_date(self.stand, self.stand_precision, column="stand")
        if self.role == "website" and not URL_RE.match(self.value):
            raise ValueError(f"[value] {self.value[:80]!r} ist keine http(s)-Adresse")
        return self


class ResearchRow(_Row):
    """How far research went for one centre and topic ("Besuche recherchiert bis …")."""

    log_id: Required
    center_id: Required
    topic: Literal[RESEARCH_TOPICS]  # type: ignore[valid-type]
    researched_until: Required
    where_searched: str = ""

    @model_validator(mode="after")
    def _check(self) -> "ResearchRow":
        _check_date(self.researched_until, "day", column="researched_until")
        return self


TABLES: dict[str, type[_Row]] = {
    "centers": CenterRow,
    "events": EventRow,
    "sources": SourceRow,
    "funding_rates": RateRow,
    "funding": FundingRow,
    "contacts": ContactRow,
    "research_log": ResearchRow,
}
# columns a file may leave out (older files): they read as their default
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"sources": ("internal",)}
KEYS = {"centers": "center_id", "events": "event_id", "sources": "source_id",
        "funding_rates": "rate_id", "funding": "funding_id", "contacts": "contact_id", "research_log": "log_id"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte {self.column}")
        return ", ".join(where) + f": {self.message}"


class RecordsError(Exception):
    """The records cannot be used; `problems` lists everything found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Records:
    """The validated tables as DataFrames of strings (numbers typed where the schema says)."""

    centers: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    funding_rates: pd.DataFrame
    funding: pd.DataFrame
    contacts: pd.DataFrame = field(default_factory=lambda: _frame("contacts", []))
    research_log: pd.DataFrame = field(default_factory=lambda: _frame("research_log", []))
    source_dir: Path | None = None
    extra: dict = field(default_factory=dict)

    def source(self, source_id: str) -> dict:
        """The source row as a dict ({} if unknown); indexed once per sources table."""
        index = self.__dict__.get("_source_index")
        if index is None or index[0] is not self.sources:
            rows = {r["source_id"]: r for r in self.sources.to_dict("records")} if "source_id" in self.sources else {}
            index = self.__dict__["_source_index"] = (self.sources, rows)
        return dict(index[1].get(source_id, {}))

    def center(self, center_id: str) -> dict:
        row = self.centers.loc[self.centers["center_id"] == center_id]
        return row.iloc[0].to_dict() if len(row) else {}


def read_table_text(name: str, text: str) -> tuple[list[dict], list[Problem]]:
    """Parse CSV text of table `name`; check the header against the schema."""
    file = f"{name}.csv"
    problems: list[Problem] = []
    model = TABLES[name]
    expected = list(model.model_fields)
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [Problem(file, None, None, f"keine lesbare CSV-Datei ({exc})")]
    if not rows or not any(cell.strip() for cell in rows[0]):
        return [], [Problem(file, None, None, "die Datei ist leer")]
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    missing = [c for c in expected if c not in header and c not in OPTIONAL_COLUMNS.get(name, ())]
    extra = [c for c in header if c not in expected]
    if missing:
        problems.append(Problem(file, 1, None, "fehlende Spalten: " + ", ".join(missing)))
    if extra:
        problems.append(Problem(file, 1, None, "unbekannte Spalten: " + ", ".join(extra)))
    if problems:
        return [], problems
    out = []
    for i, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(file, i, None,
                                    f"{len(cells)} Felder statt {len(header)}"))
            continue
        out.append({"__row": i, **dict(zip(header, cells))})
    return out, problems


def _german(err: dict) -> str:
    """pydantic's error for one cell in German (our own validators already speak German)."""
    kind, value = err.get("type", ""), err.get("input")
    shown = repr(value)[:60] if isinstance(value, str) else value
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"{shown} ist keine Zahl (Dezimalpunkt, ohne Tausendertrennzeichen, z. B. 120000.50)"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{shown} ist keine ganze Zahl"
    if kind in ("bool_parsing", "bool_type"):
        return f"{shown} ist kein Wahrheitswert (true oder false)"
    if kind == "literal_error":
        allowed = str(err.get("ctx", {}).get("expected", "")).replace(" or ", " oder ")
        return f"{shown} ist kein erlaubter Wert (erlaubt: {allowed})"
    if kind == "missing":
        return "Wert fehlt"
    if kind == "extra_forbidden":
        return "unbekannte Spalte"
    if kind in ("string_type",):
        return f"{shown} ist kein Text"
    return err["msg"].removeprefix("Value error, ")


def validate_rows(name: str, rows: list[dict]) -> tuple[list[dict], list[Problem]]:
    """Validate each row against the table's schema; return clean rows and all problems."""
    file = f"{name}.csv"
    model = TABLES[name]
    clean, problems = [], []
    seen: dict[str, int] = {}
    key = KEYS[name]
    for raw in rows:
        row_no = raw.get("__row")
        data = {k: v for k, v in raw.items() if k != "__row"}
        try:
            obj = model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                col = str(err["loc"][0]) if err["loc"] else None
                msg = _german(err)
                m = re.match(r"^\[(\w+)\] (.*)$", msg, re.S)
                if m:
                    col, msg = m.group(1), m.group(2)
                problems.append(Problem(file, row_no, col, msg))
            continue
        k = getattr(obj, key)
        if k in seen:
            problems.append(Problem(file, row_no, key, f"{k} kommt doppelt vor (auch Zeile {seen[k]})"))
            continue
        seen[k] = row_no
        clean.append({"__row": row_no, **obj.model_dump()})
    return clean, problems


def cross_check(tables: dict[str, list[dict]], known_ags: set[str] | None = None) -> list[Problem]:
    """Checks across tables: ids resolve, one center per AGS, openings point at openings."""
    problems: list[Problem] = []
    source_ids = {r["source_id"] for r in tables.get("sources", [])}
    center_ids = {r["center_id"] for r in tables.get("centers", [])}
    events = {r["event_id"]: r for r in tables.get("events", [])}
    seen_ags: dict[str, int] = {}
    for r in tables.get("centers", []):
        if r["ags"] in seen_ags:
            problems.append(Problem("centers.csv", r["__row"], "ags",
                                    f"{r['ags']} hat schon ein Zentrum (Zeile {seen_ags[r['ags']]})"))
        seen_ags[r["ags"]] = r["__row"]
        if known_ags is not None and r["ags"] not in known_ags:
            problems.append(Problem("centers.csv", r["__row"], "ags",
                                    f"{r['ags']} ist kein Kreis in NRW"))
        for col in ("host_office_source_id", "address_source_id"):
            if r[col] and r[col] not in source_ids:
                problems.append(Problem("centers.csv", r["__row"], col, f"Quelle {r[col]} fehlt in sources.csv"))
        ev_id = r["opening_event_id"]
        if ev_id:
            ev = events.get(ev_id)
            if ev is None:
                problems.append(Problem("centers.csv", r["__row"], "opening_event_id",
                                        f"Ereignis {ev_id} fehlt in events.csv"))
            elif ev["type"] != "opening" or ev["center_id"] != r["center_id"] or not ev["date"]:
                problems.append(Problem("centers.csv", r["__row"], "opening_event_id",
                                        f"{ev_id} ist kein datierter Eröffnungs-Eintrag dieses Zentrums"))
    for name in ("events", "funding", "contacts", "research_log"):
        for r in tables.get(name, []):
            if "source_id" in r and r["source_id"] not in source_ids:
                problems.append(Problem(f"{name}.csv", r["__row"], "source_id",
                                        f"Quelle {r['source_id']} fehlt in sources.csv"))
            if r.get("center_id") and r["center_id"] not in center_ids:
                problems.append(Problem(f"{name}.csv", r["__row"], "center_id",
                                        f"Zentrum {r['center_id']} fehlt in centers.csv"))
    for r in tables.get("events", []):
        for sid in r.get("inferred_from", "").split():
            if sid not in source_ids:
                problems.append(Problem("events.csv", r["__row"], "inferred_from",
                                        f"Quelle {sid} fehlt in sources.csv"))
    for r in tables.get("funding_rates", []):
        if r["source_id"] not in source_ids:
            problems.append(Problem("funding_rates.csv", r["__row"], "source_id",
                                    f"Quelle {r['source_id']} fehlt in sources.csv"))
    return problems


def validate_texts(texts: dict[str, str],
                   known_ags: set[str] | None = None) -> tuple[dict[str, list[dict]], list[Problem]]:
    """Validate CSV texts of all tables together; return clean rows per table and all problems."""
    tables: dict[str, list[dict]] = {}
    problems: list[Problem] = []
    for name in TABLES:
        if name not in texts:
            problems.append(Problem(f"{name}.csv", None, None, "Datei fehlt"))
            continue
        rows, p = read_table_text(name, texts[name])
        problems += p
        clean, p = validate_rows(name, rows)
        problems += p
        tables[name] = clean
    problems += cross_check(tables, known_ags)
    return tables, problems


def read_texts(directory: Path) -> dict[str, str]:
    texts = {}
    for name in TABLES:
        path = directory / f"{name}.csv"
        if path.exists():
            raw = path.read_bytes()
            try:
                texts[name] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                texts[name] = ""
    return texts


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    cols = ["__row", *TABLES[name].model_fields]
    return pd.DataFrame(rows, columns=cols).rename(columns={"__row": "row"})


def load_records(directory: Path | None = None, known_ags: set[str] | None = None) -> Records:
    """Read and validate every table; raise RecordsError listing all problems."""
    directory = Path(directory) if directory else ki_data_dir()
    tables, problems = validate_texts(read_texts(directory), known_ags)
    if problems:
        raise RecordsError(problems)
    return Records(**{name: _frame(name, rows) for name, rows in tables.items()},
                   source_dir=directory)


__all__ = [
    "KINDS", "EVENT_TYPES", "Problem", "Records", "RecordsError", "load_records",
    "validate_texts", "read_texts", "precision_of",
]
