"""Server memory (RSS of the `streamlit run` process): idle, with 10 and with 30 concurrent
browser sessions (separate contexts in one headless Chromium, each showing the map) → MB per
extra session. "Idle" is a warm server: after two warm-up sessions have come and gone.

Run: .venv/bin/python bench/memory.py
"""
from __future__ import annotations

import asyncio

from common import record, start_app, stop

from tests.load.loadtest import SESSION_TTL_ENV, new_session, rss_mb, run_async, warm_up

PARALLEL_OPEN = 5


async def _measure(url: str, pid: int) -> dict:
    from playwright.async_api import async_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    out = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await warm_up(browser, url)
        out["idle"] = rss_mb(pid)
        sem = asyncio.Semaphore(PARALLEL_OPEN)
        held = []

        async def open_one():
            async with sem:
                held.append(await new_session(browser, url, ""))

        for target in (10, 30):
            await asyncio.gather(*(open_one() for _ in range(target - len(held))))
            await asyncio.sleep(3)
            out[target] = rss_mb(pid)
        for ctx, _ in held:
            await ctx.close()
        await browser.close()
    return out


def measure() -> dict:
    proc, url = start_app({**SESSION_TTL_ENV}, log_name="bench-memory.log")
    try:
        return run_async(lambda: _measure(url, proc.pid))
    finally:
        stop(proc)


def main() -> dict:
    r = measure()
    per10 = (r[10] - r["idle"]) / 10
    per30 = (r[30] - r["idle"]) / 30
    record("Server memory with concurrent sessions (issue 8)", [
        ("server RSS idle (warm)", f"{r['idle']:.0f} MB", "–"),
        ("server RSS with 10 sessions", f"{r[10]:.0f} MB", "–"),
        ("server RSS with 30 sessions", f"{r[30]:.0f} MB", "–"),
        ("per extra session (10 / 30 sessions)", f"{per10:.1f} / {per30:.1f} MB", "≤ 40 MB"),
    ])
    return r


if __name__ == "__main__":
    main()
