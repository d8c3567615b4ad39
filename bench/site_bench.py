"""The public edition (site/, issue 15): first map paint vs. the bare static map file, bytes on
the wire (gzip), main-thread work per slider step, and how many map pages per second Debian's
nginx serves from site/ on this machine (deploy/nginx.conf). All in one run, on 127.0.0.1 only.

Run: .venv/bin/python bench/site_bench.py
"""
from __future__ import annotations

import asyncio
import gzip
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from common import CHROMIUM, CHROMIUM_ARGS, ROOT, median, new_page, record

RUNS = 11
STEPS = 30
LOAD_SECONDS = 10          # bounded: the nginx load stops after this or MAX_REQUESTS
MAX_REQUESTS = 300_000
CONNECTIONS = 32


PAINT_PROBE = """(() => { const t = () => {
    if (document.querySelectorAll('path.leaflet-interactive').length >= 54) window.__kiPainted = performance.now();
    else requestAnimationFrame(t); }; requestAnimationFrame(t); })()"""


def paint_ms(browser, url: str) -> float:
    """Navigation start → 54 district paths in the DOM, read from the page's own clock, cold cache.

    No request interception here (bench/common.new_page routes every request through Python,
    which charges a multi-file page once per file); the browser tests prove the site makes no
    request beyond 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.add_init_script(PAINT_PROBE)
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__kiPainted", timeout=120000)
        return page.evaluate("() => window.__kiPainted")
    finally:
        ctx.close()


def page_resources(browser, url: str) -> dict[str, bytes]:
    """Every response body the map page loads until painted (cold cache), by URL."""
    ctx, page = new_page(browser)
    bodies: dict[str, bytes] = {}
    page.on("response", lambda r: bodies.__setitem__(r.url, r.body()) if r.ok else None)
    page.goto(url)
    page.wait_for_function("() => document.querySelectorAll('#ki-map path.leaflet-interactive').length === 54")
    page.wait_for_timeout(500)
    ctx.close()
    return bodies


STEP_JS = ("""(i) => { const s = document.getElementById('ki-slider'); s.value = i; s.dispatchEvent(new Event('input'));
    return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => """
           """r(document.getElementById('ki-date').innerText)))); }""")
IDLE_JS = """(i) => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(i))))"""


def slider_main_thread(browser, url: str) -> tuple[list[float], list[float]]:
    """Main-thread task time (Chrome's TaskDuration, incl. script, style, layout, paint) per
    slider step, minus the same measurement around two empty frames (the probe's own cost).
    Also the synchronous input handler alone (performance.now around dispatchEvent)."""
    ctx, page = new_page(browser)
    page.goto(url + "?date=2012-06-01")
    page.wait_for_function("() => document.querySelectorAll('#ki-map path.leaflet-interactive').length === 54")
    cdp = ctx.new_cdp_session(page)
    cdp.send("Performance.enable")

    def task() -> float:
        return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")

    start = page.evaluate("() => window.KI_APP.index()")
    steps, idle, sync = [], [], []
    for k in range(1, STEPS + 1):
        a = task()
        page.evaluate(IDLE_JS, k)
        b = task()
        page.evaluate(STEP_JS, start + k)
        c = task()
        idle.append((b - a) * 1000)
        steps.append((c - b) * 1000)
    for k in range(STEPS):
        sync.append(page.evaluate("(i) => { const s = document.getElementById('ki-slider'); "
                                  """const t0 = performance.now();
            s.value = i; s.dispatchEvent(new Event('input')); document.body.getBoundingClientRect();
            return performance.now() - t0; }""", start + STEPS - k))
    ctx.close()
    probe = median(idle)
    return [max(0.0, s - probe) for s in steps], sync


# ---------------------------------------------------------------- nginx

def start_nginx(site_root: Path) -> tuple[subprocess.Popen, str, Path]:
    """deploy/nginx.conf with free loopback ports, serving <site_root>/site/ (no app processes)."""
    import socket

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    run = Path(tempfile.mkdtemp(prefix="ki-site-nginx."))
    (run / "logs").mkdir()
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / "tmp" / d).mkdir(parents=True)
    os.system(f"chmod -R 777 {run}/tmp")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = (conf.replace("listen 127.0.0.1:8080", f"listen 127.0.0.1:{port}")
            .replace("root /srv/ki-rollout;", f"root {site_root};")
            .replace("access_log logs/access.log ki;", "access_log off;"))
    (run / "nginx.conf").write_text(conf, encoding="utf-8")
    proc = subprocess.Popen([nginx, "-p", str(run), "-c", str(run / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/site/", timeout=1)
            return proc, url, run
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("nginx did not start")


async def _get(reader, writer, host: str, path: str) -> tuple[int, int, bool]:
    """One keep-alive GET; (status, body bytes, server closes the connection)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {k.strip().lower(): v.strip().lower() for k, _, v in
               (line.partition(b":") for line in head.split(b"\r\n")[1:] if line)}
    n = 0
    if b"content-length" in headers:
        n = len(await reader.readexactly(int(headers[b"content-length"])))
    else:  # chunked (compressed on the fly)
        while True:
            size = int((await reader.readline()).strip(), 16)
            n += len(await reader.readexactly(size + 2)) - 2
            if size == 0:
                break
    return status, n, headers.get(b"connection") == b"close"


async def _client(host: str, port: int, paths: list[str], deadline: float, counter: dict) -> None:
    """Load the map page's files again and again on one connection (reopened when nginx closes it)."""
    conn = None
    while time.perf_counter() < deadline and counter["requests"] < MAX_REQUESTS:
        for p in paths:
            if conn is None:
                conn = await asyncio.open_connection(host, port)
            status, n, close = await _get(*conn, host, p)
            counter["requests"] += 1
            counter["bytes"] += n
            counter["errors"] += status >= 400
            if close:
                conn[1].close()
                conn = None
        counter["pages"] += 1
    if conn:
        conn[1].close()


async def _load(url: str, paths: list[str]) -> dict:
    host, port = url.removeprefix("http://").split(":")
    counter = {"requests": 0, "pages": 0, "bytes": 0, "errors": 0}
    t0 = time.perf_counter()
    await asyncio.gather(*(_client(host, int(port), paths, t0 + LOAD_SECONDS, counter) for _ in range(CONNECTIONS)))
    counter["seconds"] = time.perf_counter() - t0
    return counter


def nginx_figures(url: str, page_paths: list[str]) -> dict:
    """Cache headers, and map pages per second under a bounded keep-alive load."""
    with urllib.request.urlopen(urllib.request.Request(url + page_paths[1], headers={"Accept-Encoding": "gzip"})) as r:
        asset_headers = dict(r.headers)
    with urllib.request.urlopen(url + page_paths[0]) as r:
        page_headers = dict(r.headers)
    return {"load": asyncio.run(_load(url, page_paths)), "asset_cache": asset_headers.get("Cache-Control", ""),
            "asset_encoding": asset_headers.get("Content-Encoding", ""),
            "page_cache": page_headers.get("Cache-Control", "")}


# ---------------------------------------------------------------- main

def measure() -> dict:
    import first_paint
    from playwright.sync_api import sync_playwright

    from kirollout.render import site

    built = site.build()
    static = first_paint.static_map_file()
    # one nginx serves both (deploy/nginx.conf): site/ and, beside it, the bare static map file
    serve_root = Path(tempfile.mkdtemp(prefix="ki-site-bench."))
    os.chmod(serve_root, 0o755)
    (serve_root / "site").mkdir()
    for entry in (ROOT / "site").iterdir():
        (serve_root / "site" / entry.name).symlink_to(entry)
    shutil.copy(static, serve_root / "site" / "static_map.html")
    os.chmod(serve_root / "site" / "static_map.html", 0o644)
    proc, ngx, run = start_nginx(serve_root)
    base = ngx + "/site"
    res: dict = {"build": built, "static_bytes": static.stat().st_size}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            paint_ms(b, base + "/index.html")
            paint_ms(b, base + "/static_map.html")
            res["site"], res["static"] = [], []
            for _ in range(RUNS):  # interleaved, so drifting machine load hits both alike
                res["static"].append(paint_ms(b, base + "/static_map.html"))
                res["site"].append(paint_ms(b, base + "/index.html"))
            bodies = page_resources(b, base + "/index.html")
            res["steps"], res["sync"] = slider_main_thread(b, base + "/index.html")
            b.close()
        res["raw"] = sum(len(v) for v in bodies.values())
        res["gz"] = sum(len(gzip.compress(v, 6)) for v in bodies.values())
        res["requests"] = len(bodies)
        paths = sorted((u.removeprefix(ngx) for u in bodies), key=lambda u: not u.endswith("index.html"))
        res["nginx"] = nginx_figures(ngx, paths)
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(run, ignore_errors=True)
        shutil.rmtree(serve_root, ignore_errors=True)
    return res


def main() -> dict:
    r = measure()
    s, f = median(r["site"]), median(r["static"])
    n = r["nginx"]
    ld = n["load"]
    pps = ld["pages"] / ld["seconds"]
    record("Public edition: site/ vs. the bare static map file, bytes, slider work, nginx (issue 15)", [
        (f"site build (`make site`, PDFs cached): {r['build']['files']} files", f"{r['build']['seconds']:.1f} s", "–"),
        (f"first map paint, site/index.html via nginx (navigation → 54 paths, page clock, "
         f"median of {len(r['site'])}, cold cache)", f"{s:.0f} ms", "–"),
        (f"first map paint, bare static map file, same nginx ({r['static_bytes'] / 1024:.0f} KB)",
         f"{f:.0f} ms", "floor"),
        ("ratio site / static file", f"{s / f:.2f}", "≤ 1.2"),
        (f"map page transfer, gzip -6, {r['requests']} responses incl. Leaflet and geometry "
         f"({r['raw'] / 1024:.0f} KB raw)", f"{r['gz'] / 1024:.0f} KB", "≤ 250 KB"),
        (f"slider step, main-thread task time (TaskDuration, median of {len(r['steps'])})",
         f"{median(r['steps']):.1f} ms (max {max(r['steps']):.1f})", "≤ 16 ms"),
        ("slider step, input handler + layout alone (median)", f"{median(r['sync']):.1f} ms", "–"),
        (f"nginx: map pages/s ({r['requests']} requests each, {CONNECTIONS} keep-alive connections, "
         f"{ld['seconds']:.0f} s, client on the same 2 cores)",
         f"{pps:.0f} pages/s ({ld['requests'] / ld['seconds']:.0f} req/s, "
         f"{ld['errors']} errors)", "–"),
        ("nginx Cache-Control: assets / pages; encoding of assets",
         f"{n['asset_cache']} / {n['page_cache']}; {n['asset_encoding']}", "long / short; gzip"),
        ("10,000 readers in one hour, all arriving in the first 10 minutes",
         f"{10000 / 600:.1f} pages/s = {10000 / 600 / pps * 100:.2f} % of nginx's rate", "< 100 %"),
    ])
    return r


if __name__ == "__main__":
    main()
