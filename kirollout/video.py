"""The rollout as a video: MP4 (H.264, yuv420p) or animated GIF, drawn by the print map's renderer.

One tick per stop of presentation mode (present.present_sequence: first to last opening, resting
PAUSE_TICKS extra ticks on each statewide milestone), TICK_SECONDS per tick. The map figure is
built once (map_exports.MapFigure); each stop only restyles the districts and the texts, and a
pause repeats the frame already drawn.

MP4 goes through PyAV, whose wheels bring FFmpeg with libx264 (no system package); the GIF
through Pillow with one palette for all frames (no flicker), one GIF frame per stop whose
duration covers its pause.

Command line (`make video OUT=rollout.mp4 LANG=en SIZE=1080x1080`):
    python -m kirollout.video --out rollout.mp4 [--lang en] [--size 1080x1080]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from . import present
from .i18n import LANGS
from .map_exports import MapFigure, layout_for
from .records import Records
from .rollout import Opening

SIZES = ("1920x1080", "1080x1080")  # slides, social media
FORMATS = ("mp4", "gif")
TICK_SECONDS = 0.5
FPS = round(1 / TICK_SECONDS)
MIN_SIDE, MAX_SIDE = 64, 3840
VIDEO_VERSION = 1  # bump when the look changes: old cache files are then never served
MAX_STOPS_ENV = "KI_VIDEO_MAX_STOPS"  # previews and tests: only the first N stops


class VideoError(ValueError):
    """Bad request (size, format, language); the message is German and names the bad value."""


def parse_size(text: str) -> tuple[int, int]:
    """"1920x1080" → (1920, 1080); even sides between MIN_SIDE and MAX_SIDE (H.264 4:2:0 needs even)."""
    m = re.fullmatch(r"\s*(\d{2,5})\s*[x×]\s*(\d{2,5})\s*", str(text))
    if not m:
        raise VideoError(f"Ungültige Größe „{text}“: erwartet Breite×Höhe in Pixeln, z. B. 1920x1080.")
    w, h = int(m.group(1)), int(m.group(2))
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE) or w % 2 or h % 2:
        raise VideoError(f"Ungültige Größe „{text}“: Seiten gerade und zwischen {MIN_SIDE} und {MAX_SIDE} Pixeln.")
    return w, h


def format_from_path(path: str | Path) -> str:
    ext = Path(path).suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise VideoError(f"Unbekanntes Videoformat „{Path(path).suffix or path}“: erlaubt sind .mp4 und .gif.")
    return ext


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise VideoError(f"Unbekannte Sprache „{lang}“: erlaubt sind {', '.join(LANGS)}.")
    return lang


@dataclass(frozen=True)
class Shot:
    """One stop of the video: the day shown, the milestone line, and how many ticks it stays."""

    at: date
    note: str
    ticks: int


def frame_plan(records: Records, ops: dict[str, Opening], stops: list[date], lang: str = "de",
               max_stops: int | None = None) -> list[Shot]:
    """The stops presentation mode plays, each with its ticks (1 + pause on a milestone)."""
    seq = present.present_sequence(stops, ops, present.milestone_dates(records))
    shots: list[Shot] = []
    for i in seq:
        if shots and shots[-1].at == stops[i]:
            shots[-1] = Shot(stops[i], shots[-1].note, shots[-1].ticks + 1)
        else:
            shots.append(Shot(stops[i], present.milestone_note(records, stops[i], lang), 1))
    return shots[:max_stops] if max_stops else shots


def _frames(fig: MapFigure, shots: list[Shot], progress: Callable[[float], None] | None):
    """(RGB array, ticks) per shot; progress after each drawn frame."""
    for i, s in enumerate(shots):
        fig.show(s.at, s.note)
        yield fig.rgb(), s.ticks
        if progress:
            progress((i + 1) / len(shots))


def write_mp4(frames: Iterable, path: Path, width: int, height: int) -> int:
    """H.264 High, yuv420p, BT.709, moov atom first (plays from a slide or a web page at once).
    Returns the number of video frames (one per tick)."""
    import av

    n = 0
    with av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.gop_size = FPS * 10  # a key frame every 10 s: seeking in PowerPoint
        stream.codec_context.colorspace = stream.codec_context.color_primaries = 1  # BT.709
        stream.codec_context.color_trc = 1
        stream.options = {"crf": "20", "preset": "veryfast", "tune": "stillimage", "profile": "high"}
        for rgb, ticks in frames:
            yuv = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(
                format="yuv420p", dst_colorspace="itu709")
            for _ in range(ticks):
                yuv.pts = n
                out.mux(stream.encode(yuv))
                n += 1
        out.mux(stream.encode(None))
    return n


def write_gif(frames: Iterable, path: Path, palette_rgb) -> int:
    """Animated GIF, one frame per stop lasting its ticks, looping; one palette (from
    `palette_rgb`, an image holding every colour the video uses) for all frames."""
    from PIL import Image

    pal = Image.fromarray(palette_rgb).quantize(colors=96, method=Image.Quantize.MEDIANCUT)
    durations: list[int] = []

    def _images():
        for rgb, ticks in frames:
            durations.append(round(ticks * TICK_SECONDS * 1000))
            yield Image.fromarray(rgb).quantize(palette=pal, dither=Image.Dither.NONE)

    images = list(_images())  # Pillow needs every duration before it writes
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:], duration=durations,
                   loop=0, optimize=False, disposal=1)
    return len(images)


@dataclass
class VideoResult:
    path: Path
    fmt: str
    width: int
    height: int
    stops: int
    ticks: int
    frames: int  # frames in the file: ticks for MP4, stops for GIF
    seconds: float
    bytes: int
    render_seconds: float


def render_video(geojson: dict, ops: dict[str, Opening], records: Records, stops: list[date], meta: dict,
                 out: Path, *, size: str = SIZES[0], lang: str = "de", max_stops: int | None = None,
                 progress: Callable[[float], None] | None = None) -> VideoResult:
    """Render the rollout to `out` (.mp4 or .gif); written to a temporary file, then renamed."""
    t0 = time.perf_counter()
    fmt, (w, h), lang = format_from_path(out), parse_size(size), check_lang(lang)
    shots = frame_plan(records, ops, stops, lang, max_stops)
    fig = MapFigure(geojson, ops, meta, lang, layout_for(w, h))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.{threading.get_ident()}.tmp{out.suffix}")
    try:
        if fmt == "mp4":
            n = write_mp4(_frames(fig, shots, progress), tmp, w, h)
        else:
            import numpy as np

            fig.show(shots[0].at, shots[0].note)  # first and last stop hold every colour in use
            first = fig.rgb()
            fig.show(shots[-1].at, shots[-1].note)
            n = write_gif(_frames(fig, shots, progress), tmp, np.concatenate([first, fig.rgb()]))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    ticks = sum(s.ticks for s in shots)
    return VideoResult(out, fmt, w, h, len(shots), ticks, n, ticks * TICK_SECONDS, out.stat().st_size,
                       time.perf_counter() - t0)


def file_name(fmt: str, size: str, lang: str, data_day: date | None = None) -> str:
    """`ki-rollout-nrw_video_1920x1080_de.mp4` — what, which size and language."""
    return f"ki-rollout-nrw_video_{size}_{lang}.{fmt}"


# ---------------------------------------------------------------- disk cache and background jobs

def cache_dir() -> Path:
    """Rendered videos, one per data version, format, size and language (`KI_VIDEO_CACHE`)."""
    return Path(os.environ.get("KI_VIDEO_CACHE", Path(tempfile.gettempdir()) / "kirollout-video"))


def cache_path(fingerprint: object, fmt: str, size: str, lang: str) -> Path:
    """Where the video for this data version and request lives (the key hashes all of them)."""
    limit = os.environ.get(MAX_STOPS_ENV, "")
    key = hashlib.sha256(repr((VIDEO_VERSION, fingerprint, fmt, size, lang, limit)).encode()).hexdigest()[:24]
    return cache_dir() / f"ki-rollout-{key}.{fmt}"


def prune_cache(keep: int = 12) -> None:
    """Keep the `keep` most recently written videos."""
    files = sorted((p for p in cache_dir().glob("ki-rollout-*") if p.is_file()),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    for p in files[keep:]:
        p.unlink(missing_ok=True)


@dataclass
class Job:
    """A render in the background; the page polls `progress` and reads `path` when `done`."""

    path: Path
    progress: float = 0.0
    started: bool = False
    done: bool = False
    error: str | None = None


_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ki-video")  # one render at a time
_JOBS: dict[Path, Job] = {}
_LOCK = threading.Lock()


def request(path: Path, fmt: str, size: str, lang: str, retry: bool = False) -> Job:
    """The job for this cache file: done at once when the file exists, else queued once; a
    failed job is returned as it is (its error shown) unless `retry`.

    The render runs in a child process (`python -m kirollout.video`, lower priority) started from
    a worker thread, so neither the server's script threads nor its GIL wait for it.
    """
    fmt, lang = format_from_path(f"x.{fmt}"), check_lang(lang)
    parse_size(size)
    with _LOCK:
        job = _JOBS.get(path)
        if job and (not job.done or (job.error is None and path.exists()) or (job.error and not retry)):
            return job
        if path.exists():
            job = _JOBS[path] = Job(path, 1.0, True, True)
            return job
        job = _JOBS[path] = Job(path)
    _EXECUTOR.submit(_run, job, ["--out", str(path), "--size", size, "--lang", lang])
    return job


def _run(job: Job, argv: list[str]) -> None:
    from .paths import ROOT

    job.started = True
    try:
        # one pipe for both streams: reading stdout alone while warnings fill a separate stderr
        # pipe would block the child (and the job) forever
        proc = subprocess.Popen([sys.executable, "-m", "kirollout.video", *argv, "--progress"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                preexec_fn=lambda: os.nice(10) if hasattr(os, "nice") else None)
        other: list[str] = []
        for line in proc.stdout:
            if line.startswith("progress "):
                job.progress = float(line.split()[1])
            elif line.strip():
                other = (other + [line.strip()])[-20:]
        if proc.wait() != 0:
            job.error = (other or ["exit code %d" % proc.returncode])[-1]
        else:
            job.progress = 1.0
            prune_cache()
    except Exception as exc:  # noqa: BLE001 — reported on the page, never kills the worker
        job.error = str(exc)
    job.done = True


# ---------------------------------------------------------------- command line

def load_inputs(lang: str = "de"):
    """Records, openings, stops, map features (GeoJSON) and boundary meta, without Streamlit."""
    from . import geodata, maps, rollout
    from .records import load_records

    records = load_records()
    ops = rollout.openings(records)
    districts, meta = geodata.load_districts(), geodata.load_meta()
    geojson = maps.features_geojson(maps.district_features(districts, records, ops, lang))
    return records, ops, rollout.timeline_dates(records), geojson, meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kirollout.video", description="Rollout als Video (MP4 oder GIF)")
    ap.add_argument("--out", required=True, help="Zieldatei, .mp4 oder .gif")
    ap.add_argument("--lang", default="de")
    ap.add_argument("--size", default=SIZES[0], help="1920x1080 (Folien) oder 1080x1080 (Social Media)")
    ap.add_argument("--progress", action="store_true", help="Fortschritt als 'progress 0.42' je Zeile")
    args = ap.parse_args(argv)
    try:
        format_from_path(args.out), parse_size(args.size), check_lang(args.lang)
    except VideoError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    limit = os.environ.get(MAX_STOPS_ENV)
    records, ops, stops, geojson, meta = load_inputs(args.lang)
    report = (lambda f: print(f"progress {f:.4f}", flush=True)) if args.progress else None
    res = render_video(geojson, ops, records, stops, meta, Path(args.out), size=args.size, lang=args.lang,
                       max_stops=int(limit) if limit else None, progress=report)
    print(f"{res.path}: {res.fmt.upper()} {res.width}×{res.height}, {res.stops} Stationen, {res.ticks} Takte "
          f"({res.seconds:.1f} s), {res.bytes / 1e6:.1f} MB, gerendert in {res.render_seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
