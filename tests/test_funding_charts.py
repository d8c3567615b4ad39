"""The funding model (rates, prorating, rate changes, sourced vs modelled) and the chart data."""
from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from kirollout.model import funding
from kirollout.model.dates import parse_period
from kirollout.model.rollout import Opening, counts_at, openings
from kirollout.render import charts

CID = "ki-05112"  # Duisburg; any real center id works, the openings below are synthetic


def _ops(text=None, precision=None, open_by=None, cid=CID):
    p = parse_period(text, precision) if text else None
    return {cid: Opening(cid, p, "ev" if p else None, "src" if p else None, open_by, "src" if open_by else None, ())}


def _year(df: pd.DataFrame, year: int) -> pd.DataFrame:
    return df[df["year"] == year].set_index("program")


def _with_rates(records, rows: list[dict]):
    rates = pd.DataFrame(rows, columns=records.funding_rates.columns)
    return dataclasses.replace(records, funding_rates=rates)


RATE_DEFAULTS = {"basis": "center", "applies_to": "", "posts": None, "cap": False, "research_note": ""}
BASE_RATES = [
    {**RATE_DEFAULTS, "row": 2, "rate_id": "rate-mais-staff", "program": "integration_staff", "label_de": "P",
     "label_en": "P", "amount_eur_per_year": 170000.0, "approximate": False, "valid_from": "2012-01-01",
     "valid_to": "", "source_id": "src-005"},
    {**RATE_DEFAULTS, "row": 3, "rate_id": "rate-msw-teachers", "program": "school_teachers", "label_de": "L",
     "label_en": "L", "amount_eur_per_year": 100000.0, "approximate": True, "valid_from": "2012-01-01",
     "valid_to": "", "source_id": "src-005"},
]


def test_full_year_is_170000_plus_100000(records):
    m = funding.model_series(records, _ops("2012-01-01", "day"), 2014)
    y = _year(m, 2013)
    assert y.loc["integration_staff", "amount_eur"] == 170000
    assert y.loc["school_teachers", "amount_eur"] == 100000
    assert y["amount_eur"].sum() == 270000
    assert (y["months"] == 12).all()
    assert bool(y.loc["school_teachers", "approximate"]) and not bool(y.loc["integration_staff", "approximate"])


def test_opening_on_first_of_august_counts_five_months(records):
    m = funding.model_series(records, _ops("2013-08-01", "day"), 2014)
    y = _year(m, 2013)
    assert (y["months"] == 5).all()
    assert y.loc["integration_staff", "amount_eur"] == pytest.approx(170000 * 5 / 12, abs=0.01)
    assert y.loc["school_teachers", "amount_eur"] == pytest.approx(100000 * 5 / 12, abs=0.01)
    assert _year(m, 2014)["amount_eur"].sum() == 270000
    assert m["year"].min() == 2013


def test_mid_month_day_counts_from_next_full_month(records):
    y = _year(funding.model_series(records, _ops("2013-08-15", "day"), 2013), 2013)
    assert (y["months"] == 4).all()


@pytest.mark.parametrize("text,precision,months_2013", [
    ("2013-10", "month", 2),   # end of October → November and December
    ("2013", "year", 0),       # end of 2013 → nothing in 2013, full 2014
])
def test_month_and_year_precision_count_from_the_end_of_the_period(records, text, precision, months_2013):
    m = funding.model_series(records, _ops(text, precision), 2014)
    y13 = _year(m, 2013)
    assert (y13["months"].sum() / 2 if len(y13) else 0) == months_2013
    assert _year(m, 2014)["amount_eur"].sum() == 270000


def test_open_by_earlier_than_period_end_is_used(records):
    y = _year(funding.model_series(records, _ops("2013", "year", open_by=date(2013, 3, 1)), 2013), 2013)
    assert (y["months"] == 10).all()


def test_rate_change_takes_effect_from_its_date(records):
    rows = [dict(BASE_RATES[0], valid_to="2015-06-30"), BASE_RATES[1],
            dict(BASE_RATES[0], row=4, rate_id="rate-mais-staff-2015", amount_eur_per_year=180000.0,
                 valid_from="2015-07-01")]
    rec = _with_rates(records, rows)
    m = funding.model_series(rec, _ops("2012-01-01", "day"), 2016)
    assert _year(m, 2014).loc["integration_staff", "amount_eur"] == 170000
    y15 = _year(m, 2015).loc["integration_staff"]
    assert y15["amount_eur"] == pytest.approx(170000 / 2 + 180000 / 2, abs=0.01)
    assert set(y15["rate_ids"].split()) == {"rate-mais-staff", "rate-mais-staff-2015"}
    assert _year(m, 2016).loc["integration_staff", "amount_eur"] == 180000
    assert _year(m, 2015).loc["school_teachers", "amount_eur"] == 100000  # other program untouched


def test_rate_change_in_mid_month_is_weighted_by_days(records):
    rows = [dict(BASE_RATES[0], valid_to="2015-07-15"), BASE_RATES[1],
            dict(BASE_RATES[0], row=4, rate_id="new", amount_eur_per_year=182000.0, valid_from="2015-07-16")]
    m = funding.model_series(_with_rates(records, rows), _ops("2012-01-01", "day"), 2015)
    july = 170000 / 12 * 15 / 31 + 182000 / 12 * 16 / 31
    expected = 170000 / 12 * 6 + july + 182000 / 12 * 5
    assert _year(m, 2015).loc["integration_staff", "amount_eur"] == pytest.approx(expected, abs=0.01)


def test_overlapping_rates_are_rejected(records):
    rows = BASE_RATES + [dict(BASE_RATES[0], row=4, rate_id="dup", valid_from="2014-01-01")]
    with pytest.raises(ValueError, match="überschneiden"):
        funding.rates(_with_rates(records, rows))


def test_undocumented_centers_get_no_modelled_amount(records):
    ops = openings(records)
    m = funding.model_series(records, ops, 2020)
    missing = funding.not_modelled(records, ops)
    assert len(missing) > 0
    assert not set(missing["center_id"]) & set(m["center_id"])
    assert set(m["center_id"]) | set(missing["center_id"]) == set(records.centers["center_id"])
    # a documented "working by" date alone is not an opening: still no modelled amount
    assert funding.model_series(records, _ops(open_by=date(2013, 2, 22)), 2020).empty
    # Düsseldorf has no documented opening in the records
    assert "ki-05111" in set(missing["center_id"])


def test_sourced_amounts_are_never_overwritten(records):
    extra = pd.DataFrame([{"row": 99, "funding_id": "fund-test", "center_id": CID, "year": "2014",
                           "program": "integration_staff", "amount_eur": 123456.0, "approximate": False,
                           "label_de": "x", "label_en": "x", "source_id": "src-005"}])
    rec = dataclasses.replace(records, funding=pd.concat([records.funding, extra], ignore_index=True))
    m = funding.model_series(rec, _ops("2012-01-01", "day"), 2015)
    s = funding.sourced(rec)
    table = funding.funding_table(m, s)
    same = table[(table["ags"] == "05112") & (table["year"] == "2014") & (table["program"] == "integration_staff")]
    assert sorted(same["basis"]) == [funding.MODELLED, funding.SOURCED]
    assert same.set_index("basis").loc[funding.SOURCED, "amount_eur"] == 123456
    assert same.set_index("basis").loc[funding.MODELLED, "amount_eur"] == 170000
    # every sourced row of funding.csv comes through with its own amount and source
    real = funding.sourced(records)
    orig = records.funding[records.funding["center_id"] != ""].set_index("funding_id")
    for _, r in real.iterrows():
        assert r["amount_eur"] == orig.loc[r["funding_id"], "amount_eur"]
        assert r["source_id"] == orig.loc[r["funding_id"], "source_id"]


def test_statewide_totals_stay_statewide(records):
    sw = funding.statewide(records)
    assert set(sw["amount_eur"]) >= {9830000, 7050000}
    assert not set(sw["funding_id"]) & set(funding.sourced(records)["funding_id"])


def test_by_district_sorted_and_per_inhabitant(records):
    ops = openings(records)
    d = funding.by_district(funding.model_series(records, ops, 2020))
    assert list(d["total"]) == sorted(d["total"], reverse=True)
    pop = pd.DataFrame({"ags": ["05334", "05334002", "05112"], "population": [500, 200, 1000],
                        "reference_date": ["2022-05-15"] * 3})
    served = funding.population_served(pop).set_index("ags")
    assert served.loc["05334", "population"] == 300 and served.loc["05334", "derived"]
    assert served.loc["05334002", "population"] == 200
    ph = funding.per_inhabitant(d, funding.population_served(pop)).set_index("ags")
    assert ph.loc["05112", "eur_per_inhabitant"] == pytest.approx(d.set_index("ags").loc["05112", "total"] / 1000)


def test_count_series_band_and_milestones(records):
    ops = openings(records)
    s = charts.count_series(records, ops)
    assert (s["possible"] >= s["exist"]).all() and (s["exist"] >= s["open"]).all()
    assert list(s["exist"]) == sorted(s["exist"])  # never goes down
    d = date(2014, 4, 25)
    row = s[s["date"] == d].iloc[0]
    c = counts_at(ops, d)
    assert (row["exist"], row["open"], row["possible"]) == (c.exist, c.open, c.exist + c.uncertain)
    ms = charts.milestone_rows(records, ops)
    ms49 = ms[ms["event_id"] == "ev-0004"].iloc[0]
    assert ms49["count"] == 49 and ms49["ours_exist"] == c.exist


def test_district_rows_and_charts(records):
    ops = openings(records)
    rows = charts.district_rows(records, ops)
    assert len(rows.documented) + len(rows.undocumented) == 54
    assert list(rows.documented["start"]) == sorted(rows.documented["start"])
    fig = charts.district_chart(rows.documented, "de", selected_ags="05154")
    ags = {a[0] for tr in fig.data for a in tr.customdata}
    assert ags == set(rows.documented["ags"])
    hover = " ".join(h for tr in fig.data for h in tr.hovertext)
    assert "Kleve" in hover and "6. September 2018" in hover and "Kreis Kleve nimmt Arbeit auf" in hover
    d = funding.by_district(funding.model_series(records, ops, 2020))
    f = charts.funding_district_chart(d, ["integration_staff", "school_teachers"], "de")
    first = f.data[0]
    assert first.marker.color == "#0072B2"
    assert first.hovertext[0].startswith(f"<b>{d.iloc[0]['kreis_name']}</b>") and "€" in first.hovertext[0]
    assert f.layout.separators == ",."
