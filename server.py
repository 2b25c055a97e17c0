"""The server entry: Streamlit's ASGI app for the script ``app.py`` with the project's HTTP layer
(security headers on every response, its own routes: ``web/``).

    streamlit run server.py [--server.port 8501 ...]     (what ./dev.sh start does)
    uvicorn server:app --host 127.0.0.1 --port 8501      (any ASGI server)

``app.py`` stays the Streamlit script (AppTest runs it directly); ``streamlit run app.py`` would serve
it without these headers."""
from __future__ import annotations

import streamlit as st
from streamlit import config

import web

app = st.App("app.py", middleware=web.middleware(config.get_option("server.baseUrlPath") or ""), routes=web.routes())
