"""Funding per center: sourced amounts (funding.csv) and a series modelled from the rates.

Sourced and modelled figures never mix: the model produces its own rows and the sourced rows
are passed through unchanged, each with its source. Statewide totals (no center) stay statewide.

The model, per center and program: the rate valid on each day (funding_rates.csv) divided by
12 for every full calendar month the center was open. "Open" starts at the documented opening:
a day-precise date counts from that day (the month counts when the day is its 1st, otherwise
from the next month); for an opening known only to the month or year the END of that period is
used, which understates rather than overstates. A documented "working by" date (open_by) earlier
than that is used instead. A center without a documented opening gets no modelled amount.

Rates depend on the date (valid_from / valid_to) and on the kind of district: a rate with
`applies_to` "Kreis" or "kreisfreie Stadt" (the 5.5 / 6.5 post rule) counts only for that kind.
The StädteRegion Aachen counts as a Kreis and the Stadt Aachen as a kreisfreie Stadt (the model's
assumption, see KIND_GROUP). A per-post rate counts amount × posts; a per-post rate without a fixed
number of posts (KOMM-AN, KIM) is recorded but not modelled. Amounts the source gives as a maximum
("bis zu", `cap`) enter at that maximum, so the model is an upper bound for them.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from .geodata import AACHEN_CITY, STAEDTEREGION
from .records import Records
from .rollout import Opening

MODELLED = "modelled"
SOURCED = "sourced"
FIRST_YEAR = 2012


# centers.csv kind -> the kind the funding rules name (assumption for the Aachen special case)
KIND_GROUP = {"kreisfreie Stadt": "kreisfreie Stadt", "Kreis": "Kreis",
              "StädteRegion": "Kreis", "Stadt in der StädteRegion": "kreisfreie Stadt"}


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
    basis: str = "center"
    applies_to: str = ""
    posts: float | None = None
    cap: bool = False

    @property
    def modellable(self) -> bool:
        """False for a per-post rate whose number of posts is not fixed (not modelled)."""
        return self.basis == "center" or self.posts is not None

    @property
    def per_center(self) -> float:
        """EUR per center and year under this rate (amount × posts; NaN when posts are not fixed)."""
        if not self.modellable:
            return float("nan")
        return self.amount_eur_per_year * (self.posts if self.basis == "post" else 1)

    def applies(self, kind: str | None) -> bool:
        """Whether the rate counts for a center of this centers.csv kind (None = any kind only)."""
        return self.applies_to == "" or (kind is not None and KIND_GROUP.get(kind) == self.applies_to)

    def valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


def _opt(v) -> float | None:
    return None if v is None or v == "" or pd.isna(v) else float(v)


def rates(records: Records) -> list[Rate]:
    """The rates table as Rate objects; raises ValueError when two rates would count twice.

    Two rates of one program and basis overlap in time when they name the same kind or one of
    them applies to every kind.
    """
    out = [Rate(r["rate_id"], r["program"], float(r["amount_eur_per_year"]), bool(r["approximate"]),
                date.fromisoformat(r["valid_from"]),
                date.fromisoformat(r["valid_to"]) if r["valid_to"] else None, r["source_id"],
                r.get("basis") or "center", r.get("applies_to") or "", _opt(r.get("posts")), bool(r.get("cap", False)))
           for _, r in records.funding_rates.iterrows()]
    for i, a in enumerate(out):
        for b in out[i + 1:]:
            if (a.program, a.basis) != (b.program, b.basis):
                continue
            if a.applies_to and b.applies_to and a.applies_to != b.applies_to:
                continue
            if ((a.valid_to is None or a.valid_to >= b.valid_from)
                    and (b.valid_to is None or b.valid_to >= a.valid_from)):
                raise ValueError(f"funding_rates.csv: {a.rate_id} und {b.rate_id} ({a.program}) überschneiden sich")
    return out


def rates_on(rate_list: list[Rate], at: date, kind: str | None) -> list[Rate]:
    """The modellable rates valid on `at` for a center of `kind` (None: rates for every kind only)."""
    return [r for r in rate_list if r.modellable and r.valid_on(at) and r.applies(kind)]


def not_modelled_rates(rate_list: list[Rate]) -> list[Rate]:
    """Recorded rates the model cannot use (per post, number of posts not fixed)."""
    return [r for r in rate_list if not r.modellable]


def annual_statewide(records: Records, rate_list: list[Rate], at: date, program: str) -> float:
    """EUR per full year if every center received the rates of `program` valid on `at`."""
    kinds = records.centers["kind"]
    return float(sum(r.per_center for k in kinds for r in rates_on(rate_list, at, k) if r.program == program))


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
            total += r.per_center / 12 * covered / days
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
    centers = records.centers.set_index("center_id")
    rows = []
    for cid, op in ops.items():
        start = model_start(op)
        if start is None:
            continue
        programs: dict[str, list[Rate]] = {}
        for r in rate_list:
            if r.modellable and r.applies(centers.loc[cid, "kind"]):
                programs.setdefault(r.program, []).append(r)
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


COMPARISON_COLUMNS = ["funding_id", "year", "program", "sourced_eur", "approximate", "label_de", "label_en",
                      "source_id", "basis", "basis_date", "model_eur", "model_centers", "diff_eur", "ratio"]
BASIS_YEAR, BASIS_FULL, BASIS_NONE = "year", "full", "none"


def _basis_date(records: Records, row, prog_rates: list[Rate]) -> date:
    """Day whose rates stand beside an undated statewide figure: the source's publication
    (start of its period) if that lies in a rate's validity, else the program's first rate."""
    src = records.source(row["source_id"])
    if src.get("published"):
        from .dates import parse_period

        d = parse_period(src["published"], src["published_precision"]).start
        if any(r.valid_on(d) for r in prog_rates):
            return d
    return min(r.valid_from for r in prog_rates)


def statewide_comparison(records: Records, ops: dict[str, Opening], last_year: int,
                         rate_list: list[Rate] | None = None, modelled: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every sourced statewide figure beside the model's statewide sum for the same scope.

    With a year (up to `last_year`): the modelled sum of that program in that year (centers with a
    documented opening only). Without a year: one full year for all centers under the rates valid
    on the source's publication day (or the program's first rate). No modellable rate for the
    program: no model figure. diff = model − sourced, ratio = model ÷ sourced. All modelled.
    """
    rate_list = rates(records) if rate_list is None else rate_list
    modelled = model_series(records, ops, last_year, rate_list) if modelled is None else modelled
    rows = []
    for _, f in statewide(records).iterrows():
        prog_rates = [r for r in rate_list if r.program == f["program"] and r.modellable]
        basis, at, model, n = BASIS_NONE, None, float("nan"), 0
        if prog_rates and f["year"] and int(f["year"]) <= last_year:
            m = modelled[(modelled["program"] == f["program"]) & (modelled["year"] == int(f["year"]))]
            basis, model, n = BASIS_YEAR, float(m["amount_eur"].sum()), int(m["center_id"].nunique())
        elif prog_rates and not f["year"]:
            at = _basis_date(records, f, prog_rates)
            basis, model, n = BASIS_FULL, annual_statewide(records, rate_list, at, f["program"]), len(records.centers)
        sourced_eur = float(f["amount_eur"])
        rows.append({**{k: f[k] for k in ("funding_id", "year", "program", "approximate", "label_de", "label_en",
                                          "source_id")},
                     "sourced_eur": sourced_eur, "basis": basis, "basis_date": at, "model_eur": model,
                     "model_centers": n, "diff_eur": model - sourced_eur,
                     "ratio": model / sourced_eur if sourced_eur else float("nan")})
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)

def rate_sources(records: Records) -> list[dict]:
    """The sources behind the rates (one dict per source: source_id, title, publisher, url, …)."""
    ids = list(dict.fromkeys(records.funding_rates["source_id"]))
    return [records.source(i) | {"source_id": i} for i in ids]
