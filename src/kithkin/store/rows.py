"""Rows as the database driver hands them, for the reads every scoring makes whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Select


@contextmanager
def driver_cursor(conn: Connection) -> Iterator[Any]:
    """A cursor of the driver's own on ``conn``'s connection (in its transaction), closed
    after: SQLAlchemy's rows cost about twice the query itself on the reads of a whole
    network (82 and 35 ms for the ties of a 10,000-person network)."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        yield cursor
    finally:
        cursor.close()


def driver_rows(conn: Connection, query: Select[Any]) -> list[Any]:
    """``query``'s rows (a query without parameters) through ``driver_cursor``: every
    scoring reads every person and tie. For columns that need no type processing of
    SQLAlchemy's: the caller decodes the rest (dates read as text, as ``type_coerce``
    to ``String`` reads them)."""
    sql = str(query.compile(dialect=conn.dialect))
    with driver_cursor(conn) as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())
