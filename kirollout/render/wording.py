"""The evidence in words: bounds, contradictions, the headline count and the Abgleich table.

Renders the data of `kirollout/model/rollout.py` and `kirollout/model/deductions.py` with the strings of
`kirollout/render/i18n.py`, so every page, the PDF, the site and the data report say the same sentence.
"""
from __future__ import annotations

import html

import pandas as pd

from ..model.deductions import Contradiction, reconcile
from ..model.records import Records, internal_ref
from ..model.rollout import TOTAL_CENTERS, Bound, Counts, Opening
from .i18n import format_day, format_event_date, format_partial_date, t

ABSENT_NAMED = 8  # up to this many centres missing from the map are named; more are summed up by state


def _names(records: Records, cids) -> str:
    by_id = dict(zip(records.centers["center_id"], records.centers["kreis_name"]))
    return ", ".join(sorted((by_id.get(c, c) for c in cids), key=str.lower)) or "–"


def whole_text(n: int, whole: int, stated: bool, lang: str = "de") -> str:
    """"49 von 54", or "49 (Ganzes nicht genannt, gelesen als 54)" where the source gives no whole."""
    return t("abgleich_n_of" if stated else "whole_not_stated", lang, n=n, whole=whole)


def bound_text(bound: Bound, records: Records, lang: str = "de") -> str:
    """The bound's reasoning in one sentence (own words, the same on every page and in the PDF)."""
    a = dict(bound.args)
    when = format_event_date(a, lang) if a.get("date") else ""
    day = format_day(bound.day, lang)
    if bound.reason == "bound_visit":
        return t("bound_visit", lang, day=day, date=when, person=a.get("person") or t("not_documented", lang))
    if bound.reason == "bound_open_by":
        return t("bound_open_by", lang, day=day, date=when, label=a["label_de" if lang == "de" else "label_en"])
    figure = whole_text(a["n"], a["whole"], a.get("whole_stated", True), lang)
    return t("bound_count", lang, day=day, date=when, figure=figure,
             kind=t(f"count_kind_{a['kind']}", lang), k=len(a["later"]), names=_names(records, a["later"]))


def contradiction_text(c: Contradiction, records: Records, lang: str = "de") -> str:
    """A contradiction in one sentence."""
    if c.kind == "bound_before_start":
        return t("contra_bound_before_start", lang, name=_names(records, [c.center_id]),
                 bound=bound_text(c.bound, records, lang),
                 start=format_partial_date(c.start.text, c.start.precision, lang))
    k = c.check
    return t("contra_count", lang, date=format_partial_date(k.date, k.precision, lang),
             figure=whole_text(k.claimed, k.whole, k.whole_stated, lang), kind=t(f"count_kind_{k.kind}", lang),
             k=len(k.later), names=_names(records, k.later))


def headline_text(c: Counts, lang: str = "de") -> str:
    """The map's headline count: centres that exist on the day, of 54, plus the uncertain ones
    ("(+0 unsicher)" left out; "Noch besteht kein Zentrum" before the first one)."""
    if not c.exist:
        head, extra = t("count_none", lang), "count_only_uncertain"
    else:
        head, extra = t("count_sure", lang, exist=c.exist, total=TOTAL_CENTERS), "count_plus_uncertain"
    return head + (" " + t(extra, lang, uncertain=c.uncertain) if c.uncertain else "")


def breakdown_text(c: Counts, lang: str = "de") -> str:
    """What the headline count rests on: documented start / working by / state's count / uncertain."""
    return t("count_breakdown", lang, start=c.open_start, working=c.open_working, counted=c.counted,
             uncertain=c.uncertain)


def _absent_text(absent: list[tuple[str, str]], lang: str) -> str:
    """The whole's centres the map does not count that day: by name, or by state when many."""
    if not absent:
        return "–"
    if len(absent) <= ABSENT_NAMED:
        return "; ".join(f"{n} ({t('state_' + s, lang)})" for n, s in sorted(absent, key=lambda x: x[0].lower()))
    by_state = {s: sum(1 for _, x in absent if x == s) for s in dict.fromkeys(x for _, x in absent)}
    return t("abgleich_many", lang, n=len(absent),
             states=", ".join(f"{k} {t('state_' + s, lang)}" for s, k in by_state.items()))


RECONCILIATION_FIELDS = ["event_id", "date", "date_text", "state", "state_n", "whole", "counts", "map", "breakdown",
                         "difference", "not_on_map", "absent_names", "explanation", "status", "source_id"]


def reconciliation(records: Records, ops: dict[str, Opening], lang: str = "de") -> pd.DataFrame:
    """"Abgleich mit den Landeszahlen": each statewide count beside the map's count that day.

    Columns: event_id, date (the day compared), date_text, state (the source's figure), counts
    (what the source counts), map (centres existing on the map, of the same whole), breakdown,
    difference (state − map), not_on_map (the whole's centres the map does not count, by name),
    explanation (whether and why a bound was deduced), source_id.
    """
    names = dict(zip(records.centers["center_id"], records.centers["kreis_name"]))
    rows = []
    for r in reconcile(records, ops):
        c = r.check
        absent = [(names[cid], s) for cid, s in r.absent]
        if c.status == "deduced":
            expl = t("abgleich_deduced", lang, k=len(c.later), names=_names(records, c.later))
        elif c.status == "not_deducible":
            expl = t("abgleich_not_deducible", lang, kind=t(f"count_kind_{c.kind}", lang))
        elif c.status == "too_many_later":
            expl = t("abgleich_too_many", lang, k=len(c.later), m=c.missing, names=_names(records, c.later))
        else:
            expl = t("abgleich_unidentified", lang, k=len(c.later), m=c.missing)
        figure = (t("abgleich_all", lang, whole=c.whole) if c.count is None
                  else whole_text(c.count, c.whole, c.whole_stated, lang))
        rows.append({
            "event_id": c.event_id, "date": c.day,
            "date_text": format_partial_date(c.date, c.precision, lang),
            "state": figure, "state_n": c.claimed, "whole": c.whole, "counts": t(f"count_kind_{c.kind}", lang),
            "map": r.counts.exist, "breakdown": breakdown_text(r.counts, lang),
            "difference": c.claimed - r.counts.exist, "not_on_map": _absent_text(absent, lang),
            "absent_names": ", ".join(sorted((n for n, _ in absent), key=str.lower)),
            "explanation": expl, "status": c.status, "source_id": c.source_id,
        })
    return pd.DataFrame(rows, columns=RECONCILIATION_FIELDS)


RECONCILIATION_COLUMNS = (
    ("date_text", "abgleich_col_date"), ("state", "abgleich_col_state"), ("counts", "abgleich_col_counts"),
    ("map", "abgleich_col_map"), ("difference", "abgleich_col_diff"), ("breakdown", "abgleich_col_breakdown"),
    ("not_on_map", "abgleich_col_absent"), ("explanation", "abgleich_col_expl"),
)


def _absent_html(r) -> str:
    """The summary of centres missing from the map; when summed up by state, the names fold out."""
    if r["absent_names"] and r["absent_names"].count(",") + 1 > ABSENT_NAMED:
        return (f"<details><summary>{html.escape(r['not_on_map'])}</summary>"
                f"{html.escape(r['absent_names'])}</details>")
    return html.escape(r["not_on_map"])


def reconciliation_html(records: Records, ops: dict[str, Opening], lang: str = "de") -> str:
    """The Abgleich table as escaped HTML (one row per statewide count), its sources linked."""
    from .markup import source_link_html

    df = reconciliation(records, ops, lang)
    head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for _, k in RECONCILIATION_COLUMNS)
    head += f"<th>{html.escape(t('abgleich_col_source', lang))}</th>"
    body = []
    for _, r in df.iterrows():
        cells = "".join(f"<td>{html.escape(str(r[c]))}</td>" if c != "not_on_map" else f"<td>{_absent_html(r)}</td>"
                        for c, _ in RECONCILIATION_COLUMNS)
        src = records.source(r["source_id"])
        link = source_link_html(src.get("title", ""), src.get("url", ""), lang, internal_ref(src))
        body.append(f"<tr data-status='{html.escape(r['status'])}'>{cells}"
                    f"<td>[{html.escape(r['source_id'])}] {link}</td></tr>")
    return (f"<table class='ki-abgleich' style='font-size:0.85rem;width:100%'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")
