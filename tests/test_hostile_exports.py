"""Hostile input in exports and uploads: run once the features are merged, skipped before.

The browser test (tests/e2e/test_hostile_browser.py) already clicks every download button of
every page on the hostile data; these tests call the builders directly, without a browser:
- the PDF briefing (kirollout.render.briefing): no JavaScript, no non-http link, payload as text;
- the HTML export (kirollout.render.exports): no planted element survives as markup;
- upload limits: pages with st.file_uploader have a configured maximum, nginx allows no more.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from kirollout.model.records import load_records
from tests.hostile import MARKER_PREFIX, TARGET_CENTER, make_hostile_data
from tests.pages_list import PAGES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hostile_records(tmp_path_factory):
    planted = make_hostile_data(tmp_path_factory.mktemp("hx") / "ki_data")
    return load_records(planted.directory)


def _hostile_parts(records):
    from kirollout.model import geodata, rollout
    from kirollout.render import maps

    ops = rollout.openings(records)
    feats = maps.district_features(geodata.load_districts(), records, ops, "de")
    return ops, maps.features_geojson(feats), geodata.load_meta()


def test_pdf_briefing_has_no_script_and_only_http_links(hostile_records):
    from kirollout.render import briefing

    ops, _, meta = _hostile_parts(hostile_records)
    pdf = briefing.briefing_pdf(hostile_records, ops, TARGET_CENTER, meta=meta, population=None, lang="de")
    assert pdf.startswith(b"%PDF")
    assert b"/JavaScript" not in pdf and not re.search(rb"/JS\s*[(<]", pdf)
    uris = re.findall(rb"/URI\s*\(([^)]*)\)", pdf)
    assert all(u.startswith((b"http://", b"https://")) for u in uris), uris


def test_html_export_has_no_planted_markup(hostile_records):
    from datetime import date

    from kirollout.model import rollout
    from kirollout.render import map_exports

    ops, geojson, meta = _hostile_parts(hostile_records)
    stops = rollout.timeline_dates(hostile_records)
    html = map_exports.render_html(geojson, ops, stops, date(2016, 1, 1), meta, "de")
    assert MARKER_PREFIX in html, "the hostile text should be in the file (as text)"
    assert not re.search(rf"<(img|script|svg)[^>]*id={MARKER_PREFIX}", html), "planted element in the HTML export"
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.I), "javascript: link in the HTML export"


def test_upload_limits_are_configured_where_pages_accept_uploads():
    uploaders = [p.script for p in PAGES if "file_uploader" in (ROOT / p.script).read_text(encoding="utf-8")]
    if not uploaders:
        pytest.skip("no page offers a file upload yet (data editor, issue 6, not merged)")
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = cfg.get("server", {}).get("maxUploadSize")
    assert limit is not None and limit <= 10, f"server.maxUploadSize must be set small (MB), got {limit}"
    m = re.search(r"client_max_body_size\s+(\d+)m;", (ROOT / "deploy" / "nginx.conf").read_text())
    assert m and int(m.group(1)) >= limit, "nginx must allow the app's upload limit"
