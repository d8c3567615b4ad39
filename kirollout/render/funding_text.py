"""The funding figures in words and markup: the comparison table, amounts and rates as HTML lines,
the sourced statewide figures (kirollout/model/funding.py computes them; this module only renders)."""
from __future__ import annotations

import html

import pandas as pd

from ..model.funding import BASIS_FULL, BASIS_YEAR, rate_sources, rates, statewide
from ..model.records import Records, internal_ref
from .i18n import format_day, format_decimal, format_eur, format_partial_date, t


def comparison_display(comp: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """The comparison as a table with translated headers and formatted amounts (for the page)."""
    from .charts import program_label

    def basis_text(r) -> str:
        if r["basis"] == BASIS_YEAR:
            return t("compare_basis_year", lang, year=r["year"], n=r["model_centers"])
        if r["basis"] == BASIS_FULL:
            return t("compare_basis_full", lang, n=r["model_centers"], date=format_day(r["basis_date"], lang, "short"))
        return t("compare_basis_none", lang)

    def eur(v: float) -> str:
        return "–" if pd.isna(v) else format_eur(v, lang)

    return pd.DataFrame({
        t("col_label", lang): comp["label_de" if lang == "de" else "label_en"],
        t("col_year", lang): comp["year"].replace("", t("no_year", lang)),
        t("col_program", lang): comp["program"].map(lambda p: program_label(p, lang)),
        t("col_sourced", lang): [eur(v) + (t("rate_approx", lang) if a else "")
                                 for v, a in zip(comp["sourced_eur"], comp["approximate"])],
        t("col_model", lang): comp["model_eur"].map(eur),
        t("col_compare_basis", lang): comp.apply(basis_text, axis=1),
        t("col_diff", lang): comp["diff_eur"].map(eur),
        t("col_ratio", lang): comp["ratio"].map(lambda v: "–" if pd.isna(v) else format_decimal(v, "0.00", lang)),
        t("col_source", lang): comp["source_id"],
    })



def source_html(source: dict, lang: str = "de") -> str:
    """One source as escaped HTML: linked title (http(s) only), publisher, publication date."""
    from .details import source_link_html

    parts = [source_link_html(source.get("title", ""), source.get("url", ""), lang, internal_ref(source))]
    if source.get("publisher"):
        parts.append(html.escape(source["publisher"]))
    if source.get("published"):
        parts.append(html.escape(format_partial_date(source["published"], source["published_precision"], lang)))
    return ", ".join(parts)


def amount_line_html(row, records, lang: str = "de", district: str | None = None) -> str:
    """One sourced amount as an escaped HTML list item: amount, year, programme, what for, source."""
    from .charts import program_label

    head = f"<b>{html.escape(district)}</b>: " if district else ""
    amount = html.escape(format_eur(row["amount_eur"], lang))
    if not district:
        amount = f"<b>{amount}</b>"
    return (f"<li>{head}{amount}"
            f"{html.escape(t('rate_approx', lang)) if row['approximate'] else ''}"
            f" · {html.escape(row['year'] or t('no_year', lang))}"
            f" · {html.escape(program_label(row['program'], lang))}: "
            f"{html.escape(row['label_de'] if lang == 'de' else row['label_en'])}"
            f" – {source_html(records.source(row['source_id']), lang)}</li>")


def rates_html(records: Records, lang: str = "de") -> str:
    """Every rate with amount, validity and its source, as escaped HTML for a caption."""
    lines = []
    for r in rates(records):
        label = records.funding_rates.loc[records.funding_rates["rate_id"] == r.rate_id,
                                          "label_de" if lang == "de" else "label_en"].iloc[0]
        amount = (t("rate_cap", lang) if r.cap else "") + format_eur(r.amount_eur_per_year, lang)
        if r.basis == "post":
            amount = t("rate_per_post", lang, amount=amount) + (
                t("rate_posts", lang, n=format_decimal(r.posts, "#,##0.#", lang)) if r.posts is not None
                else t("rate_posts_open", lang))
        if r.applies_to:
            amount += t("rate_only", lang, kind=r.applies_to)
        line = t("rate_line", lang, label=label, amount=amount,
                 approx=t("rate_approx", lang) if r.approximate else "",
                 valid_from=format_day(r.valid_from, lang, "short"),
                 valid_to=t("rate_valid_to", lang, date=format_day(r.valid_to, lang, "short")) if r.valid_to else "")
        lines.append(f"{html.escape(line)} [{html.escape(r.source_id)}]")
    srcs = [f"[{html.escape(s['source_id'])}] {source_html(s, lang)}" for s in rate_sources(records)]
    return "; ".join(lines) + ". " + html.escape(t("caption_sources", lang)) + ": " + "; ".join(srcs)


def statewide_lines(records: Records, lang: str = "de") -> list[str]:
    """The sourced statewide figures as text ("ca. 13.000.000 € (2016) – KommAn-NRW … [src-804]"),
    shown beside any modelled sum so the model is never read as the actual funding."""
    out = []
    for _, f in statewide(records).iterrows():
        approx = t("col_approximate", lang) + " " if f["approximate"] else ""
        amount = approx + format_eur(float(f["amount_eur"]), lang)
        year = f" ({f['year']})" if f["year"] else ""
        out.append(f"{amount}{year} – {f['label_de' if lang == 'de' else 'label_en']} [{f['source_id']}]")
    return out
