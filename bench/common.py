"""Shared pieces for benchmarks: start the app, launch Chromium, record results."""
from __future__ import annotations

import functools
import platform
import statistics
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import summary  # noqa: E402 — bench/summary.py, beside this file

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402,F401


def versions() -> str:
    import folium
    import streamlit
    import streamlit_folium

    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return (f"Python {platform.python_version()}, streamlit {streamlit.__version__}, folium {folium.__version__}, "
            f"streamlit-folium {getattr(streamlit_folium, '__version__', '?')}, {chromium}")


def machine() -> str:
    import os

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, load average at start {load}"


def record(title: str, rows: list[tuple[str, str, str]]) -> None:
    """Append a result table (figure, value, target) to bench/HISTORY.md, print it and rewrite the
    summary in bench/RESULTS.md (bench/summary.py)."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## {title} — {stamp}\n", f"Machine: {machine()}  \nVersions: {versions()}\n",
             "| figure | value | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(summary.HISTORY, "a", encoding="utf-8") as fh:
        fh.write(text)
    summary.write()


def median(xs: list[float]) -> float:
    return statistics.median(xs)


# ---- shared measurements (used by slider_latency.py, first_paint.py, map_bytes.py, ...) ----

PAINTED_JS = """(n) => {
    const docs = [document, ...[...document.querySelectorAll('iframe')].map(i => {
        try { return i.contentDocument; } catch (e) { return null; } })];
    return docs.some(d => d && d.querySelectorAll('path.leaflet-interactive').length >= n);
}"""

FILLS_OK_JS = """(exp) => {
    const w = [...document.querySelectorAll('iframe')].map(i => i.contentWindow).find(w => w && w.map_div);
    if (!w || typeof w.map_div.eachLayer !== 'function'
        || document.querySelector('[data-testid="stStatusWidget"]')) return false;
    let ok = 0;
    w.map_div.eachLayer(l => { if (l.feature && exp[l.feature.properties.ags] === l.options.fillColor) ok++; });
    return ok === 54; }"""


def new_page(browser):
    """A fresh context (cold browser cache) and page; only loopback and file URLs load."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "file:", "data:", "blob:", "about:")) else r.abort())
    return ctx, ctx.new_page()


def first_paint_ms(browser, url: str) -> float:
    """Navigation start → the 54 district paths are in the DOM (page or map iframe), cold cache."""
    import time

    ctx, page = new_page(browser)
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(PAINTED_JS, arg=54, polling="raf", timeout=120000)
        return (time.perf_counter() - t0) * 1000
    finally:
        ctx.close()


@functools.lru_cache(maxsize=1)
def _ops():
    from kirollout.model.records import load_records
    from kirollout.model.rollout import openings

    rec = load_records()
    return openings(rec), dict(zip(rec.centers["center_id"], rec.centers["ags"]))


def expected_fills(at) -> dict[str, str]:
    """Fill colour per AGS at a date, from the records (the one source of truth)."""
    from kirollout.model.rollout import state_at
    from kirollout.render import palette

    ops, ags_of = _ops()
    return {ags_of[cid]: palette.style_for(state_at(o, at), o.period.start.year if o.period else None)["fillColor"]
            for cid, o in ops.items()}


def slider_steps(page, steps: int, start_index: int) -> tuple[list[float], int]:
    """Press ArrowRight `steps` times on the date slider; per press the time until the date,
    all 54 fills and Streamlit idle are new. Returns (times in ms, map iframe re-creations)."""
    import time

    from kirollout.model.records import load_records
    from kirollout.model.rollout import timeline_dates

    stops = timeline_dates(load_records())
    def frame():
        for _ in range(600):            # bounded: a re-created map (naive page) may take a while
            for f in page.frames:
                try:
                    if f.evaluate("() => !!(window.map_div && window.map_div.eachLayer)"):
                        return f
                except Exception:  # noqa: BLE001 — a frame detached during a rerun
                    continue
            page.wait_for_timeout(100)
        raise AssertionError("map iframe not found")

    frame().evaluate("() => { window.__kiMarker = 1; }")
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    slider.focus()
    times, recreated, idx = [], 0, start_index
    for _ in range(steps):
        idx += 1
        expected = expected_fills(stops[idx])
        before = page.locator(".ki-date").inner_text()
        t0 = time.perf_counter()
        slider.press("ArrowRight")
        page.wait_for_function("(old) => { const e = document.querySelector('.ki-date');"
                               " return e && e.innerText !== old; }",
                               arg=before, timeout=60000)
        page.wait_for_function(FILLS_OK_JS, arg=expected, timeout=60000)
        times.append((time.perf_counter() - t0) * 1000)
        if frame().evaluate("() => window.__kiMarker") != 1:
            recreated += 1
            frame().evaluate("() => { window.__kiMarker = 1; }")
    return times, recreated


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except Exception:  # noqa: BLE001
        proc.kill()


# ---- Streamlit's floor (bench/floor_app.py): the same widgets, no app ----

METRIC_JS = "() => !!document.querySelector('[data-testid=\"stMetricValue\"]')"


def floor_paint_ms(browser, url: str) -> float:
    """Navigation start → the floor page's metric is in the DOM, cold browser cache."""
    import time

    ctx, page = new_page(browser)
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(METRIC_JS, polling="raf", timeout=120000)
        return (time.perf_counter() - t0) * 1000
    finally:
        ctx.close()


def floor_steps(browser, url: str, steps: int) -> list[float]:
    """Press ArrowLeft `steps` times on the floor page's slider; per press the time until the
    metric shows the new value and Streamlit is idle."""
    import time

    ctx, page = new_page(browser)
    try:
        page.goto(url)
        page.wait_for_function(METRIC_JS, timeout=120000)
        slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
        slider.focus()
        metric = page.locator('[data-testid="stMetricValue"]')
        times = []
        for _ in range(steps):
            before = metric.inner_text()
            t0 = time.perf_counter()
            slider.press("ArrowLeft")
            page.wait_for_function(
                "(old) => { const e = document.querySelector('[data-testid=\"stMetricValue\"]');"
                " return e && e.innerText !== old && !document.querySelector('[data-testid=\"stStatusWidget\"]'); }",
                arg=before, timeout=60000)
            times.append((time.perf_counter() - t0) * 1000)
        return times
    finally:
        ctx.close()

