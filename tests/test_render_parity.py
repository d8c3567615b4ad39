"""Render parity: every output shows the fact model's facts with the same numbers.

One model per centre (kirollout/model/facts.py); the app's detail panel and the public edition's
detail render the same list (details.panel_items), the Kreisprofil, its PDF and the site's
district page the same rows (briefing.fact_rows), and the trip cover the same opening, last
visit and funding as the district pages. Before the fact model the trip cover modelled
122.500 € for every stop and the site's detail left out the deduced bounds: both fail here.
"""
from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from kirollout.model import facts, geodata
from kirollout.model.rollout import BASIS_KEYS, openings
from kirollout.model.stop_table import stop_table
from kirollout.render import briefing, details, maps, site, trip
from kirollout.render.i18n import format_eur, t

DATES = (date(2014, 1, 1), date(2016, 1, 1), date(2018, 12, 31), date(2026, 12, 4))


@pytest.fixture(scope="module")
def world(records):
    ops = openings(records)
    return records, ops, facts.facts_for(records, ops)


def _plain(fragment: str) -> str:
    """Text of an HTML fragment, whitespace folded (what a reader sees)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_site_detail_shows_every_line_of_the_app_panel(world, lang):
    records, ops, _ = world
    for cid in ops:
        d = details.center_detail(records, ops, cid, lang)
        shown = _plain(site.detail_fragment(d, lang, "x.html"))
        for it in details.panel_items(d, lang):
            assert _plain(html.escape(it.text)) in shown, (cid, it)
            for sid in it.source_ids:
                assert sid in shown, (cid, it)
        for e in d.events:
            assert _plain(html.escape(details.event_text(e, lang))) in shown, (cid, e)
        assert all(s.source_id in shown for s in d.sources), cid


def test_bounds_and_contradictions_reach_every_renderer(world):
    records, ops, all_facts = world
    with_bounds = [cid for cid, f in all_facts.items() if f.bounds]
    assert len(with_bounds) >= 10  # the records hold count bounds for nine centres and visit bounds
    for cid in with_bounds:
        d = details.center_detail(records, ops, cid, "de")
        labels = [(it.label, it.text) for it in details.panel_items(d, "de")]
        for text, _ in d.bounds:
            assert (t("detail_bounds", "de"), text) in labels
        b = briefing.briefing_data(records, ops, cid, meta=geodata.load_meta(), population=None)
        rows = [v for k, v in briefing.fact_rows(b) if k == t("detail_bounds", "de")]
        for text, _ in d.bounds:
            assert any(v.startswith(text) for v in rows), cid


def test_site_district_page_shows_the_briefing_rows(world):
    records, ops, _ = world
    meta = geodata.load_meta()
    for cid in ops:
        b = briefing.briefing_data(records, ops, cid, meta=meta, population=None, today=date(2026, 12, 4))
        page = _plain(site.district_page_body(b, None, "index.html"))
        for label, value in briefing.fact_rows(b):
            assert _plain(html.escape(value)) in page, (cid, label)
        for m in b.funding + b.modelled:
            assert _plain(html.escape(briefing.funding_label(m, "de"))) in page, cid


@pytest.mark.parametrize("today", DATES)
def test_trip_cover_agrees_with_the_district_pages(world, today):
    records, ops, all_facts = world
    stops = [trip.Stop(f.ags) for f in all_facts.values()]
    for i in range(0, len(stops), trip.MAX_STOPS):
        for row in trip.stop_facts(records, ops, stops[i:i + trip.MAX_STOPS], "de", today):
            b = briefing.briefing_data(records, ops, row.center_id, meta=geodata.load_meta(), population=None,
                                       today=today)
            modelled = sum(m.amount for m in b.modelled)
            if b.modelled:
                assert format_eur(modelled, "de") in row.funding, (row.kreis, row.funding)
            else:
                assert "modelliert" in row.funding and "€ je Jahr" not in row.funding.split("·")[-1]
            sourced = sum(m.amount for m in b.funding)
            if b.funding:
                assert format_eur(sourced, "de") in row.funding, (row.kreis, row.funding)
            assert row.opening.startswith(b.detail.opening), row.kreis
            last = all_facts[row.center_id].last_visit
            if last is None:
                assert row.last_visit == t("visits_none", "de")
            else:
                assert last.source_id in row.last_visit, row.kreis


def test_trip_pdf_pages_and_cover_say_the_same(world):
    """The PDF as printed: the cover's figures are the district pages' figures."""
    records, ops, all_facts = world
    picked = ["ki-05358", "ki-05314", "ki-05111", "ki-05711", "ki-05558", "ki-05154"]  # Kreis, Stadt, bounds,
    stops = [trip.Stop(all_facts[c].ags) for c in picked]                              # contradiction, alternatives
    today = date(2026, 12, 4)
    data = trip.trip_pdf(records, ops, stops, meta=geodata.load_meta(), population=None, today=today)
    reader = PdfReader(io.BytesIO(data))
    texts = [_fold(p.extract_text()) for p in reader.pages]
    # the outline marks where the cover and each stop start: a long agenda or a long district page
    # takes a second page
    starts = [reader.get_destination_page_number(o) for o in reader.outline] + [len(texts)]
    pages = [" ".join(texts[a:b]) for a, b in zip(starts, starts[1:])]
    assert len(pages) == 1 + len(picked)
    for i, cid in enumerate(picked, 1):
        b = briefing.briefing_data(records, ops, cid, meta=geodata.load_meta(), population=None, today=today)
        if b.modelled:
            total = _fold(format_eur(sum(m.amount for m in b.modelled), "de"))
            assert total in pages[0], cid
            for m in b.modelled:
                assert _fold(format_eur(m.amount, "de")) in pages[i], cid
        for label, value in briefing.fact_rows(b)[2:5]:  # host, address, predecessor (short, unwrapped ids)
            for sid in re.findall(r"\[(src-[^\]]+)\]", value):
                assert sid in pages[i], (cid, label)


def test_tooltip_cites_the_source_of_the_state_shown_that_day(world, districts):
    records, ops, all_facts = world
    feats = maps.features_geojson(maps.district_features(districts, records, ops, "de"))
    sources = {f["properties"]["center_id"]: f["properties"]["sources"] for f in feats["features"]}
    stops = list(DATES)
    table = stop_table(ops, stops)
    for cid, f in all_facts.items():
        for i, day in enumerate(stops):
            state, basis = f.evidence_at(day)
            key = BASIS_KEYS[int(table["bases"][cid][i])]
            want = {"start": f.opening.source_id,
                    "working": f.opening.working_by.source_ids[0] if f.opening.working_by else None,
                    "count": f.opening.counted_by.source_ids[0] if f.opening.counted_by else None}.get(key)
            if basis:
                assert key == basis, (cid, day)
            if want:
                assert sources[cid][key] == html.escape(records.source(want)["title"]), (cid, day)
    # Düsseldorf in 2016 exists by the state's count: its tooltip cites the count, not a 2017 visit
    dus = BASIS_KEYS[int(table["bases"]["ki-05111"][1])]
    assert dus == "count"
