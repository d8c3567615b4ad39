"""The map's per-step data stays small: tooltips live in the static geometry file (one per
language), a slider step sends only styles and states."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kirollout.model import rollout
from kirollout.render import maps


@pytest.fixture(scope="module")
def feats(records, districts):
    ops = rollout.openings(records)
    return {lang: maps.district_features(districts, records, ops, lang) for lang in ("de", "en")}, ops


def _script(fg) -> str:
    import folium

    m = folium.Map(tiles=None)
    fg.add_to(m)
    return m.get_root().render()


def test_geometry_file_holds_every_tooltip_with_a_state_slot(feats):
    by_lang, _ = feats
    de = json.loads(maps.geometry_bytes(by_lang["de"], "de"))
    en = json.loads(maps.geometry_bytes(by_lang["en"], "en"))
    assert len(de["features"]) == 54
    for f in de["features"]:
        tip = f["properties"]["tip"]
        assert tip.count(maps.STATE_SLOT) == 1
        assert f["properties"]["center_id"] and f["properties"]["ags"]
    assert "Kommunales Integrationszentrum Kreis Düren" in json.dumps(de, ensure_ascii=False)
    assert de["features"][0]["properties"]["tip"] != en["features"][0]["properties"]["tip"]  # headers translated


def test_slider_step_layer_sends_styles_and_states_but_no_tooltips(feats, records):
    by_lang, ops = feats
    gj = maps.features_geojson(by_lang["de"])
    at = date(2014, 1, 1)
    fg = maps.data_layer(gj, ops, at, "de", "05358", "/app/static/geo/x.geojson")
    layer = next(c for c in fg._children.values() if isinstance(c, maps._DistrictLayer))
    assert set(layer.data) == {f["properties"]["ags"] for f in gj["features"]}
    for ags, (style_idx, state) in layer.data.items():
        cid = records.centers.set_index("ags").loc[ags, "center_id"]
        assert state == rollout.state_at(ops[cid], at)
        assert layer.styles[style_idx]["fillColor"]
    # what travels: one style digit per district, in the geometry file's order, and each style's state
    geo = json.loads(maps.geometry_bytes(by_lang["de"], "de"))
    assert [f["properties"]["ags"] for f in geo["features"]] == list(layer.data)
    assert len(layer.codes) == 54
    decoded = {ags: layer.style_states[int(c, 36)] for ags, c in zip(list(layer.data), layer.codes)}
    assert decoded == {ags: state for ags, (_, state) in layer.data.items()}
    assert geo["labels"]["not_yet"] == "noch nicht eröffnet"
    per_step = json.dumps([layer.styles, layer.codes, layer.style_states], ensure_ascii=False)
    assert "Integrationszentrum" not in per_step and "<table" not in per_step
    assert len(per_step.encode()) < 1500, len(per_step.encode())
    assert "Integrationszentrum" not in _script(fg)
