"""The owner's preferences that the data is read by (the order of numeric dates, the
phone region), kept in the database so every command and the web app read the same way.

Kept in the bookkeeping table beside the data version, under a ``pref:`` prefix.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from kithkin.store.schema import STATE_VALUE_LENGTH, state

PREFIX = "pref:"


class PreferenceRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, name: str) -> str | None:
        found = self.conn.execute(
            select(state.c.value).where(state.c.key == PREFIX + name)
        ).scalar()
        return None if found is None else str(found)

    def set(self, name: str, value: str) -> None:
        """Set (or replace) a preference; values are short by design."""
        if len(value) > STATE_VALUE_LENGTH:
            raise ValueError(f"preference {name} longer than {STATE_VALUE_LENGTH} characters")
        self.conn.execute(delete(state).where(state.c.key == PREFIX + name))
        self.conn.execute(insert(state).values(key=PREFIX + name, value=value))
