"""Funding page: modelled series from the standard rates and sourced amounts, always kept apart."""
from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from kirollout import app
from kirollout.model import funding, geodata, rollout
from kirollout.render import charts, funding_text
from kirollout.render.i18n import format_day, format_eur, format_number, t

lang = app.page_start()

st.title(t("funding_heading", lang))
st.markdown(t("funding_intro", lang))

b = app.bundle_or_stop(lang)
try:
    rate_list = funding.rates(b.records)
except ValueError as exc:  # e.g. two overlapping rates for one programme
    st.error(t("data_error", lang) + f"\n\n- {html.escape(str(exc))}")
    st.stop()

rec, ops = b.records, b.ops
last_full_year = date.today().year - 1
years = list(range(funding.FIRST_YEAR, last_full_year + 1))
first, last = st.select_slider(t("funding_years", lang), options=years, value=(years[0], years[-1]), key="fund_years")

modelled = funding.in_years(funding.model_series(rec, ops, last, rate_list), first, last)
programs = list(dict.fromkeys(r.program for r in rate_list))
sourced = funding.sourced(rec)
sourced_shown = sourced[(sourced["year"] == "") | sourced.index.isin(funding.in_years(sourced, first, last).index)]
missing = funding.not_modelled(rec, ops)
n_model = rollout.TOTAL_CENTERS - len(missing)


def caption_modelled() -> None:
    text = html.escape(t("caption_modelled", lang, years=f"{first}–{last}", rates="\x00"))
    st.caption(text.replace("\x00", funding_text.rates_html(rec, lang)), unsafe_allow_html=True)


c1, c2, c3 = st.columns(3)
# the modelled sum never stands alone: its coverage in the label, the sourced statewide figures below
c1.metric(t("funding_metric_modelled", lang, a=first, b=last, n=n_model, total=rollout.TOTAL_CENTERS),
          format_eur(modelled["amount_eur"].sum(), lang), help=t("funding_metric_modelled_help", lang))
c2.metric(t("funding_metric_centers", lang),
          t("funding_metric_centers_value", lang, n=n_model, total=rollout.TOTAL_CENTERS))
c3.metric(t("funding_metric_sourced", lang), format_number(len(sourced), lang))
st.markdown(f"**{t('funding_statewide_sourced', lang)}**\n\n" + "\n".join(
    f"- {html.escape(line)}" for line in funding_text.statewide_lines(rec, lang)))

# ---- per district, stacked by program ----
st.subheader(t("funding_by_district", lang))
districts = funding.by_district(modelled)
fig = charts.funding_district_chart(districts, programs, lang)
st.plotly_chart(fig, key="chart_district", config=charts.slide_ready(
    fig, t("funding_by_district", lang), b.edition, lang, "foerderung-kreise", b.edition.datenstand))
caption_modelled()

# ---- per inhabitant ----
st.subheader(t("funding_per_inhabitant", lang))
refs = {"2022-05-15": t("funding_ref_2022", lang), "2018-12-31": t("funding_ref_2018", lang)}
ref = st.radio(t("funding_reference_date", lang), list(refs), format_func=refs.get, horizontal=True, key="fund_ref")
population = funding.population_served(geodata.load_population(reference_date=ref))
per_head = funding.per_inhabitant(districts, population)
fig = charts.funding_district_chart(per_head, programs, lang, per_inhabitant=True)
st.plotly_chart(fig, key="chart_per_inhabitant", config=charts.slide_ready(
    fig, t("funding_per_inhabitant", lang), b.edition, lang, "foerderung-je-einwohner", b.edition.datenstand))
caption_modelled()
st.caption(t("caption_population", lang, date=refs[ref], attribution=b.meta["population"]["attribution"]))

# ---- statewide per year ----
st.subheader(t("funding_per_year", lang))
fig = charts.funding_year_chart(funding.per_year(modelled), programs, lang)
st.plotly_chart(fig, key="chart_year", config=charts.slide_ready(
    fig, t("funding_per_year", lang), b.edition, lang, "foerderung-jahre", b.edition.datenstand))
caption_modelled()

# ---- sourced figures, shown as they are ----
st.subheader(t("funding_statewide", lang))
state_rows = [funding_text.amount_line_html(r, rec, lang) for _, r in funding.statewide(rec).iterrows()]
st.markdown("<ul class='ki-statewide'>" + "".join(state_rows) + "</ul>", unsafe_allow_html=True)
st.caption(t("caption_sourced", lang))

st.subheader(t("funding_compare_heading", lang))
comparison = funding.statewide_comparison(rec, ops, last_full_year, rate_list)
st.dataframe(funding_text.comparison_display(comparison, lang), hide_index=True, width="stretch", key="funding_compare")
st.caption(t("caption_compare", lang) + " " + t("caption_sources", lang) + ": " + "; ".join(
    f"[{html.escape(i)}] {funding_text.source_html(rec.source(i), lang)}"
    for i in dict.fromkeys(comparison["source_id"])),
    unsafe_allow_html=True)
caption_modelled()

st.subheader(t("funding_sourced_heading", lang))
src_rows = [funding_text.amount_line_html(r, rec, lang, district=r["kreis_name"]) for _, r in sourced.iterrows()]
st.markdown("<ul class='ki-sourced'>" + "".join(src_rows) + "</ul>", unsafe_allow_html=True)
st.caption(t("caption_sourced", lang))

st.markdown(f"##### {t('funding_not_modelled', lang, n=len(missing))}")
st.markdown("<ul class='ki-not-modelled' style='columns:3;font-size:0.9rem'>" + "".join(
    f"<li>{html.escape(r['kreis_name'])}: {html.escape(t('not_documented', lang))}"
    + (f" ({html.escape(t('rows_open_by', lang, date=format_day(r['open_by'], lang, 'short')))})"
       if pd.notna(r["open_by"]) else "")
    + "</li>" for _, r in missing.iterrows()) + "</ul>",
    unsafe_allow_html=True)

# ---- the table (exactly the rows of the CSV) ----
st.subheader(t("funding_table_heading", lang))
table = funding.funding_table(modelled, sourced_shown, lang)
cols = {"basis": "col_basis", "kreis_name": "col_kreis", "ags": "col_ags", "year": "col_year",
        "program": "col_program", "months": "col_months", "amount_eur": "col_amount",
        "approximate": "col_approximate", "label": "col_label", "source_ids": "col_source"}
out = table.assign(
    basis=table["basis"].map({funding.MODELLED: t("basis_modelled", lang), funding.SOURCED: t("basis_sourced", lang)}),
    program=table["program"].map(lambda p: charts.program_label(p, lang)),
    year=table["year"].replace("", t("no_year", lang)),
    approximate=table["approximate"].map(lambda a: t("funding_yes", lang) if a else ""),
).rename(columns={k: t(v, lang) for k, v in cols.items()})
shown = out.assign(**{t("col_amount", lang): out[t("col_amount", lang)].map(lambda v: format_eur(v, lang))})
st.dataframe(shown, hide_index=True, width="stretch", key="funding_table")
st.download_button(t("funding_download", lang), data=out.to_csv(index=False).encode("utf-8-sig"),
                   file_name=f"ki-foerderung-modelliert_{date.today().isoformat()}.csv", mime="text/csv",
                   key="funding_download")
caption_modelled()
st.caption(t("caption_sourced", lang))
