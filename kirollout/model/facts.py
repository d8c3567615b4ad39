"""One model of a centre's facts, computed once per data version for all 54 centres.

Every output (map panel, Kreisprofil, PDF, trip pack, public edition, downloads) renders this
model and nothing else, so a centre says the same thing everywhere. Data only: dates as
periods and ISO text, labels in both languages, amounts as numbers, source ids — no sentences,
no HTML. The words live in kirollout/render/i18n.py and kirollout/render/wording.py; the renderers take a
CenterFacts and a language.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .dates import Period, parse_period
from .deductions import Contradiction, center_contradiction
from .funding import Rate, model_start, rates, rates_on
from .records import Records
from .rollout import Bound, Opening, evidence_at, rank_range

_PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True)
class Fact:
    """One row of events.csv about a centre, as data."""

    event_id: str
    type: str
    date: str                       # "" = undated; else YYYY / YYYY-MM / YYYY-MM-DD
    precision: str
    label_de: str
    label_en: str
    person: str
    source_id: str
    inferred_from: tuple[str, ...] = ()  # the date is *erschlossen* from these sources

    @property
    def period(self) -> Period | None:
        return parse_period(self.date, self.precision) if self.date else None

    def label(self, lang: str) -> str:
        return self.label_de if lang == "de" else self.label_en

    def as_row(self) -> dict:
        """The fields the date formatter reads (i18n.format_event_date)."""
        return {"date": self.date, "precision": self.precision, "inferred_from": " ".join(self.inferred_from)}


@dataclass(frozen=True)
class Cited:
    """A value with the source that states it."""

    value: str
    source_id: str


@dataclass(frozen=True)
class ContactFact:
    """A sourced contact fact (ki_data/contacts.csv): address, office, a named person … with its Stand."""

    role: str
    value: str
    stand: str
    stand_precision: str
    source_id: str


@dataclass(frozen=True)
class StateNumber:
    """The state's own numbering ("das 50. Zentrum"): an `opened_nth` count on the day of this
    centre's (ceremonial) opening; computed at load time, never typed in."""

    n: int
    event_id: str
    source_id: str


@dataclass(frozen=True)
class Money:
    """One amount: sourced (funding.csv) or modelled (a standard rate per year)."""

    year: str
    program: str
    label_de: str
    label_en: str
    amount: float
    approximate: bool
    source_id: str
    modelled: bool

    def label(self, lang: str) -> str:
        return self.label_de if lang == "de" else self.label_en


@dataclass(frozen=True)
class CenterFacts:
    """Everything the records say about one centre (see module docstring)."""

    center_id: str
    ags: str
    name: str
    kreis_name: str
    kind: str                         # centers.csv kind (the funding rules depend on it)
    host_office: Cited | None
    address: Cited | None
    opening: Opening                  # the evidence the rollout rule reads (state at any day)
    opening_fact: Fact | None         # the event the map uses as opening
    alternatives: tuple[Fact, ...]    # conflicting opening facts
    choice_note: str
    contradiction: Contradiction | None
    rank: tuple[int, int] | None      # place among centres with a documented start
    documented: int                   # how many centres have a documented start
    events: tuple[Fact, ...]          # every event of the centre, in date order (undated last)
    funding: tuple[Money, ...]        # sourced amounts, oldest year first
    rates: tuple[Rate, ...]           # the standard rates that apply to this kind of district
    rate_labels: tuple[tuple[str, str, str], ...]  # (rate_id, label_de, label_en)
    source_ids: tuple[str, ...]       # every source cited above, in order of first citation
    contacts: tuple[ContactFact, ...] = ()   # newest Stand first within each role
    research: tuple[tuple[str, str, str], ...] = ()  # (topic, researched until YYYY-MM-DD, where searched)
    state_number: StateNumber | None = None

    def contact(self, role: str) -> ContactFact | None:
        """The newest sourced contact of this role (None = nicht belegt)."""
        return next((c for c in self.contacts if c.role == role), None)

    def researched_until(self, topic: str) -> date | None:
        """Up to which day the records were researched for `topic` (visits, contacts, opening)."""
        days = [date.fromisoformat(d) for t, d, _ in self.research if t == topic and d]
        return max(days, default=None)

    @property
    def venue(self) -> Cited | None:
        """The centre's address: the newest sourced contact row, else the address in centers.csv."""
        c = self.contact("address")
        return Cited(c.value, c.source_id) if c else self.address

    @property
    def office(self) -> Cited | None:
        """The host office: the newest sourced contact row, else the one in centers.csv."""
        c = self.contact("host_office")
        return Cited(c.value, c.source_id) if c else self.host_office

    # ---- derived views of the same data ----
    def evidence_at(self, day: date) -> tuple[str, str | None]:
        """(state, basis) on `day` by the one rollout rule."""
        return evidence_at(self.opening, day)

    def state_at(self, day: date) -> str:
        return self.evidence_at(day)[0]

    @property
    def bounds(self) -> tuple[Bound, ...]:
        """Deduced bounds (working by, existing by the state's count), strongest first."""
        return tuple(b for b in (self.opening.working_by, self.opening.counted_by) if b is not None)

    def of_type(self, kind: str) -> tuple[Fact, ...]:
        return tuple(e for e in self.events if e.type == kind)

    @property
    def last_visit(self) -> Fact | None:
        """The dated visit whose period starts latest (ties: the more precise one); undated never."""
        dated = [e for e in self.of_type("visit") if e.date]
        return max(dated, key=lambda e: (e.period.start, _PRECISION_ORDER[e.precision], e.event_id), default=None)

    def visited_since(self, since: date) -> bool:
        """A dated visit whose documented period reaches `since` (ends on or after it); an undated
        visit never counts (the Besuchshistorie and the gap list use this rule)."""
        return any(e.period.end >= since for e in self.of_type("visit") if e.date)

    def modelled_on(self, day: date) -> tuple[Money, ...]:
        """The standard rates per year valid on `day` for this kind of district, if the centre
        works on that day; labelled modelled, never a documented payment."""
        if self.state_at(day) != "open":
            return ()
        labels = {rid: (de, en) for rid, de, en in self.rate_labels}
        return tuple(Money("", r.program, *labels[r.rate_id], r.per_center, r.approximate, r.source_id, True)
                     for r in rates_on(list(self.rates), day, self.kind))

    @property
    def model_start(self) -> date | None:
        return model_start(self.opening)


def cited_ids(b: Bound) -> tuple[str, ...]:
    """The sources a centre's own page cites for one of its bounds. A count bound rests on the
    count and on the openings of the centres that started later; those centres are named in the
    reasoning sentence and their sources belong on their own pages, so a count bound cites only
    the count's source (its first id). Every other bound cites all of its sources."""
    return b.source_ids[:1] if b.kind == "count" else b.source_ids


def _fact(r) -> Fact:
    return Fact(r["event_id"], r["type"], r["date"], r["precision"], r["label_de"], r["label_en"], r["person"],
                r["source_id"], tuple(str(r.get("inferred_from", "") or "").split()))


def _cited(value: str, source_id: str) -> Cited | None:
    return Cited(value, source_id) if value else None


def _contacts(records: Records) -> dict[str, tuple[ContactFact, ...]]:
    df = records.contacts
    out: dict[str, list[ContactFact]] = {}
    for r in df.to_dict("records"):
        out.setdefault(r["center_id"], []).append(
            ContactFact(r["role"], r["value"], r["stand"], r["stand_precision"], r["source_id"]))
    return {cid: tuple(sorted(cs, key=lambda c: (c.role, c.stand), reverse=True)) for cid, cs in out.items()}


def state_numbers(records: Records) -> dict[str, StateNumber]:
    """The state's numbering: a dated `opened_nth` count names the centre whose opening row lies
    on the same day, when exactly one centre has one (Coesfeld 50th, Borken 51st, Steinfurt 52nd)."""
    ev = records.events
    openings_on: dict[str, list[str]] = {}
    for r in ev[(ev["type"] == "opening") & (ev["precision"] == "day")].to_dict("records"):
        openings_on.setdefault(r["date"], []).append(r["center_id"])
    out = {}
    for m in ev[(ev["count_kind"] == "opened_nth") & (ev["precision"] == "day")].to_dict("records"):
        cids = sorted(set(openings_on.get(m["date"], [])))
        if len(cids) == 1 and not pd.isna(m["count"]):
            out[cids[0]] = StateNumber(int(m["count"]), m["event_id"], m["source_id"])
    return out


def center_facts(records: Records, ops: dict[str, Opening]) -> dict[str, CenterFacts]:
    """The facts of all centres (once per data version; see `facts_for` for the cached form)."""
    all_rates = rates(records)
    contacts = _contacts(records)
    numbers = state_numbers(records)
    research: dict[str, list[tuple[str, str, str]]] = {}
    for r in records.research_log.to_dict("records"):
        research.setdefault(r["center_id"], []).append((r["topic"], r["researched_until"], r["where_searched"]))
    fr = records.funding_rates
    labels = tuple(zip(fr.get("rate_id", []), fr.get("label_de", []), fr.get("label_en", [])))
    documented = sum(1 for o in ops.values() if o.period is not None)
    ev = records.events
    out = {}
    for c in records.centers.to_dict("records"):
        cid = c["center_id"]
        op = ops[cid]
        mine = [_fact(r) for r in ev[ev["center_id"] == cid].to_dict("records")]
        events = tuple(sorted(mine, key=lambda e: (e.date or "9999", e.event_id)))
        by_id = {e.event_id: e for e in events}
        f = records.funding[records.funding["center_id"] == cid] if len(records.funding) else records.funding
        money = tuple(sorted((Money(r["year"], r["program"], r["label_de"], r["label_en"], float(r["amount_eur"]),
                                    bool(r["approximate"]), r["source_id"], False) for r in f.to_dict("records")),
                             key=lambda m: (m.year or "9999", m.program)))
        contra = center_contradiction(op)
        host = _cited(c.get("host_office", ""), c.get("host_office_source_id", ""))
        addr = _cited(c.get("address", ""), c.get("address_source_id", ""))
        cited = [op.source_id, *op.inferred_from, op.open_by_source_id,
                 host.source_id if host else None, addr.source_id if addr else None]
        cited += [s for b in (op.working_by, op.counted_by) if b is not None for s in cited_ids(b)]
        cited += [s for e in events for s in (e.source_id, *e.inferred_from)]
        mine_contacts = contacts.get(cid, ())
        cited += [c.source_id for c in mine_contacts]
        number = numbers.get(cid)
        if number:
            cited.append(number.source_id)
        out[cid] = CenterFacts(
            center_id=cid, ags=c["ags"], name=c["name"], kreis_name=c["kreis_name"], kind=c["kind"],
            host_office=host, address=addr, opening=op,
            opening_fact=by_id.get(op.event_id) if op.event_id else None,
            alternatives=tuple(by_id[a] for a in op.alternatives if a in by_id),
            choice_note=c.get("opening_choice_note", ""), contradiction=contra,
            rank=rank_range(ops, cid), documented=documented, events=events, funding=money,
            rates=tuple(r for r in all_rates if r.applies(c["kind"])), rate_labels=labels,
            source_ids=tuple(dict.fromkeys(s for s in cited if s)),
            contacts=mine_contacts, research=tuple(sorted(research.get(cid, []))), state_number=number,
        )
    return out


def facts_for(records: Records, ops: dict[str, Opening]) -> dict[str, CenterFacts]:
    """`center_facts`, computed once per (records, openings) pair and kept on the records."""
    cache = records.__dict__.get("_facts")
    if cache is None or cache[0] is not ops:
        cache = records.__dict__["_facts"] = (ops, center_facts(records, ops))
    return cache[1]
