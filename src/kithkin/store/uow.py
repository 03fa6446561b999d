"""The unit of work: one connection, one transaction, the repositories over it.

It is the only door to the data: services reach tables through the repositories
and writers hung off it, never through a connection. Two kinds:

- a **writing** unit (``UnitOfWork(engine)``) starts as a write: on SQLite
  ``BEGIN IMMEDIATE``, which waits its turn within the busy timeout instead of
  being refused halfway; on PostgreSQL it takes an advisory lock that writers
  queue on, within the same timeout; a start that still cannot get the lock is
  tried again a few times, then reported as ``DatabaseBusy`` with nothing written;
- a **reading** unit (``write=False``) sees one consistent version of the data
  from its first statement to its last: SQLite's read transactions do so by
  themselves, PostgreSQL runs it as ``REPEATABLE READ``. What is kept between
  requests (the read model) is loaded in such a unit, so the data version it is
  labelled with is the version of everything it read.

On commit the data version moves, and what the statements wrote (``Seen``) is
logged for the processes that follow writes (``store.state``).
"""

from __future__ import annotations

import re
import sqlite3
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, RootTransaction, event
from sqlalchemy.exc import DBAPIError, OperationalError

from kithkin.errors import DatabaseBusy
from kithkin.store import schema as t
from kithkin.store.activity import ActivityRepository
from kithkin.store.backup import BackupRepository
from kithkin.store.bulk import BulkWriter, IdPool
from kithkin.store.calibration import CalibrationRepository
from kithkin.store.edits import EditRepository
from kithkin.store.engine import BUSY_TIMEOUT_MS, WRITE, once_more_if_dropped
from kithkin.store.goals import GoalRepository
from kithkin.store.merges import MergeRepository
from kithkin.store.opportunities import OpportunityRepository
from kithkin.store.organisations import OrganisationRepository
from kithkin.store.people import PeopleRepository
from kithkin.store.preferences import PreferenceRepository
from kithkin.store.sources import SourceRepository
from kithkin.store.state import Change, Seen, bump, changes_since, data_version, record_change
from kithkin.store.sync_sources import SyncSourceRepository
from kithkin.store.ties import TieRepository
from kithkin.store.undo import UndoLog

_WRITERS = 0x6B697468  # the advisory lock PostgreSQL writers queue on ("kith")
if TYPE_CHECKING:
    from kithkin.store.tie_arrays import TieArrays

WRITE_ATTEMPTS = 3  # starts of a write, each waiting up to the busy timeout
_PAUSE = 0.2  # seconds before the next attempt, times the attempts so far


class UnitOfWork:
    """``with UnitOfWork(engine) as uow: …; uow.commit()`` — nothing is kept unless committed."""

    conn: Connection  # for the store's own modules; services use the repositories
    people: PeopleRepository
    ties: TieRepository
    activity: ActivityRepository
    goals: GoalRepository
    opportunities: OpportunityRepository
    sources: SourceRepository
    merges: MergeRepository
    backup: BackupRepository
    calibration: CalibrationRepository
    preferences: PreferenceRepository
    organisations: OrganisationRepository
    sync_sources: SyncSourceRepository
    edits: EditRepository
    undo: UndoLog  # what an edit or removal is about to change, kept with its commit

    def __init__(self, engine: Engine, write: bool = True) -> None:
        self.engine = engine
        self.write = write
        self.seen = Seen()
        self._version: str | None = None

    def __enter__(self) -> UnitOfWork:
        conn, self._tx = self._begin()
        self.conn = conn
        event.listen(conn, "before_cursor_execute", self._statement)
        self.people = PeopleRepository(conn)
        self.ties = TieRepository(conn)
        self.activity = ActivityRepository(conn, self.seen)
        self.goals = GoalRepository(conn)
        self.opportunities = OpportunityRepository(conn)
        self.sources = SourceRepository(conn)
        self.merges = MergeRepository(conn)
        self.backup = BackupRepository(conn)
        self.calibration = CalibrationRepository(conn, self.seen)
        self.preferences = PreferenceRepository(conn)
        self.organisations = OrganisationRepository(conn)
        self.sync_sources = SyncSourceRepository(conn)
        self.edits = EditRepository(conn)
        self.undo = UndoLog(conn)
        return self

    def _begin(self) -> tuple[Connection, RootTransaction]:
        attempt = 1
        while True:
            try:
                # Pooled connections are not pinged (store.engine): a dropped one fails
                # in the first statement, and the unit starts once more on a new one.
                return once_more_if_dropped(self._begin_once)
            except OperationalError as exc:
                if not _busy(exc):
                    raise
                if attempt == WRITE_ATTEMPTS:
                    raise DatabaseBusy(
                        "the database is busy with other writes and nothing was written; "
                        "try again in a moment"
                    ) from exc
                time.sleep(_PAUSE * attempt)
                attempt += 1

    def _begin_once(self) -> tuple[Connection, RootTransaction]:
        postgres = self.engine.dialect.name == "postgresql"
        conn = self.engine.connect()
        if self.write:
            conn.execution_options(**{WRITE: True})
        elif postgres:
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        try:
            tx = conn.begin()
            if self.write and postgres:
                # Writers take turns here as on SQLite: two that read, then
                # write the same thing (a first tie with someone) cannot both.
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
                conn.exec_driver_sql(_writers_lock(self.engine))
            elif postgres:
                # The first statement, here rather than in the caller's work: a
                # connection the server dropped fails now. Nearly every reading unit
                # asks for the version anyway, and it is then the version of the
                # snapshot every later statement sees.
                self._version = data_version(conn)
        except DBAPIError:
            conn.close()
            raise
        return conn, tx

    def _statement(
        self, _conn: Any, _cursor: Any, sql: str, _params: Any, _ctx: Any, many: bool
    ) -> None:
        self.seen.statement(sql, many)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._tx.is_active:
                self._tx.rollback()
        finally:
            self.conn.close()

    # -- writers beside the repositories ------------------------------------------
    @property
    def bulk(self) -> BulkWriter:
        """Batched inserts for imports and the demo (their commit is a reload for followers)."""
        self.seen.unaccounted()
        return BulkWriter(self.conn)

    def person_ids(self) -> IdPool:
        """Ids for people written later in this unit (see ``store.bulk.IdPool``)."""
        return IdPool(self.conn, t.person)

    def tie_arrays(self) -> TieArrays:
        """The ties as flat arrays, for a path graph over a very large network."""
        from kithkin.store.tie_arrays import read_tie_arrays  # numpy: only when asked

        return read_tie_arrays(self.conn)

    # -- the transaction ----------------------------------------------------------
    def commit(self) -> None:
        """Keep what was written; the data version moves so caches know."""
        if not self.write:
            raise RuntimeError("a reading unit of work cannot commit; open it with write=True")
        replaced, token = bump(self.conn)
        change = self.seen.change()
        if change is not None:
            record_change(self.conn, replaced, token, change)
        if self.undo.pending:
            self.undo.save(token)
        self._tx.commit()

    def rollback(self) -> None:
        self._tx.rollback()

    def data_version(self) -> str:
        """The data version this unit sees, read once: every later question is asked of it."""
        if self._version is None:
            self._version = data_version(self.conn)
        return self._version

    def changes_since(self, version: str) -> list[Change] | None:
        """What the writes from ``version`` to this unit's version changed; None when
        some write in between cannot be followed."""
        return changes_since(self.conn, version, self.data_version())


def _writers_lock(engine: Engine) -> str:
    """The lock writers queue on. On a team server each member's network is a schema of
    its own (named in the URL's options): its writers queue apart from other members'."""
    found = re.search(r"search_path=(\w+)", str(engine.url.query.get("options", "")))
    if found is None:
        return f"SELECT pg_advisory_xact_lock({_WRITERS})"
    return f"SELECT pg_advisory_xact_lock({_WRITERS}, hashtext('{found.group(1)}'))"


def _busy(exc: OperationalError) -> bool:
    """Another writer held the lock past the timeout: SQLite's "database is locked",
    PostgreSQL's lock_not_available."""
    if getattr(exc.orig, "sqlstate", None) == "55P03":
        return True
    return isinstance(exc.orig, sqlite3.OperationalError) and (
        "locked" in str(exc.orig) or "busy" in str(exc.orig)
    )
