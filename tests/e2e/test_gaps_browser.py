"""End-to-end: an editor fills one gap of the gap list (Bochum's opening, from an internal file)
through the form; a bad entry first names its field and changes nothing; after saving, the map
counts Bochum on a day it did not before and its detail panel shows the opening and the source."""
from __future__ import annotations

import re

import tests.conftest as cf
from kirollout.model import gaps
from kirollout.model.paths import ki_data_dir
from kirollout.model.records import TABLES, read_texts

from .helpers import wait_idle
from .test_data_browser import PASSWORD, editor_app  # noqa: F401 — a separate app on a temp data copy

# the ids the next saved fact gets: one above the highest in the records (they grow with research)
_NEXT_TEXTS = read_texts(ki_data_dir())
NEXT_SRC = gaps.next_id(_NEXT_TEXTS["sources"], "sources")
NEXT_EV = gaps.next_id(_NEXT_TEXTS["events"], "events")
NEXT_CT = gaps.next_id(_NEXT_TEXTS["contacts"], "contacts")

DAY = "2013-10-01"  # after the new opening (01.09.2013), before Bochum's earliest bound (28.11.2013)
PANEL = ".st-key-detail_panel"


def _tables(d) -> dict[str, bytes]:
    return {n: (d / f"{n}.csv").read_bytes() for n in TABLES}


def _map(pg, url: str) -> tuple[str, str]:
    """The map at DAY with Bochum selected: (headline count, detail panel text)."""
    pg.goto(f"{url}/?date={DAY}&ags=05911")
    wait_idle(pg)
    pg.locator(PANEL).get_by_text("Quellen").first.wait_for(timeout=30000)
    pg.locator(".ki-count").wait_for(timeout=30000)
    wait_idle(pg)
    return pg.locator(".ki-count").inner_text(), pg.locator(PANEL).inner_text()


def _fill(pg, values: dict[str, str]) -> None:
    form = pg.locator('[data-testid="stForm"]')
    for label, value in values.items():
        form.get_by_label(label, exact=True).fill(value)


def test_editor_fills_a_gap_and_the_map_shows_it(browser, editor_app):  # noqa: F811
    url, d = editor_app
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    try:
        count_before, panel = _map(pg, url)
        assert "Eröffnung: nicht belegt" in panel
        n_before = int(re.match(r"\d+", count_before).group())

        pg.goto(url + "/daten")
        wait_idle(pg)
        pg.locator('input[type="password"]').fill(PASSWORD)
        pg.get_by_role("button", name="Anmelden").click()
        wait_idle(pg)
        pg.get_by_text("Lückenliste abarbeiten").click()
        pg.get_by_text("Was bekannt ist").first.wait_for(timeout=30000)
        wait_idle(pg)
        pick = pg.locator('[data-testid="stSelectbox"]').filter(has_text="Lücke bearbeiten")
        pick.click()
        pg.keyboard.type("Bochum (kreisfreie Stadt) – Eröffnung")
        pg.keyboard.press("Enter")
        known = pg.locator('[data-testid="stMarkdownContainer"] li')
        known.filter(has_text="arbeitet spätestens seit 28. November 2013").first.wait_for(timeout=30000)
        wait_idle(pg)

        before = _tables(d)
        fields = {"Datum": "2011", "Beschreibung (deutsch)": "KI Bochum nimmt die Arbeit auf",
                  "Beschreibung (englisch)": "KI Bochum starts work", "Quelle – Titel": "Vermerk zur Arbeitsaufnahme",
                  "Quelle – Herausgeber": "Stadt Bochum", "Quelle – Datum": "2013-09-02",
                  "Quelle – Aktenzeichen": "AZ 32-14/2013"}
        _fill(pg, fields)
        pg.get_by_text("Akte/intern (keine Internetadresse)").click()
        pg.get_by_role("button", name="Prüfen und Vorschau").click()
        err = pg.locator('[data-testid="stAlert"]').filter(has_text="liegt vor 2012")
        err.wait_for(timeout=30000)
        wait_idle(pg)
        assert "Datum: 2011 liegt vor 2012" in err.inner_text()
        assert pg.get_by_role("button", name="Speichern").count() == 0
        cf.ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(cf.ARTIFACTS / "gap-form-rejected.png"), full_page=True)
        assert _tables(d) == before

        _fill(pg, {"Datum": "2013-09-01"})
        pg.get_by_role("button", name="Prüfen und Vorschau").click()
        pg.get_by_text("Vorschau: diese Zeilen werden hinzugefügt").wait_for(timeout=30000)
        wait_idle(pg)
        pg.get_by_role("button", name="Speichern").wait_for(timeout=30000)  # its delta may come after the preview's
        assert pg.get_by_role("button", name="Speichern").count() == 1
        pg.get_by_role("button", name="Speichern").scroll_into_view_if_needed()
        pg.screenshot(path=str(cf.ARTIFACTS / "gap-form-preview.png"), full_page=True)
        assert _tables(d) == before  # nothing public changes before saving
        pg.get_by_label("Ihr Name (steht im Änderungsprotokoll)").fill("E2E Redaktion")
        pg.keyboard.press("Tab")
        wait_idle(pg)
        pg.get_by_role("button", name="Speichern").click()
        pg.get_by_text("Gespeichert (Quellen, Ereignisse, Zentren)").wait_for(timeout=30000)
        wait_idle(pg)
        assert "intern: AZ 32-14/2013" in (d / "sources.csv").read_text(encoding="utf-8")
        assert f",{NEXT_EV}," in (d / "centers.csv").read_text(encoding="utf-8")

        count_after, panel = _map(pg, url)
        assert int(re.match(r"\d+", count_after).group()) == n_before + 1
        assert f"Eröffnung: 1. September 2013 [{NEXT_SRC}]" in panel
        assert f"[{NEXT_SRC}] Vermerk zur Arbeitsaufnahme (interne Quelle: AZ 32-14/2013) – Stadt Bochum" in panel
        pg.locator(PANEL).get_by_text("interne Quelle: AZ 32-14/2013").scroll_into_view_if_needed()
        pg.screenshot(path=str(cf.ARTIFACTS / "gap-map-after.png"))
    finally:
        ctx.close()
