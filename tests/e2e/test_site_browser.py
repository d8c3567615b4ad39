"""The public edition in headless Chromium, served by Python's file server (tests.conftest.site_url)."""
from __future__ import annotations

import urllib.request
from datetime import date

import pytest

from kirollout import palette
from kirollout.i18n import format_day, t
from kirollout.rollout import counts_at, openings, state_at, timeline_dates
from kirollout.wording import breakdown_text, headline_text

PATHS = "#ki-map path.leaflet-interactive"


@pytest.fixture
def spage(browser, site_url):
    """A page that records errors and blocks (and lists) any request leaving 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.external_requests, pg.errors = [], []

    def _route(route):
        u = route.request.url
        if u.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            return route.continue_()
        pg.external_requests.append(u)
        return route.abort()

    ctx.route("**/*", _route)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.base_url = site_url
    yield pg
    assert pg.external_requests == [] and pg.errors == []
    ctx.close()


def _open(pg, path: str):
    pg.goto(pg.base_url + "/" + path)
    pg.locator(PATHS).nth(53).wait_for(timeout=20000)


def _fills(pg) -> dict:
    return pg.evaluate("""() => { const o = {}; const a = window.KI_APP;
        Object.keys(a.layers).forEach(k => { o[k] = a.layers[k].options.fillColor; }); return o; }""")


def _count_line(ops, at: date, lang: str = "de") -> str:
    return headline_text(counts_at(ops, at), lang)


def test_map_54_shapes_fills_counts_and_credit_without_external_request(spage, records):
    ops, stops = openings(records), timeline_dates(records)
    _open(spage, "")
    assert spage.locator(PATHS).count() == 54
    at = stops[-1]
    ags_of = dict(zip(records.centers["center_id"], records.centers["ags"]))
    want = {ags_of[cid]: palette.style_for(state_at(o, at), o.period.start.year if o.period else None)["fillColor"]
            for cid, o in ops.items()}
    assert _fills(spage) == want
    assert spage.locator("#ki-date").inner_text() == format_day(at, "de")
    assert spage.locator("#ki-count").inner_text() == _count_line(ops, at)
    c = counts_at(ops, at)
    assert f"{t('state_not_yet', 'de')}: {c.not_yet}" in spage.locator("#ki-breakdown").inner_text()
    assert breakdown_text(c, "de") in spage.locator("#ki-breakdown").inner_text()
    assert "Geobasis NRW" in spage.locator(".leaflet-control-attribution").inner_text()
    spage.locator(PATHS).nth(10).hover()
    assert t("tt_state", "de") in spage.locator(".ki-tooltip").last.inner_text()


def test_slider_play_and_share_link(spage, records):
    ops, stops = openings(records), timeline_dates(records)
    i = stops.index(date(2014, 4, 25))
    _open(spage, "index.html?date=2014-04-25")
    assert spage.locator("#ki-count").inner_text() == _count_line(ops, stops[i])
    spage.locator("#ki-slider").focus()
    spage.keyboard.press("ArrowRight")
    assert spage.locator("#ki-date").inner_text() == format_day(stops[i + 1], "de")
    assert spage.locator("#ki-count").inner_text() == _count_line(ops, stops[i + 1])
    spage.wait_for_url(f"**date={stops[i + 1].isoformat()}*")  # the address bar follows once the slider rests
    before = spage.locator("#ki-date").inner_text()
    spage.get_by_role("button", name=t("play", "de")).click()
    spage.wait_for_function("(b) => document.getElementById('ki-date').innerText !== b", arg=before, timeout=10000)
    spage.get_by_role("button", name=t("pause", "de")).click()
    # click a district: its detail with sources, and the address bar is the share link
    spage.locator('path[data-ags="05358"]').click()
    detail = spage.locator("#ki-detail")
    detail.wait_for(state="visible")
    assert "Düren" in detail.inner_text() and "[src-" in detail.inner_text()
    assert detail.locator("a[href^='http']").count() >= 1
    spage.wait_for_url("**ags=05358*")
    shared = spage.url
    spage.goto(shared)
    spage.locator("#ki-detail").wait_for(state="visible")
    assert "Düren" in spage.locator("#ki-detail").inner_text()
    assert spage.evaluate("() => window.KI_APP.selected()") == "05358"
    spage.get_by_role("button", name=t("site_close", "de")).click()
    assert spage.locator("#ki-detail").is_hidden()
    spage.wait_for_function("() => !location.search.includes('ags=')")


def test_english_and_bad_parameters(spage, records):
    ops, stops = openings(records), timeline_dates(records)
    _open(spage, "index.html?date=2013-08-01&lang=en")
    i = max(k for k, s in enumerate(stops) if s <= date(2013, 8, 1))
    assert spage.locator("#ki-count").inner_text() == _count_line(ops, stops[i], "en")
    assert spage.locator("h1").inner_text() == t("map_heading", "en")
    assert spage.evaluate("document.documentElement.lang") == "en"
    assert spage.get_by_role("link", name=t("page_timeline", "en")).get_attribute("href") == "en/zeitleiste.html"
    _open(spage, "index.html?date=2099-01-01&ags=<x>")
    assert spage.locator("#ki-notice").is_visible()
    assert spage.locator("#ki-date").inner_text() == format_day(stops[-1], "de")


def test_keyboard_slider_and_districts(spage, records):
    _open(spage, "index.html?date=2013-01-01")
    seen = []  # past the map's zoom buttons, its 54 districts and the credit links
    for _ in range(120):
        spage.keyboard.press("Tab")
        seen.append(spage.evaluate("() => document.activeElement.id || document.activeElement.tagName"))
        if seen[-1] == "ki-slider":
            break
    assert "ki-play" in seen and seen[-1] == "ki-slider", seen
    before = spage.locator("#ki-date").inner_text()
    spage.keyboard.press("ArrowRight")
    assert spage.locator("#ki-date").inner_text() != before
    # the districts are tab stops: focus opens the tooltip, Enter opens the detail
    spage.locator('path[data-ags="05111"]').focus()
    spage.locator(".ki-tooltip", has_text="Düsseldorf").wait_for()
    spage.keyboard.press("Enter")
    spage.locator("#ki-detail").wait_for(state="visible")
    assert "Düsseldorf" in spage.locator("#ki-detail").inner_text()


def test_embed_page_fits_an_iframe_and_links_the_full_edition(spage, site_url):
    from kirollout import embed

    url = f"{site_url}/embed.html?date=2014-04-25&ags=05358"
    spage.set_content("<!DOCTYPE html><body style='width:700px'>"
                      + embed.embed_snippet(url, "Karte") + "</body>")
    frame = spage.frame_locator("iframe")
    frame.locator(PATHS).nth(53).wait_for(timeout=20000)
    spage.wait_for_function("() => document.querySelector('iframe').style.height.endsWith('px')", timeout=10000)
    assert frame.locator("#ki-date").inner_text() == "25. April 2014"
    full = frame.locator("#ki-full")
    assert full.get_attribute("href").startswith("index.html?date=2014-04-25&ags=05358")
    assert "Geobasis NRW" in frame.locator("main").inner_text() and "Quelle" in frame.locator("main").inner_text()
    # the site's own "Einbetten" button gives the snippet for the view on screen
    _open(spage, "index.html?date=2014-04-25")
    spage.get_by_role("button", name=t("embed_button", "de")).click()
    code = spage.locator("#ki-embed-code").input_value()
    assert f'src="{site_url}/embed.html?date=2014-04-25"' in code and "<iframe" in code


def test_timeline_district_page_and_data_page(spage, site_url):
    spage.goto(site_url + "/zeitleiste.html")
    spage.locator("#ki-rollout-chart .main-svg").first.wait_for(timeout=20000)
    assert spage.locator("#ki-district-chart .main-svg").count() >= 1
    # a click on a district's mark opens the map with that district selected
    spage.locator("#ki-district-chart .scatterlayer path.point").first.click(force=True)
    spage.wait_for_url("**/index.html?ags=*")
    spage.locator("#ki-detail").wait_for(state="visible")
    assert spage.evaluate("() => window.KI_APP.selected()") in spage.url
    spage.goto(site_url + "/kreis/05358.html?lang=en")
    spage.wait_for_url("**/en/kreis/05358.html*")
    assert spage.evaluate("document.documentElement.lang") == "en"
    pdf = spage.get_by_role("link", name=t("briefing_download", "en")).get_attribute("href")
    with urllib.request.urlopen(spage.url.rsplit("/", 1)[0] + "/" + pdf) as r:
        assert r.read(5) == b"%PDF-"
    spage.goto(site_url + "/daten.html")
    xlsx = spage.get_by_role("link", name=t("dl_xlsx", "de")).get_attribute("href")
    with urllib.request.urlopen(f"{site_url}/{xlsx}") as r:
        assert r.read(2) == b"PK"
    assert spage.locator("table.ki-facts tbody tr").count() >= 50


def test_hostile_record_text_never_runs_on_the_site(browser, tmp_path, monkeypatch):
    """A site built from the hostile copy of ki_data/ (tests/hostile.py): the planted markup stays text."""
    from kirollout import site
    from tests.conftest import serve_dir
    from tests.hostile import FIND_INJECTED_JS, TARGET_AGS, make_hostile_data

    make_hostile_data(tmp_path / "ki_data")
    monkeypatch.setenv("KI_DATA_DIR", str(tmp_path / "ki_data"))
    site.build(tmp_path / "site", pdfs=False)
    srv, base = serve_dir(tmp_path / "site")
    ctx = browser.new_context()
    pg = ctx.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in (f"index.html?ags={TARGET_AGS}", f"kreis/{TARGET_AGS}.html", "daten.html", "zeitleiste.html"):
            pg.goto(f"{base}/{path}")
            pg.wait_for_load_state("load")
            if path.startswith("index"):
                pg.locator("#ki-detail").wait_for(state="visible")
                pg.locator(f'path[data-ags="{TARGET_AGS}"]').hover()
                pg.locator(".ki-tooltip").wait_for()
            assert pg.evaluate(FIND_INJECTED_JS) == [], path
        assert dialogs == []
    finally:
        ctx.close()
        srv.shutdown()
