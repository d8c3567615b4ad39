"""The editor mode's gap list on the Daten page: pick a gap, fill its form (the fact and its
source), check and preview, save. Layout only: the list, the rows and the checks are
kirollout/model/gaps.py, the words kirollout/render/gap_text.py."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from kirollout import app
from kirollout.model import gaps, store
from kirollout.model.records import RecordsError
from kirollout.render import gap_text
from kirollout.render.i18n import t
from kirollout.render.markup import md_text

ENTRY = "gap_entry"    # the checked entry waiting for "Speichern" (gaps.Entry)
VALUES = "gap_values"  # gap key → the values last checked, so they survive leaving the page
KEPT = "gap_kept"      # widget key → its last value: Streamlit forgets widgets of a page left behind


def kept(key: str, default: object) -> object:
    """The value a widget had when the page was left (or `default`), to start it from again."""
    return st.session_state.get(KEPT, {}).get(key, default)


def keep(key: str, value: object) -> object:
    st.session_state.setdefault(KEPT, {})[key] = value
    return value


def _field(name: str, g: gaps.Gap, saved: dict, lang: str) -> object:
    """One form widget; its start value is what was last checked for this gap."""
    key, label = f"gap_{name}_{g.key}", gap_text.field_label(name, lang)
    if name == "role":
        roles = list(g.missing_roles) + [r for r in gaps.CONTACT_GAP_ROLES if r not in g.missing_roles]
        start = saved.get(name)
        return st.selectbox(label, roles, index=roles.index(start) if start in roles else 0, key=key,
                            format_func=lambda r: t(f"contact_{r}", lang))
    if name == "source_internal":
        return st.checkbox(label, value=bool(saved.get(name)), key=key)
    helps = {"date": "gap_date_help", "stand": "gap_date_help", "source_published": "gap_date_help"}
    return st.text_input(label, value=saved.get(name, ""), key=key,
                         help=t(helps[name], lang) if name in helps else None)


def _problems(items: list[str], lang: str) -> None:
    st.error(t("gap_problems", lang, n=len(items)) + "\n\n" + "\n".join(f"- {md_text(i)}" for i in items))


def _preview(entry: gaps.Entry, lang: str) -> None:
    st.markdown(f"**{t('gap_preview', lang)}**")
    for caption, rows in gap_text.preview_rows(entry, lang):
        st.caption(caption)
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def _save(entry: gaps.Entry, name: str, known: set[str], lang: str) -> None:
    if not name.strip():
        st.error(t("editor_need_name", lang))
        return
    try:
        saved = gaps.save_entry(entry, editor=name, known_ags=known)
    except (store.StaleVersionError, ValueError) as exc:
        st.error(md_text(exc))
    except RecordsError as exc:
        _problems([str(p) for p in exc.problems], lang)
    else:
        st.session_state.pop(ENTRY, None)
        st.session_state.get(VALUES, {}).pop(entry.gap_key, None)
        st.session_state.editor_bases = {}  # the table editor starts from the new versions
        tables = ", ".join(t(f"table_{s.table}", lang) for s in saved)
        st.session_state.editor_flash = t("gap_saved", lang, tables=tables)
        st.rerun()


def gap_editor(name: str, known: set[str], lang: str) -> None:
    """The gap list, one gap's form, its preview and the save button."""
    st.caption(t("gap_intro", lang))
    b = app.bundle(lang)
    c1, c2 = st.columns([3, 1])
    kinds = keep("gap_kinds", c1.multiselect(
        t("gap_kinds", lang), gaps.GAP_KINDS, default=kept("gap_kinds", list(gaps.GAP_KINDS)), key="gap_kinds",
        format_func=lambda k: t(f"gap_kind_{k}", lang)))
    since = keep("gap_since", c2.date_input(
        t("gap_since", lang), value=kept("gap_since", gaps.DEFAULT_SINCE), min_value=gaps.EARLIEST,
        max_value=date.today(), key="gap_since", format="DD.MM.YYYY"))
    found = [g for g in gaps.gap_list(app.facts(), since) if g.kind in kinds]
    st.caption(t("gap_count", lang, n=len(found)))
    if not found:
        st.info(t("gap_none", lang))
        return
    st.dataframe(pd.DataFrame(gap_text.gap_table(found, b.records, lang)), hide_index=True, width="stretch",
                 height=260)
    by_key = {g.key: g for g in found}
    keys = list(by_key)
    last = kept("gap_pick", None)
    pick = keep("gap_pick", st.selectbox(t("gap_pick", lang), keys, index=keys.index(last) if last in keys else 0,
                                         key="gap_pick", format_func=lambda k: gap_text.gap_title(by_key[k], lang)))
    g = by_key[pick]
    st.markdown(f"**{t('gap_known_heading', lang)}**")
    st.markdown("\n".join(f"- {md_text(line)}" for line in gap_text.known_lines(g, b.records, lang)))
    saved = st.session_state.setdefault(VALUES, {}).get(g.key, {})
    with st.form(f"gap_form_{g.key}"):
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('gap_form_fact', lang)}**")
            values = {n: _field(n, g, saved, lang) for n in gaps.FACT_FIELDS[g.kind]}
        with right:
            st.markdown(f"**{t('gap_form_source', lang)}**")
            values |= {n: _field(n, g, saved, lang) for n in gaps.SOURCE_FIELDS}
        if st.form_submit_button(t("gap_check", lang)):
            st.session_state[VALUES][g.key] = values
            st.session_state[ENTRY] = gaps.build_entry(g, values, known_ags=known)
    entry = st.session_state.get(ENTRY)
    if entry is None or entry.gap_key != g.key:
        return
    if entry.problems:
        _problems([gap_text.problem_text(p, lang) for p in entry.problems], lang)
        return
    _preview(entry, lang)
    if st.button(t("gap_save", lang), type="primary", key="gap_save"):
        _save(entry, name, known, lang)
