"""Take the README's screenshots from a running app: `python docs/screenshots.py` (starts its own app).

The map at the end of the timeline and the Zeitleiste's "Abgleich mit den Landeszahlen" table.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from kirollout.i18n import T  # noqa: E402
from kirollout.records import load_records  # noqa: E402
from kirollout.rollout import timeline_dates  # noqa: E402
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
            browser.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
