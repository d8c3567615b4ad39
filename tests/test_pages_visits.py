"""Besuchshistorie to plan with (issue 22): a real date column, a map, links, the cut-off in the
address, German downloads and the research cut-off in the wording."""
from __future__ import annotations

import io
from datetime import date

import pandas as pd
from PIL import Image

from kirollout import app
from kirollout.model.records import load_records
from kirollout.render import palette
from kirollout.render.visits import visit_summaries
from tests.apptest_helpers import run_page


def _result(at) -> str:
    return next(m.value for m in at.markdown if "ki-visits-result" in m.value)


def test_the_last_visit_has_a_real_date_column_that_sorts_by_date():
    at = run_page("pages/besuche.py")
    table = at.dataframe[0].value
    days = table["Letzter Besuch (Datum, sortierbar)"]
    dated = days.dropna()
    assert all(isinstance(d, date) for d in dated) and len(dated) >= 10
    latest = table.loc[pd.to_datetime(days).idxmax()]
    # the sort a user gets by clicking the column: the newest visit by date, not by text
    assert latest["Letzter Besuch (Datum, sortierbar)"] == max(dated)
    heinsberg = table[table["Kreis / Stadt"] == "Heinsberg"].iloc[0]
    assert heinsberg["Letzter Besuch (Datum, sortierbar)"] == date(2017, 8, 9)
    assert heinsberg["Kreisprofil"] == "kreisprofil?ags=05370"
    assert heinsberg["Besuchsreise"] == "besuchsreise?ags=05370"
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels[:2] == ["Tabelle als CSV", "Tabelle als Excel"]


def test_the_cut_off_lives_in_the_address_and_the_wording_says_how_far_research_reached():
    at = run_page("pages/besuche.py", {"since": "2022-01-01"})
    assert at.date_input(key="visits_since").value == date(2022, 1, 1)
    text = _result(at)
    assert "ohne belegten Besuch seit 01.01.2022 (Recherche bis " in text
    stand = app.bundle("de").edition.datenstand  # a centre without a research-log entry: the Datenstand
    until = min(f.researched_until("visits") or stand for f in app.facts().values()).strftime("%d.%m.%Y")
    assert f"Recherche bis {until})" in text
    assert any("nicht, dass keiner stattfand" in c.value for c in at.caption)
    at.date_input(key="visits_since").set_value(date(2018, 1, 1)).run()
    assert at.query_params["since"] == "2018-01-01"


def test_a_bad_cut_off_in_the_link_is_named_and_the_default_shown():
    at = run_page("pages/besuche.py", {"since": "0001-01-01"})
    assert any("(since)" in w.value for w in at.warning)
    assert at.date_input(key="visits_since").value == date(2017, 1, 1)


def test_visit_map_colours_each_district_by_its_last_visit_year():
    records = load_records()
    png = app.visit_map("de")
    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {"#%02x%02x%02x" % c for _, c in img.getcolors(maxcolors=1 << 20)}
    years = {palette.visit_year_class(s.last_period.start.year) for s in visit_summaries(records) if s.last_period}
    for y in years:
        assert palette.VISIT_YEAR_COLORS[y] in colours, y
