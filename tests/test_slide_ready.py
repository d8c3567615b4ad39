"""Chart downloads stand alone on a slide: title, Datenstand and credit inside the image, and a
file name that says what and when (not plotly's "newplot.png")."""
from __future__ import annotations

from datetime import date

from kirollout.model import geodata
from kirollout.model.edition import edition_of
from kirollout.model.rollout import openings
from kirollout.render import charts


def test_chart_carries_title_datenstand_credit_and_a_meaningful_file_name(records):
    ops = openings(records)
    ed = edition_of(records, geodata.load_meta())
    series = charts.count_series(records, ops)
    for lang, word in (("de", "Datenstand"), ("en", "Data as of")):
        fig = charts.rollout_chart(series, charts.milestone_rows(records, ops, lang), lang)
        config = charts.slide_ready(fig, "Zeitleiste", ed, lang, "zeitleiste", date(2018, 9, 6))
        assert config["toImageButtonOptions"]["filename"] == "ki-rollout-zeitleiste_2018-09-06"
        assert fig.layout.title.text == "Zeitleiste"
        notes = " ".join(a.text for a in fig.layout.annotations)
        assert word in notes and ed.version in notes and "Geobasis NRW" in notes
