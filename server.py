"""The server entry: Streamlit's ASGI app for the script ``app.py`` with the project's HTTP layer
(security headers on every response, its own routes: ``web/``).

    streamlit run server.py [--server.port 8501 ...]     (what ./dev.sh start does; no access log)
    uvicorn server:app --host 127.0.0.1 --port 8501      (any ASGI server; uvicorn logs each URL)

``app.py`` stays the Streamlit script (AppTest runs it directly); ``streamlit run app.py`` would serve
it without these headers."""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit import config

import web

SCRIPT = Path(__file__).resolve().parent / "app.py"  # absolute: uvicorn resolves against its working directory

app = st.App(SCRIPT, middleware=web.middleware(lambda: config.get_option("server.baseUrlPath")), routes=web.routes())
