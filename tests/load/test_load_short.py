"""The load test through pytest: a smoke form inside `make test` (2 sessions, each moving the
slider 4 times and switching page once, after one short warm-up session) and the 5 × 10 s form
in `make load` (beside the 30 × 60 s run of loadtest.py). Both check the same things: no
errors, a clean server log, memory back near idle."""
from __future__ import annotations

from pathlib import Path

import pytest

from .loadtest import near_idle_limit, run_load


def _load_ok(sessions: int, seconds: float, smoke: bool, log_name: str) -> None:
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium is missing at /usr/bin/chromium (make browser installs it)")
    r = run_load(sessions, seconds, log_name=log_name, smoke=smoke)
    print("\n".join(r.lines()))
    assert r.actions >= sessions * 5, r.lines()   # ≥ 4 slider moves + 1 page switch each
    assert r.errors == [], r.lines()
    assert r.log_problems == [], r.lines()
    assert r.rss_after <= near_idle_limit(r.rss_idle, r.rss_peak), r.lines()


def test_load_smoke_no_errors_and_memory_back_near_idle():
    _load_ok(2, 1, True, "streamlit-load-smoke.log")


@pytest.mark.load
def test_short_load_no_errors_and_memory_back_near_idle():
    _load_ok(5, 10, False, "streamlit-load-short.log")
