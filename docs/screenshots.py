"""Take the README's screenshots from a running app: `python docs/screenshots.py` (starts its own app).

The map at the end of the timeline, the Zeitleiste's "Abgleich mit den Landeszahlen" table and
presentation mode at 1280 × 720 and 1920 × 1080 (a projector's screens).
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
            browser.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
