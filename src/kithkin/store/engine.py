"""The engine, with the connection settings Kithkin relies on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from kithkin.errors import DatabaseError

BUSY_TIMEOUT_MS = 10_000
WRITE = "kithkin_write"  # execution option: this connection's transactions will write
# PostgreSQL connections are not pinged before each use (a round trip per unit of work,
# a good share of a short request under load): a unit of work's first statement finds a
# connection the server has dropped, and the unit starts once more on a new one
# (``dropped``). Pooled connections older than this are replaced before use, so that one
# left idle is not cut off by a firewall or a proxy in between.
RECYCLE_S = 30 * 60


def make_engine(url: str, pool_size: int | None = None) -> Engine:
    """Create the engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create the folder {folder}: {exc.strerror}") from exc
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; we issue it ourselves so a
        # write transaction is one real transaction, and one that takes the write lock
        # first (IMMEDIATE): a transaction that reads, then writes, cannot wait for the
        # lock once another writer has committed since its read, and SQLite refuses it
        # at once; an IMMEDIATE one waits its turn within the busy timeout.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if pool_size is not None:
            # Beyond the kept connections, a few more for a burst, closed when returned.
            return create_engine(
                url, pool_recycle=RECYCLE_S, pool_size=pool_size, max_overflow=4 * pool_size
            )
        return create_engine(url, pool_recycle=RECYCLE_S)
    raise DatabaseError(
        f"unsupported database URL '{parsed.render_as_string()}'; "
        "use a file path, sqlite:///PATH or postgresql+psycopg://…"
    )


def dropped(exc: BaseException) -> bool:
    """Whether ``exc`` says the server closed the connection (restarted, or its backend
    ended). The pool has then thrown it away, with every connection made before it: a
    unit of work that failed on its first statement can start again on a new one."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


T = TypeVar("T")


def once_more_if_dropped(start: Callable[[], T]) -> T:
    """``start()``, and once more when it failed because the server had dropped its
    pooled connection (``dropped``): ``start`` opens its own connection, runs a first
    statement on it and closes it on failure. Once only: a second drop in a row is no
    stale connection but a server that is going away."""
    try:
        return start()
    except DBAPIError as exc:
        if not dropped(exc):
            raise
    return start()


def _sqlite_begin(conn: Connection) -> None:
    writes = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we BEGIN explicitly (see make_engine)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()
