"""AppTest: the Kreisprofil and Besuchshistorie pages as a user sees them."""
from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from kirollout.model.records import load_records
from kirollout.model.rollout import openings
from kirollout.render.details import rank_text
from kirollout.render.i18n import t
from kirollout.render.visits import not_visited_since
from tests.apptest_helpers import ROOT, run_page  # noqa: E402


def _md(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_profile_from_share_link_shows_briefing():
    at = run_page("pages/kreisprofil.py", {"ags": "05358"})
    assert at.selectbox[0].value == "05358"
    md = _md(at)
    assert "Düren · Kreis · AGS 05358" in md
    assert "Februar 2013 (nur Monat belegt)" in md
    records = load_records()
    rank, _ = rank_text(openings(records), "ki-05358")
    assert rank in md and rank.startswith("zwischen dem")
    assert "**Träger / Amt:**" in md and "(Stand 30.06.2022)" in md  # the newest sourced office, with its Stand
    assert "das-juelicht.de/rundherum/artikel/12056.php" in md
    events = at.table[-1].value
    assert "Dr. Wilhelm Schäffer" in " ".join(events["Person"])
    assert any("Geobasis NRW" in c.value for c in at.caption)
    # Düren is documented as working, so the standard rates show, labelled as modelled
    assert any(c.value.startswith("Modelliert:") for c in at.caption)


def test_profile_selection_writes_the_url_and_funding_is_labelled():
    at = run_page("pages/kreisprofil.py")
    assert any("Bitte einen Kreis" in i.value for i in at.info)
    at.selectbox[0].set_value("05166").run()
    assert not at.exception
    assert at.query_params["ags"] == ["05166"] or at.query_params["ags"] == "05166"
    fund = at.table[0].value
    kinds = set(fund["Art der Angabe"])
    assert kinds == {"belegt", "modelliert"}
    assert "ca. 120.000\xa0€" in set(fund[t("col_amount")])


def test_profile_bad_ags_warns():
    at = run_page("pages/kreisprofil.py", {"ags": "<script>"})
    assert at.warning and "ungültigen" in at.warning[0].value


def test_profile_english():
    at = run_page("pages/kreisprofil.py", {"ags": "05962", "lang": "en"})
    md = _md(at)
    assert "Märkischer Kreis" in md and "Opening" in md


def test_visits_page_table_and_since_filter():
    at = run_page("pages/besuche.py")
    table = at.dataframe[0].value
    assert len(table) == 54
    row = table[table["Kreis / Stadt"] == "Heinsberg"].iloc[0]
    assert row["Letzter belegter Besuch"] == "09.08.2017" and "Güler" in row["Person"]
    n = len(not_visited_since(load_records(), date(2017, 1, 1)))
    assert f"{n} von 54" in _md(at)
    at.date_input(key="visits_since").set_value(date(2018, 1, 1)).run()
    md = _md(at)
    assert "seit 01.01.2018" in md
    missing = at.dataframe[1].value
    assert "Heinsberg" in set(missing["Kreis / Stadt"])
    dueren = missing[missing["Kreis / Stadt"] == "Düren"].iloc[0]
    assert dueren["davon ohne Datum"] == "unbekannt (1 ohne Datum)"
    assert any("ohne Datum gelten als unbekannt" in c.value for c in at.caption)


def test_map_detail_links_to_profile():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["ags"] = "05358"
    at.run()
    assert not at.exception
    links = at.get("page_link")
    assert links, "no link to the profile"
    assert "Kreisprofil" in links[0].proto.label
    assert links[0].proto.page == "kreisprofil" and links[0].proto.query_string == "ags=05358"


def test_cached_pdf_loader_builds_the_briefing():
    import io

    from pypdf import PdfReader

    from kirollout import app

    data = app.briefing_pdf("ki-05962", "de", date(2026, 11, 25))
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert "Märkischer Kreis" in reader.pages[0].extract_text()
