"""First visit after launch: `streamlit run dashboard.py` (what `make run` does; the first visitor
fills the caches). A warm-up at startup (serve.py) was measured here against it and dropped on
2026-12-04: 1.75 against 1.77, no effect (bench/HISTORY.md).
Per launch: launch → /_stcore/health answers; then, right away, four fresh browser contexts one
after another, each timed from navigation to the 54 painted districts. The first of them is the
first visit after launch, the other three are warm visits. Median over the launches.

Run: .venv/bin/python bench/cold_start.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from common import CHROMIUM, CHROMIUM_ARGS, ROOT, first_paint_ms, median, record, stop

from tests.conftest import ARTIFACTS, free_port

RUNS = 2
VISITS = 4


def one(browser, script: str) -> tuple[float, list[float]]:
    """(seconds from launch to health, [first paint of each visit in ms])."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT, env=os.environ,
                            stdout=open(ARTIFACTS / "bench-cold.log", "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        health = None
        while health is None and time.perf_counter() - t0 < 120:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                health = time.perf_counter() - t0
            except OSError:
                time.sleep(0.05)
        return health, [first_paint_ms(browser, url + "/") for _ in range(VISITS)]
    finally:
        stop(proc)


def measure() -> dict[str, list[tuple[float, list[float]]]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        out = {script: [one(b, script) for _ in range(RUNS)] for script in ("dashboard.py",)}
        b.close()
    return out


def main() -> dict:
    r = measure()
    rows = []
    for script, label in (("dashboard.py", "make run (dashboard.py)"),):
        runs = r[script]
        first = median([v[0] for _, v in runs])
        warm = median([x for _, v in runs for x in v[1:]])
        rows += [
            (f"{label}: launch → /_stcore/health (median of {RUNS} launches)", f"{median([h for h, _ in runs]):.1f} s",
             "–"),
            (f"{label}: first map paint of the first visit right after health", f"{first:.0f} ms", "–"),
            (f"{label}: first map paint of the next {VISITS - 1} visits (median)", f"{warm:.0f} ms", "–"),
            (f"{label}: ratio first visit / warm visit", f"{first / warm:.2f}",
             "≤ 1.5"),
        ]
    record("First visit after launch vs. warm visits (issues 8, 16, 19)", rows)
    return r


if __name__ == "__main__":
    main()
