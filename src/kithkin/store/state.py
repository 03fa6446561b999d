"""The data version: a token that changes on every committed write, seen by every process.

Beside it, a short log of the writes a follower can apply (interactions added,
the favours or the ties touched): one row per such commit in ``kithkin_change``,
keyed by the token it replaced, with the interactions it added in
``kithkin_change_interaction``. A process holding the network as of an older
token follows the chain of those rows to the current one and applies just those
changes; a write that changed anything else leaves no row, and so breaks the
chain (the follower loads everything again).

What a commit changed is not declared by the code that writes: the unit of work
sees every statement its repositories run (``Seen``) and works it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from uuid import uuid4

from sqlalchemy import Connection, delete, func, insert, select, update

from kithkin.store.schema import change_interaction, change_log, state

DATA_VERSION = "data_version"
KEEP_CHANGES = 200  # past this many rows the log starts again (a follower then reloads)
MOST_ADDED = 1000  # interactions one followed commit may add; more is a reload


def data_version(conn: Connection, schema: str | None = None) -> str:
    """The current token ("" before the first write); with ``schema``, that of the
    network kept in that PostgreSQL schema (a team member's, read from the team's unit)."""
    options = {"schema_translate_map": {None: schema}} if schema is not None else {}
    query = select(state.c.value).where(state.c.key == DATA_VERSION)
    found = conn.execute(query, execution_options=options).scalar()
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


# Tables whose writes a follower can apply; a write to any other table of the
# network (or one of these in a way not listed) makes it load everything again.
_TIES = frozenset({"tie", "tie_kind"})
_FAVOURS = frozenset({"exchange"})
# Tables that are not the network: a commit that writes only these changes nothing to follow.
_BOOKKEEPING = frozenset(
    {
        "kithkin_state",
        "kithkin_change",
        "kithkin_change_interaction",
        "kithkin_undo",
        "sync_source",
        "sync_item",
    }
)
_WRITE = re.compile(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


@dataclass
class Seen:
    """What the statements of one unit of work wrote, as its connection ran them.

    A repository that adds an interaction says which (``added``); every other
    write is judged by the table it touches. Anything it cannot account for
    (``other``) means no follower can apply this commit.
    """

    interactions: list[int] = field(default_factory=list)
    interaction_inserts: int = 0  # INSERTs into ``interaction`` seen
    ties: bool = False
    favours: bool = False
    other: bool = False

    def added(self, interaction_id: int) -> None:
        self.interactions.append(interaction_id)

    def unaccounted(self) -> None:
        """A write made outside the statements this can read (a bulk writer's own)."""
        self.other = True

    def statement(self, sql: str, many: bool) -> None:
        found = _WRITE.match(sql)
        if found is None:
            return
        verb, table = found.group(1).split()[0].upper(), found.group(2).lower()
        if table in _BOOKKEEPING:
            return
        if table in _TIES:
            self.ties = True
        elif table in _FAVOURS and verb == "INSERT":
            self.favours = True
        elif table == "interaction" and verb == "INSERT" and not many:
            self.interaction_inserts += 1
        elif table == "participant" and verb == "INSERT":
            pass  # an added interaction's participants
        else:
            self.other = True

    def change(self) -> Change | None:
        """What a follower must apply; None when it must load everything again."""
        if self.other or self.interaction_inserts != len(self.interactions):
            return None
        if len(self.interactions) > MOST_ADDED:
            return None
        return Change(tuple(self.interactions), self.ties, self.favours)


def record_change(conn: Connection, replaced: str, token: str, change: Change) -> None:
    """Log ``change`` as the step from ``replaced`` to ``token`` (inside the commit)."""
    logged = conn.execute(select(func.count()).select_from(change_log)).scalar_one()
    if logged >= KEEP_CHANGES:
        conn.execute(delete(change_interaction))
        conn.execute(delete(change_log))
    conn.execute(
        insert(change_log).values(
            replaced=replaced, token=token, ties=change.ties, favours=change.favours
        )
    )
    if change.interactions:
        conn.execute(
            insert(change_interaction),
            [{"replaced": replaced, "interaction_id": i} for i in change.interactions],
        )


def changes_since(conn: Connection, since: str, until: str) -> list[Change] | None:
    """The changes from token ``since`` to token ``until``, oldest first; None when
    some write in between did not say what it changed."""
    found: list[Change] = []
    token = since
    while token != until:
        if len(found) >= KEEP_CHANGES:
            return None
        row = conn.execute(
            select(change_log.c.token, change_log.c.ties, change_log.c.favours).where(
                change_log.c.replaced == token
            )
        ).first()
        if row is None:
            return None
        added = conn.execute(
            select(change_interaction.c.interaction_id)
            .where(change_interaction.c.replaced == token)
            .order_by(change_interaction.c.interaction_id)
        ).scalars()
        found.append(Change(tuple(int(i) for i in added), bool(row.ties), bool(row.favours)))
        token = str(row.token)
    return found
