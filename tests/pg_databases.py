"""A PostgreSQL database of a test's own on the real server, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import OperationalError

from fixed_values import PG_ADMIN_URL


def commit_without_waiting_for_disk(conn: Connection, name: str) -> None:
    """Let every later session on database ``name`` commit without waiting for the server's
    write-ahead log to reach the disk (``synchronous_commit = off``): a commit is as atomic
    and as visible to every other session as before, and only a crash of the PostgreSQL
    server itself (which no test causes) could lose the last few. Tests commit often (every
    change through the app is a transaction of its own); a commit took 4 ms on the shared
    test machine waiting for the disk, 0.3 ms without.
    A copy made with ``TEMPLATE`` does not inherit the setting, so each copy is told again."""
    conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))


@contextmanager
def new_pg_database(prefix: str, template: str | None = None) -> Iterator[str]:
    """The URL of a new database named ``prefix_…``, empty or a copy of the database at
    ``template`` (which nobody may be connected to); when the server cannot be reached
    the test skips, except in CI (``CI=true``), where it fails."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    copy = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
            commit_without_waiting_for_disk(conn, name)
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
