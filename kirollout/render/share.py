"""Shareable view state (URL query parameters): parse defensively, never raise.

A bad or hostile parameter falls back to the default and yields a short notice naming it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .i18n import LANGS

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AGS_RE = re.compile(r"^05\d{3}(\d{3})?$")
MAX_PARAM_LEN = 64


@dataclass
class View:
    date: date | None = None
    ags: str | None = None
    lang: str = "de"
    present: bool = False
    table: bool = False
    notices: list[str] = field(default_factory=list)


def _first(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value or "")


def parse_view(params: dict, *, known_ags: set[str], first: date, last: date) -> View:
    """Read date, ags, lang, present and table from query params; collect notices for bad values."""
    v = View()
    lang = _first(params.get("lang", "de"))[:MAX_PARAM_LEN]
    if lang in LANGS:
        v.lang = lang
    elif lang:
        v.notices.append("lang")
    raw = _first(params.get("date", ""))[:MAX_PARAM_LEN]
    if raw:
        try:
            if not _DATE_RE.match(raw):
                raise ValueError
            d = date.fromisoformat(raw)
            if not first <= d <= last:
                raise ValueError
            v.date = d
        except ValueError:
            v.notices.append("date")
    ags = _first(params.get("ags", ""))[:MAX_PARAM_LEN]
    if ags:
        if _AGS_RE.match(ags) and ags in known_ags:
            v.ags = ags
        else:
            v.notices.append("ags")
    v.present = _flag(params, "present", v.notices)
    v.table = _flag(params, "table", v.notices)
    return v


def parse_day_param(raw: str, first: date, last: date) -> date:
    """A YYYY-MM-DD parameter within [first, last]; ValueError otherwise (the caller names it)."""
    raw = str(raw)[:MAX_PARAM_LEN]
    if not _DATE_RE.match(raw):
        raise ValueError(raw)
    d = date.fromisoformat(raw)
    if not first <= d <= last:
        raise ValueError(raw)
    return d


def _flag(params: dict, name: str, notices: list[str]) -> bool:
    """An on/off parameter: 1/true on, absent/0/false off, anything else a notice."""
    raw = _first(params.get(name, ""))[:MAX_PARAM_LEN]
    if raw not in ("", "0", "false", "1", "true"):
        notices.append(name)
    return raw in ("1", "true")


def unknown_params(params, allowed: set[str]) -> list[str]:
    """The address's parameters a page does not know: named in a notice, never silently ignored."""
    return sorted(str(k) for k in params if k not in allowed)


def nearest_index(stops: list[date], d: date) -> int:
    """Index of the last stop on or before `d` (the slider shows stops only)."""
    idx = 0
    for i, s in enumerate(stops):
        if s <= d:
            idx = i
        else:
            break
    return idx


WRITTEN_KEEP = 3  # an echo is at most a run or two old; a link back to an older view still counts


def outside_change(url: dict, written: list[dict]) -> bool:
    """Was the address changed from outside the page (a link, an edited address bar)?

    The page writes its state into the URL after each run, but a rerun the browser asks for in
    the meantime may still carry one of the page's earlier addresses: any address the page wrote
    recently is its own echo, not a new link. An empty address keeps the session's view."""
    return bool(url) and url not in written


def remember(written: list[dict], qp: dict, keep: int = WRITTEN_KEEP) -> list[dict]:
    """The addresses the page wrote, newest last, at most `keep`."""
    return ([w for w in written if w != qp] + [qp])[-keep:]
