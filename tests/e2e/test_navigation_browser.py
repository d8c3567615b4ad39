"""A share link to a sub-page on a freshly started server still gets the app's navigation."""
from tests.conftest import start_app

from .helpers import wait_idle


def test_deep_link_on_fresh_server_uses_dashboard_navigation(browser):
    proc, url = start_app(log_name="streamlit-deeplink.log")
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/kreisprofil?ags=05358")
        wait_idle(page)
        page.wait_for_selector("text=Kommunales Integrationszentrum Kreis Düren", timeout=30000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.wait_for(timeout=30000)
        text = nav.inner_text()
        assert "Karte" in text and "Kreisprofil" in text
        assert "dashboard" not in text and "kreisprofil" not in text  # not the file names
        page.close()
    finally:
        proc.terminate()
        proc.wait(10)
