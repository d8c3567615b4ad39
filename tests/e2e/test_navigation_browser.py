"""A freshly started server (as `make run` starts it): a share link to a sub-page gets the app's
navigation, and the first visitor's computations serve every later visitor."""
import re
import urllib.request

import pytest

from tests.conftest import start_app, stop_app

from .helpers import open_map, wait_idle

MISSES = re.compile(r'cache_compute_duration_seconds_count\{cache="kirollout\.app\.(\w+)",[^}]*trigger="miss"\} (\d+)')


@pytest.fixture(scope="module")
def fresh_app():
    proc, url = start_app(log_name="streamlit-fresh.log")
    yield url
    stop_app(proc, "streamlit-fresh.log")


def _misses(url: str) -> dict[str, int]:
    """How often each cached loader of kirollout/app.py was computed (Streamlit's /_stcore/metrics)."""
    with urllib.request.urlopen(url + "/_stcore/metrics", timeout=10) as r:
        return {name: int(n) for name, n in MISSES.findall(r.read().decode())}


def test_deep_link_on_fresh_server_uses_dashboard_navigation(fresh_app, browser):
    """Runs first in this module: no session has built the navigation yet."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(fresh_app + "/kreisprofil?ags=05358")
    wait_idle(page)
    page.wait_for_selector("text=Kommunales Integrationszentrum Kreis Düren", timeout=30000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.wait_for(timeout=30000)
    text = nav.inner_text()
    assert "Karte" in text and "Kreisprofil" in text
    assert "dashboard" not in text and "kreisprofil" not in text  # not the file names
    page.close()


def test_a_second_visitor_computes_nothing_again(fresh_app, browser):
    """Records, boundaries, the bundle and the map's side data are computed once per process."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.base_url = fresh_app
    open_map(page)            # the first visitor of the map fills the caches ...
    page.close()
    before = _misses(fresh_app)
    assert before.get("_bundle", 0) >= 1 and before.get("_records") == 1 and before.get("_districts") == 1, before
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.base_url = fresh_app
    open_map(page)            # ... a second visitor of the map ...
    page.close()
    after = _misses(fresh_app)
    for name in ("_bundle", "_records", "_districts", "_opening_table", "_map_side"):
        assert after.get(name) == before.get(name), (name, before, after)   # ... computes nothing again
