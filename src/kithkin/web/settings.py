"""Settings of the web app, built once when the server starts."""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.service.login import Login

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
WILDCARD_BINDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    return host in LOCAL_HOSTS or host.startswith("127.")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What ``kith serve`` decides at start-up; tests build their own."""

    # Host names the server answers to: refusing others stops DNS-rebinding pages
    # on the internet from reading a local network through the browser.
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    max_upload_bytes: int = 25 * 1024 * 1024
    max_upload_files: int = 20
    # What the importers read: contacts, calendars and mail.
    upload_suffixes: tuple[str, ...] = (
        ".vcf",
        ".vcard",
        ".csv",
        ".ics",
        ".ical",
        ".ifb",
        ".mbox",
        ".mbx",
        ".eml",
    )
    csrf_cookie: str = "kithkin_csrf"
    # With a password set, every page and answer needs a signed session or the password.
    login: Login | None = None
    session_cookie: str = "kithkin_session"
    session_days: int = 14
    # Wrong passwords allowed from one address within the window before it must wait.
    max_failed_logins: int = 5
    failed_login_window_s: float = 15 * 60

    @classmethod
    def for_host(
        cls, host: str, allow: tuple[str, ...] = (), login: Login | None = None
    ) -> WebSettings:
        """The host names to answer to: this machine's, the bound address and ``allow``.

        Binding every address (0.0.0.0) does not turn the host check off: the names
        other machines use must be allowed by name (``'*'`` allows any)."""
        hosts = [*LOCAL_HOSTS]
        if host not in WILDCARD_BINDS:
            hosts.append(f"[{host}]" if ":" in host and not host.startswith("[") else host)
        hosts += allow
        return cls(allowed_hosts=tuple(dict.fromkeys(hosts)), login=login)
