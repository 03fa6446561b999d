"""The data version: a token that changes on every committed write, seen by every process.

Beside it, a short log of the writes that say what they changed (an interaction
logged, the favours or the ties touched): one row per such commit, keyed by the
token it replaced. A process holding the network as of an older token can
follow the chain of those rows to the current one and apply just those
changes; a write that says nothing leaves no row, and so breaks the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from sqlalchemy import Connection, delete, func, insert, select, update

from kithkin.store.schema import STATE_VALUE_LENGTH, state

DATA_VERSION = "data_version"
CHANGE = "change:"  # + the token a commit replaced
KEEP_CHANGES = 200  # past this many rows the log starts again (a follower then reloads)
VALUE_LENGTH = STATE_VALUE_LENGTH  # what the column holds


def data_version(conn: Connection) -> str:
    """The current token ("" before the first write)."""
    found = conn.execute(select(state.c.value).where(state.c.key == DATA_VERSION)).scalar()
    return str(found or "")


def bump(conn: Connection) -> tuple[str, str]:
    """Give the data a new token inside the writing transaction: (the token it
    replaces, the new one).

    A random token rather than a counter: a restored backup can never bring an
    old value back and make a stale cache look current. The old token is read
    with the row locked (PostgreSQL's ``FOR UPDATE``; SQLite lets one writer in at
    a time anyway), so concurrent writers queue on it and each sees the token the
    one before it wrote: the log of changes stays one chain.
    """
    where = state.c.key == DATA_VERSION
    replaced = conn.execute(select(state.c.value).where(where).with_for_update()).scalar()
    token = uuid4().hex
    if replaced is None:
        conn.execute(insert(state).values(key=DATA_VERSION, value=token))
    else:
        conn.execute(update(state).where(where).values(value=token))
    return str(replaced or ""), token


@dataclass(frozen=True)
class Change:
    """What one commit changed, as far as a follower needs to know."""

    interactions: tuple[int, ...] = ()  # added
    ties: bool = False  # ties added or their state changed
    favours: bool = False  # favours added

    def text(self, token: str) -> str:
        added = ",".join(map(str, self.interactions)) or "-"
        flags = ("t" if self.ties else "") + ("f" if self.favours else "")
        return f"{token} {added} {flags or '-'}"

    @classmethod
    def read(cls, text: str) -> tuple[str, Change]:
        """(the token it led to, the change) from what ``text`` wrote."""
        token, added, flags = text.split(" ")
        found = tuple(int(i) for i in added.split(",")) if added != "-" else ()
        return token, cls(found, "t" in flags, "f" in flags)


def record_change(conn: Connection, replaced: str, token: str, change: Change) -> None:
    """Log ``change`` as the step from ``replaced`` to ``token`` (inside the commit).

    A change too long to log (many interactions at once) is not logged: it breaks
    the chain, and a follower loads everything, as after any write that says nothing.
    """
    text = change.text(token)
    if len(text) > VALUE_LENGTH:
        return
    logged = conn.execute(
        select(func.count()).select_from(state).where(state.c.key.startswith(CHANGE))
    ).scalar_one()
    if logged >= KEEP_CHANGES:
        conn.execute(delete(state).where(state.c.key.startswith(CHANGE)))
    conn.execute(insert(state).values(key=CHANGE + replaced, value=text))


def changes_since(conn: Connection, since: str, until: str) -> list[Change] | None:
    """The changes from token ``since`` to token ``until``, oldest first; None when
    some write in between did not say what it changed."""
    found: list[Change] = []
    token = since
    while token != until:
        if len(found) >= KEEP_CHANGES:
            return None
        text = conn.execute(select(state.c.value).where(state.c.key == CHANGE + token)).scalar()
        if text is None:
            return None
        token, change = Change.read(str(text))
        found.append(change)
    return found
