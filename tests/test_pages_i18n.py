"""Every page in English shows no German UI string, and in German no English one.

The forbidden strings are the translation table's values (T[k]["de"] on English pages and
T[k]["en"] on German pages) for keys whose two values differ, at least 6 characters long and
not contained in the other language's value. Place names, centre names, source titles and
publishers and the boundary credit stay German by design and are removed before the check.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from kirollout.model import geodata
from kirollout.render.i18n import T

ROOT = Path(__file__).resolve().parent.parent
PAGES = re.findall(r'st\.Page\(\s*"(pages/[^"]+\.py)"', (ROOT / "dashboard.py").read_text(encoding="utf-8"))
# language-neutral strings (the same in both languages, e.g. "Sprache / Language") are not a leak
NEUTRAL = sorted({v["de"] for v in T.values() if v["de"] and v["de"] == v.get("en")}, key=len, reverse=True)
VIEWS = [{}, {"ags": "05358", "date": "2016-03-01"}, {"present": "1"}]


def forbidden(lang: str) -> dict[str, str]:
    other = "de" if lang == "en" else "en"
    out = {}
    for k, v in T.items():
        a, b = v.get(other, ""), v.get(lang, "")
        if a != b and len(a) >= 6 and a not in b:
            out[k] = a
    return out


def _strings(obj) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def rendered_text(at: AppTest) -> str:
    """Every string in every element (labels, help, options, markdown, captions) and the tables."""
    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and not isinstance(proto, (str, bytes)):
            try:
                parts.extend(s for s in _strings(MessageToDict(proto)) if len(s) < 200_000)
            except Exception:  # noqa: BLE001 — some nodes have no message proto
                pass
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for df in at.dataframe:
        v = df.value
        parts.extend(map(str, v.columns))
        parts.extend(str(x) for x in v.astype(str).to_numpy().ravel())
    return "\n".join(parts)


@pytest.fixture(scope="module")
def data_strings(records):
    """Text that stays German in both languages: places, centres, sources, the boundary credit."""
    vals = set(records.centers["name"]) | set(records.centers["kreis_name"])
    vals |= set(records.sources["title"]) | set(records.sources["publisher"])
    # the records' own text (both label columns, persons, offices, notes) is data, not UI
    for df, cols in ((records.events, ("label_de", "label_en", "person", "research_note")),
                     (records.centers, ("host_office", "address", "opening_choice_note")),
                     (records.funding, ("label_de", "label_en")), (records.funding_rates, ("label_de", "label_en")),
                     (records.sources, ("note", "url")), (records.contacts, ("value", "research_note")),
                     (records.research_log, ("where_searched",))):
        for c in cols:
            vals |= set(df[c].astype(str))
    # schema values of `kind` shown in the raw tables (not the bare word "Kreis", which UI strings contain)
    vals |= {k for k in records.centers["kind"] if len(k) >= 10}
    # schema keys of `count_kind` ("working_or_starting") in the raw events table
    vals |= {k for k in records.events["count_kind"] if "_" in k}
    vals.add(geodata.load_meta()["boundaries"]["attribution"])
    vals = {v for v in vals if v}
    # the map embeds record text in JSON (tooltips), once or twice escaped: "ä" shows as \u00e4
    once = {json.dumps(v)[1:-1] for v in vals}
    twice = {json.dumps(v)[1:-1] for v in once}
    return sorted(vals | {html.escape(v) for v in vals} | once | twice, key=len, reverse=True)


def render(page: str, lang: str, view: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for k, v in {**view, "lang": lang}.items():
        at.query_params[k] = v
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("page", PAGES)
def test_no_string_of_the_other_language(page, lang, data_strings):
    views = VIEWS if page == "pages/karte.py" else [{}]
    bad = forbidden(lang)
    for view in views:
        text = rendered_text(render(page, lang, view))
        assert len(text) > 500, "page rendered almost nothing"
        for s in data_strings + NEUTRAL + ["Source Sans Pro"]:  # the theme font's name
            text = text.replace(s, " ")
        text = re.sub(r"class=['\"][^'\"]*['\"]", " ", text)  # CSS class names are not shown
        left = {k: v for k, v in bad.items() if v in text}
        assert not left, f"{page} {view} lang={lang}: {left}"


def test_the_check_can_fail():
    """The English page does contain the English strings, and a German one would be found."""
    at = render(PAGES[0], "en", {})
    text = rendered_text(at)
    assert T["map_heading"]["en"] in text and T["play"]["en"] in text
    assert "map_heading" in forbidden("de") and T["map_heading"]["en"] in forbidden("de").values()
