"""Daten & Quellen: the record tables, how complete they are, downloads; editor mode behind a password."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from functools import partial

import pandas as pd
import streamlit as st

from kirollout import app
from kirollout.model import rollout, store
from kirollout.model.paths import ki_data_dir
from kirollout.model.records import RecordsError
from kirollout.render import exports, quality
from kirollout.render.i18n import format_day, t
from views.gap_editor import gap_editor, keep, kept

lang = app.page_start()
ORDER = ("centers", "events", "sources", "contacts", "research_log", "funding", "funding_rates")
TASKS = ("tables", "gaps")  # the editor's two jobs: change a table, or fill the gap list
HIDDEN = ("row", "research_note")  # internal row number; research notes are not shown in the UI


from kirollout.render.details import md_text as _md  # noqa: E402


def _when(ts: datetime | str | None) -> str:
    if ts is None:
        return t("not_documented", lang)
    if isinstance(ts, str):
        ts = datetime.fromisoformat(ts)
    ts = ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)
    return f"{format_day(ts.date(), lang, 'short')} {ts.strftime('%H:%M')} UTC"


def _problems(problems: list) -> None:
    lines = "\n".join(f"- {_md(p)}" for p in problems[:200])
    more = f"\n- … (+{len(problems) - 200})" if len(problems) > 200 else ""
    st.error(t("editor_problems", lang, n=len(problems)) + "\n\n" + lines + more)


st.title(t("data_heading", lang))
st.caption(t("data_intro", lang))
st.info(t("opening_definition", lang), icon=":material/info:")

b = app.bundle_or_stop(lang)

rec = b.records
served_dir = rec.source_dir  # the last good copy while the files on disk are broken

# ---- data quality ----
st.subheader(t("quality_heading", lang))
prec = rollout.documented_precision_counts(b.ops)
m = st.columns(4)
m[0].metric(t("q_day", lang), prec["day"])
m[1].metric(t("q_month", lang), prec["month"])
m[2].metric(t("q_year", lang), prec["year"])
m[3].metric(t("q_none", lang), prec["none"])
changed = store.newest_change(ki_data_dir())
m = st.columns(4)
m[0].metric(t("q_unsourced", lang), quality.facts_without_source(rec))
m[1].metric(t("q_last_change", lang),
            format_day(changed.date(), lang, "short") if changed else t("not_documented", lang), help=_when(changed))
st.caption(t("q_help", lang, total=len(rec.centers)))
if b.problems:  # the files on disk are broken; the full list is in the warning at the top
    st.warning(t("q_fallback", lang, n=len(b.problems)), icon="⚠️")

# ---- tables ----
st.subheader(t("tables_heading", lang))
for tab, name in zip(st.tabs([t(f"table_{n}", lang) for n in ORDER]), ORDER):
    with tab:
        df = getattr(rec, name).drop(columns=[c for c in HIDDEN if c in getattr(rec, name).columns])
        q = st.text_input(t("filter_label", lang), key=f"filter_{name}", placeholder=t("filter_placeholder", lang))
        shown = quality.filter_frame(df, q)
        st.caption(t("rows_shown", lang, n=len(shown), total=len(df)))
        cfg = {"url": st.column_config.LinkColumn("url")} if "url" in df.columns else None
        st.dataframe(shown, hide_index=True, width="stretch", column_config=cfg)

# ---- downloads ----
# built on click (callables), like the workbook: no file is registered per rerun, so a visitor
# who leaves the page at once leaves no stale download links behind (they answered 404)
st.subheader(t("downloads_heading", lang))
dl = st.columns(len(ORDER))
for col, name in zip(dl, ORDER):
    col.download_button(t("dl_csv", lang, table=t(f"table_{name}", lang)),
                        data=partial(exports.table_csv_bytes, name, served_dir), file_name=f"{name}.csv",
                        mime="text/csv", key=f"dl_{name}", width="stretch")
d1, d2 = st.columns(2)
d1.download_button(t("dl_xlsx", lang), data=lambda: exports.workbook_xlsx_bytes(served_dir),
                   file_name="ki-rollout-nrw.xlsx", key="dl_xlsx", width="stretch",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
attribution = b.meta.get("boundaries", {}).get("attribution", "")
d2.download_button(t("dl_geojson", lang),
                   data=lambda: exports.districts_geojson_bytes(b.districts, rec, b.ops, lang, attribution),
                   file_name="ki-rollout-nrw-kreise.geojson", mime="application/geo+json",
                   key="dl_geojson", width="stretch")
st.caption(t("dl_note", lang, attribution=attribution))


# ---- editor mode: only when a password is configured, and only after it was entered ----
def _editor(password: str) -> None:
    st.divider()
    st.subheader(t("editor_heading", lang))
    if not st.session_state.get("editor_ok"):
        with st.form("editor_login"):
            given = st.text_input(t("editor_password", lang), type="password", key="editor_pw")
            if st.form_submit_button(t("editor_login", lang)):
                if store.check_password(given, password):
                    st.session_state.editor_ok = True
                    st.rerun()
                st.error(t("editor_wrong", lang))
        return
    if st.button(t("editor_logout", lang), key="editor_logout"):
        st.session_state.editor_ok = False
        st.rerun()
    if flash := st.session_state.pop("editor_flash", None):
        st.success(flash)
    known = set(b.districts["ags"])
    name = st.text_input(t("editor_name", lang), key="editor_name")
    task = keep("editor_task", st.radio(t("editor_task", lang), TASKS, horizontal=True, key="editor_task",
                                        index=TASKS.index(kept("editor_task", "tables")),
                                        format_func=lambda k: t(f"editor_task_{k}", lang)))
    if task == "gaps":
        st.markdown(f"#### {t('gap_heading', lang)}")
        gap_editor(name, known, lang)
        return
    table = st.selectbox(t("editor_table", lang), ORDER, format_func=lambda n: t(f"table_{n}", lang),
                         key="editor_table")
    bases = st.session_state.setdefault("editor_bases", {})
    nonce = st.session_state.setdefault("editor_nonce", 0)
    if table not in bases:
        path = store.table_path(table)
        bases[table] = (store.version_hash(table), path.read_text(encoding="utf-8-sig") if path.exists() else "")
    base_hash, base_text = bases[table]
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    c1.caption(t("editor_base", lang, hash=base_hash[:12]))
    if c2.button(t("editor_reload", lang), key="editor_reload"):
        bases.pop(table, None)
        st.session_state.editor_nonce = nonce + 1
        st.rerun()

    mode = st.radio(t("editor_mode", lang), ("upload", "edit"), horizontal=True, key="editor_mode",
                    format_func=lambda m: t(f"editor_mode_{m}", lang))
    check = None
    if mode == "upload":
        up = st.file_uploader(t("editor_upload", lang, table=t(f"table_{table}", lang)), type=["csv", "xlsx"],
                              key=f"editor_upload_{table}_{nonce}")
        if up is not None:
            check = store.check_upload(table, up.name, up.getvalue(), known_ags=known)
    else:
        frame = pd.read_csv(io.StringIO(base_text), dtype=str, keep_default_na=False)
        edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch",
                                key=f"editor_grid_{table}_{nonce}")
        text = edited.fillna("").astype(str).to_csv(index=False, lineterminator="\n")
        if text != frame.to_csv(index=False, lineterminator="\n"):
            check = store.check_text(table, text, known_ags=known)

    if check is not None:
        if check.problems:
            _problems(check.problems)
        else:
            st.success(t("editor_ok", lang))
        if check.diff is not None:
            d = check.diff
            if d.empty:
                st.info(t("editor_nochange", lang))
            else:
                diff = t("editor_diff", lang, added=len(d.added), changed=len(d.changed), removed=len(d.removed))
                st.markdown(f"**{diff}**")
                if d.added:
                    st.caption(t("diff_added", lang))
                    st.dataframe(pd.DataFrame(d.added), hide_index=True)
                if d.changed:
                    st.caption(t("diff_changed", lang))
                    st.dataframe(pd.DataFrame([{t("diff_key", lang): c.key, t("diff_column", lang): col,
                                                t("diff_old", lang): old, t("diff_new", lang): new}
                                               for c in d.changed for col, (old, new) in c.columns.items()]),
                                 hide_index=True)
                if d.removed:
                    st.caption(t("diff_removed", lang))
                    st.dataframe(pd.DataFrame(d.removed), hide_index=True)
        if st.button(t("editor_apply", lang), type="primary", key="editor_apply",
                     disabled=not check.ok or check.diff is None or check.diff.empty):
            _save(lambda: store.save_table(table, check.text, base_hash=base_hash, editor=name, known_ags=known),
                  table, name, t("editor_saved", lang))

    st.markdown(f"#### {t('editor_history', lang)}")
    history = store.list_history(table)
    if not history:
        st.caption(t("editor_history_empty", lang))
    for h in history[:50]:
        h1, h2 = st.columns([5, 1], vertical_alignment="center")
        h1.markdown(_md(t("editor_history_item", lang, editor=h.editor, when=_when(h.timestamp))))
        if h2.button(t("editor_restore", lang), key=f"editor_restore_{table}_{h.file.name}"):
            _save(lambda h=h: store.restore_version(table, h, base_hash=base_hash, editor=name, known_ags=known),
                  table, name, t("editor_restored", lang))


def _save(action, table: str, name: str, done: str) -> None:
    """Run a save or restore; on success start the next edit from the new version."""
    if not name.strip():
        st.error(t("editor_need_name", lang))
        return
    try:
        action()
    except store.StaleVersionError as exc:
        st.error(_md(exc))
    except RecordsError as exc:
        _problems(exc.problems)
    except ValueError as exc:
        st.error(_md(exc))
    else:
        st.session_state.editor_bases.pop(table, None)
        st.session_state.editor_nonce += 1
        st.session_state.editor_flash = done
        st.rerun()


_password = app.editor_password()
if _password:
    _editor(_password)
