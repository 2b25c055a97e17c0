"""Routes the app serves besides Streamlit's own (none yet). A feature adds one with ``add``, e.g. a
respondent's link ``add(Route("/u/{token}", handler))`` with a ``web.headers`` rule for its headers.
Streamlit refuses paths under its own prefixes (``/_stcore/``, ``/static/``, ``/component/``, ``/media/``)."""
from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []


def add(route: BaseRoute) -> None:
    """Register a route (checked against Streamlit's reserved paths when ``st.App`` is built)."""
    ROUTES.append(route)


def routes() -> list[BaseRoute]:
    """The registered routes, for ``st.App(routes=...)``."""
    return list(ROUTES)
