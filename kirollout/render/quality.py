"""Data-quality report on the records: how well each center's opening is documented.

`quality_report(records)` returns plain data; `python -m kirollout.render.quality` (or
`make data-report`) prints it as a German text table. Precision counts come from
`rollout.openings`, the same rule the map uses, so the report and the map cannot disagree.
"""
from __future__ import annotations

import sys
from datetime import date

import pandas as pd

from ..model.dates import parse_period
from ..model.deductions import contradictions
from ..model.edition import edition_of
from ..model.facts import facts_for
from ..model.gaps import DEFAULT_SINCE, GAP_KINDS, gap_list
from ..model.records import Records, RecordsError, load_records
from ..model.rollout import TOTAL_CENTERS, counts_at, documented_precision_counts, openings, timeline_dates
from .i18n import edition_line, format_day, format_partial_date, t
from .wording import ABSENT_NAMED, bound_text, contradiction_text, reconciliation

PRECISION_DE = {"day": "Tag", "month": "Monat", "year": "Jahr", "none": "nicht belegt"}


def _period(row: dict):
    return parse_period(row["date"], row["precision"]) if row.get("date") else None


def dangling_source_ids(records: Records) -> list[dict]:
    """Every reference to a source id that is not in sources.csv (table, row id, source id)."""
    known = set(records.sources["source_id"])
    out = []
    for table, key, col in (("events", "event_id", "source_id"), ("funding", "funding_id", "source_id"),
                            ("funding_rates", "rate_id", "source_id"),
                            ("centers", "center_id", "host_office_source_id"),
                            ("centers", "center_id", "address_source_id")):
        df = getattr(records, table)
        for _, r in df.iterrows():
            sid = r[col]
            if sid and sid not in known:
                out.append({"table": table, "id": r[key], "source_id": sid})
    return out


def facts_without_source(records: Records) -> int:
    """Facts whose source id is empty or does not resolve (must be 0).

    Counts events, funding amounts and rates without a resolving `source_id`, and centers
    with a host office or an address whose own source id (`host_office_source_id`,
    `address_source_id`) is missing or does not resolve.
    """
    ids = set(records.sources["source_id"])
    n = 0
    for df in (records.events, records.funding, records.funding_rates):
        n += int((~df["source_id"].isin(ids)).sum())
    c = records.centers
    for fact, col in (("host_office", "host_office_source_id"), ("address", "address_source_id")):
        n += int(((c[fact] != "") & ~c[col].isin(ids)).sum())
    return n


def center_quality(records: Records) -> list[dict]:
    """Per center: opening precision, distinct sources, alternative and conflicting opening facts.

    `alternatives` counts the other opening facts of the center. `conflicts` counts those whose
    period does not overlap the chosen one, plus "working by" facts that end before the chosen
    opening period starts (the center is documented as working before it officially opened).
    Conflicts with facts of other types (a planning article, an approval) are not computed;
    `choice_note` says whether the record explains its choice in `opening_choice_note`.
    """
    ops = openings(records)
    ev = records.events
    rows = []
    for c in records.centers.itertuples(index=False):
        o = ops[c.center_id]
        mine = ev[ev["center_id"] == c.center_id]
        sources = set(mine["source_id"]) | {s for s in (c.host_office_source_id, c.address_source_id) if s}
        conflicts = 0
        if o.period is not None:
            for eid in o.alternatives:
                p = _period(mine[mine["event_id"] == eid].iloc[0].to_dict())
                if p is not None and (p.end < o.period.start or p.start > o.period.end):
                    conflicts += 1
            for _, r in mine[(mine["type"] == "open_by") & (mine["date"] != "")].iterrows():
                if _period(r.to_dict()).end < o.period.start:
                    conflicts += 1
        chosen = mine[mine["event_id"] == o.event_id].iloc[0] if o.event_id else None
        rows.append({
            "center_id": c.center_id,
            "ags": c.ags,
            "name": c.kreis_name,
            "precision": o.period.precision if o.period else "none",
            "date": chosen["date"] if chosen is not None else "",
            "opening_event_id": o.event_id or "",
            "n_sources": len(sources),
            "alternatives": len(o.alternatives),
            "conflicts": conflicts,
            "has_address": bool(c.address),
            "has_host_office": bool(c.host_office),
            "visits": int((mine["type"] == "visit").sum()),
            "choice_note": bool(o.period is not None and c.opening_choice_note),
        })
    return rows


RESEARCH_RECENT = date(2025, 1, 1)  # "researched after 2024"
RECENT_FROM = 2019                  # visits and events "after 2019" count from 2019-01-01 on (issue 23)


def research_figures(records: Records) -> dict:
    """How far the records reach: dated visits and events per year (and how many from 2019 on, in
    how many districts), districts researched after 2024 per topic, contacts by the year of their
    Stand, and centres with a sourced address and host office of Stand 2022 or later."""
    ev = records.events[(records.events["center_id"] != "") & (records.events["date"] != "")]
    years = ev["date"].str[:4].astype(int)
    visits = ev[ev["type"] == "visit"]
    recent = ev[years >= RECENT_FROM]
    log = records.research_log
    researched = {topic: int(log[(log["topic"] == topic)
                               & (log["researched_until"] >= RESEARCH_RECENT.isoformat())]["center_id"].nunique())
                  for topic in ("visits", "contacts")}
    c = records.contacts
    current = c[c["stand"].str[:4] >= "2022"]
    both = {cid for cid, g in current.groupby("center_id") if {"address", "host_office"} <= set(g["role"])}
    return {
        "events_per_year": years.value_counts().sort_index().to_dict(),
        "visits_per_year": visits["date"].str[:4].astype(int).value_counts().sort_index().to_dict(),
        "recent_events": len(recent), "recent_districts": int(recent["center_id"].nunique()),
        "researched_after_2024": researched, "research_logged": int(log["center_id"].nunique()),
        "contacts_by_stand_year": c["stand"].str[:4].value_counts().sort_index().to_dict(),
        "contacts": len(c), "centers_with_contacts": int(c["center_id"].nunique()),
        "centers_with_current_address_and_office": len(both),
    }


def quality_report(records: Records) -> dict:
    """The whole report: per-center rows and statewide figures (see module docstring)."""
    centers = center_quality(records)
    ev = records.events
    ops = openings(records)
    end = timeline_dates(records)[-1]
    names = dict(zip(records.centers["center_id"], records.centers["kreis_name"]))
    bounds = [{"center_id": cid, "name": names[cid], "kind": b.kind, "day": b.day,
               "text": bound_text(b, records), "source_ids": list(b.source_ids)}
              for cid, o in ops.items() for b in (o.working_by, o.counted_by) if b is not None]
    return {
        "edition": edition_of(records, None),
        "centers": centers,
        "bounds": sorted(bounds, key=lambda b: (b["name"].lower(), b["day"])),
        "contradictions": [{"center_id": c.center_id, "text": contradiction_text(c, records, "de"),
                            "source_ids": list(c.source_ids)}
                           for c in contradictions(records, ops)],
        "reconciliation": reconciliation(records, ops, "de"),
        "research": research_figures(records),
        "gaps": gap_list(facts_for(records, ops)),
        "statewide": {
            "inferred_openings": sum(1 for o in ops.values() if o.period is not None and o.inferred_from),
            "inferred_events": int((records.events["inferred_from"].fillna("") != "").sum()),
            "end_of_timeline": end,
            "exist_at_end": counts_at(ops, end).exist,
            "centers": len(centers),
            "precision_counts": documented_precision_counts(openings(records)),
            "centers_with_conflicts": sum(1 for c in centers if c["conflicts"]),
            "centers_with_choice_note": sum(1 for c in centers if c["choice_note"]),
            "centers_with_address": sum(1 for c in centers if c["has_address"]),
            "centers_with_host_office": sum(1 for c in centers if c["has_host_office"]),
            "centers_with_visit": sum(1 for c in centers if c["visits"]),
            "facts_without_source": facts_without_source(records),
            "dangling_source_ids": dangling_source_ids(records),
            "events": len(ev),
            "sources": len(records.sources),
            "milestones": int(((ev["type"] == "milestone") & (ev["center_id"] == "")).sum()),
            "visits": int((ev["type"] == "visit").sum()),
        },
    }


def format_report(report: dict) -> str:
    """The report as a plain German text table."""
    head = ("AGS", "Kreis / Stadt", "Eröffnung", "Genauigkeit", "Quellen", "Alternativen", "Widersprüche", "Begründung",
            "Anschrift", "Träger", "Besuche")
    body = [(c["ags"], c["name"], format_partial_date(c["date"], c["precision"]) if c["date"] else "–",
             PRECISION_DE[c["precision"]], str(c["n_sources"]), str(c["alternatives"]), str(c["conflicts"]),
             "ja" if c["choice_note"] else "–", "ja" if c["has_address"] else "nein",
             "ja" if c["has_host_office"] else "nein", str(c["visits"])) for c in report["centers"]]
    widths = [max(len(r[i]) for r in (head, *body)) for i in range(len(head))]
    numeric = {4, 5, 6, 10}

    def line(cells):
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    s = report["statewide"]
    pc = s["precision_counts"]
    out = ["Datenqualität der Zentren (Eröffnungsdatum, Quellen, Widersprüche)",
           edition_line(report["edition"], "de"), "",
           line(head), line(["-" * w for w in widths]), *map(line, body), "",
           "Landesweit",
           f"  Zentren: {s['centers']}",
           "  Eröffnungsdatum nach Genauigkeit: "
           + ", ".join(f"{PRECISION_DE[k]} {pc[k]}" for k in ("day", "month", "year", "none")),
           f"  Eröffnung belegt: {s['centers'] - pc['none']} (davon erschlossen: {s['inferred_openings']}), "
           f"davon auf den Monat oder Tag genau: {pc['day'] + pc['month']}",
           f"  Am Ende der Zeitleiste ({format_day(s['end_of_timeline'])}) bestehen {s['exist_at_end']} "
           f"von {TOTAL_CENTERS}",
           f"  Zentren mit offenem Widerspruch: {s['centers_with_conflicts']}",
           f"  Zentren mit begründeter Auswahl bei abweichenden Quellen: {s['centers_with_choice_note']}",
           f"  Zentren mit Anschrift: {s['centers_with_address']}, mit Träger (Amt): {s['centers_with_host_office']}",
           f"  Zentren mit mindestens einem belegten Besuch: {s['centers_with_visit']}",
           f"  Einträge (events.csv): {s['events']}, davon Meilensteine {s['milestones']}, Besuche {s['visits']}; "
           f"mit erschlossenem Datum (inferred_from): {s['inferred_events']}",
           f"  Quellen (sources.csv): {s['sources']}",
           f"  Fakten ohne Quelle: {s['facts_without_source']}",
           f"  Verweise auf fehlende Quellen: {len(s['dangling_source_ids'])}"]
    for d in s["dangling_source_ids"]:
        out.append(f"    {d['table']}.csv {d['id']}: {d['source_id']}")
    r = report["research"]
    out += ["", "Recherchestand",
            "  Datierte Ereignisse je Jahr (Zentren): "
            + ", ".join(f"{y}: {n}" for y, n in r["events_per_year"].items()),
            "  davon Besuche je Jahr: " + ", ".join(f"{y}: {n}" for y, n in r["visits_per_year"].items()),
            f"  Ab {RECENT_FROM}: {r['recent_events']} datierte Besuche/Ereignisse in "
            f"{r['recent_districts']} Kreisen/Städten",
            f"  Recherchiert nach 2024 (Rechercheprotokoll): Besuche {r['researched_after_2024']['visits']}, "
            f"Kontakte {r['researched_after_2024']['contacts']} von {TOTAL_CENTERS} Zentren; "
            f"Zentren mit Rechercheeintrag: {r['research_logged']}",
            f"  Kontakte: {r['contacts']} für {r['centers_with_contacts']} Zentren; nach Jahr des Stands: "
            + ", ".join(f"{y}: {n}" for y, n in r["contacts_by_stand_year"].items()),
            "  Zentren mit Anschrift und Träger, Stand 2022 oder später: "
            f"{r['centers_with_current_address_and_office']}"]
    gaps = report["gaps"]
    out += ["", f"Lückenliste (Besuche gezählt ab {format_day(DEFAULT_SINCE, 'de', 'short')}; "
                "abzuarbeiten im Editor unter Daten & Quellen)"]
    for kind in GAP_KINDS:
        mine = [g for g in gaps if g.kind == kind]
        out.append(f"  {t('gap_kind_' + kind, 'de')} ({len(mine)}): "
                   + (", ".join(sorted({g.kreis_name for g in mine}, key=str.lower)) or "–"))
    out += ["", "Erschlossene Schranken je Zentrum (aus den Daten berechnet)"]
    out += [f"  {b['name']}: {b['text']} [{' '.join(b['source_ids'])}]" for b in report["bounds"]] or ["  –"]
    out += ["", "Widersprüche"]
    out += [f"  {c['text']} [{' '.join(c['source_ids'])}]" for c in report["contradictions"]] or ["  –"]
    out += ["", "Abgleich mit den Landeszahlen"]
    for _, r in report["reconciliation"].iterrows():
        out.append(f"  {r['date_text']}: Quelle {r['state']} ({r['counts']}) · Karte {r['map']} "
                   f"({r['breakdown']}) · Differenz {r['difference']} · nicht auf der Karte: {r['not_on_map']}")
        if r["absent_names"].count(",") + 1 > ABSENT_NAMED:
            out.append(f"      nicht auf der Karte, namentlich: {r['absent_names']}")
        out.append(f"      {r['explanation']} [{r['source_id']}]")
    return "\n".join(out)


def main() -> int:
    try:
        records = load_records()
    except RecordsError as exc:
        print("Die Daten sind nicht gültig:", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print(format_report(quality_report(records)))
    return 0


def filter_frame(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows where any cell contains every word of `query` (case-insensitive); all rows if empty."""
    words = [w for w in (query or "").casefold().split() if w]
    if not words:
        return df
    text = df.astype(str).agg(" ".join, axis=1).str.casefold()
    mask = pd.Series(True, index=df.index)
    for w in words:
        mask &= text.str.contains(w, regex=False)
    return df[mask]


if __name__ == "__main__":
    raise SystemExit(main())
