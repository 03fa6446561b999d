"""The data version: a token that changes on every committed write, seen by every process."""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import Connection, delete, insert, select

from kithkin.store.schema import state

DATA_VERSION = "data_version"


def data_version(conn: Connection) -> str:
    """The current token ("" before the first write)."""
    found = conn.execute(select(state.c.value).where(state.c.key == DATA_VERSION)).scalar()
    return str(found or "")


def bump(conn: Connection) -> tuple[str, str]:
    """Give the data a new token inside the writing transaction: (the token it
    replaces, the new one).

    A random token rather than a counter: a restored backup can never bring an
    old value back and make a stale cache look current. The replaced token is
    read by the delete itself, which waits for any other writer of the row, so
    a cache holding it knows this transaction is the only change since.
    """
    replaced = conn.execute(
        delete(state).where(state.c.key == DATA_VERSION).returning(state.c.value)
    ).scalar()
    token = uuid4().hex
    conn.execute(insert(state).values(key=DATA_VERSION, value=token))
    return str(replaced or ""), token
