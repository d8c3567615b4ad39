"""Two app processes behind Debian's nginx (deploy/run_two.sh): short sessions spread over
both backends and work, and each browser stays on one backend (sticky cookie). A smoke form
(2 sessions, 40 plain requests) runs in `make test`, the 30-session form in `make load`.

Needs Debian's nginx: installed here with apt-get when running as root and missing; skipped
with a message otherwise. Loopback only; bounded (30 sessions, at most 10 at a time).
"""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, free_port

from .loadtest import LOG_BAD, Report, _move_slider, new_session, run_async

LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ '
                  r'upstream=(?P<up>\S+) route=(?P<route>\S+)')


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        pytest.skip("Debian's nginx is not installed and we are not root: "
                    "'sudo apt-get install -y nginx' to run the two-backend test")
    r = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx"],
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0 or not Path("/usr/sbin/nginx").exists():
        pytest.skip("could not install Debian's nginx with apt-get: " + (r.stderr or r.stdout)[-300:])
    return "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def two_backends(tmp_path_factory):
    nginx = _nginx()
    run_dir = tmp_path_factory.mktemp("deploy")
    ports = {"PORT_A": str(free_port()), "PORT_B": str(free_port()), "PROXY_PORT": str(free_port())}
    ARTIFACTS.mkdir(exist_ok=True)
    out = open(ARTIFACTS / "run_two.log", "w")
    proc = subprocess.Popen([str(ROOT / "deploy" / "run_two.sh")], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                            env={**os.environ, **ports, "RUN_DIR": str(run_dir), "NGINX_BIN": nginx},
                            start_new_session=True)
    url = f"http://127.0.0.1:{ports['PROXY_PORT']}"
    deadline = time.time() + 120
    ok = False
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                ok = r.status == 200
                break
        except OSError:
            time.sleep(0.5)
    if not ok:
        os.killpg(proc.pid, signal.SIGTERM)
        pytest.fail("deploy/run_two.sh did not come up; see test-artifacts/run_two.log")
    yield url, run_dir, ports
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


async def _sessions(url: str, report: Report, sessions: int, parallel: int) -> int:
    from playwright.async_api import async_playwright

    sem = asyncio.Semaphore(parallel)
    done = 0

    async def one(i: int) -> None:
        nonlocal done
        async with sem:
            ctx = None
            try:
                ctx, page = await new_session(browser, url, "", report)
                assert await page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
                    "path.leaflet-interactive").count() == 54
                await _move_slider(page, -1)
                done += 1
            except Exception as exc:  # noqa: BLE001
                report.errors.append(f"session {i}: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}")
            finally:
                if ctx is not None:
                    await ctx.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(sessions))), timeout=600)
        await browser.close()
    return done


def _spread_and_sticky(two_backends, sessions: int, parallel: int, min_per_backend: int) -> None:
    url, run_dir, ports = two_backends
    report = Report(sessions, 0)
    done = run_async(lambda: _sessions(url, report, sessions, parallel))
    assert report.errors == [], report.errors[:10]
    assert done == sessions

    lines = [m.groupdict() for m in map(LINE.search, (run_dir / "logs" / "access.log").read_text().splitlines()) if m]
    streams = Counter(d["up"] for d in lines if d["path"].endswith("/_stcore/stream"))
    backends = {f"127.0.0.1:{ports['PORT_A']}", f"127.0.0.1:{ports['PORT_B']}"}
    assert set(streams) <= backends, f"websockets per backend: {dict(streams)}"
    assert sum(streams.values()) >= sessions
    assert min(streams.get(b, 0) for b in backends) >= min_per_backend, f"uneven spread: {dict(streams)}"
    # sticky: every request carrying one route cookie went to one backend
    by_route = defaultdict(set)
    for d in lines:
        if d["up"] != "-":
            by_route[d["route"]].add(d["up"])
    assert all(len(v) == 1 for v in by_route.values()), {k: v for k, v in by_route.items() if len(v) > 1}
    for port in (ports["PORT_A"], ports["PORT_B"]):
        log = (run_dir / "logs" / f"app-{port}.log").read_text(errors="replace")
        assert not LOG_BAD.search(log), log[-2000:]
    print(f"websocket sessions per backend: {dict(streams)}")


def test_smoke_first_visits_spread_and_sessions_stick_and_work(two_backends):
    """`make test`'s form: 40 cookie-less requests reach both backends (a random route each: all
    on one backend has odds of 2^-39), then 2 browser sessions work and each stays on one backend."""
    url, run_dir, ports = two_backends
    for _ in range(40):
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
            assert r.status == 200
    lines = [m.groupdict() for m in map(LINE.search, (run_dir / "logs" / "access.log").read_text().splitlines()) if m]
    first = Counter(d["up"] for d in lines if d["path"] == "/_stcore/health")
    assert set(first) == {f"127.0.0.1:{ports['PORT_A']}", f"127.0.0.1:{ports['PORT_B']}"}, dict(first)
    _spread_and_sticky(two_backends, sessions=2, parallel=2, min_per_backend=0)


@pytest.mark.load
def test_30_sessions_spread_over_both_backends_and_work(two_backends):
    _spread_and_sticky(two_backends, sessions=30, parallel=6, min_per_backend=3)
