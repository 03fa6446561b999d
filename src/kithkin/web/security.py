"""Safe by default: security headers, a CSRF token per browser, a cap on request bodies.

CSRF uses the double-submit pattern: a random token lives in an HttpOnly,
SameSite=Strict cookie and is rendered into every page; a state-changing request
must send it back in the ``X-CSRF-Token`` header (htmx does, through
``hx-headers`` on ``<body>``) or in a ``csrf_token`` form field (plain forms).
"""

from __future__ import annotations

import secrets
import time
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"

# Self only: every script, style, image and connection comes from this server.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def cookie_value(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            if name in jar:
                return jar[name].value
    return None


class SecurityMiddleware:
    """Adds the security, caching and timing headers, hands out the CSRF cookie, caps bodies."""

    def __init__(self, app: ASGIApp, csrf_cookie: str, max_body: int) -> None:
        self.app = app
        self.csrf_cookie = csrf_cookie
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = cookie_value(scope, self.csrf_cookie)
        fresh = token is None or len(token) < 32
        if fresh:
            token = secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state["csrf_token"] = token
        state["csrf_from_cookie"] = not fresh

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _too_large(send, self.max_body)
            return

        static = scope["path"].startswith("/static/")
        received = 0
        started = time.perf_counter()

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge()
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in have]
                if not static:
                    # Every page and answer holds personal data: no browser or proxy keeps a copy.
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                # How long the server took, for the browser's developer tools and benchmarks.
                took = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={took:.1f}".encode()))
                if fresh:
                    cookie = (
                        f"{self.csrf_cookie}={token}; Path=/; HttpOnly; SameSite=Strict"
                    ).encode()
                    headers.append((b"set-cookie", cookie))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            await _too_large(send, self.max_body)


class BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f"The upload is larger than {limit // (1024 * 1024)} MB; send smaller files.".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"cache-control", b"no-store"),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def csrf_protect(request: Request) -> None:
    """A dependency on every route: a state-changing request must prove it came from our page."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "cross-site request refused; use the page served by Kithkin")
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "cross-site request refused; use the page served by Kithkin")
    expected: str = request.state.csrf_token
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not request.state.csrf_from_cookie or not sent or not secrets.compare_digest(sent, expected):
        raise HTTPException(
            403,
            "missing or stale CSRF token; reload the page and try again "
            "(API clients: GET /api/v1/csrf and send its token in the X-CSRF-Token header)",
        )
