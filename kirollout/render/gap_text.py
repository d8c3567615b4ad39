"""The gap list (kirollout/model/gaps.py) in words: what each gap is, what is known around it, and the
form's problems naming their field. Plain text out; the page escapes."""
from __future__ import annotations

from ..model.gaps import Entry, FieldProblem, Gap
from ..model.records import Records
from .details import district_label
from .i18n import format_day, format_event_date, format_partial_date, t
from .wording import bound_text


def gap_title(g: Gap, lang: str = "de") -> str:
    """"Düren (Kreis) – Eröffnung nicht belegt": the gap's line in the picker."""
    return f"{district_label(g.kreis_name, g.district_kind, lang)} – {t('gap_kind_' + g.kind, lang)}"


def known_lines(g: Gap, records: Records, lang: str = "de") -> list[str]:
    """What the records say around the gap: the opening's year, the deduced bounds, the last
    visit, the missing contact roles, and how far research went for this topic."""
    lines = []
    if g.kind == "opening_year" and g.opening is not None:
        lines.append(t("gap_known_opening", lang, date=format_event_date(g.opening.as_row(), lang),
                       source=g.opening.source_id))
    if g.kind in ("opening", "opening_year"):
        lines += [t("gap_known_bound", lang, text=bound_text(b, records, lang), sources=" ".join(b.source_ids))
                  for b in g.bounds] or [t("gap_known_no_bound", lang)]
    if g.kind == "visit":
        v = g.last_visit
        lines.append(t("gap_known_visit", lang, date=format_event_date(v.as_row(), lang),
                       person=v.person or t("not_documented", lang), source=v.source_id) if v
                     else t("gap_known_no_visit", lang))
    if g.kind == "contact":
        lines.append(t("gap_known_roles", lang, roles=", ".join(t(f"contact_{r}", lang) for r in g.missing_roles)))
    lines.append(t("gap_known_research", lang, date=format_day(g.researched, lang, "short")) if g.researched
                 else t("gap_known_no_research", lang))
    return lines


def field_label(name: str, lang: str = "de") -> str:
    return t(f"gap_f_{name}", lang)


def problem_text(p: FieldProblem, lang: str = "de") -> str:
    """"Quelle – Titel: darf nicht leer sein": the field first, then what is wrong."""
    return f"{field_label(p.field, lang)}: {t(p.key, lang, **dict(p.params))}"


def preview_rows(entry: Entry, lang: str = "de") -> list[tuple[str, list[dict]]]:
    """(caption, rows) to show before saving: the rows added per table, and the centre's changed cells."""
    out = [(t(f"table_{table}", lang), rows) for table, rows in entry.rows.items()]
    if entry.changed:
        out.append((t("gap_preview_centers", lang),
                    [{t("diff_column", lang): c, t("diff_old", lang): old, t("diff_new", lang): new}
                     for c, (old, new) in entry.changed.items()]))
    return out


def gap_table(gaps: list[Gap], records: Records, lang: str = "de") -> list[dict]:
    """The gap list as table rows (district, gap, what is known, researched up to)."""
    return [{t("gap_col_district", lang): district_label(g.kreis_name, g.district_kind, lang),
             t("gap_col_gap", lang): t("gap_kind_" + g.kind, lang),
             t("gap_col_known", lang): " · ".join(known_lines(g, records, lang)[:-1]),
             t("gap_col_research", lang): format_day(g.researched, lang, "short") if g.researched
             else t("not_documented", lang)} for g in gaps]


def date_hint(text: str, lang: str = "de") -> str:
    """How a typed date will be read ("März 2013 (Monat)"), or "" when it is not a date."""
    from ..model.dates import DateError, precision_of

    p = precision_of(text.strip())
    if not p:
        return ""
    try:
        return f"{format_partial_date(text.strip(), p, lang)} ({t('precision_' + p, lang)})"
    except DateError:
        return ""
