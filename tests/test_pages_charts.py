"""AppTest: the Zeitleiste and Förderung pages render and show their headline figures."""
from datetime import date

from kirollout.model import funding
from kirollout.model.rollout import openings
from kirollout.render import charts
from kirollout.render.i18n import format_day, format_eur
from tests.apptest_helpers import run_page  # noqa: E402


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_timeline_page_headline_and_lists(records):
    at = run_page("pages/zeitleiste.py")
    ops = openings(records)
    s = charts.count_series(records, ops)
    rows = charts.district_rows(records, ops)
    md = _text(at)
    assert at.title[0].value.startswith("Zeitleiste")
    assert (f"{int(s.iloc[-1]['exist'])} von 54 Zentren bestehen" in md
            and f"{int(s.iloc[-1]['open'])} davon mit belegtem Start" in md)
    assert f"Eröffnungsdatum nicht belegt ({len(rows.undocumented)})" in md
    assert "Düsseldorf: nicht belegt" in md
    # the milestone table sets the press-release count beside ours
    assert "49 Zentren arbeiten schon" in md and "Zahl laut Quelle" in md
    assert len(at.get("plotly_chart")) == 2


def test_timeline_selected_district_from_url_links_to_map():
    at = run_page("pages/zeitleiste.py", {"ags": "05154"})
    md = _text(at)
    assert "Ausgewählt: Kommunales Integrationszentrum Kreis Kleve" in md
    links = at.get("page_link")
    assert links and "Karte" in links[0].proto.label
    assert "ags=05154" in links[0].proto.query_string or "05154" in str(links[0].proto)


def test_timeline_bad_ags_falls_back_with_notice():
    at = run_page("pages/zeitleiste.py", {"ags": "<script>"})
    assert at.warning and "ungültigen" in at.warning[0].value
    assert "Ausgewählt" not in _text(at)


def test_funding_page_headline_numbers(records):
    at = run_page("pages/foerderung.py")
    ops = openings(records)
    last = date.today().year - 1
    m = funding.model_series(records, ops, last)
    metrics = {x.label: x.value for x in at.metric}
    missing = funding.not_modelled(records, ops)
    n = 54 - len(missing)
    # the modelled sum never stands bare: "modelliert", its coverage, and the sourced figures beside it
    label = f"modelliert 2012–{last}, für {n} von 54 Zentren mit belegtem Start"
    assert metrics[label] == format_eur(m["amount_eur"].sum())
    assert metrics["Zentren im Modell"] == f"{n} von 54"
    md = _text(at)
    assert "Belegte Landeszahlen" in md and "[src-006]" in md
    assert format_eur(9830000) in md and format_eur(7050000) in md   # statewide totals as such
    assert "Viersen</b>: " + format_eur(120000) in md               # sourced per-center amount
    # a centre without a documented opening: no modelled amount, its working-by day instead
    cid = next(c for c in missing["center_id"] if ops[c].open_by)
    name, day = records.center(cid)["kreis_name"], format_day(ops[cid].open_by, "de", "short")
    assert f"{name}: nicht belegt (arbeitet belegt am {day})" in md
    caps = [c.value for c in at.caption]
    assert sum("modelliert aus den Regelsätzen" in c for c in caps) >= 3
    assert any(c.startswith("belegt") for c in caps)
    assert any("src-005" in c and "Ein starkes Signal für Integration" in c for c in caps)
    assert any("15.05.2022" in c for c in caps)
    df = at.dataframe[-1].value  # the long table comes last, after the comparison
    assert len(df) == len(m) + len(funding.sourced(records))
    assert len(at.get("plotly_chart")) == 3


def test_funding_page_year_range_and_reference_date(records):
    at = run_page("pages/foerderung.py")
    at.select_slider(key="fund_years").set_value((2014, 2014)).run()
    at.radio(key="fund_ref").set_value("2018-12-31").run()
    assert not at.exception
    m = funding.in_years(funding.model_series(records, openings(records), 2014), 2014, 2014)
    metrics = {x.label: x.value for x in at.metric}
    n = 54 - len(funding.not_modelled(records, openings(records)))
    label = f"modelliert 2014–2014, für {n} von 54 Zentren mit belegtem Start"
    assert metrics[label] == format_eur(m["amount_eur"].sum())
    assert any("31.12.2018" in c.value for c in at.caption)


def test_funding_page_english():
    at = run_page("pages/foerderung.py", {"lang": "en"})
    assert at.title[0].value.startswith("Funding")
    assert any("modelled from the standard rates" in c.value for c in at.caption)


def test_funding_page_sets_the_model_beside_each_statewide_figure(records):
    at = run_page("pages/foerderung.py")
    comp = at.dataframe[0].value
    assert len(comp) == len(funding.statewide(records))
    row = comp[comp["belegt"] == format_eur(9830000)].iloc[0]
    assert row["modelliert"] == format_eur(9180000) and row["Differenz"] == format_eur(-650000)
    assert row["Verhältnis"] == "0,93" and "alle 54 Zentren, Sätze vom 25.06.2012" in row["Vergleichsgrundlage"]
    komm_an = comp[comp["Programm"] == "KOMM-AN NRW"]
    assert (komm_an["modelliert"] == "–").all() and komm_an["Vergleichsgrundlage"].str.contains("kein").all()
    assert any(c.value.startswith("Je belegte landesweite Zahl") and "[src-804]" in c.value for c in at.caption)
    en = run_page("pages/foerderung.py", {"lang": "en"}).dataframe[0].value
    assert {"sourced", "modelled", "Compared with", "Difference", "Ratio"} <= set(en.columns)
