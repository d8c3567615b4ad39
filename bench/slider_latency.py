"""Slider step latency: key press → new date, new fills painted and Streamlit idle (median of 20).

Also checks that the map iframe is never re-created (a marker set in its window survives).
Run: .venv/bin/python bench/slider_latency.py
"""
from __future__ import annotations

import time

from common import CHROMIUM, CHROMIUM_ARGS, median, record, start_app

from datetime import date

from kirollout import palette
from kirollout.records import load_records
from kirollout.rollout import openings, state_at, timeline_dates
from tests.e2e.helpers import map_frame, open_map, slider_input

STEPS = 20


def main() -> None:
    from playwright.sync_api import sync_playwright

    stops = timeline_dates(load_records())
    proc, url = start_app(log_name="bench-streamlit.log")
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            page.base_url = url
            open_map(page, "?date=2012-06-01")
            map_frame(page).evaluate("() => { window.__kiMarker = 1; }")
            slider_input(page).focus()
            times, recreated = [], 0
            records = load_records()
            ops = openings(records)
            years = {c.center_id: (o.period.start.year if o.period else None) for c, o in
                     ((c, ops[c.center_id]) for c in records.centers.itertuples())}
            ags_of = dict(zip(records.centers["center_id"], records.centers["ags"]))
            idx = stops.index(date(2012, 6, 1))
            for _ in range(STEPS):
                idx += 1
                expected = {ags_of[cid]: palette.style_for(state_at(o, stops[idx]), years[cid])["fillColor"]
                            for cid, o in ops.items()}
                before = page.locator(".ki-date").inner_text()
                t0 = time.perf_counter()
                slider_input(page).press("ArrowRight")
                page.wait_for_function(
                    "(old) => document.querySelector('.ki-date').innerText !== old", arg=before, timeout=30000)
                page.wait_for_function(
                    """(exp) => { const w = [...document.querySelectorAll('iframe')].map(i => i.contentWindow).find(w => w && w.map_div);
                        if (!w || document.querySelector('[data-testid="stStatusWidget"]')) return false;
                        let ok = 0; w.map_div.eachLayer(l => { if (l.feature && exp[l.feature.properties.ags] === l.options.fillColor) ok++; });
                        return ok === 54; }""",
                    arg=expected, timeout=30000)
                times.append((time.perf_counter() - t0) * 1000)
                if map_frame(page).evaluate("() => window.__kiMarker") != 1:
                    recreated += 1
                    map_frame(page).evaluate("() => { window.__kiMarker = 1; }")
            b.close()
    finally:
        proc.terminate()
    record("Slider step latency (issue 3)", [
        ("slider step, key press → new fills + idle, median of 20", f"{median(times):.0f} ms", "≤ 300 ms"),
        ("slider step, max of 20", f"{max(times):.0f} ms", "–"),
        ("map iframe re-created during 20 steps", str(recreated), "0"),
    ])


if __name__ == "__main__":
    main()
