"""Besuchshistorie: last documented visit per district, and districts without a visit since a date."""
from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from kirollout import app, rollout
from kirollout.i18n import format_day, t
from kirollout.visits import not_visited_since, visit_summaries

lang = app.page_start()

st.title(t("visits_heading", lang))
st.caption(t("visits_intro", lang))

b = app.bundle_or_stop(lang)

rec = b.records
url_col = t("col_url", lang)


def _table(rows) -> pd.DataFrame:
    return pd.DataFrame([{
        t("col_kreis", lang): s.kreis_name,
        t("detail_kind", lang): s.kind,
        t("col_last_visit", lang): s.last_date_text,
        t("col_person", lang): s.last_person or "–",
        t("col_visits", lang): s.visits,
        t("col_undated", lang): s.undated,
        t("col_source", lang): (f"[{s.last_source_id}] {s.last_source_title}" if s.last_source_id else "–"),
        url_col: s.last_source_url if s.last_source_url.startswith(("http://", "https://")) else "",
    } for s in rows])


summaries = visit_summaries(rec, lang)
st.dataframe(_table(summaries), hide_index=True, key="visits_table",
             column_config={url_col: st.column_config.LinkColumn(url_col)})

st.markdown(f"#### {t('visits_since_label', lang)}")
since = st.date_input(t("visits_since_label", lang), value=date(2017, 1, 1), min_value=date(2012, 1, 1),
                      max_value=date.today(), format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD",
                      key="visits_since")
missing = not_visited_since(rec, since, lang)
result = t("visits_since_result", lang, n=len(missing), total=rollout.TOTAL_CENTERS,
           date=format_day(since, lang, "short"))
st.markdown(f'<div data-testid="ki-visits-result" style="font-size:1.1rem;font-weight:600">'
            f'{html.escape(result)}'
            f'</div>', unsafe_allow_html=True)
st.caption(t("visits_since_note", lang, date=format_day(since, lang, "short")))
if missing:
    df = _table(missing)
    df[t("col_undated", lang)] = [t("visits_unknown_flag", lang, n=s.undated) if s.undated else "–" for s in missing]
    st.dataframe(df, hide_index=True, key="visits_missing",
                 column_config={url_col: st.column_config.LinkColumn(url_col)})
