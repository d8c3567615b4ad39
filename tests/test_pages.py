"""AppTest: every page runs without exception and shows its headline figures."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_map_page_default_shows_counts(records):
    at = run_app()
    md = _markdown(at)
    assert "von 54" in md
    assert "Meilensteine" in md
    assert any("auf den Tag" in c.value for c in at.caption)


def test_map_page_at_a_date(records):
    at = run_app({"date": "2013-08-01"})
    md = _markdown(at)
    assert "1. August 2013" in md
    assert "bestehen" in md and "laut Landeszählung" in md


def test_selected_district_panel():
    at = run_app({"ags": "05154", "date": "2018-09-06"})
    md = _markdown(at)
    assert "Kreis Kleve" in md
    assert "6. September 2018" in md


@pytest.mark.parametrize("query", [
    {"date": "2099-01-01"}, {"date": "<script>alert(1)</script>"}, {"ags": "05999"},
    {"ags": "x" * 5000}, {"lang": "xx"}, {"date": "2013-02-30"},
])
def test_bad_parameters_fall_back_with_notice(query):
    at = run_app(query)
    assert at.warning, "expected a notice"
    assert "ungültigen" in at.warning[0].value


def test_url_changed_from_outside_is_read_again():
    at = run_app({"ags": "05154", "date": "2018-09-06"})
    assert "Kreis Kleve" in _markdown(at)
    at.query_params["ags"] = "05358"  # e.g. a link from another page
    at.run()
    assert not at.exception
    assert "Kommunales Integrationszentrum Kreis Düren" in "\n".join(s.value for s in at.subheader)


def test_map_page_offers_the_embed_snippet_for_the_view(monkeypatch):
    monkeypatch.setenv("KI_SITE_URL", "https://example.org/ki-rollout/")
    at = run_app({"ags": "05358", "date": "2014-04-25"})
    assert any(e.label == "Einbetten" for e in at.expander)
    code = "\n".join(c.value for c in at.code)
    assert '<iframe src="https://example.org/ki-rollout/embed.html?date=2014-04-25&amp;ags=05358"' in code
    assert "height:700px" in code  # fits without the script


def test_map_page_says_plainly_when_the_site_address_is_not_set(monkeypatch):
    for value in (None, "/site/"):  # unset, or relative: it would point at the article's own host
        if value is None:
            monkeypatch.delenv("KI_SITE_URL", raising=False)
        else:
            monkeypatch.setenv("KI_SITE_URL", value)
        at = run_app({"ags": "05358", "date": "2014-04-25"})
        assert not any("<iframe" in c.value for c in at.code)
        assert any("KI_SITE_URL" in w.value for w in at.warning)


def test_map_table_is_behind_a_switch_that_the_link_keeps():
    at = run_app({"date": "2014-04-25"})
    assert not at.dataframe and not at.toggle(key="show_table").value  # not sent with every step
    at.toggle(key="show_table").set_value(True).run()
    table = at.dataframe[0].value
    assert len(table) == 54
    assert at.query_params["table"] == "1" and at.query_params["date"] == "2014-04-25"
    linked = run_app({"date": "2014-04-25", "table": "1"})  # the link reopens the view with the table
    assert linked.toggle(key="show_table").value and len(linked.dataframe[0].value) == 54
    assert "ungültigen" in run_app({"table": "x"}).warning[0].value


def test_a_rerun_carrying_the_pages_own_older_address_keeps_the_new_date():
    """The browser may ask for a rerun before it shows the address the page last wrote: that
    echo must not pull the slider back (a key press looked lost in the browser)."""
    at = run_app({"date": "2012-06-01"})
    first = at.session_state["date_idx"]
    at.select_slider(key="date_idx").set_value(first + 1).run()
    at.select_slider(key="date_idx").set_value(first + 2).run()
    assert at.query_params["date"] == "2012-07-01"
    at.query_params["date"] = "2012-06-25"  # the echo of the page's previous address
    at.select_slider(key="date_idx").set_value(first + 3).run()
    assert at.session_state["date_idx"] == first + 3 and "1. August 2012" in _markdown(at)
    at.query_params["date"] = "2018-09-06"  # an address the page never wrote: a new link
    at.run()
    assert "6. September 2018" in _markdown(at)


def test_video_panel_offers_range_and_length_and_names_an_impossible_choice():
    from datetime import date as _date

    from tests.apptest_helpers import run_page as _run  # noqa: I001

    at = _run("pages/karte.py")
    at.selectbox(key="video_seconds").set_value(30).run()
    assert any("· 30 s" in c.value for c in at.caption), "the echo names the chosen length"
    at.date_input(key="video_from").set_value(_date(2016, 1, 1)).run()
    at.date_input(key="video_to").set_value(_date(2015, 1, 1)).run()
    assert any("liegt nach" in e.value for e in at.error)  # FROM after TO: named, and no render button
    assert not [b for b in at.button if b.key == "video_make"]
