"""Map exports (PNG, offline HTML), the map's table, presentation sequence, legend patterns."""
from __future__ import annotations

import io
import re
from datetime import date

import numpy as np
import pytest
from matplotlib import image as mpimg

from kirollout.model import geodata
from kirollout.model.edition import edition_of
from kirollout.model.rollout import counts_at, openings, state_at, timeline_dates
from kirollout.render import map_exports, maps, palette, playback
from kirollout.render.map_exports import export_filename, html_payload, linestyle_for, render_html, render_png
from views.present import PRESENT_CSS


@pytest.fixture(scope="module")
def setup(records, districts):
    ops = openings(records)
    gj = maps.features_geojson(maps.district_features(districts, records, ops, "de"))
    return records, ops, gj, timeline_dates(records), geodata.load_meta()


def test_png_has_print_size_and_is_not_blank(setup):
    records, ops, gj, stops, meta = setup
    png = render_png(gj, ops, date(2014, 4, 25), meta, "de")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    img = mpimg.imread(io.BytesIO(png), format="png")
    assert img.shape[:2] == (1600, 2400)
    rgb = img[..., :3]
    assert rgb.std() > 0.1, "image looks blank"
    # the map half holds district fills in several colours, not just white and outlines
    colours = {tuple(c) for c in (rgb[200:1400:10, 100:1300:10].reshape(-1, 3) * 255).round().astype(int)}
    assert len(colours) > 20
    # a year colour of the map appears (2012 fill at 0.85 opacity over white)
    r, g, b = (int(palette.year_color(2012)[i:i + 2], 16) for i in (1, 3, 5))
    target = np.array([r, g, b]) * 0.85 + 255 * 0.15
    assert (np.abs(rgb * 255 - target).max(axis=2) < 6).sum() > 1000


def test_file_names_say_what_and_when():
    assert export_filename(date(2014, 4, 25), "png") == "ki-rollout-nrw_2014-04-25.png"
    assert export_filename(date(2014, 4, 25), "html") == "ki-rollout-nrw_2014-04-25.html"


def test_html_is_self_contained(setup, tmp_path):
    records, ops, gj, stops, meta = setup
    doc = render_html(gj, ops, stops, date(2014, 4, 25), meta, "en", edition=edition_of(records, meta))
    assert "Data as of" in doc and "Data: KI rollout NRW" in doc  # the Datenstand and the records' credit
    assert doc.count("<script") == 2 and '<script src' not in doc and "<link" not in doc
    assert not re.search(r"""(src|href)\s*=\s*["']?(//|https?:)[^"']*\.(js|css|png)""", doc)
    assert "url(images/" not in doc  # Leaflet's images inlined as data URIs
    assert "Geobasis NRW" in doc and '<html lang="en">' in doc
    payload = html_payload(gj, ops, stops, date(2014, 4, 25), "en", meta)
    assert len(payload["geo"]["features"]) == 54
    assert payload["lang"]["labels"][payload["start"]] == "25 April 2014"
    assert "stateAt" not in doc and "open_by" not in doc  # no port of the state rule, only the table


def test_html_escapes_record_text(setup):
    records, ops, gj, stops, meta = setup
    evil = {**gj, "features": [dict(gj["features"][0], properties={**gj["features"][0]["properties"],
                                                                   "tt_center": "</script><script>alert(1)</script>"})]
            + gj["features"][1:]}
    doc = render_html(evil, ops, stops, date(2014, 4, 25), meta)
    assert "</script><script>alert(1)" not in doc


def test_state_table_matches_the_rule(setup):
    records, ops, gj, stops, meta = setup
    at = date(2014, 4, 25)
    tab = maps.state_table(records, ops, at, "en")
    assert len(tab) == 54
    assert list(tab.columns) == ["District / city", "Status on the date", "Opening (as documented)",
                                 "Opening (ISO, sortable)", "Source"]
    c = counts_at(ops, at)
    assert (tab["Status on the date"] == "working").sum() == c.open
    assert (tab["Status on the date"] == "not documented").sum() == c.undocumented
    kleve = tab[tab["District / city"] == "Kleve"].iloc[0]
    assert kleve["Opening (ISO, sortable)"] == "2018-09-06" and kleve["Status on the date"] == "not yet open"
    de = maps.state_table(records, ops, at, "de")
    assert "Stand am Datum" in de.columns and "arbeitet" in set(de["Stand am Datum"])


def test_presentation_sequence_spans_the_story_and_rests_on_milestones(setup):
    records, ops, gj, stops, meta = setup
    ms = playback.milestone_dates(records)
    seq = playback.present_sequence(stops, ops, ms, pause_ticks=3)
    assert seq == sorted(seq)
    first, last = playback.story_span(ops)
    assert stops[seq[0]] <= max(first, stops[0]) and stops[seq[-1]] == last
    counts = {o.center_id: state_at(o, stops[seq[-1]]) for o in ops.values()}
    assert "uncertain" not in counts.values() and "not_yet" not in counts.values()
    # 2014-04-25 is a milestone and a stop: shown 1 + 3 ticks
    i = stops.index(date(2014, 4, 25))
    assert seq.count(i) == 4
    assert seq.count(i + 1) == 1 or stops[i + 1] in ms


def test_uncertain_and_undocumented_differ_by_pattern_not_only_colour():
    un, nd = palette.style_for("uncertain", 2013), palette.style_for("undocumented", None)
    assert linestyle_for(un) != linestyle_for(nd) != "solid"
    legend = maps.legend_html("de")
    row = {label: span for span, label in re.findall(r'listitem"[^>]*>(<span[^>]*></span>)([^<]*)<', legend)}
    assert "dashed" in row["unsicher (Eröffnung nur auf Monat/Jahr bekannt)"]
    assert "dotted" in row["nicht belegt"]
    assert "solid" in row["2013"]


def _lum(hexcol: str) -> float:
    r, g, b = (int(hexcol[i:i + 2], 16) / 255 for i in (1, 3, 5))
    f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: E731
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("colour", ["#111111", "#1a1a1a", "#333333", "#444444"])
def test_text_colours_we_add_have_contrast(colour):
    """Text colours used in the exports and presentation mode, on white."""
    assert contrast(colour, "#ffffff") >= 4.5
    assert colour in (PRESENT_CSS + open(map_exports.__file__, encoding="utf-8").read())


def test_png_names_the_milestone_what_it_counts_and_the_datenstand(setup):
    """A slide: the latest statewide figure with what it counts, the Datenstand and both credits."""
    from kirollout.render import playback

    records, ops, gj, stops, meta = setup
    at = date(2013, 6, 12)
    fig = map_exports.MapFigure(gj, ops, meta, "de", map_exports.PRINT_LAYOUT, edition_of(records, meta))
    fig.show(at, playback.milestone_note(records, at, "de"))
    texts = [" ".join(x.get_text().split()) for x in fig.fig.texts]  # wrapped lines read as one
    assert any("29 bewilligt" in x and "Karte: Zentren, die bestehen" in x for x in texts), texts
    assert any(x.startswith("Datenstand: ") and "Geobasis NRW" in x and "KI-Rollout NRW" in x for x in texts), texts
