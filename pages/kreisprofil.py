"""Kreisprofil: the briefing for one district on screen, and as a PDF to download (one page, or two with long lists)."""
from __future__ import annotations

import html
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from kirollout import app
from kirollout.render import briefing
from kirollout.render.details import district_label
from kirollout.render.i18n import format_eur, t

lang = app.page_start()

st.title(t("profile_heading", lang))

b = app.bundle_or_stop(lang)

rec, ops = b.records, b.ops
centers = rec.centers.set_index("ags")
known_ags = set(centers.index)
options = [""] + sorted(known_ags, key=lambda a: centers.loc[a, "kreis_name"])

# ---- the URL's ags selects the district (on arrival and whenever the link changes) ----
qp_ags = st.query_params.get("ags", "")
if qp_ags != st.session_state.get("_profile_qp"):
    st.session_state._profile_qp = qp_ags
    if qp_ags in known_ags:
        st.session_state.profile_ags = qp_ags
    elif qp_ags:
        st.warning(t("notice_bad_param", lang, names="ags"), icon="⚠️")

st.selectbox(t("search_label", lang), options, key="profile_ags",
             format_func=lambda a: district_label(centers.loc[a, "kreis_name"], centers.loc[a, "kind"], lang)
             if a else t("search_placeholder", lang))
sel = st.session_state.profile_ags

qp = {"ags": sel} if sel else {}
if lang != "de":
    qp["lang"] = lang
if dict(st.query_params) != qp and (sel or qp_ags in known_ags):
    st.session_state._profile_qp = sel
    st.query_params.from_dict(qp)

if not sel:
    st.info(t("profile_pick", lang))
    st.stop()

today = date.today()
bf = briefing.briefing_data(rec, ops, centers.loc[sel, "center_id"], meta=b.meta,
                            population=app.population(), lang=lang, today=today)
d = bf.detail
e = html.escape

# the PDF is built (and cached) only when the button is clicked
st.download_button(t("briefing_download", lang), data=partial(app.briefing_pdf, d.center_id, lang, today),
                   file_name=briefing.pdf_file_name(d.ags, d.kreis_name, today), mime="application/pdf",
                   icon=":material/download:", type="primary", key="pdf_download", on_click="ignore")

facts_col, map_col = st.columns([3, 1], gap="medium")
with facts_col:
    st.subheader(d.name)
    rows = [(t("tt_kreis", lang), f"{d.kreis_name} · {d.kind} · AGS {d.ags}"), *briefing.fact_rows(bf)]
    st.markdown("\n".join(f"- **{e(k)}:** {e(v)}" for k, v in rows))
    if d.opening_choice_note:
        st.caption(f"{t('detail_choice', lang)}: {d.opening_choice_note}")
with map_col:
    st.image(app.locator_png(d.ags, bf.fill_color), caption=t("briefing_locator_alt", lang), width=220,
             alt=t("briefing_locator_alt", lang))

st.markdown(f"#### {t('briefing_funding', lang)}")
lines = bf.funding + bf.modelled
if not bf.funding:
    st.markdown(e(t("briefing_funding_none", lang)))
if lines:
    fund_col, chart_col = st.columns([3, 2], gap="medium")
    fund_col.table(pd.DataFrame([{
        t("col_year", lang): (t("briefing_per_year", lang) if x.modelled else (x.year or t("briefing_no_year", lang))),
        t("col_amount", lang): (f"{t('briefing_approx', lang)} " if x.approximate else "") + format_eur(x.amount, lang),
        t("col_program", lang): x.label,
        t("col_kind", lang): t("briefing_funding_modelled" if x.modelled else "briefing_funding_sourced", lang),
        t("col_source", lang): x.source_id,
    } for x in lines]), hide_index=True, border="horizontal")
    chart = briefing.funding_png(lines, lang)
    if chart:
        chart_col.image(chart, width="stretch", alt=t("briefing_chart_title", lang))
st.caption(bf.modelled_note)

st.markdown(f"#### {t('detail_events', lang)}")
if d.events:
    st.table(pd.DataFrame([{
        t("col_date", lang): ev.date_text, t("col_type", lang): t("type_" + ev.type, lang),
        t("col_what", lang): ev.label, t("col_person", lang): ev.person or "–", t("col_source", lang): ev.source_id,
    } for ev in d.events]), hide_index=True, border="horizontal")
else:
    st.markdown(e(t("briefing_no_events", lang)))

st.markdown(f"#### {t('detail_sources', lang)}")
items = []
for s in bf.sources:
    title = e(s.title)
    link = (f'<a href="{e(s.url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a> '
            f'<span style="font-size:0.8rem">{e(s.url)}</span>'
            if s.url.startswith(("http://", "https://"))
            else f"{title} ({e(t('internal_source', lang, ref=s.internal) if s.internal else t('no_url', lang))})")
    items.append(f"<li>{e(s.cite)} {link} – {e(s.publisher)}, {e(s.published)}</li>")
st.markdown("<ul>" + "".join(items) + "</ul>" if items else e(t("not_documented", lang)), unsafe_allow_html=True)

st.caption(f"{bf.data_date} · {bf.attribution} · {bf.population_attribution}")
