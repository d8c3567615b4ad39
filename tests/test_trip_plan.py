"""The trip as a plan: a shared link keeps its good parts, the dates are checked as a whole."""
from __future__ import annotations

from datetime import date, time

import pytest

from kirollout.render import trip_plan
from kirollout.render.trip_plan import Stop

TODAY = date(2026, 12, 4)
KNOWN = {"05358", "05370", "05366", "05314", "05382"}
NAMES = {"05358": "Düren", "05370": "Heinsberg", "05366": "Euskirchen", "05314": "Bonn", "05382": "Rhein-Sieg-Kreis"}


def test_a_link_with_one_bad_part_keeps_the_rest_and_names_the_bad_part():
    stops, problems = trip_plan.read_link("05358,99999,05370", KNOWN, "2026-12-10,,2026-12-11", "09:30,,25:00", TODAY)
    assert stops == [Stop("05358", date(2026, 12, 10), time(9, 30)), Stop("05370", date(2026, 12, 11))]
    assert [(p.field, p.params["value"]) for p in problems] == [("ags", "99999"), ("times", "25:00")]
    assert "„99999“" in problems[0].text("de")


@pytest.mark.parametrize("dates,named", [("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"),
                                         ("2011-12-31", "2011-12-31"), ("31.02.2026", "31.02.2026")])
def test_a_date_outside_2012_to_two_years_ahead_is_dropped_under_dates(dates, named):
    stops, problems = trip_plan.read_link("05358", KNOWN, dates, None, TODAY)
    assert stops == [Stop("05358")]
    assert [p.field for p in problems] == ["dates"] and named in problems[0].text("de")


def test_the_last_day_two_years_ahead_is_allowed():
    assert trip_plan.parse_trip("05358", KNOWN, "2028-12-04", today=TODAY) == [Stop("05358", date(2028, 12, 4))]
    with pytest.raises(trip_plan.TripError) as exc:
        trip_plan.parse_trip("05358", KNOWN, "2028-12-05", today=TODAY)
    assert exc.value.field == "dates"


def test_stops_out_of_order_are_an_error_naming_both_stops():
    stops = [Stop("05358", date(2026, 12, 11)), Stop("05370"), Stop("05366", date(2026, 12, 10))]
    issues = trip_plan.check_dates(stops, NAMES, TODAY)
    assert [(i.level, i.field) for i in issues] == [("error", "dates")]
    text = issues[0].text("de")
    assert "Station 3 (Euskirchen)" in text and "Station 1 (Düren)" in text


def test_times_out_of_order_on_one_day_are_an_error_under_times():
    day = date(2026, 12, 10)
    issues = trip_plan.check_dates([Stop("05358", day, time(13, 0)), Stop("05370", day, time(9, 30))], NAMES, TODAY)
    assert [(i.level, i.field) for i in issues] == [("error", "times")]
    assert trip_plan.check_dates([Stop("05358", day, time(9, 30)), Stop("05370", day, time(13, 0))], NAMES, TODAY) == []


def test_a_date_in_the_past_is_a_warning_for_a_retrospective_pack():
    stops = [Stop("05358", date(2025, 3, 10)), Stop("05370", date(2026, 12, 10))]
    issues = trip_plan.check_dates(stops, NAMES, TODAY)
    assert [(i.level, i.field) for i in issues] == [("warning", "dates")]
    assert "1 (Düren)" in issues[0].text("de") and "Heinsberg" not in issues[0].text("de")
    assert trip_plan.is_retrospective(stops, TODAY)


def test_german_plural():
    assert trip_plan.stations(1) == "1 Station" and trip_plan.stations(2) == "2 Stationen"
    assert trip_plan.stations(1, "en") == "1 stop"


def test_link_params_round_trip():
    stops = [Stop("05358", date(2026, 12, 10), time(9, 30)), Stop("05370"), Stop("05366", None, time(14, 0))]
    qp = trip_plan.link_params(stops)
    assert qp == {"ags": "05358,05370,05366", "dates": "2026-12-10,,", "times": "09:30,,14:00"}
    assert trip_plan.read_link(qp["ags"], KNOWN, qp["dates"], qp["times"], TODAY) == (stops, [])
