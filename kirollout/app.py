"""Cached loaders for the Streamlit pages (caching only; no widgets live here).

Records are cached by a fingerprint of the CSV files, so an edit on disk is picked up on the
next rerun; the boundaries and joins are computed once per process.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import streamlit as st

from .model import edition as edition_mod
from .model import geodata, rollout, store
from .model.paths import ROOT, geodata_build_dir, ki_data_dir
from .model.records import TABLES, Records
from .render import map_exports, maps


def data_fingerprint(directory: Path | None = None) -> tuple:
    directory = Path(directory) if directory else ki_data_dir()
    out = []
    for name in TABLES:
        p = directory / f"{name}.csv"
        s = p.stat() if p.exists() else None
        out.append((name, s.st_mtime_ns if s else 0, s.st_size if s else 0))
    return tuple(out)


@st.cache_resource(show_spinner=False)
def _districts(build_dir: str):
    return geodata.load_districts(Path(build_dir)), geodata.load_meta(Path(build_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def _records(directory: str, fingerprint: tuple) -> tuple[Records, list]:
    """The records, or the last good copy plus the problems of the broken files on disk."""
    return store.load_with_fallback(Path(directory), known_ags=None)


def data_problems() -> list:
    """Problems of the files on disk while the pages serve the last good copy ([] normally)."""
    d = ki_data_dir()
    try:
        return _records(str(d), data_fingerprint(d))[1]
    except Exception:  # noqa: BLE001 — no usable data at all: the pages report that themselves
        return []


def editor_password() -> str | None:
    """The editor password: env KI_EDITOR_PASSWORD, else `editor_password` in st.secrets; None if unset."""
    env = os.environ.get("KI_EDITOR_PASSWORD")
    if env:
        return env
    try:
        value = st.secrets.get("editor_password")
    except Exception:  # noqa: BLE001 — no secrets file, unreadable secrets: editing stays off
        return None
    return str(value) if value else None


@dataclass
class Bundle:
    """Everything a page needs, computed once per data version and language."""

    records: Records
    ops: dict
    meta: dict
    geojson: dict
    stops: list[date]
    districts: object
    geometry_url: str
    problems: list = field(default_factory=list)  # set when serving the last good copy
    edition: edition_mod.Edition | None = None  # Datenstand, version, credits' facts


@st.cache_resource(show_spinner=False, max_entries=4)
def _ops(directory: str, fingerprint: tuple) -> dict:
    """The openings (the rollout rule's evidence), once per data version for every language, so
    the fact model (facts_for, kept on the records) is computed once too."""
    return rollout.openings(_records(directory, fingerprint)[0])


@st.cache_resource(show_spinner=False, max_entries=8)
def _bundle(directory: str, build_dir: str, fingerprint: tuple, lang: str) -> Bundle:
    records, problems = _records(directory, fingerprint)
    districts, meta = _districts(build_dir)
    ops = _ops(directory, fingerprint)
    feats = maps.district_features(districts, records, ops, lang)
    url = maps.publish_geometry(feats, ROOT / "static", lang)
    return Bundle(records, ops, meta, maps.features_geojson(feats), rollout.timeline_dates(records), districts,
                  url, problems, edition_mod.edition_of(records, meta))


def bundle(lang: str = "de") -> Bundle:
    """Load (cached) records, boundaries and the joined map features. Raises on bad data."""
    d = ki_data_dir()
    return _bundle(str(d), str(geodata_build_dir()), data_fingerprint(d), lang)


# ---- district briefing (issue 5) ----

@st.cache_resource(show_spinner=False)
def _population(build_dir: str):
    return geodata.load_population(Path(build_dir))


def population():
    """Population per AGS at the census date (cached per process)."""
    return _population(str(geodata_build_dir()))


@st.cache_resource(show_spinner=False, max_entries=2)
def _rings(build_dir: str, fingerprint: tuple):
    from .render import briefing

    return briefing.district_rings(_bundle(str(ki_data_dir()), build_dir, fingerprint, "de").districts)


@st.cache_data(show_spinner=False, max_entries=64)
def _briefing_pdf(directory: str, build_dir: str, fingerprint: tuple, center_id: str, lang: str,
                  today: date) -> bytes:
    from .render import briefing

    b = bundle(lang)
    return briefing.briefing_pdf(b.records, b.ops, center_id, meta=b.meta, population=population(),
                                 lang=lang, today=today, rings=_rings(build_dir, fingerprint))


def briefing_pdf(center_id: str, lang: str = "de", today: date | None = None) -> bytes:
    """The briefing PDF for one center (cached per data version, language and day)."""
    d = ki_data_dir()
    return _briefing_pdf(str(d), str(geodata_build_dir()), data_fingerprint(d), center_id, lang,
                         today or date.today())


def locator_png(ags: str, fill: str) -> bytes:
    """The locator map image for the profile page (same image as in the PDF)."""
    from .render import briefing

    d = ki_data_dir()
    return briefing.locator_png(_rings(str(geodata_build_dir()), data_fingerprint(d)), ags, fill)


NAV_SEEN = "_ki_navigation_seen"  # set by dashboard.py in every session it runs in


def ensure_navigation() -> None:
    """Make a deep link on a freshly started server go through dashboard.py.

    Streamlit treats an app with a `pages/` folder in its old multipage mode until some
    session has called `st.navigation`; until then a link like `/daten?…` runs the page file
    on its own (no page config, wrong sidebar). Every page calls this first: it switches the
    server to `st.navigation` mode and reruns, so dashboard.py builds the navigation.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(NAV_SEEN):
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(show_spinner=False, max_entries=16)
def _map_png(at_iso: str, lang: str, fingerprint: tuple) -> bytes:
    b = bundle(lang)
    from .render.playback import milestone_note

    at = date.fromisoformat(at_iso)
    return map_exports.render_png(b.geojson, b.ops, at, b.meta, lang, edition=b.edition,
                                  note=milestone_note(b.records, at, lang))


@st.cache_data(show_spinner=False, max_entries=16)
def _map_html(at_iso: str, lang: str, fingerprint: tuple) -> bytes:
    b = bundle(lang)
    return map_exports.render_html(b.geojson, b.ops, b.stops, date.fromisoformat(at_iso), b.meta, lang,
                                   edition=b.edition).encode("utf-8")


def map_png(at: date, lang: str = "de") -> bytes:
    """The print PNG of the map at `at` (cached per date, language and data version)."""
    return _map_png(at.isoformat(), lang, data_fingerprint())


def map_html(at: date, lang: str = "de") -> bytes:
    """The offline HTML map starting at `at` (cached per date, language and data version)."""
    return _map_html(at.isoformat(), lang, data_fingerprint())


@st.cache_data(show_spinner=False, max_entries=8)
def _opening_table(lang: str, fingerprint: tuple):
    b = bundle(lang)
    return maps.opening_table(b.records, b.ops, lang)


def opening_table(lang: str = "de"):
    """The date-independent columns of the map's table (cached per language and data version)."""
    return _opening_table(lang, data_fingerprint())


@st.cache_data(show_spinner=False, max_entries=8)
def _map_side(lang: str, fingerprint: tuple) -> tuple[str, list[str], list[int], int]:
    from .render import details, playback, share
    from .render.i18n import format_day

    b = bundle(lang)
    seq = playback.present_sequence(b.stops, b.ops, playback.milestone_dates(b.records))
    end = rollout.story_end(b.ops)
    end_idx = share.nearest_index(b.stops, end) if end else len(b.stops) - 1
    return (details.milestones_html(b.records, b.ops, lang), [format_day(d, lang, "short") for d in b.stops], seq,
            end_idx)


def milestones_html(lang: str = "de") -> str:
    """The milestone list beside the map (date-independent: computed once per language and data version)."""
    return _map_side(lang, data_fingerprint())[0]


def stop_labels(lang: str = "de") -> list[str]:
    """The slider's label for every timeline stop."""
    return _map_side(lang, data_fingerprint())[1]


def present_seq() -> list[int]:
    """The stops presentation mode plays (kirollout/render/playback.py), per data version."""
    return _map_side("de", data_fingerprint())[2]


@st.cache_resource(show_spinner=False, max_entries=4)
def _svg_map(lang: str, fingerprint: tuple):
    from .render.i18n import t
    from .render.svg_map import SvgMap

    b = bundle(lang)
    return SvgMap(b.geojson, b.records, b.ops, t("html_map_alt", lang))


def svg_map(lang: str = "de"):
    """Presentation mode's map (kirollout.render.svg_map.SvgMap), projected and labelled once per data version."""
    return _svg_map(lang, data_fingerprint())


def story_end_index() -> int:
    """The slider stop of the story's end (rollout.story_end): where the map page opens and play stops."""
    return _map_side("de", data_fingerprint())[3]


def current_lang() -> str:
    """The UI language from the URL (`?lang=en`); German otherwise."""
    from .render.i18n import LANGS

    lang = st.query_params.get("lang", "de")
    return lang if lang in LANGS else "de"


def page_start() -> str:
    """What every page does first: the navigation guard, then the language."""
    ensure_navigation()
    return current_lang()


def facts() -> dict:
    """The fact model of every centre (kirollout/model/facts.py), once per data version."""
    from .model.facts import facts_for

    b = bundle("de")
    return facts_for(b.records, b.ops)


def bundle_or_stop(lang: str) -> Bundle:
    """The page's data; on broken records or missing boundaries a clear message, then stop."""
    from .model.geodata import GeodataError
    from .model.records import RecordsError
    from .render.details import md_text
    from .render.i18n import t

    try:
        return bundle(lang)
    except RecordsError as exc:
        st.error(t("data_error", lang) + "\n\n" + "\n".join(f"- {md_text(p)}" for p in exc.problems[:50]))
        st.stop()
    except (FileNotFoundError, GeodataError):
        st.error(t("geodata_missing", lang))
        st.stop()


# ---- video and trip briefing pack (issue 14) ----

@st.cache_data(show_spinner=False, max_entries=32)
def _video_plan_problem(fingerprint: tuple, lang: str, start: date | None, end: date | None,
                        seconds: float | None) -> str | None:
    from .render import video

    b = bundle(lang)
    try:
        video.frame_plan(b.records, b.ops, b.stops, lang, start=start, end=end, seconds=seconds)
    except video.VideoError as exc:
        return str(exc)
    return None


def video_plan_problem(lang: str, start: date | None, end: date | None, seconds: float | None) -> str | None:
    """Why a video of this range and length cannot be made (None: it can), once per choice."""
    return _video_plan_problem(data_fingerprint(), lang, start, end, seconds)


def video_job(fmt: str, size: str, lang: str, retry: bool = False, start: date | None = None,
              end: date | None = None, seconds: float | None = None):
    """The background render of the rollout video for this data version, format, size, language,
    range and length (kirollout.render.video.request): done at once when the disk cache holds it; a
    failed render is started again only with `retry`."""
    from .render import video

    fp = (data_fingerprint(), (geodata_build_dir() / "build.json").stat().st_mtime_ns
          if (geodata_build_dir() / "build.json").exists() else 0)
    return video.request(video.cache_path(fp, fmt, size, lang, start, end, seconds), fmt, size, lang,
                         retry=retry, start=start, end=end, seconds=seconds)


@st.cache_data(show_spinner=False, max_entries=32)
def _trip_pack(fmt: str, directory: str, build_dir: str, fingerprint: tuple, stops: tuple, lang: str,
               today: date) -> bytes:
    from .render import trip, trip_docx

    build = trip_docx.trip_docx if fmt == "docx" else trip.trip_pdf
    b = bundle(lang)
    return build(b.records, b.ops, list(stops), meta=b.meta, population=population(), lang=lang, today=today,
                 rings=_rings(build_dir, fingerprint))


def _trip(fmt: str, stops: list, lang: str, today: date | None) -> bytes:
    d = ki_data_dir()
    return _trip_pack(fmt, str(d), str(geodata_build_dir()), data_fingerprint(d), tuple(stops), lang,
                      today or date.today())


def trip_pdf(stops: list, lang: str = "de", today: date | None = None) -> bytes:
    """The trip briefing pack (cached per data version, stops, language and day)."""
    return _trip("pdf", stops, lang, today)


def trip_docx(stops: list, lang: str = "de", today: date | None = None) -> bytes:
    """The trip briefing pack as an editable Word file (cached like the PDF)."""
    return _trip("docx", stops, lang, today)


@st.cache_data(show_spinner=False, max_entries=4)
def _visit_map(directory: str, build_dir: str, fingerprint: tuple, lang: str) -> bytes:
    from .render.visit_map import visit_map_png
    from .render.visits import visit_summaries

    return visit_map_png(_rings(build_dir, fingerprint), visit_summaries(bundle(lang).records, lang, facts()), lang)


def visit_map(lang: str = "de") -> bytes:
    """The Besuchshistorie map as PNG (cached per data version and language)."""
    d = ki_data_dir()
    return _visit_map(str(d), str(geodata_build_dir()), data_fingerprint(d), lang)
