"""Take the README's screenshots from a running app: `python docs/screenshots.py` (starts its own app).

The map at the end of the timeline, the Zeitleiste's "Abgleich mit den Landeszahlen" table,
presentation mode at 1280 × 720 and 1920 × 1080 (a projector's screens), the public edition's
embed in an article at phone width (360 px, the snippet's script stripped by the CMS) and a frame
of the rollout video.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from kirollout.model.records import load_records  # noqa: E402
from kirollout.model.rollout import timeline_dates  # noqa: E402
from kirollout.render.i18n import T  # noqa: E402
from tests.conftest import start_app  # noqa: E402
from tests.e2e.helpers import open_map, wait_idle  # noqa: E402


def main() -> None:
    proc, url = start_app(log_name="screenshots.log")
    try:
        end = timeline_dates(load_records())[-1]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.base_url = url
            open_map(page, f"?date={end.isoformat()}")
            page.screenshot(path=str(ROOT / "docs/screenshot-karte.png"))
            page.goto(url + "/zeitleiste")
            wait_idle(page, 60000)
            table = page.locator("table.ki-abgleich")
            table.wait_for(timeout=60000)
            page.set_viewport_size({"width": 1400, "height": 1400})
            page.get_by_text(T["abgleich_heading"]["de"], exact=True).first.scroll_into_view_if_needed()
            page.mouse.wheel(0, -80)
            page.wait_for_timeout(500)  # let the scroll settle before the picture (no state is awaited)
            page.screenshot(path=str(ROOT / "docs/screenshot-abgleich.png"))
            for w, h in ((1280, 720), (1920, 1080)):
                shot = browser.new_page(viewport={"width": w, "height": h})
                shot.goto(url + "/?present=1&date=2013-07-01")
                shot.locator('[data-testid="ki-present-map"] svg').wait_for(timeout=60000)
                wait_idle(shot, 60000)
                shot.wait_for_timeout(9000)  # the key list fades after 8 s; the picture shows the slide itself
                shot.screenshot(path=str(ROOT / f"docs/screenshot-praesentation-{w}x{h}.png"))
            _embed_phone(browser)
            browser.close()
        _video_frame()
    finally:
        proc.terminate()


def _embed_phone(browser) -> None:
    """The embed in an article column of 360 px, without the snippet's script (a CMS strips it)."""
    import functools
    import http.server
    import threading

    from kirollout.render import embed, site

    out = ROOT / "site"
    site.build(out, pdfs=False)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a, **k: None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/embed.html?date=2015-04-09&ags=05911"
        snippet = embed.embed_snippet(url, "Karte").split("<script>")[0]
        page = browser.new_page(viewport={"width": 420, "height": 820})
        page.set_content("<!DOCTYPE html><body style='margin:0;font-family:serif'><div style='width:360px;"
                         f"margin:0 auto;padding-top:8px'><p>Artikeltext davor …</p>{snippet}<p>Artikeltext danach</p>"
                         "</div></body>")
        page.frame_locator("iframe").locator("#ki-map path.leaflet-interactive").nth(53).wait_for(timeout=30000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ROOT / "docs/embed-phone.png"), full_page=True)
    finally:
        srv.shutdown()


def _video_frame() -> None:
    """One frame of the rollout video (1920 × 1080) on the day of the state's count of 09.04.2015."""
    from datetime import date

    from PIL import Image

    from kirollout.model import geodata
    from kirollout.model.edition import edition_of
    from kirollout.model.records import load_records
    from kirollout.model.rollout import openings
    from kirollout.render import maps, playback
    from kirollout.render.map_exports import MapFigure, layout_for

    records = load_records()
    ops, meta = openings(records), geodata.load_meta()
    gj = maps.features_geojson(maps.district_features(geodata.load_districts(), records, ops, "de"))
    fig = MapFigure(gj, ops, meta, "de", layout_for(1920, 1080), edition_of(records, meta))
    at = date(2015, 4, 9)
    fig.show(at, playback.milestone_note(records, at, "de"))
    Image.fromarray(fig.rgb()).save(ROOT / "docs/video-frame.png", optimize=True)


if __name__ == "__main__":
    main()
