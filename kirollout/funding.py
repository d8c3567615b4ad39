"""Funding per center: sourced amounts (funding.csv) and a series modelled from the rates.

Sourced and modelled figures never mix: the model produces its own rows and the sourced rows
are passed through unchanged, each with its source. Statewide totals (no center) stay statewide.

The model, per center and program: the rate valid on each day (funding_rates.csv) divided by
12 for every full calendar month the center was open. "Open" starts at the documented opening:
a day-precise date counts from that day (the month counts when the day is its 1st, otherwise
from the next month); for an opening known only to the month or year the END of that period is
used, which understates rather than overstates. A documented "working by" date (open_by) earlier
than that is used instead. A center without a documented opening gets no modelled amount.
"""
from __future__ import annotations

import calendar
import html
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from .geodata import AACHEN_CITY, STAEDTEREGION
from .i18n import format_day, format_eur, format_partial_date, t
from .records import Records
from .rollout import Opening

MODELLED = "modelled"
SOURCED = "sourced"
FIRST_YEAR = 2012


@dataclass(frozen=True)
class Rate:
    """One row of funding_rates.csv with typed dates (valid_to None = still valid)."""

    rate_id: str
    program: str
    amount_eur_per_year: float
    approximate: bool
    valid_from: date
    valid_to: date | None
    source_id: str


def rates(records: Records) -> list[Rate]:
    """The rates table as Rate objects; raises ValueError when one program's rates overlap."""
    out = [Rate(r["rate_id"], r["program"], float(r["amount_eur_per_year"]), bool(r["approximate"]),
                date.fromisoformat(r["valid_from"]),
                date.fromisoformat(r["valid_to"]) if r["valid_to"] else None, r["source_id"])
           for _, r in records.funding_rates.iterrows()]
    by_program: dict[str, list[Rate]] = {}
    for r in out:
        by_program.setdefault(r.program, []).append(r)
    for program, rs in by_program.items():
        rs.sort(key=lambda r: r.valid_from)
        for a, b in zip(rs, rs[1:]):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                raise ValueError(f"funding_rates.csv: {a.rate_id} und {b.rate_id} ({program}) überschneiden sich")
    return out


def model_start(op: Opening) -> date | None:
    """First day the model counts a center as working (see module docstring); None = nicht belegt."""
    if op.period is None:
        return None
    start = op.period.start if op.period.precision == "day" else op.period.end
    if op.open_by is not None and op.open_by < start:
        start = op.open_by
    return start


def first_full_month(d: date) -> date:
    """The first day of the first calendar month that lies wholly on or after `d`."""
    if d.day == 1:
        return d
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _month_amount(rate_list: list[Rate], month_start: date) -> tuple[float, list[Rate]]:
    """Amount for one program in one month: each rate / 12, weighted by the days it is valid."""
    days = calendar.monthrange(month_start.year, month_start.month)[1]
    month_end = month_start + timedelta(days=days - 1)
    total, used = 0.0, []
    for r in rate_list:
        lo = max(month_start, r.valid_from)
        hi = min(month_end, r.valid_to or month_end)
        covered = (hi - lo).days + 1
        if covered > 0:
            total += r.amount_eur_per_year / 12 * covered / days
            used.append(r)
    return total, used


MODEL_COLUMNS = ["center_id", "ags", "kreis_name", "year", "program", "months", "amount_eur",
                 "approximate", "rate_ids", "source_ids"]


def model_series(records: Records, ops: dict[str, Opening], last_year: int,
                 rate_list: list[Rate] | None = None) -> pd.DataFrame:
    """Modelled EUR per center, year and program up to the end of `last_year`.

    One row per (center, year, program) with at least one counted month; `months` is the number
    of full months open in that year. Centers without a documented opening have no rows.
    """
    rate_list = rates(records) if rate_list is None else rate_list
    programs: dict[str, list[Rate]] = {}
    for r in rate_list:
        programs.setdefault(r.program, []).append(r)
    centers = records.centers.set_index("center_id")
    rows = []
    for cid, op in ops.items():
        start = model_start(op)
        if start is None:
            continue
        m = first_full_month(start)
        acc: dict[tuple[int, str], dict] = {}
        while m.year <= last_year:
            for program, rs in programs.items():
                amount, used = _month_amount(rs, m)
                if not used:
                    continue
                a = acc.setdefault((m.year, program), {"months": 0, "amount": 0.0, "rates": {}})
                a["months"] += 1
                a["amount"] += amount
                for r in used:
                    a["rates"][r.rate_id] = r
            m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        c = centers.loc[cid]
        for (year, program), a in sorted(acc.items()):
            used = list(a["rates"].values())
            rows.append({
                "center_id": cid, "ags": c["ags"], "kreis_name": c["kreis_name"], "year": year,
                "program": program, "months": a["months"], "amount_eur": round(a["amount"], 2),
                "approximate": any(r.approximate for r in used),
                "rate_ids": " ".join(r.rate_id for r in used),
                "source_ids": " ".join(dict.fromkeys(r.source_id for r in used)),
            })
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


def not_modelled(records: Records, ops: dict[str, Opening]) -> pd.DataFrame:
    """Centers without a documented opening (no modelled amount), with any open_by date."""
    rows = []
    for _, c in records.centers.iterrows():
        op = ops[c["center_id"]]
        if model_start(op) is None:
            rows.append({"center_id": c["center_id"], "ags": c["ags"], "kreis_name": c["kreis_name"],
                         "open_by": op.open_by, "open_by_source_id": op.open_by_source_id})
    return pd.DataFrame(rows, columns=["center_id", "ags", "kreis_name", "open_by", "open_by_source_id"]) \
        .sort_values("kreis_name").reset_index(drop=True)


SOURCED_COLUMNS = ["funding_id", "center_id", "ags", "kreis_name", "year", "program", "amount_eur",
                   "approximate", "label_de", "label_en", "source_id"]


def sourced(records: Records) -> pd.DataFrame:
    """Sourced amounts for single centers, exactly as in funding.csv (year may be empty)."""
    f = records.funding[records.funding["center_id"] != ""]
    centers = records.centers.set_index("center_id")
    out = f.assign(ags=f["center_id"].map(centers["ags"]), kreis_name=f["center_id"].map(centers["kreis_name"]))
    return out[SOURCED_COLUMNS].reset_index(drop=True)


def statewide(records: Records) -> pd.DataFrame:
    """Statewide sourced totals (funding.csv rows without a center), never split into districts."""
    f = records.funding[records.funding["center_id"] == ""]
    return f[["funding_id", "year", "program", "amount_eur", "approximate", "label_de", "label_en",
              "source_id"]].reset_index(drop=True)


def in_years(df: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Rows whose year lies in [first, last]; rows without a year are dropped."""
    y = pd.to_numeric(df["year"], errors="coerce")
    return df[(y >= first) & (y <= last)]


def by_district(modelled: pd.DataFrame) -> pd.DataFrame:
    """Modelled EUR per district (rows) and program (columns) plus `total`, largest first."""
    if modelled.empty:
        return pd.DataFrame(columns=["ags", "kreis_name", "total"])
    p = modelled.pivot_table(index=["ags", "kreis_name"], columns="program", values="amount_eur",
                             aggfunc="sum", fill_value=0.0)
    p.columns = list(p.columns)
    p["total"] = p.sum(axis=1)
    return p.reset_index().sort_values(["total", "kreis_name"], ascending=[False, True]).reset_index(drop=True)


def per_year(modelled: pd.DataFrame) -> pd.DataFrame:
    """Modelled EUR statewide per year (rows) and program (columns) plus `total` and `centers`."""
    if modelled.empty:
        return pd.DataFrame(columns=["year", "total", "centers"])
    p = modelled.pivot_table(index="year", columns="program", values="amount_eur", aggfunc="sum", fill_value=0.0)
    p.columns = list(p.columns)
    p["total"] = p.sum(axis=1)
    p["centers"] = modelled.groupby("year")["center_id"].nunique()
    return p.reset_index()


def population_served(population: pd.DataFrame) -> pd.DataFrame:
    """Inhabitants per center area: the StädteRegion Aachen without the Stadt Aachen (own center).

    `population` is `geodata.load_population(...)` for one reference date; the result has
    `ags`, `population`, `reference_date` and a flag `derived` for the StädteRegion row.
    """
    pop = population.set_index("ags")["population"].astype(float).to_dict()
    out = population.copy()
    out["population"] = out["population"].astype(float)
    out["derived"] = False
    if STAEDTEREGION in pop and AACHEN_CITY in pop:
        mask = out["ags"] == STAEDTEREGION
        out.loc[mask, "population"] = pop[STAEDTEREGION] - pop[AACHEN_CITY]
        out.loc[mask, "derived"] = True
    return out


def per_inhabitant(district_totals: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """EUR per inhabitant for each district of `by_district` (population from `population_served`)."""
    pop = population.set_index("ags")["population"]
    out = district_totals.copy()
    out["population"] = out["ags"].map(pop)
    out["eur_per_inhabitant"] = out["total"] / out["population"]
    return out.sort_values(["eur_per_inhabitant", "kreis_name"], ascending=[False, True]).reset_index(drop=True)


TABLE_COLUMNS = ["basis", "kreis_name", "ags", "year", "program", "months", "amount_eur", "approximate",
                 "label", "source_ids"]


def funding_table(modelled: pd.DataFrame, sourced_rows: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """One long table: modelled rows and sourced rows side by side, `basis` says which.

    Sourced amounts are copied as they are, never replaced or merged with modelled ones.
    """
    m = modelled.assign(basis=MODELLED, label="", year=modelled["year"].astype(str))
    s = sourced_rows.assign(basis=SOURCED, months=pd.NA, source_ids=sourced_rows["source_id"],
                            label=sourced_rows["label_de" if lang == "de" else "label_en"])
    parts = [p[TABLE_COLUMNS] for p in (m, s) if not p.empty]
    if not parts:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["_sort_basis"] = (out["basis"] != MODELLED).astype(int)
    return out.sort_values(["_sort_basis", "kreis_name", "year", "program"]).drop(columns="_sort_basis") \
        .reset_index(drop=True)


def rate_sources(records: Records) -> list[dict]:
    """The sources behind the rates (one dict per source: source_id, title, publisher, url, …)."""
    ids = list(dict.fromkeys(records.funding_rates["source_id"]))
    return [records.source(i) | {"source_id": i} for i in ids]


def source_html(source: dict, lang: str = "de") -> str:
    """One source as escaped HTML: linked title (http(s) only), publisher, publication date."""
    from .details import source_link_html

    parts = [source_link_html(source.get("title", ""), source.get("url", ""), lang)]
    if source.get("publisher"):
        parts.append(html.escape(source["publisher"]))
    if source.get("published"):
        parts.append(html.escape(format_partial_date(source["published"], source["published_precision"], lang)))
    return ", ".join(parts)


def amount_line_html(row, records, lang: str = "de", district: str | None = None) -> str:
    """One sourced amount as an escaped HTML list item: amount, year, programme, what for, source."""
    from .charts import program_label

    head = f"<b>{html.escape(district)}</b>: " if district else ""
    amount = html.escape(format_eur(row["amount_eur"], lang))
    if not district:
        amount = f"<b>{amount}</b>"
    return (f"<li>{head}{amount}"
            f"{html.escape(t('rate_approx', lang)) if row['approximate'] else ''}"
            f" · {html.escape(row['year'] or t('no_year', lang))}"
            f" · {html.escape(program_label(row['program'], lang))}: "
            f"{html.escape(row['label_de'] if lang == 'de' else row['label_en'])}"
            f" – {source_html(records.source(row['source_id']), lang)}</li>")


def rates_html(records: Records, lang: str = "de") -> str:
    """Every rate with amount, validity and its source, as escaped HTML for a caption."""
    lines = []
    for r in rates(records):
        label = records.funding_rates.loc[records.funding_rates["rate_id"] == r.rate_id,
                                          "label_de" if lang == "de" else "label_en"].iloc[0]
        line = t("rate_line", lang, label=label, amount=format_eur(r.amount_eur_per_year, lang),
                 approx=t("rate_approx", lang) if r.approximate else "",
                 valid_from=format_day(r.valid_from, lang, "short"),
                 valid_to=t("rate_valid_to", lang, date=format_day(r.valid_to, lang, "short")) if r.valid_to else "")
        lines.append(f"{html.escape(line)} [{html.escape(r.source_id)}]")
    srcs = [f"[{html.escape(s['source_id'])}] {source_html(s, lang)}" for s in rate_sources(records)]
    return "; ".join(lines) + ". " + html.escape(t("caption_sources", lang)) + ": " + "; ".join(srcs)
