"""The facts of one centre (kirollout/model/facts.py) rendered as display strings for every output.

Plain data out (strings as facts, not HTML); callers escape for their medium. Missing facts
come back as "nicht belegt", never silently empty.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

import pandas as pd

from ..model.dates import parse_period
from ..model.facts import CenterFacts, ContactFact, Fact, cited_ids, facts_for
from ..model.records import Records, internal_ref
from ..model.rollout import Opening, counts_at, milestones, rank_range
from .contacts import stand_text
from .i18n import format_day, format_event_date, format_partial_date, inferred_text, t
from .markup import md_text, source_link_html  # noqa: F401 — re-exported for the pages
from .wording import bound_text, contradiction_text


@dataclass
class EventLine:
    event_id: str
    type: str
    date_text: str
    sort_key: str
    label: str
    person: str
    source_id: str
    inferred_from: tuple[str, ...] = ()  # the date is *erschlossen* from these sources


@dataclass
class SourceLine:
    source_id: str
    title: str
    publisher: str
    published: str
    url: str
    note: str
    internal: str = ""  # Aktenzeichen of an internal source ("" = public): shown instead of a link
    also: tuple[str, ...] = ()  # other ids of the same document (same URL, or same title and publisher)

    @property
    def cite(self) -> str:
        """The entry's citation keys as the page shows them: "[src-024] [src-213]"."""
        return " ".join(f"[{i}]" for i in (self.source_id, *self.also))


@dataclass
class CenterDetail:
    center_id: str
    ags: str
    name: str
    kreis_name: str
    kind: str
    host_office: str
    address: str
    host_office_source_id: str | None
    address_source_id: str | None
    opening: str
    opening_source_id: str | None
    opening_alternatives: list[EventLine]
    opening_choice_note: str
    open_by: str | None
    approval: list[EventLine]
    predecessor: list[EventLine]
    rank: str
    rank_range: tuple[int, int] | None
    events: list[EventLine]
    sources: list[SourceLine] = field(default_factory=list)
    opening_precision: str | None = None  # "day" / "month" / "year" of the opening used
    opening_inferred_from: list[str] = field(default_factory=list)  # opening *erschlossen* from these
    bounds: list[tuple[str, list[str]]] = field(default_factory=list)  # deduced bounds: (reasoning, source ids)
    contradictions: list[tuple[str, list[str]]] = field(default_factory=list)  # (text, source ids)
    contacts: list[tuple[str, str, str]] = field(default_factory=list)  # (label, "value (Stand …)", source id)
    state_number: tuple[str, str] | None = None  # ("laut Land das 50. Zentrum", source id)
    research: list[str] = field(default_factory=list)  # "Besuche recherchiert bis 04.12.2026"


def event_line(e: Fact, lang: str) -> EventLine:
    """One event of the fact model as display strings."""
    return EventLine(e.event_id, e.type, format_event_date(e.as_row(), lang), e.date or "9999", e.label(lang),
                     e.person, e.source_id, e.inferred_from)


def rank_text(ops: dict[str, Opening], center_id: str, lang: str = "de") -> tuple[str, tuple[int, int] | None]:
    rr = rank_range(ops, center_id)
    n = sum(1 for o in ops.values() if o.period is not None)
    return rank_words(rr, n, lang), rr


def rank_words(rr: tuple[int, int] | None, n: int, lang: str = "de") -> str:
    if rr is None:
        return t("not_documented", lang)
    a, b = rr
    return t("rank_exact", lang, a=a, n=n) if a == b else t("rank_range", lang, a=a, b=b, n=n)


def source_line(records: Records, sid: str, lang: str = "de") -> SourceLine:
    s = records.source(sid)
    pub = (format_partial_date(s["published"], s["published_precision"], lang) if s.get("published")
           else t("undated", lang))
    return SourceLine(sid, s.get("title", ""), s.get("publisher", ""), pub, s.get("url", ""), s.get("note", ""),
                      internal_ref(s))


def _same_key(s: SourceLine) -> tuple[tuple[str, str], ...]:
    fold = " ".join(f"{s.title}|{s.publisher}".split()).casefold()
    return (("url", s.url.strip()),) * bool(s.url.strip()) + (("tp", fold),) * bool(s.title.strip())


def source_lines(records: Records, ids, lang: str = "de") -> list[SourceLine]:
    """The sources of `ids` (in order of first citation), once per document (merge_sources)."""
    return merge_sources([source_line(records, sid, lang) for sid in dict.fromkeys(i for i in ids if i)])


def merge_sources(lines: list[SourceLine]) -> list[SourceLine]:
    """One entry per document: lines with the same URL, or the same title and publisher (one
    article recorded twice), become the first one's entry with all their keys."""
    out: list[SourceLine] = []
    seen: dict[tuple[str, str], int] = {}
    for line in lines:
        sid = line.source_id
        hit = next((seen[k] for k in _same_key(line) if k in seen), None)
        if hit is None:
            hit = len(out)
            out.append(line)
        else:
            out[hit] = replace(out[hit], also=(*out[hit].also, sid))
        seen.update({k: hit for k in _same_key(line)})
    return out


PANEL_CONTACT_ROLES = ("head_of_centre", "head_of_host_office", "head_of_administration", "phone", "email", "website")
ALWAYS_SHOWN_CONTACTS = ("head_of_centre", "head_of_host_office")  # "nicht belegt" when no source names them


def _with_stand(value: str, c: ContactFact | None, lang: str) -> str:
    return f"{value} ({stand_text(c, lang)})" if c else value


def render_detail(f: CenterFacts, records: Records, lang: str = "de") -> CenterDetail:
    """The fact model of one centre as display strings (plain text; callers escape)."""
    lines = [event_line(e, lang) for e in f.events]
    by_id = {e.event_id: e for e in lines}
    op = f.opening
    nd = t("not_documented", lang)
    opening = nd
    if f.opening_fact is not None:
        o = f.opening_fact
        opening = (format_partial_date(o.date, "day", lang, style="long") if o.precision == "day"
                   else by_id[o.event_id].date_text)
    bounds = [(bound_text(bd, records, lang), list(cited_ids(bd))) for bd in f.bounds]
    contras = ([(contradiction_text(f.contradiction, records, lang), list(f.contradiction.source_ids))]
               if f.contradiction else [])
    d = CenterDetail(
        center_id=f.center_id, ags=f.ags, name=f.name, kreis_name=f.kreis_name,
        kind=t(f"kind_{f.kind}", lang),
        host_office=_with_stand(f.office.value, f.contact("host_office"), lang) if f.office else nd,
        address=_with_stand(f.venue.value, f.contact("address"), lang) if f.venue else nd,
        host_office_source_id=f.office.source_id if f.office else None,
        address_source_id=f.venue.source_id if f.venue else None,
        opening=opening, opening_source_id=op.source_id,
        opening_alternatives=[by_id[a.event_id] for a in f.alternatives],
        opening_choice_note=f.choice_note,
        open_by=format_day(op.open_by, lang, "short") if op.open_by else None,
        approval=[e for e in lines if e.type == "approval"],
        predecessor=[e for e in lines if e.type == "predecessor"],
        rank=rank_words(f.rank, f.documented, lang), rank_range=f.rank, events=lines,
        opening_precision=op.period.precision if op.period else None,
        opening_inferred_from=list(op.inferred_from), bounds=bounds, contradictions=contras,
        contacts=[(t(f"contact_{r}", lang), _with_stand(c.value, c, lang) if c else nd, c.source_id if c else "")
                  for r in PANEL_CONTACT_ROLES
                  if (c := f.contact(r)) is not None or r in ALWAYS_SHOWN_CONTACTS],
        state_number=((t("state_number", lang, n=f.state_number.n), f.state_number.source_id)
                      if f.state_number else None),
        research=[t(f"researched_{topic}", lang, date=format_day(day, lang, "short"))
                  for topic in ("visits", "contacts") if (day := f.researched_until(topic))],
    )
    d.sources = source_lines(records, shown_source_ids(d, lang), lang)
    return d


def shown_source_ids(d: CenterDetail, lang: str = "de") -> list[str]:
    """The sources the detail cites where it is shown (panel lines, the dates worked out, events),
    in order: the source list lists these and no other (not a superseded address, not the
    openings of other centres behind a count bound)."""
    ids = [i for it in panel_items(d, lang) for i in it.source_ids] + list(d.opening_inferred_from)
    return ids + [i for e in d.events for i in (e.source_id, *e.inferred_from)]


def center_detail(records: Records, ops: dict[str, Opening], center_id: str, lang: str = "de") -> CenterDetail:
    """The display strings of one centre, from the fact model computed once per data version."""
    return render_detail(facts_for(records, ops)[center_id], records, lang)


@dataclass(frozen=True)
class PanelItem:
    """One line of a centre's detail panel: kind "fact" (label: text [sources]), "note" (small
    print), "warning" (a contradiction), "events" or "sources" (the lists, rendered from d)."""

    kind: str
    label: str
    text: str = ""
    source_ids: tuple[str, ...] = ()


def panel_items(d: CenterDetail, lang: str = "de") -> list[PanelItem]:
    """The detail panel's lines in order: one list for the app's map page and the public edition,
    so both show the same facts (tested in tests/test_render_parity.py)."""
    items = [PanelItem("fact", t("tt_kreis", lang), f"{d.kreis_name} · {d.kind}"),
             PanelItem("fact", t("detail_opening", lang), d.opening, _ids(d.opening_source_id))]
    items += [PanelItem("fact", t("detail_opening_other", lang), f"{a.date_text} – {a.label}", _ids(a.source_id))
              for a in d.opening_alternatives]
    if d.opening_choice_note:
        items.append(PanelItem("note", t("detail_choice", lang) if d.opening_source_id else "", d.opening_choice_note))
    if d.opening_inferred_from:
        items.append(PanelItem("note", "", inferred_text(d.opening_inferred_from, lang)))
    items += [PanelItem("fact", t("detail_bounds", lang), text, tuple(ids)) for text, ids in d.bounds]
    items += [PanelItem("warning", t("detail_contradictions", lang), text, tuple(ids))
              for text, ids in d.contradictions]
    items += [PanelItem("fact", t("detail_approval", lang), f"{a.date_text} – {a.label}", _ids(a.source_id))
              for a in d.approval]
    items.append(PanelItem("fact", t("detail_rank", lang), d.rank))
    if d.state_number:
        items.append(PanelItem("fact", t("detail_state_number", lang), d.state_number[0], _ids(d.state_number[1])))
    items += [PanelItem("fact", t("briefing_host", lang), d.host_office, _ids(d.host_office_source_id)),
              PanelItem("fact", t("briefing_address", lang), d.address, _ids(d.address_source_id))]
    items += [PanelItem("fact", label, text, _ids(sid)) for label, text, sid in d.contacts]
    items += [PanelItem("fact", t("detail_predecessor", lang), p.label, _ids(p.source_id)) for p in d.predecessor]
    items += [PanelItem("note", "", line) for line in d.research]
    items += [PanelItem("events", t("detail_events", lang)), PanelItem("sources", t("detail_sources", lang))]
    return items


def _ids(*ids: str | None) -> tuple[str, ...]:
    return tuple(i for i in ids if i)


def event_text(e: EventLine, lang: str = "de") -> str:
    """One event as a line of text: date · type: label (person) [source]."""
    return (f"{e.date_text} · {t('type_' + e.type, lang)}: {e.label}" + (f" ({e.person})" if e.person else "")
            + f" [{e.source_id}]")






def district_label(kreis_name: str, kind: str, lang: str = "de") -> str:
    """The label a district has in every selectbox: "Düren (Kreis)"."""
    return f"{kreis_name} ({t('kind_' + kind, lang)})"


def milestones_html(records: Records, ops: dict[str, Opening], lang: str = "de") -> str:
    """The statewide milestones beside the map: date, label, the map's own count on that day
    (where the state gave a count) and the source as a link; everything escaped."""
    items = []
    for _, m in milestones(records).iterrows():
        src = records.source(m["source_id"])
        when = format_partial_date(m["date"], m["precision"], lang) if m["date"] else t("undated", lang)
        label = m["label_de"] if lang == "de" else m["label_en"]
        line = f"<li><b>{html.escape(when)}</b>: {html.escape(label)}"
        if m["date"] and pd.notna(m["count"]):  # a milestone with the state's count
            c = counts_at(ops, parse_period(m["date"], m["precision"]).end)
            line += f" <i>({html.escape(t('milestone_ours', lang, exist=c.exist, uncertain=c.uncertain))})</i>"
        items.append(line + f" – {source_link_html(src.get('title', ''), src.get('url', ''), lang)}</li>")
    return "<ul style='font-size:0.9rem'>" + "".join(items) + "</ul>"
