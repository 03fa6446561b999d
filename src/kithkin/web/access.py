"""Who may read the network when a password is set: a signed session cookie or the password.

A browser logs in once on the login page and gets a session cookie signed with the
login file's key (itsdangerous); a calendar app subscribed to ``/agenda.ics`` and
API clients send the password with HTTP Basic auth instead. Wrong passwords are
counted per address: after ``max_failed_logins`` within the window, that address
gets 429 until the oldest failure leaves the window. The failures are kept in a
file beside the login file (owner-only), so restarting the server does not start
the count again. Without a password (serving on this machine only) everything passes.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from anyio import to_thread
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Receive, Scope, Send

from kithkin.service.login import Login
from kithkin.web.security import cookie_value

# Reachable without logging in: the login page itself, its styles, and the liveness probe.
OPEN_PATHS = ("/login", "/healthz")
REALM = b'Basic realm="Kithkin", charset="UTF-8"'


class FailedLogins:
    """Wrong passwords per client address, in a sliding window; thread-safe.

    With a ``path``, the failures are read from it at start and written to it after
    each change, so a restart does not forget them. The times are wall-clock seconds
    for that reason (a monotonic clock starts again with the machine)."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.time,
        path: Path | None = None,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self.path = path
        self._failures: dict[str, deque[float]] = self._load()
        self._lock = threading.Lock()

    def _load(self) -> dict[str, deque[float]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            now = self.clock()
            # A time ahead of the clock (the clock was set back) counts as now: the wait
            # never grows beyond one window.
            return {
                str(client): deque(sorted(min(float(t), now) for t in times))
                for client, times in data.items()
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # unreadable: start counting again rather than lock everyone out

    def _save(self) -> None:
        if self.path is None:
            return
        now = self.clock()
        body = json.dumps(
            {
                client: list(times)
                for client, times in self._failures.items()
                if times and times[-1] > now - self.window_s
            }
        )
        try:
            # Written aside and renamed into place, owner-only from the first byte.
            tmp = self.path.with_name(self.path.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body + "\n")
            os.replace(tmp, self.path)
        except OSError:
            pass  # the limit still holds in memory until the server stops

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def wait(self, client: str) -> int:
        """Seconds this client must wait before trying again; 0 when it may try now."""
        with self._lock:
            failures = self._recent(client)
            if len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window_s - self.clock()) + 1)

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self.clock())
            self._save()

    def succeeded(self, client: str) -> None:
        with self._lock:
            if self._failures.pop(client, None):
                self._save()


def _signer(login: Login) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(login.session_key, salt="kithkin-session")


def new_session(login: Login) -> str:
    return _signer(login).dumps({"v": 1})


def valid_session(login: Login, token: str | None, max_age_s: int) -> bool:
    if not token:
        return False
    try:
        _signer(login).loads(token, max_age=max_age_s)
    except BadSignature:  # also a session older than max_age
        return False
    return True


def basic_password(scope: Scope) -> str | None:
    """The password of an ``Authorization: Basic`` header (the user name is not used)."""
    for key, value in scope.get("headers", []):
        if key == b"authorization" and value[:6].lower() == b"basic ":
            try:
                decoded = base64.b64decode(value[6:].strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return decoded.partition(":")[2]
    return None


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class AccessMiddleware:
    """Lets a request through with a valid session or password; otherwise to the login page."""

    def __init__(
        self,
        app: ASGIApp,
        login: Login | None,
        cookie: str,
        max_age_s: int,
        failures: FailedLogins,
    ) -> None:
        self.app = app
        self.login = login
        self.cookie = cookie
        self.max_age_s = max_age_s
        self.failures = failures

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        login = self.login
        if scope["type"] != "http" or login is None:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/static/") or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if valid_session(login, cookie_value(scope, self.cookie), self.max_age_s):
            await self.app(scope, receive, send)
            return
        password = basic_password(scope)
        if password is not None:
            client = client_of(scope)
            wait = self.failures.wait(client)
            if wait:
                await _plain(send, 429, too_many(wait), [(b"retry-after", str(wait).encode())])
                return
            # argon2 is slow on purpose: keep it off the event loop.
            if await to_thread.run_sync(login.verify, password):
                self.failures.succeeded(client)
                await self.app(scope, receive, send)
                return
            self.failures.failed(client)
        await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        await refuse(
            scope,
            send,
            "a password is set: log in on the login page, or send the password with "
            "HTTP Basic auth",
        )


async def refuse(scope: Scope, send: Send, why: str, basic: bool = True) -> None:
    """Not logged in: a browser page goes to the login page (and back afterwards); an
    API call or a feed gets 401 saying ``why`` (inviting HTTP Basic auth when ``basic``)."""
    path: str = scope["path"]
    headers = dict(scope.get("headers", []))
    browser_page = not (path.startswith("/api/") or path.endswith((".ics", ".json")))
    if browser_page and scope["method"] in ("GET", "HEAD"):
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        location = f"/login?next={quote(target, safe='')}".encode()
        if headers.get(b"hx-request") == b"true":
            await _plain(send, 401, "log in first", [(b"hx-redirect", location)])
        else:
            await _plain(send, 303, "log in first", [(b"location", location)])
        return
    await _plain(send, 401, why, [(b"www-authenticate", REALM)] if basic else [])


def too_many(wait: int) -> str:
    minutes = max(1, round(wait / 60))
    return (
        f"too many wrong passwords from this address; try again in {minutes} "
        f"minute{'s' if minutes != 1 else ''}"
    )


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            # The security middleware around this one adds the usual headers.
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *extra],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})
