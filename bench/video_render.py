"""Bench: the rollout video (issue 14) — seconds to render and bytes, per format and size.

Target for the 1920×1080 MP4: ≤ 60 s on this machine and ≤ 10 MB. Wall time depends on the
other load on the 2 cores, so the table also gives this process's CPU time, and the ratio of
the per-frame shortcut (MapFigure.rgb) to a full redraw measured in the same run.
Run: .venv/bin/python bench/video_render.py   (or via run_all.py / make bench)
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import record

from kirollout.render import map_exports, video


def _per_frame(fig, shots, full: bool) -> float:
    t0 = time.process_time()
    for s in shots:
        fig.show(s.at, s.note)
        if full:
            fig.canvas.draw()
        else:
            fig.rgb()
    return (time.process_time() - t0) / len(shots)


def main() -> None:
    records, ops, stops, gj, meta = video.load_inputs("de")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for fmt, size in [("mp4", "1920x1080"), ("mp4", "1080x1080"), ("gif", "1920x1080"), ("gif", "1080x1080")]:
            c0 = time.process_time()
            res = video.render_video(gj, ops, records, stops, meta, Path(d) / f"r.{fmt}", size=size)
            cpu = time.process_time() - c0
            target = "≤ 60 s, ≤ 10 MB" if (fmt, size) == ("mp4", "1920x1080") else "–"
            rows.append((f"{fmt.upper()} {size}: {res.stops} stops, {res.ticks} ticks, {res.seconds:.1f} s of video",
                         f"{res.render_seconds:.1f} s wall ({cpu:.1f} s CPU), {res.bytes / 1e6:.2f} MB", target))
    shots = video.frame_plan(records, ops, stops)[:40]
    fig = map_exports.MapFigure(gj, ops, meta, "de", map_exports.layout_for(1920, 1080))
    full = _per_frame(fig, shots, True)
    fast = _per_frame(fig, shots, False)
    rows.append(("CPU per frame 1920×1080: full redraw vs. restored background/map (40 stops)",
                 f"{1000 * full:.0f} ms vs. {1000 * fast:.0f} ms ({full / fast:.1f}×)", "–"))
    record("Rollout video render (issue 14)", rows)


if __name__ == "__main__":
    main()
