"""The rollout video: MP4 and GIF decoded again, the frame plan, the renderer's shortcuts, the
background job with its disk cache, and bad requests."""
from __future__ import annotations

import io
import subprocess
import sys
import time
from datetime import date

import av
import numpy as np
import pytest
from matplotlib import image as mpimg
from PIL import Image

from kirollout.model import geodata
from kirollout.model.rollout import openings, timeline_dates
from kirollout.render import map_exports, maps, video
from kirollout.render.i18n import t
from tests.conftest import ROOT

N = 4  # stops in the short test video (the second holds the law of 14.02.2012: a milestone pause)


@pytest.fixture(scope="module")
def inputs(records, districts):
    ops = openings(records)
    gj = maps.features_geojson(maps.district_features(districts, records, ops, "de"))
    return records, ops, timeline_dates(records), gj, geodata.load_meta()


def _plan(records, ops, stops, n):
    return video.frame_plan(records, ops, stops, "de", n)


def test_mp4_decodes_with_size_frames_and_duration(inputs, tmp_path):
    records, ops, stops, gj, meta = inputs
    seen = []
    res = video.render_video(gj, ops, records, stops, meta, tmp_path / "r.mp4", size="320x180", lang="de",
                             max_stops=N, progress=seen.append)
    plan = _plan(records, ops, stops, N)
    ticks = sum(s.ticks for s in plan)
    assert any(s.note for s in plan), "the short video should contain a milestone caption"
    assert seen[-1] == 1.0 and len(seen) == N
    with av.open(str(tmp_path / "r.mp4")) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264"
        assert (s.codec_context.width, s.codec_context.height) == (320, 180)
        assert s.codec_context.pix_fmt == "yuv420p"
        frames = list(c.decode(video=0))
        assert len(frames) == ticks == res.frames
        assert float(s.duration * s.time_base) == pytest.approx(ticks / video.FPS, abs=0.01)
        # the first frame shows the map on white, not a blank picture
        rgb = frames[0].to_ndarray(format="rgb24")
        assert rgb.std() > 20 and (rgb > 240).all(axis=2).mean() > 0.3


def test_gif_has_one_frame_per_stop_lasting_its_ticks(inputs, tmp_path):
    records, ops, stops, gj, meta = inputs
    video.render_video(gj, ops, records, stops, meta, tmp_path / "r.gif", size="240x240", lang="en", max_stops=N)
    plan = _plan(records, ops, stops, N)
    im = Image.open(tmp_path / "r.gif")
    assert im.size == (240, 240) and im.n_frames == N
    durations = []
    for i in range(im.n_frames):
        im.seek(i)
        durations.append(im.info["duration"])
    assert durations == [s.ticks * 1000 // video.FPS for s in plan]
    assert durations[-1] >= video.END_SECONDS * 1000


def _seconds(plan) -> float:
    return sum(s.ticks for s in plan) / video.FPS


@pytest.mark.parametrize("seconds", [None, 30, 45])
def test_pacing_length_captions_and_last_frame(inputs, seconds):
    records, ops, stops, gj, meta = inputs
    plan = video.frame_plan(records, ops, stops, "de", seconds=seconds)
    if seconds:
        assert 0.9 * seconds <= _seconds(plan) <= 1.1 * seconds
    assert plan[0].at == stops[0] and plan[-1].at == date(2018, 9, 6)  # the story, not to 2025
    assert plan[-1].ticks >= video.END_SECONDS * video.FPS
    # every caption stays on screen at least CAPTION_SECONDS
    shown: dict[str, int] = {}
    for s in plan:
        shown[s.note] = shown.get(s.note, 0) + s.ticks
    assert len(shown) > 3
    assert all(n >= video.CAPTION_SECONDS * video.FPS for note, n in shown.items() if note), shown


def test_a_chosen_range_starts_and_ends_on_its_days(inputs):
    records, ops, stops, gj, meta = inputs
    plan = video.frame_plan(records, ops, stops, "de", start=date(2013, 1, 1), end=date(2016, 12, 31), seconds=20)
    assert plan[0].at == date(2013, 1, 1) and plan[-1].at == date(2016, 12, 31)
    assert 18 <= _seconds(plan) <= 22


@pytest.mark.parametrize("kwargs,match", [
    ({"seconds": 6}, "passen nicht in 6 s"),
    ({"start": date(2016, 1, 1), "end": date(2014, 1, 1)}, "liegt nach"),
    ({"start": date(2030, 1, 1)}, "außerhalb"),
])
def test_a_range_that_cannot_work_is_named(inputs, kwargs, match):
    records, ops, stops, gj, meta = inputs
    with pytest.raises(video.VideoError, match=match):
        video.frame_plan(records, ops, stops, "de", **kwargs)


@pytest.mark.parametrize("args,match", [(["--seconds", "abc"], "„abc“"), (["--from", "2013-13-01"], "FROM"),
                                        (["--colour", "red"], "unrecognized arguments")])
def test_cli_names_a_bad_option(tmp_path, args, match):
    out = tmp_path / "x.mp4"
    r = subprocess.run([sys.executable, "-m", "kirollout.render.video", "--out", str(out), *args], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 2 and match in r.stderr and not out.exists()


def test_frames_equal_a_full_redraw_and_the_print_png(inputs):
    """The per-frame shortcuts (restored background and map) draw what a full draw draws."""
    records, ops, stops, gj, meta = inputs
    fig = map_exports.MapFigure(gj, ops, meta, "de", map_exports.layout_for(480, 270))
    for at in stops[20:24] + stops[20:21]:  # back to an earlier look: the map is drawn again
        fig.show(at, "14.02.2012: note")
        frame = fig.rgb()
        full = (mpimg.imread(io.BytesIO(fig.png()))[..., :3] * 255).round().astype(int)
        assert np.abs(frame.astype(int) - full).max() <= 1


def test_legend_patterns_follow_the_states(inputs):
    """Every legend entry is drawn (nicht belegt included), hatched like its districts."""
    records, ops, stops, gj, meta = inputs
    fig = map_exports.MapFigure(gj, ops, meta, "de")
    handles = {h.get_label(): h.get_hatch() for h in fig.fig.legends[0].legend_handles}
    assert len(handles) == len(maps.legend_items("de"))
    assert handles[t("state_uncertain", "de")] == "////"
    assert handles[t("state_undocumented", "de")] == "..."
    assert handles[t("state_not_yet", "de")] is None
    assert handles[t("state_open_undated", "de")] is None


@pytest.mark.parametrize("size", ["1920", "1921x1080", "10x10", "abc", "5000x5000"])
def test_bad_size_is_named(size):
    with pytest.raises(video.VideoError, match=size):
        video.parse_size(size)


def test_cli_rejects_bad_input_without_a_file(tmp_path):
    out = tmp_path / "x.mov"
    r = subprocess.run([sys.executable, "-m", "kirollout.render.video", "--out", str(out)], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 2 and "„.mov“" in r.stderr and not out.exists()
    out = tmp_path / "x.mp4"
    r = subprocess.run([sys.executable, "-m", "kirollout.render.video", "--out", str(out), "--size", "99x99"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 2 and "„99x99“" in r.stderr and not out.exists()


def test_background_job_renders_once_then_serves_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KI_VIDEO_CACHE", str(tmp_path))
    monkeypatch.setenv(video.MAX_STOPS_ENV, "2")
    path = video.cache_path(("fingerprint", 1), "gif", "1080x1080", "de")
    assert path.parent == tmp_path
    job = video.request(path, "gif", "1080x1080", "de")
    assert video.request(path, "gif", "1080x1080", "de") is job  # asked again while rendering: same job
    deadline = time.time() + 300
    while not job.done and time.time() < deadline:
        time.sleep(0.5)
    assert job.done and job.error is None and job.progress == 1.0
    assert Image.open(path).n_frames == 2
    mtime = path.stat().st_mtime_ns
    video.__dict__["_JOBS"].clear()  # a new server process: the file on disk is the cache
    again = video.request(path, "gif", "1080x1080", "de")
    assert again.done and path.stat().st_mtime_ns == mtime
    assert video.cache_path(("fingerprint", 2), "gif", "1080x1080", "de") != path  # new data: new file
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary file left behind"
