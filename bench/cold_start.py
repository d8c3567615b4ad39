"""Cold start: `streamlit run dashboard.py` launched → health endpoint answers → first page
served (HTTP 200 for "/") → first map paint in a browser (this first session also fills the
caches: records, boundaries, geometry file). Median of 3 launches.

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

RUNS = 3


def one(browser) -> tuple[float, float, float]:
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT, env=os.environ,
                            stdout=open(ARTIFACTS / "bench-cold.log", "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        health = page = None
        while time.perf_counter() - t0 < 120:
            try:
                if health is None:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                    health = time.perf_counter() - t0
                with urllib.request.urlopen(url + "/", timeout=5) as r:
                    if r.status == 200 and b"<html" in r.read(2000).lower():
                        page = time.perf_counter() - t0
                        break
            except OSError:
                time.sleep(0.05)
        paint = first_paint_ms(browser, url + "/") / 1000 + page
        return health, page, paint
    finally:
        stop(proc)


def measure() -> list[tuple[float, float, float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        runs = [one(b) for _ in range(RUNS)]
        b.close()
    return runs


def main() -> list:
    runs = measure()
    record("Cold start of streamlit run (issue 8)", [
        (f"launch → /_stcore/health answers (median of {RUNS})", f"{median([r[0] for r in runs]):.1f} s", "–"),
        ("launch → first page served (HTTP 200 for /)", f"{median([r[1] for r in runs]):.1f} s", "–"),
        ("launch → first map painted in the browser (first session fills the caches)",
         f"{median([r[2] for r in runs]):.1f} s", "–"),
    ])
    return runs


if __name__ == "__main__":
    main()
