"""What keeps the read-only server safe on a desktop: a Host allow-list, security headers, offline API docs
and a deadline for a request's head.

- **Host allow-list**: a web page on another site can point its own domain name at 127.0.0.1 (DNS rebinding)
  and then read this server as if it were that site; the browser still sends that domain in `Host`, so a
  request whose Host is not one of ours is refused (400). A request whose `Origin` (sent by browsers on
  cross-site requests) names another host is refused too (403).
- **Headers**: a Content-Security-Policy that lets pages load only this server's own files, plus
  `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` and `Referrer-Policy: no-referrer`.
- **/docs** is served from the Swagger UI files of the `fastapi-offline` package through the app itself, so
  the docs work offline and fetch nothing from a CDN.
- **Slow clients**: uvicorn waits for a request's head as long as the client keeps sending bytes; the
  protocol below closes a connection whose head is not complete within HEADER_TIMEOUT seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from base64 import b64encode
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.protocols.http.h11_impl import H11Protocol

DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1")
ANY_HOST = "*"
HEADER_TIMEOUT = 10.0  # seconds from connection (or the last response) to a complete request head
KEEP_ALIVE_TIMEOUT = 5  # seconds an idle keep-alive connection is held
MAX_HEADER_BYTES = 16 * 1024
MAX_CONNECTIONS = 100  # beyond this uvicorn answers 503 rather than queueing without bound

DOCS_PATH = "/docs"
_DOCS_ASSETS = "/docs-assets"
_DOCS_FILES = resources.files("fastapi_offline") / "static"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

_POLICY = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self'{styles}; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_FIXED_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def install_security(app: FastAPI, allowed_hosts: Iterable[str] = DEFAULT_ALLOWED_HOSTS, *,
                     any_origin: bool = False) -> None:
    """Serve /docs offline and wrap the app in the Host/Origin check and the security headers; with
    `any_origin` (`dyad serve --cors`) pages of other sites may read the API, the Host check still holds."""
    docs_script = _serve_docs_offline(app)
    # Swagger UI styles its widgets with style attributes and starts from one inline script, whose hash
    # the docs page's policy names; every other page may run and style only this server's files.
    docs_policy = _POLICY.format(scripts=f" 'sha256-{docs_script}'", styles=" 'unsafe-inline'").encode()
    app_policy = _POLICY.format(scripts="", styles="").encode()
    app.add_middleware(
        SecurityMiddleware, allowed_hosts=tuple(allowed_hosts), app_policy=app_policy, docs_policy=docs_policy,
        any_origin=any_origin,
    )


class SecurityMiddleware:
    """Pure ASGI middleware (it streams responses untouched): refuse foreign Host/Origin, add headers."""

    def __init__(self, app: App, *, allowed_hosts: tuple[str, ...], app_policy: bytes, docs_policy: bytes,
                 any_origin: bool = False) -> None:
        self.app = app
        self.any_origin = any_origin
        self.any_host = ANY_HOST in allowed_hosts
        self.allowed = frozenset(host.lower() for host in allowed_hosts)
        self.app_policy = app_policy
        self.docs_policy = docs_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key: value for key, value in scope["headers"] if key in (b"host", b"origin")}
        refusal = self._refusal(headers)
        policy = self.docs_policy if scope["path"] == DOCS_PATH else self.app_policy

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(b"content-security-policy", policy), *_FIXED_HEADERS]
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in extra if k not in present)]
            await send(message)

        if refusal is None:
            await self.app(scope, receive, send_with_headers)
            return
        status, text = refusal
        await send_with_headers(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]}
        )
        await send_with_headers({"type": "http.response.body", "body": text.encode()})

    def _refusal(self, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        if self.any_host:
            return None
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.allowed:
            return 400, f"Host {host!r} is not a name of this server; to serve under it: dyad serve --allow-host NAME"
        origin = headers.get(b"origin")
        foreign = origin not in (None, b"null") and _origin_host(origin.decode("latin-1")) not in self.allowed
        if foreign and not self.any_origin:
            return 403, "requests from pages of another site are refused"
        return None


def host_name(value: str) -> str:
    """The host of a Host header, lower case, without its port: 'LOCALHOST:8000' → 'localhost', '[::1]:80' → '::1'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else ""
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _origin_host(origin: str) -> str:
    try:
        return (urlsplit(origin).hostname or "").lower()
    except ValueError:
        return ""


def _serve_docs_offline(app: FastAPI) -> str:
    """Replace FastAPI's /docs (which loads Swagger UI from a CDN); returns the base64 SHA-256 of its script."""
    app.router.routes[:] = [route for route in app.router.routes if getattr(route, "path", None) != DOCS_PATH]
    app.mount(_DOCS_ASSETS, StaticFiles(directory=str(_DOCS_FILES)), name="docs-assets")
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title} API",
        swagger_js_url=f"{_DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{_DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{_DOCS_ASSETS}/favicon.png",
    )
    html = bytes(page.body).decode()

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html)

    scripts = _INLINE_SCRIPT.findall(html)
    return b64encode(hashlib.sha256("".join(scripts).encode()).digest()).decode()


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request head (against slow-loris clients)."""

    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_deadline: asyncio.TimerHandle | None = None
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_deadline()  # the next request on this connection has its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_expired)

    def _head_expired(self) -> None:
        waiting_for_head = self.cycle is None or self.cycle.response_complete
        if waiting_for_head and not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """uvicorn.run/Config keyword arguments that bound what one client can hold."""
    return {
        "http": HeaderTimeoutProtocol,
        "timeout_keep_alive": KEEP_ALIVE_TIMEOUT,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "limit_concurrency": MAX_CONNECTIONS,
        "server_header": False,
    }
