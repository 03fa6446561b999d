"""The owner's settings that travel with the network (the phone region), as key-value rows.

Kept in the bookkeeping table beside the data version, under a ``setting:`` prefix.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from kithkin.store.schema import STATE_VALUE_LENGTH, state

_PREFIX = "setting:"


def get(conn: Connection, key: str) -> str:
    """The setting's value, "" when it was never set."""
    found = conn.execute(select(state.c.value).where(state.c.key == _PREFIX + key)).scalar()
    return str(found or "")


def put(conn: Connection, key: str, value: str) -> None:
    """Set (or replace) a setting; values are short by design."""
    if len(value) > STATE_VALUE_LENGTH:
        raise ValueError(f"setting {key} longer than {STATE_VALUE_LENGTH} characters")
    where = state.c.key == _PREFIX + key
    if conn.execute(select(state.c.key).where(where)).first() is None:
        conn.execute(insert(state).values(key=_PREFIX + key, value=value))
    else:
        conn.execute(update(state).where(where).values(value=value))
