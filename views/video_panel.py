"""The "Rollout als Video" panel: format and size, a render in the background with a progress
bar (the page polls; nothing waits on the script thread), then the download."""
from __future__ import annotations

import streamlit as st

from kirollout import app
from kirollout.render import playback, video
from kirollout.render.i18n import format_day, t

LENGTHS = (None, 15, 30, 45, 60)  # seconds; None = 0.5 s per stop (the whole story: about a minute and a half)


def video_panel(lang: str, key: str = "video") -> None:
    """Widgets for one panel; `key` keeps two panels (map page, presentation mode) apart."""
    st.caption(t("video_help", lang))
    b = app.bundle(lang)
    first, last = playback.story_span(b.ops) or (b.stops[0], b.stops[-1])
    first, last = max(first, b.stops[0]), min(last, b.stops[-1])  # the story as the slider can show it
    c1, c2 = st.columns(2)
    fmt = c1.radio(t("video_format", lang), video.FORMATS, format_func=str.upper, key=f"{key}_fmt", horizontal=True)
    size = c2.radio(t("video_size", lang), video.SIZES, format_func=lambda s: t(f"video_size_{s}", lang),
                    key=f"{key}_size")
    c3, c4, c5 = st.columns(3)
    fmt_day = "DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD"
    lo, hi = b.stops[0], b.stops[-1]
    start = c3.date_input(t("video_from", lang), value=first, min_value=lo, max_value=hi, format=fmt_day,
                          key=f"{key}_from")
    end = c4.date_input(t("video_to", lang), value=last, min_value=lo, max_value=hi, format=fmt_day, key=f"{key}_to")
    seconds = c5.selectbox(t("video_length", lang), LENGTHS, key=f"{key}_seconds",
                           format_func=lambda s: t("video_length_auto", lang) if s is None else f"{s} s")
    rng = (None if start == first else start, None if end == last else end)  # unchanged: the story
    problem = app.video_plan_problem(lang, *rng, seconds)  # the same check as `make video`
    if problem:
        st.error(problem)
        return
    # the server's echo of the choice: what the button will render (and a settled point for tests)
    st.caption(t("video_chosen", lang, fmt=fmt.upper(), size=t(f"video_size_{size}", lang))
               + f" · {format_day(start, lang, 'short')} – {format_day(end, lang, 'short')}"
               + (f" · {seconds} s" if seconds else ""))
    if st.button(t("video_make", lang), key=f"{key}_make", icon=":material/movie:"):
        st.session_state[f"{key}_req"] = (fmt, size, lang, *rng, seconds)
        app.video_job(fmt, size, lang, True, *rng, seconds)
    req = st.session_state.get(f"{key}_req")
    if req:
        _status(req, key)


def _status(req: tuple, key: str) -> None:
    fmt, size, lang, start, end, seconds = req
    job = app.video_job(fmt, size, lang, False, start, end, seconds)
    finished_at_start = job.done

    # polls while rendering; once done, the next full rerun defines the fragment without a timer
    @st.fragment(run_every=None if finished_at_start else 1.5)
    def _poll() -> None:
        if job.error:
            st.error(t("video_failed", lang, error=job.error))
            return
        if not job.done:
            st.progress(job.progress, text=t("video_progress", lang, pct=round(100 * job.progress))
                        if job.started else t("video_queued", lang))
            return
        # bytes, not a callable: their file id follows the content, so a poll that redraws the
        # button cannot invalidate the link a visitor is about to click
        st.download_button(t("video_download", lang, fmt=fmt.upper()), data=job.path.read_bytes(),
                           file_name=video.file_name(fmt, size, lang),
                           mime="video/mp4" if fmt == "mp4" else "image/gif", on_click="ignore",
                           key=f"{key}_download", icon=":material/download:", type="primary")

    _poll()
