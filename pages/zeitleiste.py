"""Timeline page: open centers over time (band for uncertain dates), milestones, one row per district."""
from __future__ import annotations

import html

import streamlit as st

from kirollout import app
from kirollout.model import deductions, rollout
from kirollout.render import charts, share, wording
from kirollout.render.funding_text import source_html
from kirollout.render.i18n import format_day, t

lang = app.page_start()

st.title(t("timeline_heading", lang))

b = app.bundle_or_stop(lang)

rec, ops = b.records, b.ops
centers = rec.centers.set_index("ags")
known_ags = set(centers.index)
view = share.parse_view(dict(st.query_params), known_ags=known_ags, first=b.stops[0], last=b.stops[-1])
if view.notices:
    st.warning(t("notice_bad_param", lang, names=", ".join(view.notices)), icon="⚠️")

# ---- cumulative step chart with milestones ----
series = charts.count_series(rec, ops)
rows = charts.district_rows(rec, ops, lang)
last = series.iloc[-1]
headline = t("timeline_headline", lang, exist=int(last["exist"]), open=int(last["open"]), total=rollout.TOTAL_CENTERS,
             date=format_day(last["date"], lang), undocumented=len(rows.undocumented),
             working=int(rows.undocumented["open_by"].notna().sum()))
st.markdown(f'<div class="ki-timeline-headline" style="font-size:1.2rem">{html.escape(headline)}</div>',
            unsafe_allow_html=True)
ms = charts.milestone_rows(rec, ops, lang)
fig = charts.rollout_chart(series, ms, lang)
st.plotly_chart(fig, key="rollout_chart", config=charts.slide_ready(
    fig, t("timeline_heading", lang), b.edition, lang, "zeitleiste", last["date"]))
st.caption(t("timeline_caption", lang))

st.markdown(f"#### {t('milestones_heading', lang)}")
head = "".join(f"<th>{html.escape(t(k, lang))}</th>" for k in
               ("ms_table_date", "ms_table_label", "ms_table_count", "ms_table_ours", "ms_table_source"))
body = []
for _, m in ms.iterrows():
    count = str(int(m["count"])) if m["count"] is not None and m["count"] == m["count"] else "–"
    body.append(f"<tr><td>{html.escape(m['date_text'])}</td><td>{html.escape(m['label'])}</td>"
                f"<td style='text-align:right'>{count}</td>"
                f"<td style='text-align:right'>{m['ours_exist']} + {m['ours_uncertain']}</td>"
                f"<td>{source_html(rec.source(m['source_id']), lang)}</td></tr>")
st.markdown(f"<table class='ki-milestones' style='font-size:0.9rem'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>", unsafe_allow_html=True)

# ---- the state's own figures beside the map's (issue 13) ----
st.markdown(f"#### {t('abgleich_heading', lang)}")
st.caption(t("abgleich_intro", lang))
st.markdown(wording.reconciliation_html(rec, ops, lang), unsafe_allow_html=True)
for c in deductions.contradictions(rec, ops):
    st.warning(wording.contradiction_text(c, rec, lang) + " [" + " ".join(c.source_ids) + "]", icon="⚠️")

# ---- one row per district; a click selects the district (shared URL state with the map) ----
st.markdown(f"#### {t('rows_heading', lang)}")
selected = view.ags
fig_rows = charts.district_chart(rows.documented, lang, selected)
event = st.plotly_chart(fig_rows, key="district_rows", on_select="rerun", selection_mode="points",
                        config=charts.slide_ready(fig_rows, t("rows_heading", lang), b.edition, lang,
                                                  "zeitleiste-kreise", last["date"]))
points = (event or {}).get("selection", {}).get("points", []) if event else []
if points:
    cd = points[0].get("customdata")
    clicked = cd[0] if isinstance(cd, (list, tuple)) and cd else cd
    if clicked in known_ags and clicked != selected:
        selected = clicked
        st.query_params["ags"] = clicked
        st.session_state["selected_ags"] = clicked  # the map page keeps its selection here
        st.rerun()
st.caption(t("rows_caption", lang))

if selected:
    with st.container(border=True, key="timeline_selection"):
        st.markdown(t("rows_selected", lang, name=centers.loc[selected, "name"]))
        qp = {"ags": selected} | ({"lang": lang} if lang != "de" else {})
        st.page_link("pages/karte.py", label=t("rows_to_map", lang), icon="🗺️", query_params=qp)

undoc = rows.undocumented
st.markdown(f"##### {t('rows_undocumented', lang, n=len(undoc))}")
items = []
for _, u in undoc.iterrows():
    extra = f" – {html.escape(t('rows_open_by', lang, date=u['open_by_text']))} ({html.escape(u['source_title'])})" \
        if u["open_by_text"] else ""
    items.append(f"<li>{html.escape(u['kreis_name'])}: {html.escape(t('not_documented', lang))}{extra}</li>")
st.markdown(f"<ul class='ki-undocumented' style='columns:2;font-size:0.9rem'>{''.join(items)}</ul>",
            unsafe_allow_html=True)
