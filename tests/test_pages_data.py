"""AppTest: the Daten & Quellen page, public (no editing controls) and in editor mode."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kirollout.model import store
from kirollout.model.records import TABLES
from tests.corpus.make_uploads import valid_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ki(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "ki_data"
    d.mkdir()
    for name in TABLES:
        shutil.copy2(ROOT / "ki_data" / f"{name}.csv", d / f"{name}.csv")
    monkeypatch.setenv("KI_DATA_DIR", str(d))
    return d


def data_page(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/daten.py")
    at.run()
    assert not at.exception, at.exception
    return at


def is_password(ti) -> bool:
    return ti.proto.type == ti.proto.PASSWORD


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_public_view_has_tables_quality_and_no_editing(monkeypatch, records):
    monkeypatch.delenv("KI_EDITOR_PASSWORD", raising=False)
    at = data_page()
    assert at.title[0].value == "Daten & Quellen"
    assert metric(at, "Angaben ohne Quelle") == "0"
    total = sum(int(metric(at, k)) for k in ("Eröffnung auf den Tag genau", "auf den Monat genau",
                                             "auf das Jahr genau", "Eröffnung nicht belegt"))
    assert total == 54
    assert len(at.dataframe) == len(TABLES)  # every table, one tab each
    assert len(at.dataframe[0].value) == 54
    assert "research_note" not in at.dataframe[1].value.columns
    # no editing controls of any kind
    assert at.text_input and not [ti for ti in at.text_input if is_password(ti)]
    assert not at.get("file_uploader") and len(at.dataframe) == len(TABLES)
    assert not [b for b in at.button if b.label in ("Übernehmen", "Wiederherstellen", "Anmelden")]
    assert not [s for s in at.subheader if "Bearbeiten" in s.value]


def test_text_filter_narrows_the_table(monkeypatch):
    monkeypatch.delenv("KI_EDITOR_PASSWORD", raising=False)
    at = data_page()
    at.text_input(key="filter_centers").input("Kleve").run()
    assert any(c.value.startswith("1 von 54") for c in at.caption)
    assert list(at.dataframe[0].value["ags"]) == ["05154"]


def test_english_labels(monkeypatch):
    monkeypatch.delenv("KI_EDITOR_PASSWORD", raising=False)
    at = data_page({"lang": "en"})
    assert at.title[0].value == "Data and sources"
    assert metric(at, "Facts without a source") == "0"


def test_editor_needs_the_right_password(ki, monkeypatch):
    monkeypatch.setenv("KI_EDITOR_PASSWORD", "richtig-geheim")
    at = data_page()
    pw = at.text_input(key="editor_pw")
    assert is_password(pw)
    pw.input("falsch")
    at.button[[b.label for b in at.button].index("Anmelden")].click().run()
    assert any("falsch" in e.value for e in at.error)
    assert not at.get("file_uploader")
    at.text_input(key="editor_pw").input("richtig-geheim")
    at.button[[b.label for b in at.button].index("Anmelden")].click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="editor_table").value == "centers"
    assert at.radio(key="editor_mode").value == "upload"
    assert at.get("file_uploader")
    assert any("Noch keine früheren Stände" in c.value for c in at.caption)
    at.radio(key="editor_mode").set_value("edit").run()
    assert not at.exception, at.exception
    assert len(at.dataframe) == len(TABLES) + 1  # every table and the editable grid
    assert not [b for b in at.button if b.label == "Übernehmen"]  # nothing changed yet


def test_editor_history_lists_saves_and_restores(ki, monkeypatch, districts):
    monkeypatch.setenv("KI_EDITOR_PASSWORD", "pw")
    known = set(districts["ags"])
    original = (ki / "sources.csv").read_bytes()
    text = original.decode().replace("(Listenseite)", "(Liste)", 1)
    store.save_table("sources", text, base_hash=store.version_hash("sources", ki), editor="Anna", directory=ki,
                     known_ags=known)
    at = data_page()
    at.text_input(key="editor_pw").input("pw")
    at.button[[b.label for b in at.button].index("Anmelden")].click().run()
    at.selectbox(key="editor_table").set_value("sources").run()
    assert any("Stand vor der Änderung von Anna" in m.value for m in at.markdown)
    restore = [b for b in at.button if b.label == "Wiederherstellen"]
    assert len(restore) == 1
    restore[0].click().run()
    assert any("Bitte zuerst Ihren Namen" in e.value for e in at.error)  # a name is required
    assert "(Liste)" in (ki / "sources.csv").read_text(encoding="utf-8")
    at.text_input(key="editor_name").input("Ben").run()
    [b for b in at.button if b.label == "Wiederherstellen"][0].click().run()
    assert not at.exception, at.exception
    assert (ki / "sources.csv").read_bytes() == original
    assert any("Wiederhergestellt" in s.value for s in at.success)


def test_html_name_shows_as_text(ki, monkeypatch, districts):
    monkeypatch.delenv("KI_EDITOR_PASSWORD", raising=False)
    data = valid_files(ROOT / "ki_data")["centers_html_in_name.csv"]
    c = store.check_upload("centers", "c.csv", data, directory=ki, known_ags=set(districts["ags"]))
    store.save_table("centers", c.text, base_hash=c.base_hash, editor="T", directory=ki)
    at = data_page()
    names = list(at.dataframe[0].value["name"])
    assert names[0].startswith('<script>alert("x")</script>')  # a text cell, shown as typed
    assert not any("<script" in m.value for m in at.markdown)


def test_broken_file_on_disk_serves_last_good_with_warning(ki, monkeypatch):
    monkeypatch.delenv("KI_EDITOR_PASSWORD", raising=False)
    store.load_with_fallback(ki)  # a successful load leaves the last good copy
    (ki / "events.csv").write_text((ki / "events.csv").read_text(encoding="utf-8").replace(",day,", ",tag,", 1),
                                   encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert at.warning, ([e.value for e in at.error], [m.value[:80] for m in at.markdown][:5])
    warning = at.warning[0].value
    assert "letzte geprüfte Stand" in warning and "events.csv, Zeile 2, Spalte date" in warning
    assert any("von 54" in m.value for m in at.markdown)  # the map still works
    at.switch_page("pages/daten.py").run()
    assert not at.exception, at.exception
    assert any("1 Problem(e)" in w.value and "letzten geprüften Stand" in w.value for w in at.warning)
    assert len(at.dataframe[1].value) == len((ki / ".last_good" / "events.csv").read_text().splitlines()) - 1
