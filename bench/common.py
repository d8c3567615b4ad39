"""Shared pieces for benchmarks: start the app, launch Chromium, record results."""
from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402,F401

RESULTS = ROOT / "bench" / "RESULTS.md"


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
    """Append a result table (figure, value, target) to bench/RESULTS.md and print it."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"\n## {title} — {stamp}\n", f"Machine: {machine()}  \nVersions: {versions()}\n",
             "| figure | value | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(RESULTS, "a", encoding="utf-8") as fh:
        fh.write(text)


def median(xs: list[float]) -> float:
    return statistics.median(xs)
