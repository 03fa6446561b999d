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

from kithkin.ingest.mail_headers import WANTED

# Exactly the fields the mail parser reads (who, when, which thread, whether a machine
# or a list sent it, the subject as the note): never a body, nothing else of the header.
HEADER_FIELDS = " ".join(sorted(name.upper() for name in WANTED))
FETCH_BATCH = 500  # UIDs per FETCH
TIMEOUT = 30.0  # seconds
_UID = re.compile(rb"UID (\d+)")


class ImapError(Exception):
    """The server refused or closed the connection."""


@dataclass
class FolderState:
    """A folder as EXAMINE shows it, and what changed since ``Seen`` when that was asked."""

    uidvalidity: int
    uidnext: int = 0
    exists: int = 0
    modseq: int = 0  # HIGHESTMODSEQ, 0 when the server has no CONDSTORE
    uids: list[int] | None = None  # every UID, when the folder had to be listed in full
    new: list[int] = field(default_factory=list)  # UIDs since the last sync
    vanished: set[int] = field(default_factory=set)  # UIDs expunged since the last sync


@dataclass(frozen=True)
class Seen:
    """What the last sync saw of a folder, and how many of its messages are kept."""

    uidvalidity: int
    uidnext: int
    modseq: int
    kept: int


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


def enable_qresync(conn: imaplib.IMAP4) -> bool:
    """Ask for QRESYNC (RFC 7162) where the server offers it: expunged UIDs are then
    named by the server instead of found by listing every UID."""
    # Servers name more capabilities once logged in (Dovecot does); imaplib kept the first.
    status, data = conn.capability()
    if status == "OK" and data and isinstance(data[-1], bytes):
        conn.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())
    if "QRESYNC" not in conn.capabilities or "ENABLE" not in conn.capabilities:
        return False
    with suppress(imaplib.IMAP4.error):
        status, _ = conn.enable("QRESYNC")
        return status == "OK"
    return False


def examine(
    conn: imaplib.IMAP4, folder: str, seen: Seen | None = None, qresync: bool = False
) -> FolderState:
    """Open ``folder`` read-only and find what changed since ``seen``.

    Nothing new and nothing gone (same UIDVALIDITY and UIDNEXT, as many messages as
    kept): no further command. Otherwise the UIDs from the last UIDNEXT on are the new
    ones; the expunged ones come from QRESYNC's VANISHED, or, without it, from the
    count (none gone when it adds up) or a listing of every UID.
    """
    for code in ("VANISHED", "HIGHESTMODSEQ", "UIDNEXT", "UIDVALIDITY", "EXISTS"):
        conn.response(code)  # forget what an earlier folder left
    resync = qresync and seen is not None and seen.modseq > 0
    if resync:
        assert seen is not None
        conn.is_readonly = True  # EXAMINE, as select(readonly=True) would say
        status, data = conn.xatom(
            "EXAMINE", _quote(folder), f"(QRESYNC ({seen.uidvalidity} {seen.modseq}))"
        )
        if status == "OK":
            conn.state = "SELECTED"
    else:
        status, data = conn.select(_quote(folder), readonly=True)
    if status != "OK":
        raise ImapError(f"folder '{folder}': {_text(data)}")
    validity = _number(conn, "UIDVALIDITY")
    if validity is None:
        raise ImapError(f"folder '{folder}': the server gave no UIDVALIDITY")
    state = FolderState(
        validity,
        uidnext=_number(conn, "UIDNEXT") or 0,
        exists=_number(conn, "EXISTS") or 0,
        modseq=_number(conn, "HIGHESTMODSEQ") or 0,
    )
    _, vanished = conn.response("VANISHED")
    if seen is None or seen.uidvalidity != validity or not seen.uidnext or not state.uidnext:
        state.uids = _search(conn, folder, "ALL")
        return state
    if state.uidnext == seen.uidnext and state.exists == seen.kept:
        return state  # nothing new, nothing gone
    if state.uidnext != seen.uidnext:
        state.new = [u for u in _search(conn, folder, f"UID {seen.uidnext}:*") if u >= seen.uidnext]
    if resync:
        named = _uid_set(b" ".join(v for v in vanished if isinstance(v, bytes)))
        state.vanished = {u for u in named if u < seen.uidnext}  # only those we could have read
    if seen.kept - len(state.vanished) + len(state.new) != state.exists:
        state.uids = _search(conn, folder, "ALL")  # the count does not add up: list them all
    return state


def _number(conn: imaplib.IMAP4, code: str) -> int | None:
    _, data = conn.response(code)
    values = [v for v in data if v is not None]
    if not values:
        return None
    found = re.match(rb"\s*(\d+)", values[-1] if isinstance(values[-1], bytes) else b"")
    return int(found.group(1)) if found else None


def _search(conn: imaplib.IMAP4, folder: str, what: str) -> list[int]:
    status, data = conn.uid("SEARCH", what)
    if status != "OK":
        raise ImapError(f"folder '{folder}': UID SEARCH failed ({_text(data)})")
    return [int(u) for u in (data[0] or b"").split()]


def _uid_set(text: bytes) -> set[int]:
    """The UIDs of a VANISHED answer: ``(EARLIER) 3,5:7`` gives 3, 5, 6, 7."""
    out: set[int] = set()
    for part in text.replace(b"(EARLIER)", b"").strip().split(b","):
        low, _, high = part.strip().partition(b":")
        if low.isdigit():
            out.update(range(int(low), int(high if high.isdigit() else low) + 1))
    return out


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
