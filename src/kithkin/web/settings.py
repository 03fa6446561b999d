"""Settings of the web app, built once when the server starts."""

from __future__ import annotations

from dataclasses import dataclass

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


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

    @classmethod
    def for_host(cls, host: str) -> WebSettings:
        """Binding a public address on purpose means answering to whatever name reaches it."""
        if host in ("0.0.0.0", "::", ""):
            return cls(allowed_hosts=("*",))
        return cls(allowed_hosts=tuple(dict.fromkeys((*LOCAL_HOSTS, host))))
