"""The public edition in headless Chromium, served by Python's file server (tests.conftest.site_url)."""
from __future__ import annotations

import urllib.request
from datetime import date

import pytest

from kirollout.model.rollout import counts_at, openings, state_at, timeline_dates
from kirollout.render import palette
from kirollout.render.i18n import format_day, t
from kirollout.render.wording import breakdown_text, headline_text

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
    from kirollout.render import embed

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


def _article(pg, site_url: str, query: str, width: int, script: bool) -> object:
    """An article page with the embed snippet in a column of `width` px; `script=False` is a CMS
    that strips the snippet's <script>. Returns the frame locator once the map is drawn."""
    from kirollout.render import embed

    snippet = embed.embed_snippet(f"{site_url}/embed.html?{query}", "Karte")
    if not script:
        snippet = snippet.split("<script>")[0]
    pg.set_content(f"<!DOCTYPE html><body style='margin:0'><div style='width:{width}px;margin:0 auto'>"
                   f"<p style='height:300px'>Artikeltext</p>{snippet}<p style='height:2000px'>Weiter</p></div></body>")
    frame = pg.frame_locator("iframe")
    frame.locator(PATHS).nth(53).wait_for(timeout=20000)
    return frame


EMBED_PARTS = ("h1.ki-etitle", "#ki-date", "#ki-count", "#ki-chips li:not([hidden])", "#ki-play", ".ki-credit",
               "#ki-full")


def _parts_inside_frame(pg) -> dict:
    """Each part's box against the frame's viewport: everything must be visible without scrolling."""
    frame = pg.frames[1]
    return frame.evaluate("""(sels) => { const out = {}; const h = window.innerHeight;
        sels.forEach(s => { const e = document.querySelector(s); const r = e && e.getBoundingClientRect();
          out[s] = !!(r && r.height > 0 && r.top >= 0 && r.bottom <= h + 0.5); });
        out.noScroll = document.documentElement.scrollHeight <= h + 1; return out; }""", list(EMBED_PARTS))


@pytest.mark.parametrize("width", [360, 600])
@pytest.mark.parametrize("script", [False, True])
def test_embed_stands_on_its_own_in_an_article(spage, site_url, records, width, script):
    from kirollout.model import edition, geodata
    from kirollout.render.i18n import edition_line

    spage.set_viewport_size({"width": width + 40, "height": 900})
    frame = _article(spage, site_url, "date=2015-06-01&ags=05315", width, script)
    from kirollout.render.embed import EMBED_HEIGHT

    if script:  # the listener refines the height to the frame's report
        spage.wait_for_function(f"() => document.querySelector('iframe').style.height !== '{EMBED_HEIGHT}px'",
                                timeout=10000)
    else:
        assert spage.evaluate("document.querySelector('iframe').getBoundingClientRect().height") == EMBED_HEIGHT
    inside = _parts_inside_frame(spage)
    assert all(inside.values()), inside
    text = frame.locator("main").inner_text()
    ed = edition.edition_of(records, geodata.load_meta())
    assert edition_line(ed, "de") in text
    assert t("embed_title", "de") in text and "Geobasis NRW" in text and "CC BY 4.0" in text
    assert frame.locator("#ki-date").inner_text() == "1. Juni 2015"
    # ?ags= names the district it outlines, with its state and source
    pick = frame.locator("#ki-pick").inner_text()
    assert "Köln" in pick and t("tt_source", "de") in pick
    # the legend lists only what the map shows on the day
    shown = frame.locator("#ki-chips li:not([hidden])").all_inner_texts()
    assert "2012" in shown and "2019" not in shown


def test_embed_without_any_javascript_still_names_title_date_legend_and_credit(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/embed.html")
        text = pg.locator("main").inner_text()
        assert t("embed_title", "de") in text and "Datenstand" in text and "Geobasis NRW" in text
        assert pg.locator("#ki-chips li:not([hidden])").count() >= 2
        assert "von 54 bestehen" in pg.locator("#ki-count").inner_text()
    finally:
        ctx.close()


def test_embed_tap_names_the_district_and_wheel_scrolls_the_article(browser, site_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    pg = ctx.new_page()
    outside = []
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:", "about:"))
              else (outside.append(r.request.url), r.abort()))
    try:
        frame = _article(pg, site_url, "date=2020-01-01", 360, False)
        box = pg.locator("iframe").bounding_box()
        pt = pg.frames[1].evaluate("""() => { const a = window.KI_APP, l = a.layers['05911'];
            const p = a.map.latLngToContainerPoint(l.getCenter()), r = a.map.getContainer().getBoundingClientRect();
            return {x: p.x + r.left, y: p.y + r.top}; }""")
        pg.touchscreen.tap(box["x"] + pt["x"], box["y"] + pt["y"])
        pick = frame.locator("#ki-pick")
        pick.filter(has_text="Bochum").wait_for(timeout=5000)
        assert t("tt_source", "de") in pick.inner_text()
    finally:
        ctx.close()
    assert outside == []
    # desktop: the wheel scrolls the article until a click into the map
    ctx = browser.new_context(viewport={"width": 700, "height": 700})
    pg = ctx.new_page()
    try:
        _article(pg, site_url, "date=2020-01-01", 600, True)
        box = pg.locator("iframe").bounding_box()
        zoom = lambda: pg.frames[1].evaluate("() => window.KI_APP.map.getZoom()")  # noqa: E731
        z0 = zoom()
        pg.mouse.move(box["x"] + 300, box["y"] + 300)
        pg.mouse.wheel(0, 300)
        pg.wait_for_function("() => window.scrollY > 0", timeout=5000)
        assert zoom() == z0
        map_box = pg.frames[1].evaluate("() => { const r = document.getElementById('ki-map').getBoundingClientRect();"
                                        " return {x: r.left + 5, y: r.top + r.height - 5}; }")
        box = pg.locator("iframe").bounding_box()
        pg.mouse.click(box["x"] + map_box["x"], box["y"] + map_box["y"])
        pg.mouse.wheel(0, -300)
        pg.frames[1].wait_for_function(f"() => window.KI_APP.map.getZoom() !== {z0}", timeout=5000)
    finally:
        ctx.close()


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
    from kirollout.render import site
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


def test_reader_search_skip_link_downloads_and_cite(spage, site_url, tmp_path):
    _open(spage, "index.html?date=2015-06-01")
    # the skip link is the first tab stop; through it, Play is the next one
    presses = 0
    for _ in range(5):
        spage.keyboard.press("Tab")
        presses += 1
        if spage.evaluate("document.activeElement.id") == "ki-play":
            break
        if spage.evaluate("document.activeElement.classList.contains('ki-skip')"):
            spage.keyboard.press("Enter")
    assert spage.evaluate("document.activeElement.id") == "ki-play" and presses <= 5, presses
    # search: the name selects the district and opens its detail
    spage.get_by_label(t("search_label", "de")).fill("Bochum")
    spage.keyboard.press("Enter")
    spage.locator("#ki-detail").filter(has_text="Bochum").wait_for()
    assert spage.evaluate("() => window.KI_APP.selected()") == "05911"
    spage.get_by_label(t("search_label", "de")).fill("Atlantis")
    spage.keyboard.press("Enter")
    assert "Atlantis" in spage.locator("#ki-search-msg").inner_text()
    # PNG and SVG of the map at the date shown, named by the date
    files = {}
    for name in ("export_svg", "export_png"):
        with spage.expect_download() as info:
            spage.get_by_role("button", name=t(name, "de")).click()
        files[name] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[name])
    assert files["export_svg"].name == "ki-rollout-nrw_2015-06-01.svg"
    assert files["export_png"].name == "ki-rollout-nrw_2015-06-01.png"
    svg = files["export_svg"].read_text(encoding="utf-8")
    for text in (t("embed_title", "de"), "1. Juni 2015", "Datenstand", "Geobasis NRW", "2012", "CC BY 4.0"):
        assert text in svg, text
    assert svg.count("<path") == 54
    from PIL import Image

    assert Image.open(files["export_png"]).size == (2400, 1800)
    # cite: title, publisher (placeholder when unset), the view's address, Datenstand
    cite = spage.locator("#ki-cite").inner_text()
    assert "KI_PUBLISHER" in cite and "date=2015-06-01" in cite and "Datenstand" in cite and "CC BY 4.0" in cite
    head = spage.evaluate("() => [...document.querySelectorAll('meta[property^=og], meta[name^=twitter]')]"
                          ".map(m => m.getAttribute('property') || m.getAttribute('name'))")
    assert {"og:title", "og:image", "og:description", "twitter:card"} <= set(head)
    assert t("map_summary", "de")[:20] in spage.locator("#ki-summary").inner_text()


def test_reader_phone_shows_the_controls_before_the_map(browser, site_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    try:
        pg.goto(site_url + "/index.html")
        pg.locator(PATHS).nth(53).wait_for(timeout=20000)
        play, search, mp = (pg.locator(s).bounding_box() for s in ("#ki-play", "#ki-search", "#ki-map"))
        assert play["y"] + play["height"] <= 844 and search["y"] < mp["y"]
        assert t("read_hint", "de")[:25] in pg.locator(".ki-read").inner_text()
    finally:
        ctx.close()


def test_play_stops_at_the_story_end(spage, records):
    """Play runs to the map's last change (rollout.story_end: Kleve, 06.09.2018), not to 2025."""
    from kirollout.model.rollout import story_end

    end = story_end(openings(records))
    _open(spage, "index.html?date=2018-07-01")
    spage.get_by_role("button", name=t("play", "de")).click()
    spage.get_by_role("button", name=t("play", "de")).wait_for(timeout=30000)  # the button says Play again: stopped
    assert spage.locator("#ki-date").inner_text() == format_day(end, "de")
