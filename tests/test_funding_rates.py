"""Rates over time and by district kind, the statewide model sum and its comparison with sources."""
from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from kirollout.model import funding
from kirollout.model.rollout import openings
from tests.test_funding_charts import BASE_RATES, _ops, _with_rates

KREIS, STADT = "ki-05554", "ki-05122"  # Kreis Borken, Solingen (kreisfreie Stadt)


def _ids(rs):
    return sorted(r.rate_id for r in rs)


def _all_open(records, day="2012-07-01"):
    """Every center documented as opening on `day` (synthetic, for statewide sums)."""
    out = {}
    for cid in records.centers["center_id"]:
        out.update(_ops(day, "day", cid=cid))
    return out


def _kinds(records):
    g = records.centers["kind"].map(funding.KIND_GROUP)
    return int((g == "Kreis").sum()), int((g == "kreisfreie Stadt").sum())


def test_rates_are_chosen_by_date_and_district_kind(records):
    rl = funding.rates(records)
    assert _ids(funding.rates_on(rl, date(2016, 12, 31), "Kreis")) == ["rate-mais-staff", "rate-msw-teachers"]
    assert _ids(funding.rates_on(rl, date(2017, 1, 1), "Kreis")) == [
        "rate-2017-posts-kreis", "rate-mais-staff", "rate-msw-teachers"]
    assert _ids(funding.rates_on(rl, date(2017, 1, 1), "kreisfreie Stadt")) == [
        "rate-2017-posts-stadt", "rate-mais-staff", "rate-msw-teachers"]
    # the Aachen special cases follow the Kreis / kreisfreie Stadt rule
    assert _ids(funding.rates_on(rl, date(2018, 1, 1), "StädteRegion")) == _ids(
        funding.rates_on(rl, date(2018, 1, 1), "Kreis"))
    assert _ids(funding.rates_on(rl, date(2018, 1, 1), "Stadt in der StädteRegion")) == _ids(
        funding.rates_on(rl, date(2018, 1, 1), "kreisfreie Stadt"))
    # no kind given: only the rates for every kind
    assert _ids(funding.rates_on(rl, date(2018, 1, 1), None)) == ["rate-mais-staff", "rate-msw-teachers"]
    assert funding.rates_on(rl, date(2012, 6, 24), "Kreis") == []
    # the post rule: 3.5 + 3 posts for a Kreis, 3.5 + 2 for a city, each extra post up to 50,000
    per = {r.rate_id: r.per_center for r in rl}
    assert per["rate-2017-posts-kreis"] == 150000 and per["rate-2017-posts-stadt"] == 100000
    assert per["rate-current-fachkraft-kreis"] == 6 * 57000 and per["rate-current-fachkraft-stadt"] == 5 * 57000
    # a per-post rate without a fixed number of posts is recorded but never modelled
    assert {r.rate_id for r in funding.not_modelled_rates(rl)} == {"rate-komm-an-posts", "rate-kim-coordination"}
    assert not any(r.program in ("komm_an", "kim") for r in funding.rates_on(rl, date(2026, 12, 2), "Kreis"))


def test_kind_rates_only_clash_with_the_same_kind_or_every_kind(records):
    kreis = {**BASE_RATES[0], "row": 4, "rate_id": "k", "basis": "post", "applies_to": "Kreis", "posts": 3.0,
             "amount_eur_per_year": 50000.0}
    stadt = {**kreis, "row": 5, "rate_id": "s", "applies_to": "kreisfreie Stadt", "posts": 2.0}
    assert len(funding.rates(_with_rates(records, BASE_RATES + [kreis, stadt]))) == 4
    with pytest.raises(ValueError, match="überschneiden"):
        funding.rates(_with_rates(records, BASE_RATES + [kreis, {**kreis, "row": 6, "rate_id": "k2"}]))
    with pytest.raises(ValueError, match="überschneiden"):
        funding.rates(_with_rates(records,
                                  BASE_RATES + [kreis, {**kreis, "row": 6, "rate_id": "all", "applies_to": ""}]))


def test_model_counts_the_post_rule_per_district_kind(records):
    m = funding.model_series(records, {**_ops("2012-07-01", "day", cid=KREIS), **_ops("2012-07-01", "day", cid=STADT)},
                             2018)
    staff = m[m["program"] == "integration_staff"].set_index(["center_id", "year"])["amount_eur"]
    assert staff[(KREIS, 2016)] == staff[(STADT, 2016)] == 170000
    assert staff[(KREIS, 2017)] == 170000 + 150000 and staff[(STADT, 2017)] == 170000 + 100000


def test_statewide_model_sum_per_year(records):
    n_kreis, n_stadt = _kinds(records)
    assert (n_kreis, n_stadt) == (31, 23)
    py = funding.per_year(funding.model_series(records, _all_open(records), 2018)).set_index("year")
    assert py.loc[2012, "total"] == pytest.approx(54 * 270000 / 2, abs=0.1)   # July–December
    assert py.loc[2013, "total"] == pytest.approx(54 * 270000, abs=0.1)
    assert py.loc[2017, "integration_staff"] == pytest.approx(54 * 170000 + n_kreis * 150000 + n_stadt * 100000,
                                                              abs=0.1)
    assert py.loc[2017, "centers"] == 54
    # the real records: only centres with a documented opening, never more than all 54 a year
    real = funding.per_year(funding.model_series(records, openings(records), 2018)).set_index("year")
    assert (real["total"] <= py["total"].reindex(real.index) + 0.1).all()


def test_comparison_sets_the_model_beside_every_statewide_figure(records):
    ops = openings(records)
    comp = funding.statewide_comparison(records, ops, 2025).set_index("funding_id")
    assert set(comp.index) == set(funding.statewide(records)["funding_id"])
    first = comp.loc["fund-003"]  # 9.83 million for the staff of the centres, no year
    assert first["basis"] == funding.BASIS_FULL and first["basis_date"] == date(2012, 6, 25)
    assert first["model_eur"] == 54 * 170000 and first["diff_eur"] == 54 * 170000 - 9830000
    assert first["ratio"] == pytest.approx(9180000 / 9830000)
    for fid in ("fund-004", "fund-807", "fund-808", "fund-809"):   # KOMM-AN, KIM: no rate to model
        assert comp.loc[fid, "basis"] == funding.BASIS_NONE and pd.isna(comp.loc[fid, "model_eur"])
    # a statewide figure with a year stands beside the model's sum for that year
    extra = pd.DataFrame([{"row": 99, "funding_id": "fund-test", "center_id": "", "year": "2017",
                           "program": "integration_staff", "amount_eur": 10000000.0, "approximate": False,
                           "label_de": "x", "label_en": "x", "source_id": "src-005"}])
    rec = dataclasses.replace(records, funding=pd.concat([records.funding, extra], ignore_index=True))
    row = funding.statewide_comparison(rec, ops, 2025).set_index("funding_id").loc["fund-test"]
    m = funding.model_series(records, ops, 2017)
    y17 = m[(m["year"] == 2017) & (m["program"] == "integration_staff")]
    assert row["basis"] == funding.BASIS_YEAR and row["model_eur"] == pytest.approx(y17["amount_eur"].sum())
    assert (row["model_centers"] == y17["center_id"].nunique()
            and row["diff_eur"] == pytest.approx(row["model_eur"] - 1e7))


def test_solingen_first_month_grant_is_a_twelfth_of_the_annual_rate(records):
    """The Solingen notice (fund-800) covers one December; fund-801 is the annual rate after it.
    The year is not in the source, so any December under the 2012 rate is tried."""
    f = records.funding.set_index("funding_id")
    assert f.loc["fund-800", "center_id"] == f.loc["fund-801", "center_id"] == STADT
    for year in (2012, 2013, 2014, 2015):
        m = funding.model_series(records, _ops(f"{year}-12-01", "day", cid=STADT), year + 1)
        staff = m[m["program"] == "integration_staff"].set_index("year")
        assert staff.loc[year, "months"] == 1
        assert staff.loc[year, "amount_eur"] == pytest.approx(f.loc["fund-800", "amount_eur"], abs=0.5)
        assert staff.loc[year + 1, "amount_eur"] == f.loc["fund-801", "amount_eur"]
    # Hagen's sourced annual share equals the modelled rate of a full year before 2017
    hagen = funding.model_series(records, _ops("2013-01-01", "day", cid="ki-05914"), 2014)
    assert hagen[(hagen["year"] == 2014) & (hagen["program"] == "integration_staff")]["amount_eur"].iloc[0] == \
        f.loc["fund-802", "amount_eur"]
