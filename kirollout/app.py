"""Cached loaders for the Streamlit pages (caching only; no widgets live here).

Records are cached by a fingerprint of the CSV files, so an edit on disk is picked up on the
next rerun; the boundaries and joins are computed once per process.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from . import geodata, map_exports, maps, rollout
from .paths import ROOT, geodata_build_dir, ki_data_dir
from .records import TABLES, Records, load_records


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
def _records(directory: str, fingerprint: tuple) -> Records:
    return load_records(Path(directory), known_ags=None)


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


@st.cache_resource(show_spinner=False, max_entries=8)
def _bundle(directory: str, build_dir: str, fingerprint: tuple, lang: str) -> Bundle:
    records = _records(directory, fingerprint)
    districts, meta = _districts(build_dir)
    ops = rollout.openings(records)
    feats = maps.district_features(districts, records, ops, lang)
    url = maps.publish_geometry(feats, ROOT / "static")
    return Bundle(records, ops, meta, maps.features_geojson(feats), rollout.timeline_dates(records), districts, url)


def bundle(lang: str = "de") -> Bundle:
    """Load (cached) records, boundaries and the joined map features. Raises on bad data."""
    d = ki_data_dir()
    return _bundle(str(d), str(geodata_build_dir()), data_fingerprint(d), lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _map_png(at_iso: str, lang: str, fingerprint: tuple) -> bytes:
    b = bundle(lang)
    return map_exports.render_png(b.geojson, b.ops, date.fromisoformat(at_iso), b.meta, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _map_html(at_iso: str, lang: str, fingerprint: tuple) -> bytes:
    b = bundle(lang)
    return map_exports.render_html(b.geojson, b.ops, b.stops, date.fromisoformat(at_iso), b.meta, lang).encode("utf-8")


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
