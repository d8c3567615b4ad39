"""The rollout as a video: MP4 (H.264, yuv420p) or animated GIF, drawn by the print map's renderer.

The stops of presentation mode (the story: first opening to rollout.story_end) or of a chosen
range, TICK_SECONDS a stop or paced to a chosen length; the pace slows on a milestone whose
caption it shows (each caption at least CAPTION_SECONDS), and the last frame holds END_SECONDS. The map figure is
built once (map_exports.MapFigure); each stop only restyles the districts and the texts, and a
pause repeats the frame already drawn.

MP4 goes through PyAV, whose wheels bring FFmpeg with libx264 (no system package); the GIF
through Pillow with one palette for all frames (no flicker), one GIF frame per stop whose
duration covers its pause.

Command line (`make video OUT=rollout.mp4 [FROM=2013-01-01] [TO=2016-12-31] [SECONDS=30] [LANG=en] [SIZE=1080x1080]`):
    python -m kirollout.render.video --out rollout.mp4 [--from …] [--to …] [--seconds 30] [--lang en] [--size 1080x1080]
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

from ..model.edition import edition_of
from ..model.records import Records
from ..model.rollout import Opening
from . import playback
from .i18n import LANGS
from .map_exports import MapFigure, layout_for

SIZES = ("1920x1080", "1080x1080")  # slides, social media
FORMATS = ("mp4", "gif")
TICK_SECONDS = 0.5       # a stop's length when no duration is asked for
FPS = 10                 # MP4 frames per second (a stop lasts a whole number of frames)
CAPTION_SECONDS = 3.0    # a milestone caption stays at least this long (others are left out)
HOLD_SECONDS = 1.5  # the pacing slows this much on a captioned milestone
END_SECONDS = 3.0        # the last frame holds this much longer
SECONDS_TOLERANCE = 0.10
MIN_SIDE, MAX_SIDE = 64, 3840
VIDEO_VERSION = 2  # bump when the look changes: old cache files are then never served
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
    """One stop of the video: the day shown, the milestone caption, and how many frames it stays."""

    at: date
    note: str
    ticks: int  # frames at FPS


def parse_day(text: str | None, name: str) -> date | None:
    """"2013-01-01" → date; empty → None; anything else a VideoError naming the option."""
    if not text:
        return None
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise VideoError(f"Ungültiges Datum für {name} „{text}“: erwartet JJJJ-MM-TT, z. B. 2013-01-01.") from None


def parse_seconds(text: str | float | None) -> float | None:
    if text in (None, ""):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise VideoError(f"Ungültige Dauer „{text}“: erwartet Sekunden, z. B. 30.") from None
    if not 5 <= value <= 600:
        raise VideoError(f"Ungültige Dauer „{text}“: zwischen 5 und 600 Sekunden.")
    return value


def _pace(days: list[date], holds: list[bool], stop_s: float) -> tuple[list[float], set[int]]:
    """Seconds per stop for a stop length `stop_s`, and which milestone stops get a caption: a
    milestone is captioned (and the pace slows there) when the previous caption has had
    CAPTION_SECONDS; the last stop holds END_SECONDS more."""
    out, captioned, since = [], set(), None
    for k, hold in enumerate(holds):
        if hold and (since is None or since >= CAPTION_SECONDS):
            captioned.add(k)
            since = 0.0
        d = stop_s + (HOLD_SECONDS if k in captioned else 0.0)
        out.append(d)
        if since is not None:
            since += d
    if out:
        out[-1] += END_SECONDS
    # a caption shown at the end must last too
    if captioned and sum(out[max(captioned):]) < CAPTION_SECONDS:
        out[-1] += CAPTION_SECONDS - sum(out[max(captioned):])
    return out, captioned


def frame_plan(records: Records, ops: dict[str, Opening], stops: list[date], lang: str = "de",
               max_stops: int | None = None, *, start: date | None = None, end: date | None = None,
               seconds: float | None = None) -> list[Shot]:
    """The stops the video shows, from `start` to `end` (default: the story, as presentation mode
    plays it), each lasting so that the whole takes `seconds` (default TICK_SECONDS a stop)."""
    span = playback.story_span(ops) or (stops[0], stops[-1])
    first, last = start or max(span[0], stops[0]), end or min(span[1], stops[-1])
    if not stops[0] <= first <= stops[-1] or not stops[0] <= last <= stops[-1]:
        raise VideoError(f"Zeitraum {first.isoformat()} bis {last.isoformat()} liegt außerhalb der Zeitleiste "
                         f"({stops[0].isoformat()} bis {stops[-1].isoformat()}).")
    if first > last:
        raise VideoError(f"FROM {first.isoformat()} liegt nach TO {last.isoformat()}.")
    ms = playback.milestone_dates(records)
    if start or end:  # a chosen range shows its own first and last day
        stops = sorted({first, last} | {s for s in stops if first <= s <= last})
    seq = playback.range_sequence(stops, ms, first, last, pause_ticks=1)
    days = list(dict.fromkeys(stops[i] for i in seq))[:max_stops] if max_stops else \
        list(dict.fromkeys(stops[i] for i in seq))
    holds = [seq.count(stops.index(d)) > 1 for d in days]
    if seconds is None:
        durations, captioned = _pace(days, holds, TICK_SECONDS)
    else:
        lo, hi = 1 / FPS, 60.0
        if sum(_pace(days, holds, lo)[0]) > seconds * (1 + SECONDS_TOLERANCE):
            need = sum(_pace(days, [False] * len(days), lo)[0])
            raise VideoError(f"{len(days)} Stationen passen nicht in {seconds:g} s: mindestens {need:.0f} s "
                             f"(oder einen kürzeren Zeitraum mit FROM/TO wählen).")
        for _ in range(40):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if sum(_pace(days, holds, mid)[0]) < seconds else (lo, mid)
        durations, captioned = _pace(days, holds, lo)
    only = {m for k in captioned for m in ms if (days[k - 1] if k else date.min) < m <= days[k]}
    # whole frames per stop from the running total, so rounding does not add up over 100 stops
    ends = [round(sum(durations[:k + 1]) * FPS) for k in range(len(durations))]
    frames = [max(1, e - (ends[k - 1] if k else 0)) for k, e in enumerate(ends)]
    return [Shot(d, playback.milestone_note(records, d, lang, only), n) for d, n in zip(days, frames)]


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
            durations.append(round(ticks * 1000 / FPS))
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
                 progress: Callable[[float], None] | None = None, start: date | None = None,
                 end: date | None = None, seconds: float | None = None) -> VideoResult:
    """Render the rollout to `out` (.mp4 or .gif); written to a temporary file, then renamed."""
    t0 = time.perf_counter()
    fmt, (w, h), lang = format_from_path(out), parse_size(size), check_lang(lang)
    shots = frame_plan(records, ops, stops, lang, max_stops, start=start, end=end, seconds=seconds)
    fig = MapFigure(geojson, ops, meta, lang, layout_for(w, h), edition_of(records, meta))
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
    return VideoResult(out, fmt, w, h, len(shots), ticks, n, ticks / FPS, out.stat().st_size,
                       time.perf_counter() - t0)


def file_name(fmt: str, size: str, lang: str, data_day: date | None = None) -> str:
    """`ki-rollout-nrw_video_1920x1080_de.mp4` — what, which size and language."""
    return f"ki-rollout-nrw_video_{size}_{lang}.{fmt}"


# ---------------------------------------------------------------- disk cache and background jobs

def cache_dir() -> Path:
    """Rendered videos, one per data version, format, size and language (`KI_VIDEO_CACHE`)."""
    return Path(os.environ.get("KI_VIDEO_CACHE", Path(tempfile.gettempdir()) / "kirollout-video"))


def cache_path(fingerprint: object, fmt: str, size: str, lang: str, start: date | None = None,
               end: date | None = None, seconds: float | None = None) -> Path:
    """Where the video for this data version and request lives (the key hashes all of them)."""
    limit = os.environ.get(MAX_STOPS_ENV, "")
    extra = (start, end, seconds) if (start, end, seconds) != (None, None, None) else ()
    key = hashlib.sha256(repr((VIDEO_VERSION, fingerprint, fmt, size, lang, limit, *extra)).encode()).hexdigest()[:24]
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


def request(path: Path, fmt: str, size: str, lang: str, retry: bool = False, start: date | None = None,
            end: date | None = None, seconds: float | None = None) -> Job:
    """The job for this cache file: done at once when the file exists, else queued once; a
    failed job is returned as it is (its error shown) unless `retry`.

    The render runs in a child process (`python -m kirollout.render.video`, lower priority) started from
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
    choice = ["--from", start.isoformat() if start else "", "--to", end.isoformat() if end else "",
              "--seconds", f"{seconds:g}" if seconds else ""]
    _EXECUTOR.submit(_run, job, ["--out", str(path), "--size", size, "--lang", lang, *choice])
    return job


def _run(job: Job, argv: list[str]) -> None:
    from ..model.paths import ROOT

    job.started = True
    try:
        # one pipe for both streams: reading stdout alone while warnings fill a separate stderr
        # pipe would block the child (and the job) forever
        proc = subprocess.Popen([sys.executable, "-m", "kirollout.render.video", *argv, "--progress"], cwd=ROOT,
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
    from ..model import geodata, rollout
    from ..model.records import load_records
    from . import maps

    records = load_records()
    ops = rollout.openings(records)
    districts, meta = geodata.load_districts(), geodata.load_meta()
    geojson = maps.features_geojson(maps.district_features(districts, records, ops, lang))
    return records, ops, rollout.timeline_dates(records), geojson, meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kirollout.render.video",
                                 description="Rollout als Video (MP4 oder GIF)")
    ap.add_argument("--out", required=True, help="Zieldatei, .mp4 oder .gif")
    ap.add_argument("--lang", default="de")
    ap.add_argument("--size", default=SIZES[0], help="1920x1080 (Folien) oder 1080x1080 (Social Media)")
    ap.add_argument("--from", dest="start", default="", help="erster Tag, JJJJ-MM-TT (Standard: Beginn des Rollouts)")
    ap.add_argument("--to", dest="end", default="", help="letzter Tag, JJJJ-MM-TT (Standard: Ende des Rollouts)")
    ap.add_argument("--seconds", default="", help="Länge in Sekunden (±10 %%; Standard: 0,5 s je Station)")
    ap.add_argument("--progress", action="store_true", help="Fortschritt als 'progress 0.42' je Zeile")
    args = ap.parse_args(argv)
    limit = os.environ.get(MAX_STOPS_ENV)
    try:
        format_from_path(args.out), parse_size(args.size), check_lang(args.lang)
        start, end = parse_day(args.start, "FROM"), parse_day(args.end, "TO")
        seconds = parse_seconds(args.seconds)
        records, ops, stops, geojson, meta = load_inputs(args.lang)
        frame_plan(records, ops, stops, args.lang, int(limit) if limit else None, start=start, end=end,
                   seconds=seconds)  # checks the range and the duration before anything is drawn
    except VideoError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    report = (lambda f: print(f"progress {f:.4f}", flush=True)) if args.progress else None
    res = render_video(geojson, ops, records, stops, meta, Path(args.out), size=args.size, lang=args.lang,
                       max_stops=int(limit) if limit else None, progress=report, start=start, end=end,
                       seconds=seconds)
    print(f"{res.path}: {res.fmt.upper()} {res.width}×{res.height}, {res.stops} Stationen, {res.ticks} Bilder "
          f"({res.seconds:.1f} s), {res.bytes / 1e6:.1f} MB, gerendert in {res.render_seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
