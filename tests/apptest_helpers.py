"""Running one page of the app in Streamlit's AppTest, as the page tests do."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def run_page(page: str, query: dict | None = None) -> AppTest:
    """Open `page` (e.g. "pages/zeitleiste.py") through dashboard.py with `query` in the URL."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at
