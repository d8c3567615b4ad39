"""Slider step latency: key press → new date, new fills painted and Streamlit idle (median of 20).

Also checks that the map iframe is never re-created (a marker set in its window survives).
Run: .venv/bin/python bench/slider_latency.py
"""
from __future__ import annotations

from datetime import date

from common import CHROMIUM, CHROMIUM_ARGS, median, new_page, record, slider_steps, start_app, stop

from kirollout.model.records import load_records
from kirollout.model.rollout import timeline_dates
from tests.e2e.helpers import open_map

STEPS = 20


def measure(url: str, steps: int = STEPS) -> tuple[list[float], int]:
    from playwright.sync_api import sync_playwright

    stops = timeline_dates(load_records())
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx, page = new_page(b)
        page.base_url = url
        open_map(page, "?date=2012-06-01")
        out = slider_steps(page, steps, stops.index(date(2012, 6, 1)))
        b.close()
    return out


def main() -> None:
    proc, url = start_app(log_name="bench-streamlit.log")
    try:
        times, recreated = measure(url)
    finally:
        stop(proc)
    record("Slider step latency (issue 3)", [
        ("slider step, key press → new fills + idle, median of 20", f"{median(times):.0f} ms", "≤ 300 ms"),
        ("slider step, max of 20", f"{max(times):.0f} ms", "–"),
        ("map iframe re-created during 20 steps", str(recreated), "0"),
    ])


if __name__ == "__main__":
    main()
