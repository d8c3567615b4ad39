"""Warm start: fill the server's caches at startup, so the first visitor waits no longer than
the next ones.

Streamlit runs the page script only when a session connects, and `st.cache_resource` /
`st.cache_data` are filled by the first caller; without warming, the first visitor after a
restart pays for the imports, the records, the boundaries, the map bundles and the geometry
file. `serve.py` calls `fill_caches` in a background thread from its `st.App` lifespan, so
`/_stcore/health` answers at once while the caches fill; a visitor arriving meanwhile waits on
the same cache entry instead of computing it twice (the caches lock per key). The default
view (German map) comes first, because that is what the first visitor most likely opens.
"""
from __future__ import annotations

import logging
import sys
import time

THREAD_NAME = "ki-warm-start"


class _NoContextNotice(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" notice for the warm-up thread (it runs no
    script on purpose); the notice stays for every other thread."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD_NAME


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NoContextNotice())


def _import_map_component() -> str:
    """Import streamlit_folium and register its component with the running server.

    A component declared outside a script run is not registered
    (streamlit.components.v1.declare_component), and the page's own import would then find
    the module already loaded: the map would stay blank. So register it here, and if that is
    not possible, forget the module again so the first page run declares it itself.
    """
    import streamlit_folium

    try:
        from streamlit.runtime import get_instance

        get_instance().component_registry.register_component(streamlit_folium._component_func)
        return "map component"
    except Exception:  # noqa: BLE001 — an internal API of streamlit: fall back to the page's import
        for name in [m for m in sys.modules if m == "streamlit_folium" or m.startswith("streamlit_folium.")]:
            del sys.modules[name]
        return "map component left to the first page run"


def _compile_pages() -> str:
    """Compile the entry script and every page into Streamlit's script cache, which the first
    page run would otherwise fill (parsing and rewriting each script)."""
    try:
        from streamlit.runtime import get_instance

        from .paths import ROOT

        cache = get_instance()._script_cache  # an internal of streamlit: skipped if it moved
        scripts = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]
        for path in scripts:
            cache.get_bytecode(str(path))
        return f"{len(scripts)} scripts compiled"
    except Exception:  # noqa: BLE001 — the first page run compiles them itself
        return "scripts left to the first page run"


def fill_caches() -> list[str]:
    """Import what the pages import and fill the per-process caches; return what was warmed.

    Never raises: broken records or missing boundaries are reported by the pages themselves.
    """
    t0 = time.perf_counter()
    done: list[str] = []
    try:
        from . import app

        for lang in ("de", "en"):
            b = app.bundle(lang)  # records, boundaries, joined features, geometry file
            done.append(f"bundle {lang} ({b.geometry_url})")
            if lang == "de":
                done.append(_import_map_component())
            app.opening_table(lang)
            app.milestones_html(lang)  # with the slider labels and the presentation sequence
        done.append(_compile_pages())
        app.population()
        from . import charts, map_exports  # noqa: F401 — plotly and matplotlib for the other pages

        done.append("population, charts")
    except Exception as exc:  # noqa: BLE001 — a page shows the problem to the visitor
        done.append(f"stopped early: {exc.__class__.__name__}")
    print(f"kirollout.warm: {', '.join(done)} in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return done
