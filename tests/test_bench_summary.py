"""bench/RESULTS.md: the latest run of each benchmark, every figure with a target, and in step
with bench/HISTORY.md (the summary is rewritten by every benchmark run)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import summary  # noqa: E402

HISTORY = """
## Slider step (issue 3) — 2026-11-25 00:23 UTC

| figure | value | target |
|---|---|---|
| slider step, median | 376 ms | ≤ 300 ms |
| slider step, max | 831 ms | – |

## Slider step (issue 3) — 2026-12-02 10:00 UTC

| figure | value | target |
|---|---|---|
| slider step, median | 216 ms | ≤ 300 ms |
"""


def test_only_the_latest_run_and_only_figures_with_a_target():
    rows = summary.latest(HISTORY)
    assert rows == {"slider step, median": ("Slider step (issue 3)", "216 ms", "≤ 300 ms", "2026-12-02")}
    table = summary.render(HISTORY)
    assert "| Slider step (issue 3) | slider step, median | 216 ms | ≤ 300 ms | 2026-12-02 |" in table
    assert "376 ms" not in table and "831 ms" not in table


def test_committed_summary_matches_the_history():
    history = (ROOT / "bench" / "HISTORY.md").read_text(encoding="utf-8")
    assert (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8") == summary.render(history)
