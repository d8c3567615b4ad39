"""Every benchmark of bench/ in one run; each appends its table to bench/RESULTS.md.

Run when the machine is calm (`uptime`; every table records the load average at its start):
    .venv/bin/python bench/run_all.py            # ~10 min on 2 cores
    .venv/bin/python bench/run_all.py --with-load  # plus the full load test (30 sessions × 60 s)
Never part of `make test`.
"""
from __future__ import annotations

import os
import sys
import traceback

import cold_start
import first_paint
import map_bytes
import memory
import site_bench
import video_render


def main(argv: list[str]) -> int:
    print(f"load average at start: {os.getloadavg()}", flush=True)
    failed = []
    steps = [("first paint + slider vs floor and naive", first_paint.main), ("bytes", map_bytes.main),
             ("memory", memory.main), ("warm start", cold_start.main),
             ("rollout video", video_render.main),
             ("public edition: site/ paint, bytes, slider work, nginx", site_bench.main)]
    if "--with-load" in argv:
        from tests.load import loadtest

        steps.append(("load test 30 × 60 s",
                      lambda: loadtest.main(["--sessions", "30", "--seconds", "60", "--record"])))
    for name, fn in steps:
        print(f"\n=== {name} ===", flush=True)
        try:
            fn()
        except Exception:  # noqa: BLE001 — report and go on with the other benchmarks
            traceback.print_exc()
            failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
