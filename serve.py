"""Server entry: `streamlit run serve.py` serves dashboard.py and fills the caches at startup.

`st.App`'s lifespan runs once when the server starts; it starts the cache warm-up
(kirollout/warm.py) in a background thread, so the health endpoint answers at once.
`make run`, the tests' app fixture, the benchmarks and deploy/run_two.sh start the app this way.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import streamlit as st

from kirollout import warm


@asynccontextmanager
async def _lifespan(_app):
    threading.Thread(target=warm.fill_caches, name=warm.THREAD_NAME, daemon=True).start()
    yield


app = st.App("dashboard.py", lifespan=_lifespan)
