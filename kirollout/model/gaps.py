"""The editor's gap list: what the records do not yet say about each centre, and the rows one
gap form adds to close a gap (a fact together with its source).

Data only: a problem names the form field and carries an i18n key with its arguments (the words
are in kirollout/i18n.py, rendered by kirollout/render/gap_text.py). The new tables are checked together
with every other table as an upload is (records.validate_texts), before anything is saved; the
save writes sources first, then the fact, then the centre's pointer, each with history
(store.save_table), so a failure never leaves a fact pointing at a missing source.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import store
from .dates import DateError, parse_period, precision_of
from .facts import CenterFacts, Fact
from .paths import ki_data_dir
from .records import INTERNAL_NOTE, KEYS, TABLES, URL_RE, read_table_text, validate_texts
from .rollout import Bound

GAP_KINDS = ("opening", "opening_year", "visit", "contact")
CONTACT_GAP_ROLES = ("address", "host_office", "head_of_centre")
DEFAULT_SINCE = date(2022, 1, 1)
EARLIEST = date(2012, 1, 1)  # nothing of the rollout lies before 2012 (law of February 2012)
RESEARCH_TOPIC = {"opening": "opening", "opening_year": "opening", "visit": "visits", "contact": "contacts"}
# the form fields of each gap kind (besides the source's), in the order the form shows them
FACT_FIELDS = {"opening": ("date", "label_de", "label_en"), "opening_year": ("date", "label_de", "label_en"),
               "visit": ("date", "person", "label_de", "label_en"), "contact": ("role", "value", "stand")}
SOURCE_FIELDS = ("source_title", "source_publisher", "source_published", "source_url", "source_internal",
                 "source_file_ref")
ID_PREFIX = {"sources": "src-", "events": "ev-", "contacts": "ct-"}


# ---------------------------------------------------------------- the gap list

@dataclass(frozen=True)
class Gap:
    """One thing the records do not say about one centre, with what they do say around it."""

    kind: str                          # one of GAP_KINDS
    center_id: str
    ags: str
    kreis_name: str
    district_kind: str                 # centers.csv kind, for the district's label
    bounds: tuple[Bound, ...]          # deduced bounds of the opening (rollout rule)
    opening: Fact | None               # the opening the map uses (year only for opening_year)
    last_visit: Fact | None            # the latest dated visit (may lie before `since`)
    missing_roles: tuple[str, ...]     # contact gaps: roles nothing documents
    researched: date | None            # research log: searched up to this day for this topic

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.center_id}"


def _missing_roles(f: CenterFacts) -> tuple[str, ...]:
    """Roles every output shows as "nicht belegt" (address and office also count from centers.csv)."""
    known = {"address": f.venue, "host_office": f.office, "head_of_centre": f.contact("head_of_centre")}
    return tuple(r for r in CONTACT_GAP_ROLES if known[r] is None)


def gap_list(facts: dict[str, CenterFacts], since: date = DEFAULT_SINCE) -> list[Gap]:
    """Every gap of every centre, grouped by kind (GAP_KINDS order), districts alphabetically.

    opening: no opening; opening_year: the opening is known only to the year; visit: no dated
    visit whose documented period reaches `since` (undated visits never count); contact: address,
    host office or head of centre nicht belegt.
    """
    out = []
    for f in facts.values():
        op = f.opening_fact
        kinds = {"opening": op is None, "opening_year": op is not None and op.precision == "year",
                 "visit": not f.visited_since(since), "contact": bool(_missing_roles(f))}
        for kind in GAP_KINDS:
            if kinds[kind]:
                out.append(Gap(kind, f.center_id, f.ags, f.kreis_name, f.kind, f.bounds, op, f.last_visit,
                               _missing_roles(f) if kind == "contact" else (),
                               f.researched_until(RESEARCH_TOPIC[kind])))
    return sorted(out, key=lambda g: (GAP_KINDS.index(g.kind), g.kreis_name, g.center_id))


# ---------------------------------------------------------------- one form's rows

@dataclass(frozen=True)
class FieldProblem:
    """A bad form value: `field` names the form field, `key` the i18n message, `params` its args."""

    field: str
    key: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass
class Entry:
    """What a gap form would add: the new rows per table, the new table texts and the versions
    (sha256) they were built on; empty texts and the problems when the form is not acceptable."""

    gap_key: str
    rows: dict[str, list[dict]] = field(default_factory=dict)       # table → rows added
    changed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # centers: column → (old, new)
    texts: dict[str, str] = field(default_factory=dict)             # table → the whole new text
    base: dict[str, str] = field(default_factory=dict)              # table → sha256 it was built on
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.texts)


def next_id(text: str, table: str) -> str:
    """The next free id of `table` (src-NNNN, ev-NNNN, ct-NNNN): one above the highest in use."""
    prefix = ID_PREFIX[table]
    rows, _ = read_table_text(table, text)
    nums = [int(m.group(1)) for r in rows if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", r[KEYS[table]].strip()))]
    return f"{prefix}{max(nums, default=0) + 1:04d}"


def _date(values: dict, name: str, today: date, problems: list[FieldProblem], *, required: bool = True,
          earliest: date | None = EARLIEST) -> tuple[str, str]:
    """(text, precision) of a date field (YYYY / YYYY-MM / YYYY-MM-DD); a problem when it is bad."""
    text = str(values.get(name, "") or "").strip()
    if not text:
        if required:
            problems.append(FieldProblem(name, "gap_err_required"))
        return "", ""
    precision = precision_of(text)
    try:
        if precision is None:
            raise DateError(text)
        period = parse_period(text, precision)
    except DateError:
        problems.append(FieldProblem(name, "gap_err_date_form", (("value", text[:40]),)))
        return "", ""
    if period.start > today:
        problems.append(FieldProblem(name, "gap_err_future", (("value", text),)))
    elif earliest and period.end < earliest:
        problems.append(FieldProblem(name, "gap_err_too_early", (("value", text), ("year", str(earliest.year)))))
    return text, precision


def _text(values: dict, name: str, problems: list[FieldProblem], required: bool = True) -> str:
    v = str(values.get(name, "") or "").strip()
    if required and not v:
        problems.append(FieldProblem(name, "gap_err_required"))
    return v


def _source_row(values: dict, source_id: str, today: date, problems: list[FieldProblem]) -> dict:
    """The sources.csv row of the form's source: a web page (URL) or an internal file (Akte)."""
    title = _text(values, "source_title", problems)
    publisher = _text(values, "source_publisher", problems, required=False)
    published, precision = _date(values, "source_published", today, problems, required=False, earliest=None)
    url = _text(values, "source_url", problems, required=False)
    internal = bool(values.get("source_internal"))
    ref = _text(values, "source_file_ref", problems, required=False)
    if internal:
        if url:
            problems.append(FieldProblem("source_url", "gap_err_internal_url"))
        if not ref:
            problems.append(FieldProblem("source_file_ref", "gap_err_required"))
    elif not url:
        problems.append(FieldProblem("source_url", "gap_err_url_or_internal"))
    elif not URL_RE.match(url):
        problems.append(FieldProblem("source_url", "gap_err_url", (("value", url[:60]),)))
    return {"source_id": source_id, "title": title, "publisher": publisher, "published": published,
            "published_precision": precision, "url": "" if internal else url, "accessed": today.isoformat(),
            "note": f"{INTERNAL_NOTE}{ref}" if internal else "", "internal": "true" if internal else ""}


def _fact_row(gap: Gap, values: dict, ids: dict[str, str], today: date,
              problems: list[FieldProblem]) -> tuple[str, dict]:
    """(table, row) of the form's fact: an opening or a visit in events.csv, or a contact."""
    if gap.kind == "contact":
        role = _text(values, "role", problems)
        if role and role not in CONTACT_GAP_ROLES:
            problems.append(FieldProblem("role", "gap_err_role", (("value", role[:40]),)))
        value = _text(values, "value", problems)
        stand, precision = _date(values, "stand", today, problems)
        return "contacts", {"contact_id": ids["contacts"], "center_id": gap.center_id, "role": role, "value": value,
                            "stand": stand, "stand_precision": precision, "source_id": ids["sources"],
                            "research_note": ""}
    when, precision = _date(values, "date", today, problems)
    if gap.kind == "opening_year" and when and gap.opening is not None:
        if precision == "year":
            problems.append(FieldProblem("date", "gap_err_not_finer", (("year", gap.opening.date),)))
        elif not when.startswith(gap.opening.date):
            problems.append(FieldProblem("date", "gap_err_other_year", (("value", when), ("year", gap.opening.date))))
    person = _text(values, "person", problems) if gap.kind == "visit" else ""
    label_de = _text(values, "label_de", problems)
    label_en = _text(values, "label_en", problems)
    return "events", {"event_id": ids["events"], "center_id": gap.center_id,
                      "type": "visit" if gap.kind == "visit" else "opening", "date": when, "precision": precision,
                      "count": "", "count_kind": "", "count_of": "", "person": person, "label_de": label_de,
                      "label_en": label_en, "source_id": ids["sources"], "inferred_from": "", "research_note": ""}


def table_text(table: str, text: str, added: list[dict] = (), changes: dict[str, dict[str, str]] | None = None) -> str:
    """`text` in the stored form (schema columns) with `added` rows appended and `changes`
    (key → {column: new value}) applied."""
    cols = store.stored_columns(table, text, list(added))
    key = KEYS[table]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for r in [*store.raw_rows(table, text), *added]:
        r = {**r, **(changes or {}).get(r.get(key, ""), {})}
        w.writerow([r.get(c, "") for c in cols])
    return out.getvalue()


# which form field a validator's (table, column) stands for, to name it on the form
_FORM_FIELD = {("sources", "title"): "source_title", ("sources", "publisher"): "source_publisher",
               ("sources", "published"): "source_published", ("sources", "url"): "source_url",
               ("sources", "note"): "source_file_ref", ("events", "date"): "date", ("events", "person"): "person",
               ("events", "label_de"): "label_de", ("events", "label_en"): "label_en", ("contacts", "role"): "role",
               ("contacts", "value"): "value", ("contacts", "stand"): "stand"}


def read_current(directory: Path | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(texts, sha256) of every table on disk, read once, so the hash is the text's own."""
    directory = Path(directory) if directory else ki_data_dir()
    texts, hashes = {}, {}
    for name in TABLES:
        p = directory / f"{name}.csv"
        data = p.read_bytes() if p.exists() else b""
        texts[name], hashes[name] = data.decode("utf-8-sig", errors="replace"), store.bytes_hash(data) if data else ""
    return texts, hashes


def build_entry(gap: Gap, values: dict, *, directory: Path | None = None, today: date | None = None,
                known_ags: set[str] | None = None) -> Entry:
    """The rows the form's `values` add for `gap`, checked field by field and then, as whole new
    tables, with the same checks as an upload. Nothing on disk changes."""
    today = today or date.today()
    texts, hashes = read_current(directory)
    ids = {t: next_id(texts[t], t) for t in ID_PREFIX}
    problems: list[FieldProblem] = []
    source = _source_row(values, ids["sources"], today, problems)
    fact_table, fact = _fact_row(gap, values, ids, today, problems)
    entry = Entry(gap.key, problems=problems)
    if problems:
        return entry
    center = next(r for r in store.raw_rows("centers", texts["centers"]) if r["center_id"] == gap.center_id)
    changes = {}
    if fact_table == "events" and fact["type"] == "opening" and (
            not center["opening_event_id"] or gap.kind == "opening_year"):
        # a first opening, or one that narrows the year down: the map uses it from now on
        changes = {"opening_event_id": fact["event_id"]}
    new = {"sources": table_text("sources", texts["sources"], [source]),
           fact_table: table_text(fact_table, texts[fact_table], [fact])}
    if changes:
        new["centers"] = table_text("centers", texts["centers"], changes={gap.center_id: changes})
    _, found = validate_texts({**texts, **new}, known_ags)
    for p in found:
        table = p.file.removesuffix(".csv")
        if table in new:  # problems of untouched tables are not this form's
            problems.append(FieldProblem(_FORM_FIELD.get((table, p.column or ""), "form"), "gap_err_check",
                                         (("message", str(p)),)))
    if problems:
        return entry
    entry.rows = {"sources": [source], fact_table: [fact]}
    entry.changed = {c: (center[c], v) for c, v in changes.items()}
    entry.texts = new
    entry.base = {t: hashes[t] for t in new}
    return entry


def save_entry(entry: Entry, *, editor: str, directory: Path | None = None, known_ags: set[str] | None = None,
               now: datetime | None = None) -> list[store.SaveResult]:
    """Save the entry's tables with history: sources first, then the fact, then the centre.

    Each save refuses an outdated base (store.StaleVersionError) or a problem (RecordsError); as
    sources come first, a refusal leaves at most an unused source, never a fact without one.
    """
    if not entry.ok:
        raise ValueError("nothing to save: the entry has problems")
    order = [t for t in ("sources", "events", "contacts", "centers") if t in entry.texts]
    return [store.save_table(t, entry.texts[t], base_hash=entry.base[t], editor=editor, directory=directory,
                             known_ags=known_ags, now=now) for t in order]
