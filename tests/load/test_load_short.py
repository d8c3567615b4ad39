"""The shortened load test inside `make test` (the full one: `make load`, 30 sessions × 60 s)."""
from __future__ import annotations

from pathlib import Path

import pytest

from .loadtest import near_idle_limit, run_load

SESSIONS, SECONDS = 5, 10


def test_short_load_no_errors_and_memory_back_near_idle():
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium is missing at /usr/bin/chromium (make browser installs it)")
    r = run_load(SESSIONS, SECONDS, log_name="streamlit-load-short.log")
    print("\n".join(r.lines()))
    assert r.actions >= SESSIONS * 5, r.lines()   # ≥ 4 slider moves + 1 page switch each
    assert r.errors == [], r.lines()
    assert r.log_problems == [], r.lines()
    assert r.rss_after <= near_idle_limit(r.rss_idle, r.rss_peak), r.lines()
