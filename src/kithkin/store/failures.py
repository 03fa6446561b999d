"""What a failure of the database or the disk means, as one of our own errors.

The adapters (CLI, web) call :func:`as_kithkin_error` on an exception nobody
raised on purpose: a locked SQLite file, a lost PostgreSQL connection or a full
disk become one line with the exit code or HTTP status of a database error;
anything else stays a bug (``None``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from kithkin.errors import (
    NO_ROOM_ERRNOS,
    ConnectionLost,
    DatabaseBusy,
    DiskFull,
    KithkinError,
    NotPermitted,
)

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL = 5, 6, 10, 13
# PostgreSQL SQLSTATE classes: 53 insufficient resources (53100 disk full), 08 connection.
PG_DISK_FULL = "53100"
PG_NO_PRIVILEGE = "42501"  # e.g. a member's network on a team server: rows, not tables


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what SQLAlchemy wrapped (``.orig``) and what it was raised from."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def as_kithkin_error(exc: BaseException) -> KithkinError | None:
    """The one-line error ``exc`` stands for, or None when it is not a database/disk failure."""
    for e in _chain(exc):
        if isinstance(e, KithkinError):
            return e
        if isinstance(e, OSError) and e.errno in NO_ROOM_ERRNOS:
            return DiskFull(str(e.filename) if e.filename else "the file")
        if isinstance(e, sqlite3.Error):
            code = getattr(e, "sqlite_errorcode", 0) & 0xFF
            text = str(e).lower()
            if code == SQLITE_FULL or "disk is full" in text:
                return DiskFull("the database")
            if code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
                return DatabaseBusy()
            if code == SQLITE_IOERR or "disk i/o error" in text:
                # A write refused by the file system (no room, or over the size limit).
                return DiskFull("the database")
        found = _postgres(e)
        if found is not None:
            return found
        if getattr(e, "connection_invalidated", False):
            return ConnectionLost("the connection was closed")
    return None


def _postgres(e: BaseException) -> KithkinError | None:
    import sys

    psycopg = sys.modules.get("psycopg")
    if psycopg is None or not isinstance(e, psycopg.Error):
        return None
    state = getattr(e, "sqlstate", None) or ""
    if state == PG_DISK_FULL:
        return DiskFull("the database")
    if state == PG_NO_PRIVILEGE:
        first = str(e).strip().splitlines()[0] if str(e).strip() else "permission denied"
        return NotPermitted(
            f"the database does not allow this ({first}); on a team server a member's"
            " network may change its rows, not empty or alter its tables"
        )
    if state.startswith("08") or (isinstance(e, psycopg.OperationalError) and not state):
        first = str(e).strip().splitlines()[0] if str(e).strip() else "connection lost"
        return ConnectionLost(first)
    return None
