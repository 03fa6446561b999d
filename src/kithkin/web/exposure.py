"""Who may reach the server: loopback, TLS of its own, or a named reverse proxy in front.

``kith serve`` decides this once at start-up. On loopback nothing leaves the
machine. A team server beyond loopback carries several people's passwords and
sessions, so it must either speak TLS itself (``--tls-cert``/``--tls-key``) or
sit behind a reverse proxy that does, named by ``--behind-proxy``: then only that
proxy may connect, and its ``X-Forwarded-For``/``X-Forwarded-Proto`` are believed
(``ProxyOnly``). A single-user server beyond loopback needs its password, as before.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from kithkin.errors import InvalidInput
from kithkin.web.settings import is_loopback

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class Exposure:
    """How the server is reached; ``check`` refuses an unsafe combination in one line."""

    host: str
    tls_cert: Path | None = None
    tls_key: Path | None = None
    proxy: str | None = None

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None

    def check(self, team: bool, password_set: bool) -> None:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise InvalidInput(
                "TLS needs both files: give --tls-cert CERT.pem and --tls-key KEY.pem together"
            )
        for flag, path in (("--tls-cert", self.tls_cert), ("--tls-key", self.tls_key)):
            if path is not None and not path.is_file():
                raise InvalidInput(f"{flag} {path}: no such file; give the PEM file's path")
        if self.tls and self.proxy:
            raise InvalidInput(
                "choose one: --tls-cert/--tls-key (this server speaks TLS) or --behind-proxy "
                "(the proxy speaks TLS and this server plain HTTP to it)"
            )
        if self.proxy is not None:
            proxy_networks(self.proxy)  # a name that does not resolve fails here, at start-up
        if is_loopback(self.host):
            return
        if team and not (self.tls or self.proxy):
            # Passwords and session cookies of every member would cross the network in clear.
            raise InvalidInput(
                f"a team server on {self.host} must speak TLS: add --tls-cert CERT.pem "
                "--tls-key KEY.pem, or --behind-proxy PROXY when a reverse proxy in front "
                "of it does; or keep --host 127.0.0.1"
            )
        if not team and not password_set:
            # Anyone who reaches the port could read the whole network.
            raise InvalidInput(
                f"serving on {self.host} lets other machines reach your network; set a "
                f"password first: kith serve --host {self.host} --set-password"
            )


def proxy_networks(proxy: str) -> tuple[Network, ...]:
    """The addresses the proxy connects from: an address, a network (CIDR) or a host name."""
    try:
        return (ipaddress.ip_network(proxy, strict=False),)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(proxy, None)
    except (socket.gaierror, UnicodeError):
        raise InvalidInput(
            f"--behind-proxy {proxy}: not an address, a network or a host name this machine "
            "can resolve; give the proxy's address, e.g. --behind-proxy 10.0.0.5"
        ) from None
    found = {ipaddress.ip_network(str(info[4][0]).split("%")[0]) for info in infos}
    return tuple(sorted(found, key=str))


class ProxyOnly:
    """Behind a named proxy: refuse every other peer, and believe the proxy's headers.

    The proxy appends the client's address to ``X-Forwarded-For`` (the last entry is the
    one it added; earlier ones are whatever the client sent) and says in
    ``X-Forwarded-Proto`` whether the browser spoke HTTPS, which makes cookies Secure.
    """

    def __init__(self, app: ASGIApp, networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        if not client or not self._trusted(str(client[0])):
            body = b"this server answers only through its reverse proxy"
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        headers = dict(scope.get("headers", []))
        forwarded_for = headers.get(b"x-forwarded-for", b"").decode("latin-1")
        proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").strip().lower()
        scope = dict(scope)
        if forwarded_for:
            scope["client"] = (forwarded_for.split(",")[-1].strip(), 0)
        if proto in ("http", "https"):
            scope["scheme"] = proto
        await self.app(scope, receive, send)
