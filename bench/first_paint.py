"""First map paint and slider step of the dashboard against Streamlit's own floor (an empty
page with the same widgets, bench/floor_app.py), against the same map as a static HTML file
opened from disk, and against the naive baseline (bench/naive_app.py), all in one run.
Medians over cold-cache browser contexts on warm servers.

Run: .venv/bin/python bench/first_paint.py
"""
from __future__ import annotations

from pathlib import Path

from common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    first_paint_ms,
    floor_paint_ms,
    floor_steps,
    median,
    new_page,
    record,
    slider_steps,
    start_app,
    stop,
)

from kirollout import app as _app  # noqa: F401  (import check only)
from kirollout.model import geodata, rollout
from kirollout.model.records import load_records
from kirollout.render import maps

RUNS = 5
STEPS = 20
NAIVE_STEPS = 10
OUT = ROOT / "test-artifacts" / "bench"


def static_map_file() -> Path:
    """The dashboard's map (same simplified geometry, same fills at the last date) as one HTML
    file with Leaflet inlined: what a browser needs at the very least to paint it."""
    rec = load_records()
    ops = rollout.openings(rec)
    feats = maps.district_features(geodata.load_districts(), rec, ops, "de")
    m = maps.base_map(geodata.load_meta())
    maps.data_layer(maps.features_geojson(feats), ops, rollout.timeline_dates(rec)[-1], "de").add_to(m)
    page = m.get_root().render()
    js = (ROOT / "static/leaflet/leaflet.js").read_text(encoding="utf-8")
    css = (ROOT / "static/leaflet/leaflet.css").read_text(encoding="utf-8")
    page = page.replace(f'<script src="{maps.LEAFLET_JS}"></script>', f"<script>{js}</script>")
    page = page.replace(f'<link rel="stylesheet" href="{maps.LEAFLET_CSS}"/>', f"<style>{css}</style>")
    assert maps.LEAFLET_JS not in page, "Leaflet not inlined"
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "static_map.html"
    path.write_text(page, encoding="utf-8")
    return path


def paints(browser, url: str, runs: int = RUNS) -> list[float]:
    first_paint_ms(browser, url)                  # warm the server (and OS caches)
    return [first_paint_ms(browser, url) for _ in range(runs)]


def naive_slider(browser, url: str) -> tuple[list[float], int]:
    ctx, page = new_page(browser)
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.ki-date')", timeout=120000)
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    before = page.locator(".ki-date").inner_text()
    slider.focus()
    slider.press("Home")
    page.wait_for_function("(o) => document.querySelector('.ki-date').innerText !== o", arg=before, timeout=120000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120000)
    out = slider_steps(page, NAIVE_STEPS, 0)
    ctx.close()
    return out


def measure() -> dict:
    import slider_latency
    from playwright.sync_api import sync_playwright

    static = static_map_file()
    res: dict = {"static_bytes": static.stat().st_size}
    proc, url = start_app(log_name="bench-dashboard.log")
    naive, naive_url = start_app(log_name="bench-naive.log", script="bench/naive_app.py")
    floor, floor_url = start_app(log_name="bench-floor.log", script="bench/floor_app.py")
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            floor_paint_ms(b, floor_url + "/")      # warm the floor server
            res["floor"] = [floor_paint_ms(b, floor_url + "/") for _ in range(RUNS)]
            res["floor_steps"] = floor_steps(b, floor_url + "/", STEPS)
            res["static"] = paints(b, static.as_uri())
            res["dashboard"] = paints(b, url + "/")
            res["naive"] = paints(b, naive_url + "/", runs=3)
            res["naive_steps"], res["naive_recreated"] = naive_slider(b, naive_url + "/")
            b.close()
        res["steps"], res["recreated"] = slider_latency.measure(url)
    finally:
        stop(proc)
        stop(naive)
        stop(floor)
    return res


def main() -> dict:
    r = measure()
    d, s, n = median(r["dashboard"]), median(r["static"]), median(r["naive"])
    st, nst = median(r["steps"]), median(r["naive_steps"])
    f, fst = median(r["floor"]), median(r["floor_steps"])
    record("First map paint and slider step vs. Streamlit's floor, static file and naive baseline (issues 8, 16)", [
        (f"first paint, Streamlit floor: empty page, slider + 3 buttons + metric (median of {len(r['floor'])})",
         f"{f:.0f} ms", "floor"),
        ("ratio first map paint dashboard / Streamlit floor", f"{d / f:.2f}", "≤ 1.3"),
        (f"slider step, Streamlit floor (metric updated + idle, median of {len(r['floor_steps'])})",
         f"{fst:.0f} ms", "floor"),
        ("ratio slider step dashboard / Streamlit floor", f"{st / fst:.2f}", "≤ 1.5"),
        (f"first map paint, dashboard (median of {len(r['dashboard'])}, cold browser cache, warm server)",
         f"{d:.0f} ms", "–"),
        (f"first map paint, static HTML from disk, Leaflet inlined ({r['static_bytes'] / 1024:.0f} KB)",
         f"{s:.0f} ms", "–"),
        ("ratio dashboard / static file", f"{d / s:.2f}", "≤ 1.5"),
        (f"first map paint, naive baseline (median of {len(r['naive'])})", f"{n:.0f} ms", "–"),
        ("speed-up first paint vs. naive", f"{n / d:.1f}×", "> 1"),
        ("slider step, dashboard, median of 20", f"{st:.0f} ms", "≤ 300 ms"),
        ("map iframe re-created, dashboard, 20 steps", str(r["recreated"]), "0"),
        (f"slider step, naive baseline, median of {len(r['naive_steps'])}", f"{nst:.0f} ms", "–"),
        ("speed-up slider step vs. naive", f"{nst / st:.1f}×", "> 1"),
    ])
    return r


if __name__ == "__main__":
    main()
