"""Bounds deduced from the sourced records at load time, never typed in.

Two kinds of reasoning, both shown with their sources wherever a centre is described:
- *existing by D, from a statewide count*: a source says on day D that N of 54 (or 53) have a
  centre (or that the N-th opened, or that all have one), and the records date exactly 54 − N
  starts after D → every other centre existed by D ("eingerichtet laut Landeszählung"). Only
  counts of centres that exist (`DEDUCIBLE_KINDS`) are used; approvals and grants are not.
- *working by D, from a dated visit* of a member of the state government: built in
  rollout._working_bounds beside the documented `open_by` facts.
A bound earlier than a documented start, and a count the records cannot meet, are
contradictions: listed (data report, UI), never resolved silently.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .dates import parse_period
from .i18n import format_day, format_event_date, format_partial_date, t
from .records import Records
from .rollout import EXISTING, TOTAL_CENTERS, Bound, Opening, counts_at, states_at

# counts of centres that exist; the others count approvals, grants or plans
DEDUCIBLE_KINDS = ("set_up", "working", "exist", "opened_nth", "all")
STADT_AACHEN = "ki-05334002"  # its own centre inside the StädteRegion: not one of the 53 districts


@dataclass(frozen=True)
class CountCheck:
    """One statewide count set against the records (before any count bound is applied)."""

    event_id: str
    source_id: str
    day: date               # the last day of the count's period: the safe day for a bound
    date: str
    precision: str
    count: int | None
    kind: str
    whole: int              # 54 centres, or 53 Kreise and kreisfreie Städte
    claimed: int            # centres the source says exist (count, or whole for "all")
    units: tuple[str, ...]  # the centres counted against
    later: tuple[str, ...]  # units whose documented start lies after the day
    status: str             # deduced / too_many_later / unidentified / not_deducible

    @property
    def missing(self) -> int:
        return self.whole - self.claimed


def _exists_by(op: Opening, day: date) -> bool:
    return (op.period is not None and op.period.end <= day) or (op.open_by is not None and op.open_by <= day)


def _starts_after(op: Opening, day: date) -> bool:
    return op.period is not None and op.period.start > day and not (op.open_by is not None and op.open_by <= day)


def count_checks(records: Records, base: dict[str, Opening]) -> list[CountCheck]:
    """Every dated statewide milestone with a count (or "all"), checked against the records."""
    ev = records.events
    ms = ev[(ev["center_id"] == "") & (ev["type"] == "milestone") & (ev["date"] != "") & (ev["count_kind"] != "")]
    out = []
    for _, m in ms.sort_values(["date", "event_id"]).iterrows():
        whole = int(m["count_of"]) if pd.notna(m["count_of"]) else TOTAL_CENTERS
        claimed = int(m["count"]) if pd.notna(m["count"]) else whole
        day = parse_period(m["date"], m["precision"]).end
        units = tuple(cid for cid in base if whole == TOTAL_CENTERS or cid != STADT_AACHEN)
        later = tuple(cid for cid in units if _starts_after(base[cid], day))
        missing = whole - claimed
        if m["count_kind"] not in DEDUCIBLE_KINDS:
            status = "not_deducible"
        elif len(later) == missing:
            status = "deduced"
        elif len(later) > missing:
            status = "too_many_later"
        else:
            status = "unidentified"
        out.append(CountCheck(m["event_id"], m["source_id"], day, m["date"], m["precision"],
                              int(m["count"]) if pd.notna(m["count"]) else None, m["count_kind"],
                              whole, claimed, units, later, status))
    return out


def count_bounds(checks: list[CountCheck], base: dict[str, Opening]) -> dict[str, Bound]:
    """The earliest "existing by the state's count" bound per centre that it adds anything to."""
    out: dict[str, Bound] = {}
    for c in checks:
        if c.status != "deduced":
            continue
        later_ops = [base[cid] for cid in c.later]
        events = (c.event_id, *(o.event_id for o in later_ops if o.event_id))
        sources = tuple(dict.fromkeys((c.source_id, *(o.source_id for o in later_ops if o.source_id))))
        args = (("date", c.date), ("precision", c.precision), ("n", c.claimed), ("whole", c.whole),
                ("kind", c.kind), ("later", c.later))
        for cid in c.units:
            if cid in c.later or _exists_by(base[cid], c.day):
                continue
            if cid not in out or c.day < out[cid].day:
                out[cid] = Bound("count", c.day, events, sources, "bound_count", args)
    return out


def _names(records: Records, cids) -> str:
    by_id = dict(zip(records.centers["center_id"], records.centers["kreis_name"]))
    return ", ".join(sorted((by_id.get(c, c) for c in cids), key=str.lower)) or "–"


def bound_text(bound: Bound, records: Records, lang: str = "de") -> str:
    """The bound's reasoning in one sentence (own words, the same on every page and in the PDF)."""
    a = dict(bound.args)
    when = format_event_date(a, lang) if a.get("date") else ""
    day = format_day(bound.day, lang)
    if bound.reason == "bound_visit":
        return t("bound_visit", lang, day=day, date=when, person=a.get("person") or t("not_documented", lang))
    if bound.reason == "bound_open_by":
        return t("bound_open_by", lang, day=day, date=when, label=a["label_de" if lang == "de" else "label_en"])
    return t("bound_count", lang, day=day, date=when, n=a["n"], whole=a["whole"],
             kind=t(f"count_kind_{a['kind']}", lang), k=len(a["later"]), names=_names(records, a["later"]))


@dataclass(frozen=True)
class Contradiction:
    """A deduction the records do not bear out; shown beside the records, never resolved."""

    center_id: str | None
    text_de: str
    text_en: str
    event_ids: tuple[str, ...]
    source_ids: tuple[str, ...]

    def text(self, lang: str) -> str:
        return self.text_de if lang == "de" else self.text_en


def center_contradiction(records: Records, op: Opening) -> Contradiction | None:
    """A working-by bound (open_by fact or visit) earlier than the centre's documented start."""
    b = op.working_by
    if b is None or op.period is None or b.day >= op.period.start:
        return None
    texts = {lang: t("contra_bound_before_start", lang, name=_names(records, [op.center_id]),
                     bound=bound_text(b, records, lang),
                     start=format_partial_date(op.period.text, op.period.precision, lang))
             for lang in ("de", "en")}
    return Contradiction(op.center_id, texts["de"], texts["en"], (*b.event_ids, op.event_id),
                         tuple(dict.fromkeys((*b.source_ids, op.source_id))))


def contradictions(records: Records, ops: dict[str, Opening],
                   checks: list[CountCheck] | None = None) -> list[Contradiction]:
    """Working-by bounds earlier than the documented start, and counts the records cannot meet."""
    out = [c for op in ops.values() if (c := center_contradiction(records, op)) is not None]
    if checks is None:
        checks = count_checks(records, base_from(ops))
    for c in checks:
        if c.status == "too_many_later":
            texts = {lang: t("contra_count", lang, date=format_partial_date(c.date, c.precision, lang),
                             n=c.claimed, whole=c.whole, kind=t(f"count_kind_{c.kind}", lang),
                             k=len(c.later), names=_names(records, c.later))
                     for lang in ("de", "en")}
            out.append(Contradiction(None, texts["de"], texts["en"], (c.event_id,), (c.source_id,)))
    return out


def base_from(ops: dict[str, Opening]) -> dict[str, Opening]:
    """The openings without their count bounds (what the count checks are computed from)."""
    return {cid: replace(o, counted_by=None) for cid, o in ops.items()}


def reconciliation(records: Records, ops: dict[str, Opening], lang: str = "de") -> pd.DataFrame:
    """"Abgleich mit den Landeszahlen": each statewide count beside the map's count that day.

    Columns: event_id, date (the day compared), date_text, state (the source's figure), counts
    (what the source counts), map (centres existing on the map, of the same whole), breakdown,
    difference (state − map), not_on_map (the whole's centres the map does not count, by name),
    explanation (whether and why a bound was deduced), source_id.
    """
    checks = count_checks(records, base_from(ops))
    names = dict(zip(records.centers["center_id"], records.centers["kreis_name"]))
    rows = []
    for c in checks:
        states = states_at(ops, c.day)
        cnt = counts_at({cid: ops[cid] for cid in c.units}, c.day)
        absent = [cid for cid in c.units if states[cid] not in EXISTING]
        absent = [(names[cid], states[cid]) for cid in absent]
        absent_txt = _absent_text(absent, lang)
        absent_names = ", ".join(sorted((n for n, _ in absent), key=str.lower))
        if c.status == "deduced":
            expl = t("abgleich_deduced", lang, k=len(c.later), names=_names(records, c.later))
        elif c.status == "not_deducible":
            expl = t("abgleich_not_deducible", lang, kind=t(f"count_kind_{c.kind}", lang))
        elif c.status == "too_many_later":
            expl = t("abgleich_too_many", lang, k=len(c.later), m=c.missing, names=_names(records, c.later))
        else:
            expl = t("abgleich_unidentified", lang, k=len(c.later), m=c.missing)
        figure = (t("abgleich_all", lang, whole=c.whole) if c.count is None
                  else t("abgleich_n_of", lang, n=c.count, whole=c.whole))
        rows.append({
            "event_id": c.event_id, "date": c.day,
            "date_text": format_partial_date(c.date, c.precision, lang),
            "state": figure, "state_n": c.claimed, "whole": c.whole, "counts": t(f"count_kind_{c.kind}", lang),
            "map": cnt.exist, "breakdown": breakdown_text(cnt, lang),
            "difference": c.claimed - cnt.exist, "not_on_map": absent_txt, "absent_names": absent_names,
            "explanation": expl, "status": c.status, "source_id": c.source_id,
        })
    return pd.DataFrame(rows, columns=["event_id", "date", "date_text", "state", "state_n", "whole", "counts", "map",
                                       "breakdown", "difference", "not_on_map", "absent_names", "explanation", "status",
                                       "source_id"])


ABSENT_NAMED = 8  # up to this many centres missing from the map are named; more are summed up by state


def _absent_text(absent: list[tuple[str, str]], lang: str) -> str:
    """The whole's centres the map does not count that day: by name, or by state when many."""
    if not absent:
        return "–"
    if len(absent) <= ABSENT_NAMED:
        return "; ".join(f"{n} ({t('state_' + s, lang)})" for n, s in sorted(absent, key=lambda x: x[0].lower()))
    by_state = {s: sum(1 for _, x in absent if x == s) for s in dict.fromkeys(x for _, x in absent)}
    return t("abgleich_many", lang, n=len(absent),
             states=", ".join(f"{k} {t('state_' + s, lang)}" for s, k in by_state.items()))


def headline_text(c, lang: str = "de") -> str:
    """The map's headline count: centres that exist on the day, of 54, plus the uncertain ones
    ("(+0 unsicher)" left out; "Noch besteht kein Zentrum" before the first one)."""
    if not c.exist:
        head, extra = t("count_none", lang), "count_only_uncertain"
    else:
        head, extra = t("count_sure", lang, exist=c.exist, total=TOTAL_CENTERS), "count_plus_uncertain"
    return head + (" " + t(extra, lang, uncertain=c.uncertain) if c.uncertain else "")


def breakdown_text(c, lang: str = "de") -> str:
    """What the headline count rests on: documented start / working by / state's count / uncertain."""
    return t("count_breakdown", lang, start=c.open_start, working=c.open_working, counted=c.counted,
             uncertain=c.uncertain)


RECONCILIATION_COLUMNS = (
    ("date_text", "abgleich_col_date"), ("state", "abgleich_col_state"), ("counts", "abgleich_col_counts"),
    ("map", "abgleich_col_map"), ("difference", "abgleich_col_diff"), ("breakdown", "abgleich_col_breakdown"),
    ("not_on_map", "abgleich_col_absent"), ("explanation", "abgleich_col_expl"),
)


def _absent_html(r) -> str:
    """The summary of centres missing from the map; when summed up by state, the names fold out."""
    import html

    if r["absent_names"] and r["absent_names"].count(",") + 1 > ABSENT_NAMED:
        return (f"<details><summary>{html.escape(r['not_on_map'])}</summary>"
                f"{html.escape(r['absent_names'])}</details>")
    return html.escape(r["not_on_map"])


def reconciliation_html(records: Records, ops: dict[str, Opening], lang: str = "de") -> str:
    """The Abgleich table as escaped HTML (one row per statewide count), its sources linked."""
    import html

    from .details import source_link_html

    df = reconciliation(records, ops, lang)
    head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for _, k in RECONCILIATION_COLUMNS)
    head += f"<th>{html.escape(t('abgleich_col_source', lang))}</th>"
    body = []
    for _, r in df.iterrows():
        cells = "".join(f"<td>{html.escape(str(r[c]))}</td>" if c != "not_on_map" else f"<td>{_absent_html(r)}</td>"
                        for c, _ in RECONCILIATION_COLUMNS)
        src = records.source(r["source_id"])
        link = source_link_html(src.get("title", ""), src.get("url", ""), lang)
        body.append(f"<tr data-status='{html.escape(r['status'])}'>{cells}"
                    f"<td>[{html.escape(r['source_id'])}] {link}</td></tr>")
    return (f"<table class='ki-abgleich' style='font-size:0.85rem;width:100%'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")
