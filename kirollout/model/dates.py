"""Dates that keep their precision: a source saying "2013" is a period, not 1 January 2013."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year")
_FORMS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


class DateError(ValueError):
    """A date text that is malformed, impossible or does not match its precision."""


@dataclass(frozen=True)
class Period:
    """The span a partial date stands for: a day, a month or a year (inclusive)."""

    text: str
    precision: str
    start: date
    end: date

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


def precision_of(text: str) -> str | None:
    """The precision implied by the form of `text`, or None if the form is unknown."""
    for precision, pattern in _FORMS.items():
        if pattern.match(text):
            return precision
    return None


def parse_period(text: str, precision: str) -> Period:
    """Parse `text` as a period of the stated precision; raise DateError with a German reason."""
    text = (text or "").strip()
    precision = (precision or "").strip()
    if precision not in PRECISIONS:
        raise DateError(f"Genauigkeit „{precision}“ ist nicht day, month oder year")
    form = precision_of(text)
    if form is None:
        raise DateError(f"„{text}“ ist kein Datum der Form JJJJ, JJJJ-MM oder JJJJ-MM-TT")
    if form != precision:
        raise DateError(f"„{text}“ passt nicht zur Genauigkeit „{precision}“ (Form: {form})")
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if not 1900 <= year <= 2100:
        raise DateError(f"Jahr {year} liegt außerhalb von 1900–2100")
    try:
        if precision == "year":
            return Period(text, precision, date(year, 1, 1), date(year, 12, 31))
        if precision == "month":
            last = calendar.monthrange(year, parts[1])[1] if 1 <= parts[1] <= 12 else 0
            return Period(text, precision, date(year, parts[1], 1), date(year, parts[1], last))
        d = date(year, parts[1], parts[2])
        return Period(text, precision, d, d)
    except ValueError as exc:
        raise DateError(f"„{text}“ ist kein gültiges Kalenderdatum") from exc
