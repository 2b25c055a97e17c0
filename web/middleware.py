"""The ASGI middleware that applies ``web.headers`` to every HTTP response (websockets pass through).

Plain ASGI rather than Starlette's ``BaseHTTPMiddleware``: it only edits the response's start message,
so streamed and large responses are untouched."""
from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.headers import BASE, Request, headers_for, refusal


class SecurityHeaders:
    """Sets the policy's headers on each response (replacing any of the same name) and answers a
    refused request with 403. ``base_path`` is Streamlit's ``server.baseUrlPath``, or a function
    that reads it: Starlette makes the middleware when the server starts, after the configuration
    is loaded (reading it at import would fix it before ``st.App`` has found the script's config)."""

    def __init__(self, app: ASGIApp, base_path: str | Callable[[], str] = "") -> None:
        self.app = app
        base = (base_path() if callable(base_path) else base_path) or ""
        self.base = "/" + base.strip("/") if base.strip("/") else ""

    def request(self, scope: Scope) -> Request | None:
        """The request as the policy sees it, or None outside the base path (no app there: no exceptions)."""
        path = scope.get("path", "/")
        if self.base:
            if path != self.base and not path.startswith(self.base + "/"):
                return None
            path = path[len(self.base):]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        return Request(path or "/", scope.get("query_string", b"").decode("latin-1"), headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        req = self.request(scope)
        extra = dict(BASE) if req is None else headers_for(req)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():  # the policy is the one place that decides
                    if value is None:
                        del headers[name]
                    else:
                        headers[name] = value
            await send(message)

        reason = None if req is None else refusal(req)
        if reason is not None:
            await PlainTextResponse(reason, status_code=403)(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def middleware(base_path: str | Callable[[], str] = "") -> list[Middleware]:
    """The middleware list for ``st.App`` (outermost first)."""
    return [Middleware(SecurityHeaders, base_path=base_path)]
