"""End-to-end: the public Daten & Quellen page has no editing controls; an editor uploads a bad
file and sees the message (separate app instance with a password and a temporary data copy)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tests.conftest as cf
from kirollout.model.records import TABLES

from .helpers import wait_idle

CORPUS = cf.ROOT / "tests" / "corpus" / "uploads"
PASSWORD = "e2e-geheim"


@pytest.fixture(scope="module")
def editor_app(tmp_path_factory):
    d = tmp_path_factory.mktemp("ki") / "ki_data"
    d.mkdir()
    for name in TABLES:
        shutil.copy2(cf.ROOT / "ki_data" / f"{name}.csv", d / f"{name}.csv")
    proc, url = cf.start_app(env_extra={"KI_EDITOR_PASSWORD": PASSWORD, "KI_DATA_DIR": str(d)},
                             log_name="streamlit-editor.log")
    yield url, d
    cf.stop_app(proc, "streamlit-editor.log")


def _tables(d: Path) -> dict[str, bytes]:
    return {n: (d / f"{n}.csv").read_bytes() for n in TABLES}


def test_public_data_page_has_no_editing_controls(page):
    page.goto(page.base_url + "/daten")
    wait_idle(page)
    page.get_by_role("heading", name="Daten & Quellen").first.wait_for(timeout=30000)
    page.get_by_text("Angaben ohne Quelle").first.wait_for(timeout=30000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30000)
    # the last element of the public page: everything above it has been rendered
    page.get_by_text("CSV in UTF-8 mit Komma").first.wait_for(timeout=30000)
    wait_idle(page)
    assert page.get_by_role("button", name="Alle Tabellen (Excel)").count() == 1
    assert page.locator('input[type="password"]').count() == 0
    assert page.locator('input[type="file"]').count() == 0
    assert page.get_by_role("button", name="Übernehmen").count() == 0
    assert page.get_by_role("button", name="Anmelden").count() == 0
    assert page.get_by_text("Bearbeiten (Redaktion)").count() == 0
    assert page.external_requests == []


def test_editor_uploads_bad_file_and_sees_message(browser, editor_app):
    url, d = editor_app
    before = _tables(d)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    try:
        pg.goto(url + "/daten")
        wait_idle(pg)
        pw = pg.locator('input[type="password"]')
        pw.wait_for(timeout=30000)
        pw.fill(PASSWORD)
        pg.get_by_role("button", name="Anmelden").click()
        wait_idle(pg)
        upload = pg.locator('input[type="file"]')
        upload.wait_for(state="attached", timeout=30000)
        upload.set_input_files(str(CORPUS / "centers_unknown_ags.csv"))
        msg = pg.get_by_text("05999 ist kein Kreis in NRW")
        msg.first.wait_for(timeout=30000)
        wait_idle(pg)
        text = pg.locator('[data-testid="stAlert"]').filter(has_text="05999").first.inner_text()
        assert "centers_unknown_ags.csv, Zeile 56, Spalte ags: 05999 ist kein Kreis in NRW" in text
        assert "nichts wurde gespeichert" in text
        assert pg.get_by_role("button", name="Übernehmen").is_disabled()
        cf.ARTIFACTS.mkdir(exist_ok=True)
        pg.locator('[data-testid="stAlert"]').filter(has_text="05999").first.scroll_into_view_if_needed()
        pg.screenshot(path=str(cf.ARTIFACTS / "data-editor-rejected.png"))
        assert _tables(d) == before
        assert not (d / "history" / "centers").exists()

        # a good file: preview, name, Übernehmen → saved, previous version in the history
        good = d.parent / "centers_neu.csv"
        good.write_text(before["centers"].decode("utf-8").replace(
            "Kommunales Integrationszentrum Düsseldorf", "KI Düsseldorf <b>neu</b>", 1), encoding="utf-8")
        pg.locator('input[type="file"]').set_input_files(str(good))
        pg.get_by_text("Vorschau: 0 neu, 1 geändert, 0 entfernt").wait_for(timeout=30000)
        pg.get_by_label("Ihr Name (steht im Änderungsprotokoll)").fill("E2E Redaktion")
        pg.keyboard.press("Tab")
        wait_idle(pg)
        pg.get_by_role("button", name="Übernehmen").click()
        pg.get_by_text("Gespeichert. Der vorige Stand liegt im Verlauf.").wait_for(timeout=30000)
        wait_idle(pg)
        assert "KI Düsseldorf <b>neu</b>" in (d / "centers.csv").read_text(encoding="utf-8")
        [old] = list((d / "history" / "centers").glob("*_E2E-Redaktion.csv"))
        assert old.read_bytes() == before["centers"]
        pg.get_by_text("Stand vor der Änderung von E2E Redaktion").wait_for(timeout=30000)
    finally:
        ctx.close()
