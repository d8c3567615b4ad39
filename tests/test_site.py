"""The public edition (kirollout/render/site.py): one truth with the app, complete, self-contained."""
from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict
from datetime import date

from kirollout.model import geodata
from kirollout.model.edition import datenstand
from kirollout.model.rollout import STATES, counts_at, openings, state_at, timeline_dates
from kirollout.model.stop_table import state_of, stop_table
from kirollout.render import briefing, embed, site


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
                               today=datenstand(records))
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
    from kirollout.render import maps

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


# ---------------------------------------------------------------- downloads for newsrooms (issue 21)

def _public_texts(site_dir):
    """(name, text) of every public file, the workbook's and the ZIP's members unpacked."""
    import io
    import zipfile

    for f in site_dir.rglob("*"):
        if f.suffix in (".html", ".js", ".json", ".geojson", ".csv", ".txt", ".css"):
            yield str(f), f.read_text(encoding="utf-8", errors="replace")
        elif f.suffix in (".xlsx", ".zip"):
            with zipfile.ZipFile(io.BytesIO(f.read_bytes())) as z:
                for n in z.namelist():
                    yield f"{f}:{n}", z.read(n).decode("utf-8", errors="replace")


def test_no_public_file_names_an_internal_path(site_dir):
    seen = 0
    for name, text in _public_texts(site_dir):
        seen += 1
        assert not re.search(r"shared/|/work/|/home/|\.\./shared", text), name
    assert seen > 150  # pages, assets, downloads and their unpacked members


def test_german_excel_csv_opens_with_semicolon_and_umlauts(site_dir):
    import csv
    import io

    raw = (site_dir / "downloads/zentren_excel-de.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 54 and "Düsseldorf" in {r["kreis_name"] for r in rows}
    rates = list(csv.DictReader(io.StringIO((site_dir / "downloads/funding_rates_excel-de.csv")
                                            .read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert all("." not in r["amount_eur_per_year"] for r in rates)
    for f in (site_dir / "downloads").glob("*.csv"):
        assert f.read_bytes().startswith(b"\xef\xbb\xbf"), f.name


def test_workbook_numbers_are_numbers_and_it_has_the_readme_and_centres(site_dir):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO((site_dir / "downloads/ki-rollout-nrw.xlsx").read_bytes()))
    assert wb.sheetnames[:2] == ["LIESMICH", "zentren"]
    fund = wb["funding"]
    header = [c.value for c in fund[1]]
    amounts = [r[header.index("amount_eur")].value for r in fund.iter_rows(min_row=2)]
    assert amounts and all(isinstance(a, (int, float)) for a in amounts)
    ev = wb["events"]
    col = [c.value for c in ev[1]].index("count")
    counts = [r[col].value for r in ev.iter_rows(min_row=2) if r[col].value is not None]
    assert counts and all(isinstance(c, int) for c in counts)
    assert wb["centers"]["B2"].value == "05111"  # keys stay text
    assert any("Datenstand" in str(r[0].value) for r in wb["LIESMICH"].iter_rows())


def test_centres_table_and_geojson_carry_the_rollout_rule(site_dir, records):
    import csv
    import io

    ops, stops = openings(records), timeline_dates(records)
    rows = {r["center_id"]: r for r in csv.DictReader(io.StringIO(
        (site_dir / "downloads/zentren.csv").read_bytes().decode("utf-8-sig")))}
    assert len(rows) == 54
    for cid, op in ops.items():
        r = rows[cid]
        assert r["state_end"] == state_at(op, stops[-1]) and r["state_end_date"] == stops[-1].isoformat()
        assert r["opening_year"] == (str(op.period.start.year) if op.period else "")
        assert r["opening_how"] == ("none" if not op.period else "erschlossen" if op.inferred_from else "documented")
        assert r["working_by"] == (op.open_by.isoformat() if op.open_by else "")
        assert r["counted_by"] == (op.counted_by.day.isoformat() if op.counted_by else "")
        assert r["how_known"]
    gj = json.loads((site_dir / "downloads/ki-rollout-nrw-kreise-de.geojson").read_text(encoding="utf-8"))
    props = {f["properties"]["center_id"]: f["properties"] for f in gj["features"]}
    assert {k: str(v if v is not None else "") for k, v in props["ki-05112"].items()} == rows["ki-05112"]
    assert gj["properties"]["license"] and gj["properties"]["datenstand"]
    readme = (site_dir / "downloads/LIESMICH.txt").read_text(encoding="utf-8-sig")
    assert "Datenstand" in readme and "opening_precision" in readme and "CC BY 4.0" in readme


def test_district_page_dates_every_undated_source_and_credits_the_population(site_dir, records):
    from kirollout.render.details import center_detail
    from kirollout.render.i18n import format_day

    ops = openings(records)
    page = (site_dir / "kreis/05911.html").read_text(encoding="utf-8")
    d = center_detail(records, ops, "ki-05911")
    undated = [s for s in d.sources if s.published == "ohne Datum"]
    assert undated, "Bochum has undated sources"
    for s in undated:
        day = format_day(date.fromisoformat(records.source(s.source_id)["accessed"]), "de", "short")
        assert re.search(rf"\[{s.source_id}\].*?ohne Datum \(abgerufen am {re.escape(day)}\)", page), s.source_id
        if s.url.startswith("http"):
            assert f'<span class="ki-url">{html.escape(s.url)}</span>' in page  # the URL in full
    assert "Destatis" in page and "dl-de/by-2-0" in page
