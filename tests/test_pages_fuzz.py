"""AppTest: fuzzed URL query parameters on every page registered in dashboard.py.

Long, unicode, injection, wrong types and repeated keys: no page raises; a page that reads
the query parameters shows its default view and a notice naming the bad parameter.
(The pages come from tests/pages_list.py; a browser variant is in tests/e2e/test_hostile_browser.py.)
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages_list import PAGES

ROOT = Path(__file__).resolve().parent.parent

FUZZ = {
    "long": {"date": "2013-08-01" + "9" * 10000, "ags": "0" * 100000},
    "unicode": {"date": "２０１３-０８-０１", "ags": "05\u200b154", "lang": "de\u202e"},
    "injection": {"date": "<script>alert(1)</script>", "ags": "\"><img src=x onerror=alert(1)>",
                  "lang": "en'><svg onload=alert(1)>"},
    "wrong_types": {"date": "1e9", "ags": "[1,2]", "present": "{}"},
    "repeated_keys": {"date": ["x", "<b>", "2013-13-45"], "ags": ["05999", "abc"]},
    "null_and_space": {"date": "\x00", "ags": " ", "present": "yes"},
    "path_traversal": {"ags": "../../etc/passwd", "date": "%00"},
}


def _run(page_script: str, query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    if page_script == "pages/karte.py":
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        return at
    # other pages: navigation first (the map page it opens would rewrite the URL), then the
    # fuzzed parameters arrive with the page itself, as with a shared link
    at.run()
    at.query_params.clear()
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page_script)
    at.run()
    return at


def _visible_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.title] + [h.value for h in at.subheader]
    return "\n".join(parts)


_default_cache: dict[str, str] = {}


def _default_text(script: str) -> str:
    if script not in _default_cache:
        at = _run(script, {})
        assert not at.exception, at.exception
        _default_cache[script] = _visible_text(at)
    return _default_cache[script]


@pytest.mark.parametrize("case", list(FUZZ), ids=list(FUZZ))
@pytest.mark.parametrize("page_ref", PAGES, ids=[p.url_path for p in PAGES])
def test_fuzzed_query_gives_default_view_with_notice(page_ref, case):
    at = _run(page_ref.script, FUZZ[case])
    assert not at.exception, f"{page_ref.url_path}/{case}: {at.exception}"
    if not page_ref.reads_query_params:
        return
    assert at.warning, f"{page_ref.url_path}/{case}: no notice for bad parameters"
    assert any("ungültig" in w.value for w in at.warning)
    # the default view: same visible text as without parameters, apart from the notice
    assert _visible_text(at) == _default_text(page_ref.script), f"{page_ref.url_path}/{case}: not the default view"
