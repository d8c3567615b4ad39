"""The public edition (kirollout/site.py): one truth with the app, complete, self-contained."""
from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict
from datetime import date

from kirollout import briefing, embed, geodata, site
from kirollout.rollout import STATES, counts_at, openings, state_at, timeline_dates
from kirollout.stop_table import state_of, stop_table


def _site_data(site_dir) -> dict:
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    return site.read_js_global(re.search(r"<script>(window\.KI_DATA=.*?)</script>", page).group(1))


def test_site_counts_and_54_states_equal_the_app_at_every_stop(site_dir, records):
    ops, stops = openings(records), timeline_dates(records)
    tab = _site_data(site_dir)["table"]
    assert tab["stops"] == [s.isoformat() for s in stops] and tab["states"] == list(STATES)
    assert len(tab["centers"]) == 54
    for i, at in enumerate(stops):
        assert {cid: state_of(tab, cid, i) for cid in ops} == {cid: state_at(o, at) for cid, o in ops.items()}, at
        c = counts_at(ops, at)
        shipped = {k: v[i] for k, v in tab["counts"].items()}
        assert {k: shipped[k] for k in asdict(c)} == asdict(c), at
        assert (shipped["exist"], shipped["start"], shipped["working"]) == (c.exist, c.open_start, c.open_working)


def test_stop_table_is_derived_from_the_states_and_count_fields(records):
    ops = openings(records)
    tab = stop_table(ops, [date(2011, 1, 1), date(2030, 1, 1)])
    assert set(tab["counts"]) == set(asdict(counts_at(ops, date(2030, 1, 1)))) | {"exist", "start", "working"}
    assert sum(tab["counts"][s][0] for s in STATES) == 54
    assert tab["counts"]["exist"][1] == 54  # at the end every centre exists
    assert tab["counts"]["not_yet"][0] + tab["counts"]["undocumented"][0] == 54  # before the law nothing works


def test_site_has_every_page_pdf_and_download(site_dir, records):
    for rel in ("index.html", "embed.html", "zeitleiste.html", "daten.html", "en/zeitleiste.html", "en/daten.html",
                "downloads/centers.csv", "downloads/ki-rollout-nrw.xlsx", "downloads/ki-rollout-nrw-kreise-de.geojson"):
        assert (site_dir / rel).stat().st_size > 0, rel
    assert len(list((site_dir / "kreis").glob("*.html"))) == 54 == len(list((site_dir / "en/kreis").glob("*.html")))
    pdfs = list((site_dir / "pdf").glob("*/*.pdf"))
    assert len(pdfs) == 108 and all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
    assert len(list((site_dir / "assets").glob("plotly.*.min.js"))) == 1  # plotly.js once, not per page
    assert "plotly" not in (site_dir / "index.html").read_text(encoding="utf-8")
    gj = json.loads((site_dir / "downloads/ki-rollout-nrw-kreise-de.geojson").read_text(encoding="utf-8"))
    assert len(gj["features"]) == 54


def test_district_page_shows_the_briefing_facts_with_sources(site_dir, records):
    ops = openings(records)
    page = (site_dir / "kreis/05358.html").read_text(encoding="utf-8")
    b = briefing.briefing_data(records, ops, "ki-05358", meta=geodata.load_meta(), population=geodata.load_population(),
                               today=briefing.data_date(records))
    for label, value in briefing.fact_rows(b):
        assert f"<th>{html.escape(label)}</th><td>{html.escape(value)}</td>" in page
    for s in b.detail.sources:
        assert f"[{s.source_id}]" in page
    pdf = re.search(r'href="(\.\./pdf/de/[^"]+\.pdf)"', page).group(1)
    assert (site_dir / "kreis" / pdf).resolve().exists()
    assert "Geobasis NRW" in page


def test_no_external_request_in_any_page_or_asset(site_dir):
    request_like = re.compile(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", re.I)
    for f in site_dir.rglob("*"):
        if f.suffix in (".html", ".css"):
            text = f.read_text(encoding="utf-8")
            assert not request_like.search(text), f
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), f
        if f.suffix == ".js" and "plotly" not in f.name:
            assert not re.search(r"(fetch|open)\(\s*['\"]https?:", f.read_text(encoding="utf-8")), f


def test_site_geometry_is_the_apps(site_dir, records, districts):
    """Same coordinates as the app's geometry file (its 2 px check at zoom 10 holds here too)."""
    from kirollout import maps

    (geo_js,) = (site_dir / "assets").glob("geo.*.js")
    geo = site.read_js_global(geo_js.read_text(encoding="utf-8"))
    app = json.loads(maps.geometry_bytes(maps.district_features(districts, records, openings(records))))
    assert [f["geometry"] for f in geo["features"]] == [f["geometry"] for f in app["features"]]


def test_assets_are_named_by_their_content(site_dir):
    import gzip

    for f in (site_dir / "assets").glob("*.*.*"):
        digest, raw = f.name.split(".")[1], f.read_bytes()
        if f.suffix == ".gz":  # the precompressed copy for nginx's gzip_static
            raw = gzip.decompress(raw)
            assert raw == f.with_suffix("").read_bytes(), f.name
        assert hashlib.sha256(raw).hexdigest().startswith(digest), f.name


def test_embed_snippet_carries_the_view_and_escapes():
    url = embed.embed_url("https://example.org/ki/", date(2014, 4, 25), "05358", "en")
    assert url == "https://example.org/ki/embed.html?date=2014-04-25&ags=05358&lang=en"
    snip = embed.embed_snippet(url, 'Map "x" <b>')
    assert 'src="https://example.org/ki/embed.html?date=2014-04-25&amp;ags=05358&amp;lang=en"' in snip
    assert "&lt;b&gt;" in snip and "kiEmbedHeight" in snip
    assert embed.embed_url("/site", None, None, "de") == "/site/embed.html"


def test_hostile_record_text_stays_text_on_the_site(tmp_path, monkeypatch):
    from tests.hostile import MARKER_PREFIX, make_hostile_data

    data = tmp_path / "ki_data"
    make_hostile_data(data)
    monkeypatch.setenv("KI_DATA_DIR", str(data))
    out = tmp_path / "site"
    site.build(out, pdfs=False)
    texts = [f.read_text(encoding="utf-8") for f in out.rglob("*") if f.suffix in (".html", ".json")]
    assert any(MARKER_PREFIX in t for t in texts), "the hostile text should be on the site (as text)"
    for text in texts:
        assert not re.search(rf"<(img|script|svg)[^>]*id={MARKER_PREFIX}", text)
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", text, re.I)
