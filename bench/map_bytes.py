"""Bytes sent to the browser for the map: first load and per slider step (dashboard and naive
baseline), measured in Chromium from HTTP response body sizes (as transferred) and websocket
frames (page.on("websocket") → framereceived payload lengths, after permessage-deflate).
Also: do the simplified borders stay right at zoom 10 (deviation from the unsimplified DVG2
borders in metres and in screen pixels at zoom 10)?

Run: .venv/bin/python bench/map_bytes.py
"""
from __future__ import annotations

import math
from collections import defaultdict

from common import CHROMIUM, CHROMIUM_ARGS, FILLS_OK_JS, ROOT, median, new_page, record, start_app, stop

STEPS = 10


def category(url: str) -> str:
    if "/app/static/geo/" in url:
        return "geometry file"
    if "/app/static/leaflet/" in url:
        return "Leaflet"
    if "/component/" in url:
        return "map component (streamlit-folium)"
    return "Streamlit app shell"


class Meter:
    def __init__(self, page):
        self.http = defaultdict(int)
        self.ws = 0
        page.on("requestfinished", self._req)
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _req(self, req):
        try:
            size = req.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001
            size = 0
        self.http[category(req.url)] += size

    def _frame(self, payload):
        self.ws += len(payload)

    def snapshot(self) -> tuple[dict, int]:
        return dict(self.http), self.ws


def _settle(page, before: str, fills: dict) -> None:
    """Wait until the new date, all 54 new fills and Streamlit idle: every byte of the step is in."""
    page.wait_for_function("(o) => document.querySelector('.ki-date').innerText !== o", arg=before, timeout=120000)
    page.wait_for_function(FILLS_OK_JS, arg=fills, timeout=120000)
    page.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidget"]') &&
        [...document.querySelectorAll('iframe')].some(i => i.contentDocument &&
        i.contentDocument.querySelectorAll('path.leaflet-interactive').length >= 54)""", timeout=120000)
    page.wait_for_timeout(300)


def measure_app(browser, url: str) -> dict:
    ctx, page = new_page(browser)
    m = Meter(page)
    page.goto(url + "/")
    page.wait_for_function("""() => [...document.querySelectorAll('iframe')].some(i => i.contentDocument &&
        i.contentDocument.querySelectorAll('path.leaflet-interactive').length >= 54)""", timeout=120000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120000)
    page.wait_for_timeout(1500)   # late frames (component ready, query-param sync) belong to the first load
    first_http, first_ws = m.snapshot()
    # steps where the fills really change (others may be answered from Streamlit's message cache)
    from common import expected_fills

    from kirollout.model.records import load_records
    from kirollout.model.rollout import timeline_dates

    stops = timeline_dates(load_records())
    fills = [expected_fills(d) for d in stops]
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    slider.focus()
    before = page.locator(".ki-date").inner_text()
    slider.press("Home")
    _settle(page, before, fills[0])
    steps, idx = [], 0
    while len(steps) < STEPS and idx < len(stops) - 1:
        h0, w0 = m.snapshot()
        before = page.locator(".ki-date").inner_text()
        slider.press("ArrowRight")
        idx += 1
        _settle(page, before, fills[idx])
        h1, w1 = m.snapshot()
        if fills[idx] != fills[idx - 1]:
            steps.append(sum(h1.values()) - sum(h0.values()) + (w1 - w0))
    ctx.close()
    return {"http": first_http, "ws": first_ws, "steps": steps}


def border_accuracy() -> tuple[float, float, float]:
    """(max, 95th percentile, share within 2 px) deviation in metres of the built borders from the unsimplified
    DVG2 borders, and metres per pixel at zoom 10 at NRW's latitude."""
    import geopandas as gpd
    import numpy as np
    import shapely

    from kirollout.model import geodata

    built = geodata.load_districts().to_crs(25832).set_index("ags")
    raw = gpd.read_file(ROOT / "geodata/cache/dvg2krs_nw.shp")
    raw["ags"] = raw["KN"].astype(str).str[:5]
    raw = raw[raw["ags"].isin(built.index)].set_index("ags").to_crs(25832)
    dists = []
    for ags, g in raw.geometry.items():
        b = built.geometry[ags]
        # distance of each raw border vertex to the simplified border
        pts = shapely.points(shapely.get_coordinates(g.boundary))
        dists.append(shapely.distance(pts, b.boundary))
    d = np.concatenate(dists)
    m_per_px = 156543.03392 * math.cos(math.radians(51.5)) / 2 ** 10
    return float(d.max()), float(np.percentile(d, 95)), m_per_px, float((d <= 2 * m_per_px).mean())


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    proc, url = start_app(log_name="bench-bytes.log")
    naive, naive_url = start_app(log_name="bench-bytes-naive.log", script="bench/naive_app.py")
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ours = measure_app(b, url)
            base = measure_app(b, naive_url)
            b.close()
    finally:
        stop(proc)
        stop(naive)
    return {"ours": ours, "naive": base, "borders": border_accuracy()}


def kb(n: float) -> str:
    return f"{n / 1024:.0f} KB" if n >= 10240 else f"{n / 1024:.1f} KB"


def main() -> dict:
    r = measure()
    o, n = r["ours"], r["naive"]
    map_first = o["http"].get("geometry file", 0) + o["ws"]
    naive_first = n["http"].get("geometry file", 0) + n["ws"]
    mx, p95, mpp, within2 = r["borders"]
    record("Bytes of map data sent to the browser (issue 8)", [
        ("first load, map data: geometry file + websocket frames", kb(map_first), "≤ 200 KB"),
        ("  of which geometry file (static, cached by the browser)", kb(o["http"].get("geometry file", 0)), "–"),
        ("  of which websocket frames (styles, tooltips, page)", kb(o["ws"]), "–"),
        ("first load, everything else: Streamlit shell / map component / Leaflet",
         f"{kb(o['http'].get('Streamlit app shell', 0))} / {kb(o['http'].get('map component (streamlit-folium)', 0))}"
         f" / {kb(o['http'].get('Leaflet', 0))}", "–"),
        (f"per slider step that changes fills (median of {len(o['steps'])}), all bytes", kb(median(o["steps"])),
         "≤ 10 KB"),
        ("naive baseline: first load map data (websocket)", kb(naive_first), "–"),
        (f"naive baseline: per slider step that changes fills (median of {len(n['steps'])})",
         kb(median(n["steps"])), "–"),
        ("border deviation from unsimplified DVG2, max / 95th pct",
         f"{mx:.0f} m / {p95:.0f} m = {mx / mpp:.1f} px / {p95 / mpp:.1f} px at zoom 10 ({mpp:.0f} m/px)", "≤ ~1–2 px"),
        ("border vertices within 2 px of the unsimplified border at zoom 10", f"{within2 * 100:.1f} %", "–"),
    ])
    return r


if __name__ == "__main__":
    main()
