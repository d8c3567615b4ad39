"""AppTest: the gap list in the Daten page's editor mode — list, form, preview, save, bad entry."""
from __future__ import annotations

from kirollout.model import gaps
from kirollout.model.paths import ki_data_dir
from kirollout.model.records import TABLES, read_texts
from tests.test_pages_data import data_page, ki  # noqa: F401 — the temp data copy fixture

# the ids the next saved fact gets: one above the highest in the records (they grow with research)
_NEXT_TEXTS = read_texts(ki_data_dir())
NEXT_SRC = gaps.next_id(_NEXT_TEXTS["sources"], "sources")
NEXT_EV = gaps.next_id(_NEXT_TEXTS["events"], "events")
NEXT_CT = gaps.next_id(_NEXT_TEXTS["contacts"], "contacts")

PW = "pw"
BOCHUM = "Bochum (kreisfreie Stadt) – Eröffnung nicht belegt"


def _editor(monkeypatch, lang: str = "de"):
    monkeypatch.setenv("KI_EDITOR_PASSWORD", PW)
    at = data_page({"lang": lang} if lang != "de" else None)
    at.text_input(key="editor_pw").input(PW)
    at.button[[b.label for b in at.button].index("Anmelden" if lang == "de" else "Log in")].click().run()
    at.radio(key="editor_task").set_value("gaps").run()
    assert not at.exception, at.exception
    return at


def _fill(at, key: str, values: dict) -> None:
    for name, value in values.items():
        if name == "source_internal":
            at.checkbox(key=f"gap_{name}_{key}").set_value(value)
        else:
            at.text_input(key=f"gap_{name}_{key}").input(value)


def _submit(at, label: str = "Prüfen und Vorschau"):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


GOOD = {"date": "2013-09-01", "label_de": "KI Bochum nimmt die Arbeit auf", "label_en": "KI Bochum starts work",
        "source_title": "Vermerk zur Arbeitsaufnahme", "source_publisher": "Stadt Bochum",
        "source_published": "2013-09", "source_url": "https://www.bochum.de/ki-start"}


def _tables(d):
    return {n: (d / f"{n}.csv").read_bytes() for n in TABLES}


def test_gap_list_form_preview_and_save(ki, monkeypatch):  # noqa: F811 — the fixture
    at = _editor(monkeypatch)
    assert any(c.value.endswith("Lücken") for c in at.caption)
    table = at.dataframe[-1].value
    assert {"Kreis / Stadt", "Lücke", "Was bekannt ist", "Recherchiert bis"} <= set(table.columns)
    assert "Bochum (kreisfreie Stadt)" in set(table["Kreis / Stadt"])
    # only one kind, and the Bochum opening gap
    at.multiselect(key="gap_kinds").set_value(["opening"]).run()
    assert set(at.dataframe[-1].value["Lücke"]) == {"Eröffnung nicht belegt"}
    at.selectbox(key="gap_pick").set_value("opening:ki-05911").run()
    assert BOCHUM in at.selectbox(key="gap_pick").options
    assert any("arbeitet spätestens seit 28. November 2013" in m.value for m in at.markdown)
    before = _tables(ki)

    _fill(at, "opening:ki-05911", {**GOOD, "source_title": ""})
    _submit(at)
    assert any("Quelle – Titel: darf nicht leer sein" in e.value for e in at.error)
    assert not [b for b in at.button if b.label == "Speichern"]
    assert _tables(ki) == before

    _fill(at, "opening:ki-05911", GOOD)
    _submit(at)
    assert not at.error, [e.value for e in at.error]
    assert any("diese Zeilen werden hinzugefügt" in m.value for m in at.markdown)
    frames = [d.value for d in at.dataframe]
    assert any(NEXT_SRC in set(f.get("source_id", [])) and "title" in f.columns for f in frames)
    assert any(list(f.get("event_id", [])) == [NEXT_EV] for f in frames)
    assert any(list(f.get("neu", [])) == [NEXT_EV] and list(f["Spalte"]) == ["opening_event_id"] for f in frames)
    assert _tables(ki) == before  # nothing public changes before saving

    next(b for b in at.button if b.label == "Speichern").click().run()
    assert any("Bitte zuerst Ihren Namen" in e.value for e in at.error)
    assert _tables(ki) == before
    at.text_input(key="editor_name").input("Anna Redaktion").run()
    next(b for b in at.button if b.label == "Speichern").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Gespeichert (Quellen, Ereignisse, Zentren)") for s in at.success), [
        s.value for s in at.success]
    assert NEXT_EV in (ki / "centers.csv").read_text(encoding="utf-8")
    assert BOCHUM not in at.selectbox(key="gap_pick").options  # the gap is closed
    assert at.selectbox(key="gap_pick").options  # the others are still there
    assert len(list((ki / "history" / "sources").glob("*_Anna-Redaktion.csv"))) == 1


def test_internal_source_and_what_was_typed_survives(ki, monkeypatch):  # noqa: F811
    at = _editor(monkeypatch)
    at.multiselect(key="gap_kinds").set_value(["opening"]).run()
    at.selectbox(key="gap_pick").set_value("opening:ki-05911").run()
    _fill(at, "opening:ki-05911", {**GOOD, "source_url": "", "source_internal": True, "source_file_ref": ""})
    _submit(at)
    assert any("Quelle – Aktenzeichen: darf nicht leer sein" in e.value for e in at.error)
    # leave the gap and come back: the values checked last are still in the form
    at.selectbox(key="gap_pick").set_value("opening:ki-05314").run()
    assert at.selectbox(key="gap_pick").value == "opening:ki-05314"
    assert not at.error  # the other gap's form is empty and unchecked
    at.selectbox(key="gap_pick").set_value("opening:ki-05911").run()
    assert at.text_input(key="gap_source_title_opening:ki-05911").value == GOOD["source_title"]
    # leave the page for the map and come back: task, gap and the checked values are kept
    at.switch_page("pages/karte.py").run()
    at.switch_page("pages/daten.py").run()
    assert not at.exception, at.exception
    assert at.radio(key="editor_task").value == "gaps"
    assert at.selectbox(key="gap_pick").value == "opening:ki-05911"
    assert at.text_input(key="gap_label_de_opening:ki-05911").value == GOOD["label_de"]
    at.text_input(key="gap_source_file_ref_opening:ki-05911").input("AZ 32-14/2013")
    _submit(at)
    assert not at.error, [e.value for e in at.error]
    assert any(list(f.get("note", [])) == ["intern: AZ 32-14/2013"] for f in (d.value for d in at.dataframe))


def test_english_labels(ki, monkeypatch):  # noqa: F811
    at = _editor(monkeypatch, "en")
    assert "District / city" in at.dataframe[-1].value.columns
    assert at.radio(key="editor_task").options == ["Edit a table", "Work through the gap list"]
    assert any(b.label == "Check and preview" for b in at.button)
