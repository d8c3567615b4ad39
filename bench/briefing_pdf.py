"""Bench: how long one district briefing PDF takes to build (prints figures; not a test).

Run: .venv/bin/python bench/briefing_pdf.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kirollout.model import geodata  # noqa: E402
from kirollout.model.records import load_records  # noqa: E402
from kirollout.model.rollout import openings  # noqa: E402
from kirollout.render import briefing


def main() -> None:
    records = load_records()
    ops = openings(records)
    meta, pop = geodata.load_meta(), geodata.load_population()
    t0 = time.perf_counter()
    rings = briefing.district_rings(None)
    print(f"boundaries for the locator map (once per process): {1000 * (time.perf_counter() - t0):.0f} ms")
    t0 = time.perf_counter()
    briefing.briefing_pdf(records, ops, "ki-05358", meta=meta, population=pop, rings=rings)
    print(f"first PDF (imports, warm-up): {1000 * (time.perf_counter() - t0):.0f} ms")
    times, cpu, sizes = [], [], []
    for cid in records.centers["center_id"]:
        t0, c0 = time.perf_counter(), time.process_time()
        b = briefing.briefing_data(records, ops, cid, meta=meta, population=pop)
        data = briefing.build_pdf(b, rings)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        sizes.append(len(data))
    phases = {}
    b = briefing.briefing_data(records, ops, "ki-05166", meta=meta, population=pop)
    loc = briefing.locator_png(rings, "05166", b.fill_color)
    for name, fn in [
        ("facts (center_detail + funding)",
         lambda: briefing.briefing_data(records, ops, "ki-05166", meta=meta, population=pop)),
        ("locator map PNG", lambda: briefing.locator_png(rings, "05166", b.fill_color)),
        ("funding chart PNG", lambda: briefing.funding_png(b.funding + b.modelled)),
        ("PDF layout + output (subset font)", lambda: bytes(briefing._render(
            b, loc, None, briefing.pdf_fonts(["Düren"])).output())),
        ("PDF layout + output (full DejaVu Sans)", lambda: bytes(briefing._render(
            b, loc, None, briefing.font_paths()).output())),
    ]:
        ts = []
        for _ in range(5):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        phases[name] = statistics.median(ts)
    ms = [1000 * x for x in times]
    print(f"all {len(ms)} districts: median {statistics.median(ms):.0f} ms, "
          f"p90 {sorted(ms)[int(0.9 * len(ms))]:.0f} ms, max {max(ms):.0f} ms, total {sum(ms) / 1000:.1f} s (wall)")
    cms = [1000 * x for x in cpu]
    print(f"  CPU time of this process: median {statistics.median(cms):.0f} ms, max {max(cms):.0f} ms "
          f"(less sensitive to other load on the machine)")
    print(f"PDF size: median {statistics.median(sizes) / 1024:.0f} KiB, max {max(sizes) / 1024:.0f} KiB")
    for name, v in phases.items():
        print(f"  {name}: {1000 * v:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
