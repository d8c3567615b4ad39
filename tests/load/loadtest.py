"""Bounded load test: N headless sessions move the slider and switch pages for T seconds.

Loopback only (the server is started here on 127.0.0.1), bounded in sessions and time, stops by
itself. Every page registered in dashboard.py (tests/pages_list.py) is visited. Reports errors
(timeouts, page errors, console errors, HTTP ≥ 400, Streamlit exception boxes), exceptions in the
server log, and the server's memory: idle before, peak during, and after the sessions left.

    .venv/bin/python -m tests.load.loadtest --sessions 30 --seconds 60 [--record]

Sessions that left are dropped by Streamlit after `server.disconnectedSessionTTL`; the load
server runs with 5 s (env STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL) so "memory back near idle"
can be checked within the test instead of after the default 120 s.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402
from tests.pages_list import PAGES, page_for_url  # noqa: E402

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDLE_JS = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
           " && document.querySelector('[data-testid=\"stMain\"]')")
LOG_BAD = re.compile(r"Traceback|Exception|^\s*ERROR|Uncaught", re.M)
MIN_STEPS = 4   # every session moves the slider and switches page at least once, however slow
SESSION_TTL_S = 5
SESSION_TTL_ENV = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S), "MALLOC_ARENA_MAX": "2"}
IGNORED_CONSOLE = ("Unrecognized feature", "Failed to load resource")  # HTTP errors: see BENIGN_HTTP
# Opening a page URL directly (/karte) makes Streamlit's frontend probe /karte/_stcore/health
# and /karte/_stcore/host-config first (404) before it falls back to /_stcore/...; not an error.
BENIGN_HTTP = re.compile(r"^http://127\.0\.0\.1:\d+/[^_][^?]*/_stcore/(health|host-config)$")


def run_async(make_coro):
    """asyncio.run in a fresh thread: works even when the caller's thread already runs an event
    loop (pytest's session-wide sync Playwright does)."""
    import threading

    box: dict = {}

    def target():
        try:
            box["value"] = asyncio.run(make_coro())
        except BaseException as exc:  # noqa: BLE001 — re-raised in the caller's thread
            box["error"] = exc

    t = threading.Thread(target=target, name="ki-load")
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (psutil when installed, else /proc)."""
    try:
        import psutil  # type: ignore

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no RSS for pid %d" % pid)


@dataclass
class Report:
    sessions: int
    seconds: float
    actions: int = 0
    errors: list[str] = field(default_factory=list)
    log_problems: list[str] = field(default_factory=list)
    rss_idle: float = 0.0
    rss_peak: float = 0.0
    rss_after: float = 0.0
    settle_s: float = 0.0

    def lines(self) -> list[str]:
        return [f"sessions {self.sessions} × {self.seconds:.0f} s: {self.actions} actions, {len(self.errors)} errors,"
                f" {len(self.log_problems)} server-log problems",
                f"RSS idle {self.rss_idle:.0f} MB, peak {self.rss_peak:.0f} MB, after {self.rss_after:.0f} MB"
                f" (settled after {self.settle_s:.0f} s)"] + [f"  error: {e}" for e in self.errors[:20]] + [
                f"  log: {p}" for p in self.log_problems[:20]]


async def wait_idle(page, timeout: float = 90000) -> None:
    await page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    await page.wait_for_function(IDLE_JS, timeout=timeout)


async def wait_map(page, timeout: float = 90000) -> None:
    """Wait for Streamlit idle and, on a page with the map, for its 54 districts."""
    await wait_idle(page, timeout)
    ref = page_for_url(page.url)
    if (ref.has_map if ref else await page.locator(MAP_IFRAME).count()):
        await page.frame_locator(MAP_IFRAME).locator("path.leaflet-interactive").nth(53).wait_for(timeout=timeout)
        await wait_idle(page, timeout)


async def new_session(browser, url: str, path: str = "", report: Report | None = None):
    """A fresh browser context (own cookies, own Streamlit session) showing `path`."""
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})

    async def _route(route):
        u = route.request.url
        if u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            await route.continue_()
        else:
            if report is not None:
                report.errors.append(f"external request {u[:100]}")
            await route.abort()

    await ctx.route("**/*", _route)
    page = await ctx.new_page()
    if report is not None:
        page.on("pageerror", lambda e: report.errors.append(f"pageerror: {str(e)[:200]}"))
        page.on("console", lambda m: report.errors.append(f"console: {m.text[:200]}")
                if m.type == "error" and not any(s in m.text for s in IGNORED_CONSOLE) else None)
        page.on("response", lambda r: report.errors.append(f"HTTP {r.status} {r.url[:100]}")
                if r.status >= 400 and not BENIGN_HTTP.match(r.url) else None)
    await page.goto(f"{url}/{path}", wait_until="domcontentloaded", timeout=120000)
    await wait_map(page)
    return ctx, page


async def _move_slider(page, direction: int) -> bool:
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    if not await slider.count():
        return False
    before = await page.locator(".ki-date").inner_text() if await page.locator(".ki-date").count() else None
    key = "ArrowRight" if direction > 0 else "ArrowLeft"
    if before is None:
        await slider.focus()
        await slider.press(key)
    else:
        # a key press that lands while the page is still settling can be dropped: press again
        # (bounded), as a user would, before counting the step as failed
        for attempt in range(3):
            await slider.focus()
            await slider.press(key)
            try:
                await page.wait_for_function("(old) => { const e = document.querySelector('.ki-date');"
                                             " return e && e.innerText !== old; }", arg=before,
                                             timeout=30000)
                break
            except Exception:  # noqa: BLE001 — playwright's TimeoutError
                if attempt == 2:
                    raise
                key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"  # maybe at an end of the range
    await wait_map(page)
    return True


async def _switch_page(page, url: str, path: str) -> None:
    """Use the sidebar navigation like a user; reload when there is no link (single page)."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first
    if await link.count() and await link.is_visible():
        await link.click()
        await page.wait_for_url(re.compile(rf"/{re.escape(path)}(\?|$)"), timeout=90000)
    else:
        await page.goto(f"{url}/{path}", wait_until="domcontentloaded", timeout=120000)
    await wait_map(page)


async def _session(browser, url: str, idx: int, deadline: float, report: Report) -> None:
    paths = [p.path for p in PAGES] or [""]
    ctx = None
    try:
        ctx, page = await new_session(browser, url, paths[idx % len(paths)], report)
        step = 0
        while step < MIN_STEPS or time.monotonic() < deadline:
            direction = -1 if (step // 8) % 2 == 0 else 1
            moved = await _move_slider(page, direction)
            report.actions += 1
            step += 1
            if step % 4 == 0 or not moved:
                await _switch_page(page, url, paths[(idx + step // 4) % len(paths)])
                report.actions += 1
            if await page.locator("[data-testid='stException']").count():
                report.errors.append(f"session {idx}: exception box on {page.url}")
                break
    except Exception as exc:  # noqa: BLE001 — any failure of a session is an error of the run
        report.errors.append(f"session {idx}: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        if ctx is not None:
            await ctx.close()


async def warm_up(browser, url: str, report: Report | None = None, rounds: int = 2,
                  moves: tuple[int, ...] = (-1, -1, 1)) -> None:
    """`rounds` sessions (two for the real load test) that visit every page and move the slider,
    then leave: afterwards the server holds its caches and imports (RSS plateaus after about two
    sessions), so "idle" means a warm server, not a freshly started one."""
    for _ in range(rounds):
        ctx, page = await new_session(browser, url, "", report)
        for p in PAGES:
            await _switch_page(page, url, p.path)
            for d in moves:
                await _move_slider(page, d)
        await ctx.close()
    await asyncio.sleep(SESSION_TTL_S + 2)  # let the warm-up sessions expire


async def _drive(url: str, sessions: int, seconds: float, report: Report, pid: int, warm: dict) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await warm_up(browser, url, report, **warm)
        report.rss_idle = rss_mb(pid)
        peak = [report.rss_idle]

        async def sample():
            while True:
                peak[0] = max(peak[0], rss_mb(pid))
                await asyncio.sleep(0.5)

        sampler = asyncio.create_task(sample())
        deadline = time.monotonic() + seconds
        bound = seconds + 240
        try:
            await asyncio.wait_for(
                asyncio.gather(*(_session(browser, url, i, deadline, report) for i in range(sessions))),
                timeout=bound)
        except asyncio.TimeoutError:
            report.errors.append(f"sessions still busy after the bound of {bound:.0f} s (stopped; machine overloaded?)")
        sampler.cancel()
        report.rss_peak = peak[0]
        await browser.close()


def settle(pid: int, idle: float, peak: float, limit_s: float = 45) -> tuple[float, float]:
    """Wait (bounded) until RSS is back near idle; return (rss, seconds waited)."""
    t0 = time.monotonic()
    target = near_idle_limit(idle, peak)
    rss = rss_mb(pid)
    while rss > target and time.monotonic() - t0 < limit_s:
        time.sleep(1)
        rss = rss_mb(pid)
        if os.environ.get("KI_LOAD_DEBUG"):
            print(f"settle: {time.monotonic() - t0:.0f} s RSS {rss:.0f} MB", flush=True)
    return rss, time.monotonic() - t0


def near_idle_limit(idle: float, peak: float) -> float:
    """'Back near idle': at most 25 % of the load's extra memory (or 30 MB) still held."""
    return idle + max(30.0, 0.25 * (peak - idle))


def log_problems(log_path: Path) -> list[str]:
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    return [line.strip()[:200] for line in text.splitlines() if LOG_BAD.search(line)]


def run_load(sessions: int, seconds: float, log_name: str = "streamlit-load.log", smoke: bool = False) -> Report:
    """Start a server on loopback, drive it, stop it; return the report.

    `smoke` (the form inside `make test`): one warm-up session that opens every page once,
    instead of two that also move the slider on each page, before "idle" is measured."""
    sessions = max(1, min(int(sessions), 60))       # bounded
    seconds = max(1.0, min(float(seconds), 300.0))
    report = Report(sessions, seconds)
    proc, url = start_app({**SESSION_TTL_ENV}, log_name=log_name)
    try:
        warm = {"rounds": 1, "moves": ()} if smoke else {}
        run_async(lambda: _drive(url, sessions, seconds, report, proc.pid, warm))
        report.rss_after, report.settle_s = settle(proc.pid, report.rss_idle, report.rss_peak)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except Exception:  # noqa: BLE001
            proc.kill()
    report.log_problems = log_problems(ARTIFACTS / log_name)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--record", action="store_true", help="append the figures to bench/RESULTS.md")
    a = ap.parse_args(argv)
    print(f"load test: {a.sessions} sessions × {a.seconds:.0f} s on 127.0.0.1, pages {[p.url_path for p in PAGES]}"
          f" (load average {os.getloadavg()[0]:.1f})", flush=True)
    r = run_load(a.sessions, a.seconds)
    print("\n".join(r.lines()))
    ok = not r.errors and not r.log_problems and r.rss_after <= near_idle_limit(r.rss_idle, r.rss_peak)
    if a.record:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench.common import record

        record(f"Load test, {r.sessions} sessions × {r.seconds:.0f} s (issue 8)", [
            ("actions (slider moves + page switches)", str(r.actions), "–"),
            ("errors (timeouts, page/console errors, HTTP ≥ 400, exception boxes)", str(len(r.errors)), "0"),
            ("exceptions in the server log", str(len(r.log_problems)), "0"),
            ("server RSS idle / peak / after", f"{r.rss_idle:.0f} / {r.rss_peak:.0f} / {r.rss_after:.0f} MB",
             f"after ≤ {near_idle_limit(r.rss_idle, r.rss_peak):.0f} MB"),
            ("result", "pass" if ok else "FAIL", "pass"),
        ])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
