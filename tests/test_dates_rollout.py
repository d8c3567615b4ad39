from datetime import date

import pytest

from kirollout.model.dates import DateError, parse_period
from kirollout.model.rollout import Opening, counts_at, documented_precision_counts, openings, rank_range, state_at


def _op(text=None, precision=None, open_by=None):
    p = parse_period(text, precision) if text else None
    return Opening("ki-x", p, "ev" if p else None, "src" if p else None, open_by, "src" if open_by else None, ())


@pytest.mark.parametrize("at,expected", [
    (date(2012, 12, 31), "not_yet"),
    (date(2013, 1, 1), "uncertain"),
    (date(2013, 6, 1), "uncertain"),
    (date(2013, 12, 31), "open"),
    (date(2014, 1, 1), "open"),
])
def test_year_precision(at, expected):
    assert state_at(_op("2013", "year"), at) == expected


def test_month_and_day_precision():
    m = _op("2013-10", "month")
    assert state_at(m, date(2013, 9, 30)) == "not_yet"
    assert state_at(m, date(2013, 10, 15)) == "uncertain"
    assert state_at(m, date(2013, 10, 31)) == "open"
    d = _op("2013-08-01", "day")
    assert state_at(d, date(2013, 7, 31)) == "not_yet"
    assert state_at(d, date(2013, 8, 1)) == "open"


def test_open_by_without_opening_and_undocumented():
    ob = _op(open_by=date(2013, 2, 22))
    assert state_at(ob, date(2013, 2, 21)) == "undocumented"
    assert state_at(ob, date(2013, 2, 22)) == "open"
    assert state_at(_op(), date(2020, 1, 1)) == "undocumented"


def test_open_by_caps_an_uncertain_period():
    op = _op("2013", "year", open_by=date(2013, 3, 1))
    assert state_at(op, date(2013, 2, 1)) == "uncertain"
    assert state_at(op, date(2013, 3, 1)) == "open"


@pytest.mark.parametrize("text,precision", [
    ("2013-02-30", "day"), ("2013", "day"), ("2013-13", "month"), ("13.02.2013", "day"), ("", "year"),
    ("2013-02-01", "week"),
])
def test_bad_dates_rejected(text, precision):
    with pytest.raises(DateError):
        parse_period(text, precision)


def test_counts_on_real_records(records):
    ops = openings(records)
    assert len(ops) == 54
    c = counts_at(ops, date(2011, 12, 31))
    assert c.open == 0 and c.total == 54
    # Kleve (2018-09-06) is the last documented opening: one day before it is not yet open
    assert state_at(ops["ki-05154"], date(2018, 9, 5)) == "not_yet"
    assert state_at(ops["ki-05154"], date(2018, 9, 6)) == "open"
    late = counts_at(ops, date(2019, 1, 1))
    prec = documented_precision_counts(ops)
    assert late.uncertain == 0 and late.open >= 54 - prec["none"]


def test_rank_of_exact_dates(records):
    ops = openings(records)
    # Kleve opened last of all documented centers
    n = sum(1 for o in ops.values() if o.period)
    assert rank_range(ops, "ki-05154") == (n, n)
    assert rank_range(ops, "ki-05111") is None or ops["ki-05111"].period is not None


def test_working_without_documented_opening_has_its_own_colour():
    from kirollout.render import palette

    assert palette.style_for("open", None)["fillColor"] == palette.OPEN_UNDATED
    assert palette.OPEN_UNDATED not in palette.YEAR_COLORS.values()


def test_own_address_echo_is_not_an_outside_change():
    from kirollout.render import share

    written: list[dict] = []
    for d in ("2012-06-01", "2012-06-25", "2012-07-01", "2012-08-01"):
        written = share.remember(written, {"date": d})
    assert len(written) == share.WRITTEN_KEEP and written[-1] == {"date": "2012-08-01"}
    assert not share.outside_change({"date": "2012-07-01"}, written)   # a late echo
    assert share.outside_change({"date": "2012-06-01"}, written)       # too old: a link back
    assert share.outside_change({"date": "2018-09-06"}, written)
    assert not share.outside_change({}, written)                       # empty keeps the view
