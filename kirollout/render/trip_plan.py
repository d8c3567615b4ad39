"""The trip as a plan: stops in order with an optional date and time each, read from a link or
the command line, and checked.

Two readers share one set of rules: `read_link` keeps every good part of a shared link and
reports each dropped part with the parameter it came from (ags, dates, times); `parse_trip`
(command line, tests) refuses the whole request on the first problem. `check_dates` looks at
the plan as a whole: stops out of order are an error, a date before today a warning (a
retrospective pack is allowed and says so on its cover).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from .i18n import t

MAX_STOPS = 12
FIRST_YEAR = 2012  # the first centres opened in 2012; earlier dates are typing errors
AHEAD_YEARS = 2  # a trip is planned at most two years ahead


class TripError(ValueError):
    """A bad trip request; `field` names the parameter (ags, dates, times), `text(lang)` the value."""

    def __init__(self, key: str, field: str = "ags", **params):
        params = {k: (v if len(str(v)) <= 40 else str(v)[:39] + "…") for k, v in params.items()}
        self.key, self.field, self.params = key, field, params
        super().__init__(t(key, "de", **params))

    def text(self, lang: str = "de") -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Stop:
    ags: str
    day: date | None = None
    time: time | None = None


@dataclass(frozen=True)
class Issue:
    """One finding about a plan: `level` error (no file) or warning; `field` the parameter."""

    level: str
    field: str
    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "de") -> str:
        return t(self.key, lang, **dict(self.params))


def _issue(level: str, field: str, key: str, **params) -> Issue:
    return Issue(level, field, key, tuple(params.items()))


def _split(value: str | list[str] | None, sep: str = r"[,;\s]+") -> list[str]:
    if value is None:
        return []
    parts = value if isinstance(value, (list, tuple)) else re.split(sep, str(value).strip())
    return [p.strip() for p in parts]


def date_range(today: date) -> tuple[date, date]:
    """The dates a stop may carry: from 2012 (the first centres) to two years ahead."""
    try:
        last = today.replace(year=today.year + AHEAD_YEARS)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + AHEAD_YEARS, day=28)
    return date(FIRST_YEAR, 1, 1), last


def parse_day(text: str, today: date) -> date:
    """A stop's date from "2025-03-10" or "10.03.2025"; TripError (field dates) otherwise."""
    day = None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = datetime.strptime(text, fmt).date()
            break
        except ValueError:
            pass
    if day is None:
        raise TripError("trip_bad_date", "dates", value=text)
    first, last = date_range(today)
    if not first <= day <= last:
        raise TripError("trip_date_range", "dates", value=text, first=first.strftime("%d.%m.%Y"),
                        last=last.strftime("%d.%m.%Y"))
    return day


def parse_time(text: str) -> time:
    """A stop's time from "09:30" or "9.30"; TripError (field times) otherwise."""
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise TripError("trip_bad_time", "times", value=text)
    return time(int(m[1]), int(m[2]))


def _aligned(value, n: int) -> list[str]:
    """Per-stop parts of dates/times ("2025-03-10,,2025-03-12"); an all-empty value is no parts."""
    return _split(value, r"[,;]") if value and str(value).strip(", ") else []


def read_link(ags, known_ags: set[str], dates=None, times=None, today: date | None = None
              ) -> tuple[list[Stop], list[TripError]]:
    """Stops from a shared link, keeping every good part: an unknown or repeated AGS, a stop
    beyond MAX_STOPS, a bad date or time is dropped and reported (with its parameter); the
    rest of the trip stays."""
    today = today or date.today()
    codes = _split(ags)
    day_parts, time_parts = _aligned(dates, len(codes)), _aligned(times, len(codes))
    problems: list[TripError] = []
    stops: list[Stop] = []
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if not code:
            continue
        if code not in known_ags:
            problems.append(TripError("trip_unknown", "ags", value=code))
            continue
        if code in seen:
            problems.append(TripError("trip_duplicate", "ags", value=code))
            continue
        if len(stops) >= MAX_STOPS:
            problems.append(TripError("trip_too_many", "ags", n=len([c for c in codes if c]), max=MAX_STOPS))
            break
        seen.add(code)
        day = when = None
        if i < len(day_parts) and day_parts[i]:
            try:
                day = parse_day(day_parts[i], today)
            except TripError as exc:
                problems.append(exc)
        if i < len(time_parts) and time_parts[i]:
            try:
                when = parse_time(time_parts[i])
            except TripError as exc:
                problems.append(exc)
        stops.append(Stop(code, day, when))
    for field, parts in (("dates", day_parts), ("times", time_parts)):
        if len(parts) > len(codes):
            problems.append(TripError(f"trip_{field[:-1]}_count", field, n=len(parts),
                                      stops=stations(len(codes))))
    return stops, problems


def parse_trip(ags, known_ags: set[str], dates=None, times=None, today: date | None = None) -> list[Stop]:
    """Stops in trip order from "05358,05370" (and "2025-03-10,,2025-03-12", "09:30,,14:00");
    TripError on an empty list, more than MAX_STOPS, an unknown or repeated AGS, a bad date
    or time, or more dates/times than stops (the command line refuses the whole request)."""
    codes = [a for a in _split(ags) if a]
    if not codes:
        raise TripError("trip_empty")
    if len(codes) > MAX_STOPS:
        raise TripError("trip_too_many", n=len(codes), max=MAX_STOPS)
    stops, problems = read_link(ags, known_ags, dates, times, today)
    if problems:
        raise problems[0]
    return stops


def stations(n: int, lang: str = "de") -> str:
    """"1 Station" / "3 Stationen"."""
    return t("trip_stations_one" if n == 1 else "trip_stations", lang, n=n)


def _stop_name(names: dict[str, str], i: int, s: Stop) -> str:
    return f"{i} ({names.get(s.ags, s.ags)})"


def check_dates(stops: list[Stop], names: dict[str, str], today: date | None = None) -> list[Issue]:
    """The plan as a whole: dated stops must follow trip order (day, then time on the same day),
    else an error naming both stops; a date out of range is an error; a date before today is a
    warning (a retrospective pack)."""
    today = today or date.today()
    first, last = date_range(today)
    out: list[Issue] = []
    prev: tuple[int, Stop] | None = None
    for i, s in enumerate(stops, 1):
        if s.day is None:
            continue
        if not first <= s.day <= last:
            out.append(_issue("error", "dates", "trip_date_range", value=s.day.strftime("%d.%m.%Y"),
                              first=first.strftime("%d.%m.%Y"), last=last.strftime("%d.%m.%Y")))
        if prev is not None:
            j, p = prev
            earlier = s.day < p.day or (s.day == p.day and s.time and p.time and s.time < p.time)
            if earlier:
                field = "dates" if s.day < p.day else "times"
                out.append(_issue("error", field, "trip_out_of_order", a=_stop_name(names, j, p),
                                  b=_stop_name(names, i, s)))
        prev = (i, s)
    past = [_stop_name(names, i, s) for i, s in enumerate(stops, 1) if s.day and s.day < today]
    if past:
        out.append(_issue("warning", "dates", "trip_past", stops=", ".join(past)))
    return out


def is_retrospective(stops: list[Stop], today: date) -> bool:
    """Any stop dated before today: the pack looks back (said on the cover)."""
    return any(s.day and s.day < today for s in stops)


def link_params(stops: list[Stop], lang: str = "de") -> dict[str, str]:
    """The share link's parameters: ags always, dates and times only where any is set."""
    qp = {"ags": ",".join(s.ags for s in stops)}
    if any(s.day for s in stops):
        qp["dates"] = ",".join(s.day.isoformat() if s.day else "" for s in stops)
    if any(s.time for s in stops):
        qp["times"] = ",".join(s.time.strftime("%H:%M") if s.time else "" for s in stops)
    if lang != "de":
        qp["lang"] = lang
    return qp
