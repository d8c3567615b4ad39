"""bench/RESULTS.md at a glance: the latest figure of every benchmark that has a target, with the
date it was measured; the full history (every run, with machine and load) stays in HISTORY.md.

Rewritten by common.record after each benchmark, or by hand: .venv/bin/python bench/summary.py
"""
from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
HISTORY, RESULTS = HERE / "HISTORY.md", HERE / "RESULTS.md"
SECTION = re.compile(r"^## (?P<title>.+?) — (?P<stamp>\d{4}-\d\d-\d\d \d\d:\d\d UTC)\s*$")
# a benchmark renamed: its older runs count as runs of the new name
RENAMED = {"Warm start: first visit after launch vs. warm visits (issues 8, 16)":
           "First visit after launch vs. warm visits (issues 8, 16, 19)"}
ROW = re.compile(r"^\| (?P<figure>.+?) \| (?P<value>.*?) \| (?P<target>.*?) \|\s*$")


def latest(history: str) -> dict[str, tuple[str, str, str, str]]:
    """{figure: (benchmark, value, target, date)} from the newest run of each benchmark (by its
    title); rows without a target ("–", "floor") are left out: they explain, the summary judges."""
    runs: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}
    title = None
    for line in history.splitlines():
        if m := SECTION.match(line):
            title = RENAMED.get(m["title"], m["title"])
            runs.pop(title, None)  # a later run of the same benchmark replaces it (and moves it last)
            runs[title] = (m["stamp"][:10], [])
            continue
        m = ROW.match(line)
        if not m or title is None or m["figure"] == "figure" or set(m["figure"]) <= {"-"}:
            continue
        if m["target"].strip() not in ("", "–", "-", "floor", "target"):
            runs[title][1].append((m["figure"], m["value"], m["target"]))
    return {f: (title, v, t, day) for title, (day, rows) in runs.items() for f, v, t in rows}


def render(history: str) -> str:
    rows = sorted(latest(history).items(), key=lambda kv: (kv[1][0], kv[0]))
    lines = ["# Benchmark results", "",
             "The latest run of each benchmark: every figure that has a target. Every",
             "run, with machine, load average and versions, is in [HISTORY.md](HISTORY.md); this machine",
             "has 2 cores and its absolute times drift by 2–3 × from day to day, so ratios measured in one",
             "run are the targets.", "",
             "| benchmark | figure | latest | target | measured |", "|---|---|---|---|---|"]
    lines += [f"| {b} | {f} | {v} | {t} | {d} |" for f, (b, v, t, d) in rows]
    return "\n".join(lines) + "\n"


def write() -> None:
    RESULTS.write_text(render(HISTORY.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    write()
