"""IMAP, read-only: each folder opened with EXAMINE, messages known by UIDVALIDITY and UID,
and only the header fields an interaction needs fetched (``BODY.PEEK``, never a body)."""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# The fields the mail parser reads: who, when, which thread, whether it was sent by a
# machine or a list, and the subject as the interaction's note.
HEADER_FIELDS = (
    "FROM TO CC BCC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES "
    "AUTO-SUBMITTED LIST-ID LIST-UNSUBSCRIBE PRECEDENCE"
)
FETCH_BATCH = 500  # UIDs per FETCH
TIMEOUT = 30.0  # seconds
_UID = re.compile(rb"UID (\d+)")


class ImapError(Exception):
    """The server refused or closed the connection."""


@dataclass
class FolderState:
    uidvalidity: int
    uids: list[int] = field(default_factory=list)


def address(url: str) -> tuple[str, int, bool]:
    """host, port and whether TLS starts at once: ``host`` and ``imaps://host[:993]``
    are TLS from the start, ``imap://host[:143]`` upgrades with STARTTLS."""
    if "://" not in url:
        url = f"imaps://{url}"
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ImapError(f"'{url}' is not an IMAP address (use HOST, imaps://HOST or imap://HOST)")
    tls = parts.scheme == "imaps"
    return parts.hostname, parts.port or (993 if tls else 143), tls


def _loopback(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1")


@contextmanager
def connect(url: str, username: str, password: str, insecure: bool) -> Iterator[imaplib.IMAP4]:
    host, port, tls = address(url)
    context = ssl.create_default_context()
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        conn: imaplib.IMAP4
        if tls:
            conn = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=TIMEOUT)
        else:
            conn = imaplib.IMAP4(host, port, timeout=TIMEOUT)
            if "STARTTLS" in conn.capabilities:
                conn.starttls(context)
            elif not _loopback(host):
                conn.shutdown()
                raise ImapError(
                    f"{host}:{port} offers no STARTTLS: a password would travel in clear "
                    "(use imaps://)"
                )
    except (TimeoutError, OSError, imaplib.IMAP4.error) as exc:
        raise ImapError(f"{host}:{port}: cannot connect ({exc})") from exc
    try:
        try:
            conn.login(username, password)
        except imaplib.IMAP4.error as exc:
            raise ImapError(f"{host}: the server refused user '{username}' ({_text(exc)})") from exc
        yield conn
    finally:
        with suppress(OSError, imaplib.IMAP4.error):
            conn.logout()


def examine(conn: imaplib.IMAP4, folder: str) -> FolderState:
    """Open ``folder`` read-only; its UIDVALIDITY and every UID in it."""
    status, data = conn.select(_quote(folder), readonly=True)
    if status != "OK":
        raise ImapError(f"folder '{folder}': {_text(data)}")
    _, validity = conn.response("UIDVALIDITY")
    if not validity or validity[0] is None:
        raise ImapError(f"folder '{folder}': the server gave no UIDVALIDITY")
    state = FolderState(int(validity[0]))
    status, data = conn.uid("SEARCH", "ALL")
    if status != "OK":
        raise ImapError(f"folder '{folder}': UID SEARCH failed ({_text(data)})")
    state.uids = [int(u) for u in (data[0] or b"").split()]
    return state


def headers(conn: imaplib.IMAP4, uids: list[int]) -> Iterator[tuple[int, bytes]]:
    """(UID, header lines) of each message, fetched in batches without marking it read."""
    for i in range(0, len(uids), FETCH_BATCH):
        batch = ",".join(str(u) for u in uids[i : i + FETCH_BATCH])
        status, data = conn.uid("FETCH", batch, f"(UID BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})])")
        if status != "OK":
            raise ImapError(f"FETCH failed ({_text(data)})")
        for part in data:
            if isinstance(part, tuple):
                found = _UID.search(part[0])
                if found:
                    yield int(found.group(1)), part[1]


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(value: object) -> str:
    if isinstance(value, list):
        value = b" ".join(v for v in value if isinstance(v, bytes))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
