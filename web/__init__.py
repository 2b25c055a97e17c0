"""The HTTP layer around the Streamlit script: security headers for every response and the routes
the app serves besides Streamlit's own. ``server.py`` hands both to ``st.App``; a feature that needs
a route or a header of its own registers it here (``routes.add``, ``headers.register``).

Imports Starlette, never Streamlit: the policy is plain data and functions, tested directly."""
from __future__ import annotations

from web.headers import Rule, register
from web.middleware import SecurityHeaders, middleware
from web.routes import add, routes

__all__ = ["Rule", "SecurityHeaders", "add", "middleware", "register", "routes"]
