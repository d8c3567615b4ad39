"""End-to-end in Debian's headless Chromium: the Zeitleiste and Förderung pages (plotly, offline)."""
from __future__ import annotations

import csv
import io
from datetime import date

import tests.conftest as cf
from kirollout.model import funding
from kirollout.model.rollout import openings
from kirollout.render.i18n import format_eur

from .helpers import wait_idle


def _open(page, path: str, charts: int) -> None:
    """Load a page and wait until its plotly charts are drawn and Streamlit is idle."""
    page.goto(page.base_url + "/" + path)
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
                           timeout=60000)
    wait_idle(page)


def test_timeline_chart_offline_and_click_selects_district(page):
    _open(page, "zeitleiste", 2)
    assert page.locator(".js-plotly-plot").count() == 2
    assert "von 54 Zentren bestehen" in page.locator(".ki-timeline-headline").inner_text()
    # the step chart has its two lines and the milestone markers
    first = page.locator(".js-plotly-plot").first
    assert first.locator(".scatterlayer .trace").count() >= 3
    cf.ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(cf.ARTIFACTS / "zeitleiste.png"))
    # click Kleve's dot (the last day-precise opening) in the per-district chart
    rows = page.locator(".js-plotly-plot").nth(1)
    rows.scroll_into_view_if_needed()
    dot = rows.locator(".scatterlayer .trace .points path").last
    box = dot.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**ags=05154**", timeout=30000)
    link = page.get_by_role("link", name="In der Karte zeigen")
    link.wait_for(timeout=30000)
    assert "Kommunales Integrationszentrum Kreis Kleve" in page.locator(".st-key-timeline_selection").inner_text()
    # the link opens the map with the same district selected (shared URL state)
    link.click()
    panel = page.locator(".st-key-detail_panel")
    # the panel's box arrives before its text: wait for the text itself
    panel.get_by_text("Kommunales Integrationszentrum Kreis Kleve", exact=True).wait_for(timeout=60000)
    assert "ags=05154" in page.url
    assert page.external_requests == [], page.external_requests


def test_funding_hover_and_csv_download(page, records):
    _open(page, "foerderung", 3)
    # hover the first bar of the per-district chart: district name and amount in the label
    last = date.today().year - 1
    modelled = funding.model_series(records, openings(records), last)
    top = funding.by_district(modelled).iloc[0]
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    bar = chart.locator(".barlayer .point path").first
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(".hoverlayer .hovertext").first
    label.wait_for(timeout=10000)
    text = label.text_content()
    assert top["kreis_name"] in text
    assert format_eur(top["integration_staff"]) in text

    # the CSV holds exactly the rows of the table shown
    grid = page.locator('[data-testid="stDataFrame"] table[role="grid"]').last  # the long table comes last
    grid.wait_for(state="attached", timeout=30000)
    shown_rows = int(grid.get_attribute("aria-rowcount")) - 1
    with page.expect_download() as dl:
        page.get_by_role("button", name="Tabelle als CSV herunterladen").click()
    d = dl.value
    assert d.suggested_filename == f"ki-foerderung-modelliert_{date.today().isoformat()}.csv"
    rows = list(csv.DictReader(io.StringIO(open(d.path(), encoding="utf-8-sig").read())))
    assert len(rows) == shown_rows == len(modelled) + len(funding.sourced(records))
    first_shown = grid.locator("tr").nth(1).inner_text()
    assert rows[0]["Kreis / Stadt"] in first_shown and rows[0]["Jahr"] in first_shown
    assert {r["Grundlage"] for r in rows} == {"modelliert", "belegt"}
    viersen = [r for r in rows if r["Grundlage"] == "belegt" and r["Kreis / Stadt"] == "Viersen"]
    assert [float(r["Betrag (EUR)"]) for r in viersen] == [120000.0]
    assert page.external_requests == [], page.external_requests
