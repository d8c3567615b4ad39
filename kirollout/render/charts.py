"""Plotly figures for the timeline and funding pages (plain functions, no Streamlit).

Colours come from palette.py, numbers and dates from the i18n helpers; hover texts are
pre-formatted and HTML-escaped here because Plotly renders a subset of HTML in hover labels.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
from babel.numbers import format_currency

from ..model.dates import parse_period
from ..model.records import Records
from ..model.rollout import Opening, counts_at, milestones, timeline_dates
from . import palette
from .i18n import LOCALES, T, credit_line, edition_line, format_day, format_eur, format_partial_date, t

SEPARATORS = {"de": ",.", "en": ".,"}
FONT = dict(family="Source Sans Pro, sans-serif", size=13)
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def _layout(fig: go.Figure, lang: str, **kw) -> go.Figure:
    fig.update_layout(separators=SEPARATORS.get(lang, ",."), font=FONT, hoverlabel=dict(font_size=13),
                      margin=dict(l=10, r=10, t=30, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0), **kw)
    return fig


def slide_ready(fig: go.Figure, title: str, edition, lang: str, name: str, day: date) -> dict:
    """Title, Datenstand and credit inside the figure, so a saved PNG stands alone on a slide, and
    the download named for what and when (`ki-rollout-zeitleiste_2018-09-06.png`); returns the
    config for st.plotly_chart."""
    fig.update_layout(title=dict(text=_esc(title), x=0, xanchor="left", font=dict(size=16)),
                      margin=dict(t=70, b=max(fig.layout.margin.b or 0, 20) + 40))
    fig.add_annotation(text=_esc(f"{edition_line(edition, lang)} · {credit_line(edition, lang)}"), xref="paper",
                       yref="paper", x=0, y=0, yshift=-(fig.layout.margin.b - 12), xanchor="left", yanchor="top",
                       showarrow=False, font=dict(size=10, color="#333333"), align="left")
    return {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "scale": 2,
                                                      "filename": f"ki-rollout-{name}_{day.isoformat()}"}}


# ---------------------------------------------------------------- rollout over time

def change_dates(ops: dict[str, Opening], start: date, end: date) -> list[date]:
    """Every day on which some center's state can change, plus the ends of the range."""
    days = {start, end}
    for o in ops.values():
        if o.period is not None:
            days.update({o.period.start, o.period.end})
        if o.open_by is not None:
            days.add(o.open_by)
        if o.counted_by is not None:
            days.add(o.counted_by.day)
    return sorted(d for d in days if start <= d <= end)


def count_series(records: Records, ops: dict[str, Opening], end: date | None = None) -> pd.DataFrame:
    """Counts from rollout.counts_at at every slider stop and change day.

    Columns: date, exist (the headline: open + counted), open (documented start or working),
    counted (by the state's count), uncertain, possible (exist + uncertain), undocumented."""
    stops = timeline_dates(records)
    end = end or stops[-1]
    days = sorted(set(stops) | set(change_dates(ops, stops[0], end)))
    rows = []
    for d in days:
        c = counts_at(ops, d)
        rows.append({"date": d, "exist": c.exist, "open": c.open, "counted": c.counted, "uncertain": c.uncertain,
                     "possible": c.exist + c.uncertain, "undocumented": c.undocumented})
    return pd.DataFrame(rows)


def milestone_rows(records: Records, ops: dict[str, Opening], lang: str = "de") -> pd.DataFrame:
    """Dated statewide milestones with the source's count (may be empty) beside our own counts."""
    rows = []
    for _, m in milestones(records).iterrows():
        if not m["date"]:
            continue
        p = parse_period(m["date"], m["precision"])
        c = counts_at(ops, p.end)
        src = records.source(m["source_id"])
        rows.append({
            "event_id": m["event_id"], "date": p.start,
            "date_text": format_partial_date(m["date"], m["precision"], lang),
            "label": m["label_de"] if lang == "de" else m["label_en"],
            "count": None if pd.isna(m["count"]) else int(m["count"]),
            "ours_exist": c.exist, "ours_open": c.open, "ours_uncertain": c.uncertain,
            "source_id": m["source_id"], "source_title": src.get("title", ""), "source_url": src.get("url", ""),
        })
    return pd.DataFrame(rows, columns=["event_id", "date", "date_text", "label", "count", "ours_exist", "ours_open",
                                       "ours_uncertain", "source_id", "source_title", "source_url"])


def rollout_chart(series: pd.DataFrame, ms: pd.DataFrame, lang: str = "de") -> go.Figure:
    """Step chart: centres that surely exist (line; the map's headline), those documented by their
    own records (thin line below it), possibly existing (band above), milestones as markers."""
    x = [d.isoformat() for d in series["date"]]
    fig = go.Figure()
    hover_open = [t("chart_hover_counts", lang, date=format_day(d, lang, "short"), open=o, possible=p, own=w)
                  for d, o, p, w in zip(series["date"], series["exist"], series["possible"], series["open"])]
    fig.add_trace(go.Scatter(x=x, y=series["open"], name=t("chart_own_records", lang), mode="lines",
                             line=dict(shape="hv", color=palette.OUTLINE, width=1),
                             hovertext=hover_open, hoverinfo="text"))
    fig.add_trace(go.Scatter(x=x, y=series["exist"], name=t("chart_surely_open", lang), mode="lines",
                             line=dict(shape="hv", color=palette.YEAR_COLORS[2013], width=2.5),
                             hovertext=hover_open, hoverinfo="text"))
    fig.add_trace(go.Scatter(x=x, y=series["possible"], name=t("chart_possibly_open", lang), mode="lines",
                             line=dict(shape="hv", color=palette.YEAR_COLORS[2013], width=1, dash="dot"),
                             fill="tonexty", fillcolor="rgba(68, 57, 131, 0.18)",
                             hovertext=hover_open, hoverinfo="text"))
    fig.add_hline(y=54, line=dict(color=palette.OUTLINE, width=1, dash="dash"),
                  annotation_text=t("chart_all_54", lang), annotation_position="top left")
    if len(ms):
        counted = ms[ms["count"].notna()]
        uncounted = ms[ms["count"].isna()]

        def _hover(r) -> str:
            src = _esc(r["source_title"])
            line = f"<b>{_esc(r['date_text'])}</b><br>{_esc(r['label'])}<br>"
            if pd.notna(r["count"]):
                line += _esc(t("chart_ms_source_count", lang, n=int(r["count"]))) + "<br>"
            line += _esc(t("milestone_ours", lang, exist=r["ours_exist"], uncertain=r["ours_uncertain"]))
            return line + f"<br>{_esc(t('tt_source', lang))}: {src}"

        if len(counted):
            fig.add_trace(go.Scatter(
                x=[d.isoformat() for d in counted["date"]], y=counted["count"].astype(int),
                mode="markers+text", name=t("chart_ms_counted", lang),
                marker=dict(symbol="diamond", size=12, color=palette.SELECTED_OUTLINE,
                            line=dict(color="white", width=1)),
                text=[str(int(c)) for c in counted["count"]], textposition="top center",
                hovertext=[_hover(r) for _, r in counted.iterrows()], hoverinfo="text"))
        if len(uncounted):
            fig.add_trace(go.Scatter(
                x=[d.isoformat() for d in uncounted["date"]], y=[0] * len(uncounted),
                mode="markers", name=t("chart_ms_uncounted", lang),
                marker=dict(symbol="triangle-up", size=12, color=palette.OUTLINE),
                hovertext=[_hover(r) for _, r in uncounted.iterrows()], hoverinfo="text"))
        for d in ms["date"]:
            fig.add_vline(x=d.isoformat(), line=dict(color="#bbbbbb", width=1, dash="dot"))
    fig.update_xaxes(type="date", tickformat="%Y", dtick="M12", showgrid=True, gridcolor="#eeeeee")
    fig.update_yaxes(range=[0, 58], title=t("chart_centers_axis", lang), gridcolor="#eeeeee")
    return _layout(fig, lang, height=420, hovermode="closest")


# ---------------------------------------------------------------- one row per district

@dataclass
class DistrictRows:
    documented: pd.DataFrame     # one row per center with a documented opening, in opening order
    undocumented: pd.DataFrame   # the others (with an open_by date where documented)


def district_rows(records: Records, ops: dict[str, Opening], lang: str = "de") -> DistrictRows:
    """Rows for the per-district chart: opening period, its text at the source's precision, source."""
    centers = records.centers.set_index("center_id")
    ev = records.events.set_index("event_id")
    doc, undoc = [], []
    for cid, op in ops.items():
        c = centers.loc[cid]
        if op.period is None:
            src = records.source(op.open_by_source_id) if op.open_by_source_id else {}
            undoc.append({"center_id": cid, "ags": c["ags"], "kreis_name": c["kreis_name"],
                          "open_by": op.open_by,
                          "open_by_text": format_day(op.open_by, lang, "short") if op.open_by else "",
                          "source_title": src.get("title", "")})
            continue
        e = ev.loc[op.event_id]
        src = records.source(op.source_id)
        doc.append({
            "center_id": cid, "ags": c["ags"], "kreis_name": c["kreis_name"], "name": c["name"],
            "start": op.period.start, "end": op.period.end, "precision": op.period.precision,
            "date_text": format_partial_date(e["date"], e["precision"], lang, style="long"),
            "year": op.period.start.year, "source_id": op.source_id,
            "source_title": src.get("title", ""), "source_url": src.get("url", ""),
        })
    d = pd.DataFrame(doc, columns=["center_id", "ags", "kreis_name", "name", "start", "end", "precision",
                                   "date_text", "year", "source_id", "source_title", "source_url"])
    d = d.sort_values(["start", "end", "kreis_name"]).reset_index(drop=True)
    u = pd.DataFrame(undoc, columns=["center_id", "ags", "kreis_name", "open_by", "open_by_text", "source_title"])
    return DistrictRows(d, u.sort_values("kreis_name").reset_index(drop=True))


def district_chart(rows: pd.DataFrame, lang: str = "de", selected_ags: str | None = None) -> go.Figure:
    """Dots (day precision) and range bars (month/year) per district, first opening at the top.

    Every mark carries its AGS as customdata, so a click (Streamlit selection) names the district.
    """
    fig = go.Figure()
    labels = list(rows["kreis_name"])

    def _hover(r) -> str:
        return (f"<b>{_esc(r['kreis_name'])}</b><br>{_esc(t('tt_opening', lang))}: {_esc(r['date_text'])}"
                f"<br>{_esc(t('tt_source', lang))}: {_esc(r['source_title'])}")

    ranges = rows[rows["precision"] != "day"]
    if len(ranges):
        fig.add_trace(go.Bar(
            y=ranges["kreis_name"], orientation="h",
            base=[d.isoformat() for d in ranges["start"]],
            x=[((e + timedelta(days=1)) - s).days * 86_400_000 for s, e in zip(ranges["start"], ranges["end"])],
            marker=dict(color=[palette.year_color(y) for y in ranges["year"]], opacity=0.55,
                        line=dict(color=[palette.SELECTED_OUTLINE if a == selected_ags else palette.OUTLINE
                                         for a in ranges["ags"]],
                                  width=[3 if a == selected_ags else 1 for a in ranges["ags"]])),
            name=t("chart_range_precise", lang), customdata=ranges[["ags"]].to_numpy(),
            hovertext=[_hover(r) for _, r in ranges.iterrows()], hoverinfo="text", width=0.6,
        ))
    days = rows[rows["precision"] == "day"]
    if len(days):
        fig.add_trace(go.Scatter(
            y=days["kreis_name"], x=[d.isoformat() for d in days["start"]], mode="markers",
            marker=dict(size=[15 if a == selected_ags else 11 for a in days["ags"]],
                        color=[palette.year_color(y) for y in days["year"]],
                        line=dict(color=[palette.SELECTED_OUTLINE if a == selected_ags else "white"
                                         for a in days["ags"]],
                                  width=[3 if a == selected_ags else 1 for a in days["ags"]])),
            name=t("chart_day_precise", lang), customdata=days[["ags"]].to_numpy(),
            hovertext=[_hover(r) for _, r in days.iterrows()], hoverinfo="text",
        ))
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], type="category", automargin=True)
    fig.update_xaxes(type="date", tickformat="%Y", dtick="M12", showgrid=True, gridcolor="#eeeeee")
    return _layout(fig, lang, height=max(300, 22 * len(rows) + 90), barmode="overlay",
                   hovermode="closest", clickmode="event+select", dragmode=False)


# ---------------------------------------------------------------- funding

def program_label(program: str, lang: str = "de") -> str:
    key = f"program_{program}"
    return t(key, lang) if key in T else program


def program_color(program: str) -> str:
    return palette.PROGRAM_COLORS.get(program, palette.PROGRAM_COLORS["other"])


def funding_district_chart(table: pd.DataFrame, programs: list[str], lang: str = "de",
                           per_inhabitant: bool = False) -> go.Figure:
    """Horizontal bars per district, stacked by program, largest on top.

    `table` is funding.by_district (EUR) or funding.per_inhabitant (then each program's share
    of the EUR per inhabitant is drawn). Hover: district, program, amount.
    """
    fig = go.Figure()
    order = list(table["kreis_name"])
    for prog in programs:
        if prog not in table:
            continue
        vals = table[prog] / table["population"] if per_inhabitant else table[prog]
        texts = [format_eur_precise(v, lang) if per_inhabitant else format_eur(v, lang) for v in vals]
        hover = [f"<b>{_esc(k)}</b><br>{_esc(program_label(prog, lang))}: {_esc(tx)}"
                 for k, tx in zip(table["kreis_name"], texts)]
        fig.add_trace(go.Bar(y=table["kreis_name"], x=vals, orientation="h", name=program_label(prog, lang),
                             marker_color=program_color(prog), hovertext=hover, hoverinfo="text",
                             customdata=table[["ags"]].to_numpy()))
    totals = table["eur_per_inhabitant"] if per_inhabitant else table["total"]
    fig.add_trace(go.Scatter(
        y=table["kreis_name"], x=totals, mode="text", showlegend=False, hoverinfo="skip",
        text=[" " + (format_eur_precise(v, lang) if per_inhabitant else format_eur(v, lang)) for v in totals],
        textposition="middle right", textfont=dict(size=11)))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], type="category", automargin=True)
    fig.update_xaxes(title=t("chart_eur_per_inhabitant" if per_inhabitant else "chart_eur", lang),
                     tickformat=",.2f" if per_inhabitant else ",.0f", gridcolor="#eeeeee",
                     range=[0, float(totals.max() or 1) * 1.18])
    return _layout(fig, lang, barmode="stack", height=max(300, 20 * len(table) + 110), hovermode="closest")


def funding_year_chart(years: pd.DataFrame, programs: list[str], lang: str = "de") -> go.Figure:
    """Statewide modelled EUR per year, stacked by program, with the number of centers in the hover."""
    fig = go.Figure()
    for prog in programs:
        if prog not in years:
            continue
        hover = [f"<b>{y}</b><br>{_esc(program_label(prog, lang))}: {_esc(format_eur(v, lang))}"
                 f"<br>{_esc(t('chart_centers_modelled', lang, n=n))}"
                 for y, v, n in zip(years["year"], years[prog], years["centers"])]
        fig.add_trace(go.Bar(x=years["year"].astype(str), y=years[prog], name=program_label(prog, lang),
                             marker_color=program_color(prog), hovertext=hover, hoverinfo="text"))
    fig.update_yaxes(title=t("chart_eur", lang), tickformat=",.0f", gridcolor="#eeeeee")
    fig.update_xaxes(type="category", title=t("chart_year", lang))
    return _layout(fig, lang, barmode="stack", height=380, hovermode="closest")


def format_eur_precise(amount: float, lang: str = "de") -> str:
    """EUR with two decimals (per-inhabitant amounts), German or English style."""
    return format_currency(amount, "EUR", locale=LOCALES.get(lang, "de_DE"),
                           format="#,##0.00\u00a0¤" if lang == "de" else "¤#,##0.00", currency_digits=False)
