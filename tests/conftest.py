"""Shared fixtures: the records, the built boundaries, a running app and a headless Chromium."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kirollout.model import geodata  # noqa: E402
from kirollout.model.records import load_records  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def records():
    return load_records()


@pytest.fixture(scope="session")
def districts():
    if not geodata.is_built():
        geodata.build()
    return geodata.load_districts()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env_extra: dict | None = None, log_name: str = "streamlit.log", script: str = "dashboard.py"):
    """Start `streamlit run <script>` on a free loopback port, as `make run` does; return
    (process, base_url)."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")
    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start; see test-artifacts/" + log_name)


def stop_app(proc, log_name: str = "streamlit.log") -> None:
    """Stop an app from `start_app` and fail if one of its script threads died on the way: a
    dead ScriptRunner leaves its browser session frozen (no reruns, no fragment updates)."""
    proc.terminate()
    proc.wait(10)
    log = (ARTIFACTS / log_name).read_text(errors="replace")
    crash = log.find("Exception in thread ScriptRunner")
    assert crash < 0, f"a script thread died (test-artifacts/{log_name}):\n{log[crash:crash + 3000]}"


@pytest.fixture(scope="session")
def app_url():
    worker = os.environ.get("PYTEST_XDIST_WORKER")   # one shared app per worker of `make test`
    log_name = f"streamlit-{worker}.log" if worker else "streamlit.log"
    proc, url = start_app(log_name=log_name)
    yield url
    stop_app(proc, log_name)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing at /usr/bin/chromium (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh page that records console errors and any request leaving 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    pg.external_requests = []
    pg.console_errors = []

    def _route(route):
        u = route.request.url
        if u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            return route.continue_()
        pg.external_requests.append(u)
        return route.abort()

    ctx.route("**/*", _route)
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.base_url = app_url
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def site_dir(districts):
    """The public edition, built once per test session (PDFs from .site-cache when unchanged)."""
    import fcntl

    from kirollout.render import site

    # one folder per xdist worker (each serves its own copy); builds one at a time, since the
    # workers share the PDF cache and the second build then only copies from it
    out = ARTIFACTS / f"site-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        site.build(out)
    return out


def serve_dir(directory: Path):
    """Python's file server for `directory` on a free loopback port, in a thread: (server, url)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output readable
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(site_dir):
    """site/ served as a CDN would serve it: plain files, nothing running at view time."""
    srv, url = serve_dir(site_dir)
    yield url
    srv.shutdown()
    srv.server_close()
