"""The facts about one center, formatted for the detail panel and the briefing.

Plain data out (strings as facts, not HTML); callers escape for their medium. Missing facts
come back as "nicht belegt", never silently empty.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from .dates import parse_period
from .deductions import bound_text, center_contradiction
from .i18n import format_day, format_event_date, format_partial_date, t
from .records import Records
from .rollout import Opening, counts_at, milestones, rank_range


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


def _event_line(r, lang: str) -> EventLine:
    return EventLine(r["event_id"], r["type"], format_event_date(r, lang), r["date"] or "9999",
                     r["label_de"] if lang == "de" else r["label_en"], r["person"], r["source_id"],
                     tuple(str(r.get("inferred_from", "") or "").split()))


def rank_text(ops: dict[str, Opening], center_id: str, lang: str = "de") -> tuple[str, tuple[int, int] | None]:
    rr = rank_range(ops, center_id)
    if rr is None:
        return t("not_documented", lang), None
    n = sum(1 for o in ops.values() if o.period is not None)
    a, b = rr
    return (t("rank_exact", lang, a=a, n=n) if a == b else t("rank_range", lang, a=a, b=b, n=n)), rr


def center_detail(records: Records, ops: dict[str, Opening], center_id: str, lang: str = "de") -> CenterDetail:
    c = records.center(center_id)
    op = ops[center_id]
    ev = records.events
    mine = ev[ev["center_id"] == center_id]
    lines = sorted((_event_line(r, lang) for _, r in mine.iterrows()), key=lambda e: (e.sort_key, e.event_id))
    by_id = {e.event_id: e for e in lines}
    opening = by_id[op.event_id].date_text if op.event_id else t("not_documented", lang)
    if op.event_id and ev.loc[ev["event_id"] == op.event_id, "precision"].iloc[0] == "day":
        e = ev.loc[ev["event_id"] == op.event_id].iloc[0]
        opening = format_partial_date(e["date"], "day", lang, style="long")
    rank, rr = rank_text(ops, center_id, lang)
    src_ids = []
    bounds = [(bound_text(bd, records, lang), list(bd.source_ids))
              for bd in (op.working_by, op.counted_by) if bd is not None]
    contra = center_contradiction(records, op)
    contras = [(contra.text(lang), list(contra.source_ids))] if contra else []
    own = [op.source_id, *op.inferred_from, op.open_by_source_id, c.get("host_office_source_id"),
           c.get("address_source_id")]
    event_ids = [s for e in lines for s in (e.source_id, *e.inferred_from)]
    for sid in own + [s for _, ids in bounds for s in ids] + event_ids:
        if sid and sid not in src_ids:
            src_ids.append(sid)
    sources = []
    for sid in src_ids:
        s = records.source(sid)
        pub = (format_partial_date(s["published"], s["published_precision"], lang) if s.get("published")
               else t("undated", lang))
        sources.append(SourceLine(sid, s.get("title", ""), s.get("publisher", ""), pub, s.get("url", ""),
                                  s.get("note", "")))
    return CenterDetail(
        center_id=center_id, ags=c["ags"], name=c["name"], kreis_name=c["kreis_name"],
        kind=t(f"kind_{c['kind']}", lang),
        host_office=c["host_office"] or t("not_documented", lang),
        address=c["address"] or t("not_documented", lang),
        host_office_source_id=c.get("host_office_source_id") or None,
        address_source_id=c.get("address_source_id") or None,
        opening=opening, opening_source_id=op.source_id,
        opening_alternatives=[by_id[a] for a in op.alternatives if a in by_id],
        opening_choice_note=c["opening_choice_note"],
        open_by=format_day(op.open_by, lang, "short") if op.open_by else None,
        approval=[e for e in lines if e.type == "approval"],
        predecessor=[e for e in lines if e.type == "predecessor"],
        rank=rank, rank_range=rr, events=lines, sources=sources,
        opening_precision=op.period.precision if op.period else None,
        opening_inferred_from=list(op.inferred_from), bounds=bounds, contradictions=contras,
    )


def md_text(text: object) -> str:
    """Record or message text for st.markdown: HTML-escaped and markdown characters neutralised."""
    return re.sub(r"([\\`*_\[\]#|~])", r"\\\1", html.escape(str(text), quote=False))


def source_link_html(title: str, url: str, lang: str = "de") -> str:
    """A source title as an HTML link — only for http(s) URLs; everything escaped."""
    safe_title = html.escape(title or "")
    if url and url.startswith(("http://", "https://")):
        return (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                f"{safe_title}</a>")
    return f"{safe_title} ({t('no_url', lang)})"


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
