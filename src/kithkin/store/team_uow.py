"""The team unit of work: one connection, one transaction, opened for one actor.

Opened for an account, it runs every statement as the role ``kithkin_team_user``
with ``kithkin.actor`` set to that account (both ``SET LOCAL``: they end with the
transaction, so a pooled connection never carries them to the next request). The
row-level policies of ``store.team_security`` then decide what it sees.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction, text
from sqlalchemy.exc import DBAPIError

from kithkin.store.engine import once_more_if_dropped
from kithkin.store.state import data_version
from kithkin.store.team_accounts import AccountRepository
from kithkin.store.team_recruiting import RecruitingRepository
from kithkin.store.team_requests import AuditRepository, RequestRepository
from kithkin.store.team_security import ACTOR, ROLE, member_schema
from kithkin.store.team_shared import SharedRepository


class TeamUnitOfWork:
    conn: Connection
    accounts: AccountRepository
    shared: SharedRepository
    requests: RequestRepository
    audit: AuditRepository
    recruiting: RecruitingRepository

    def __init__(self, engine: Engine, actor: int | None, write: bool = True) -> None:
        self.engine = engine
        self.actor = actor
        self.write = write

    def __enter__(self) -> TeamUnitOfWork:
        # Pooled connections are not pinged (store.engine): a dropped one fails in _begin.
        conn, self._tx = once_more_if_dropped(self._begin)
        self.conn = conn
        self.accounts = AccountRepository(conn)
        self.shared = SharedRepository(conn)
        self.requests = RequestRepository(conn)
        self.audit = AuditRepository(conn)
        self.recruiting = RecruitingRepository(conn)
        return self

    def _begin(self) -> tuple[Connection, RootTransaction]:
        conn = self.engine.connect()
        if not self.write:
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        tx = conn.begin()
        try:
            if self.actor is not None:
                # SET LOCAL ROLE and the actor in one round trip (set_config('role', …,
                # true) is SET LOCAL ROLE, with the same membership check).
                conn.execute(
                    text("SELECT set_config('role', :role, true), set_config(:k, :v, true)"),
                    {"role": ROLE, "k": ACTOR, "v": str(self.actor)},
                )
            else:
                # The server's own unit acts for nobody; said in a first statement of its
                # own, so that a dropped connection fails here rather than in its work.
                conn.execute(text("SELECT set_config(:k, '', true)"), {"k": ACTOR})
        except DBAPIError:
            conn.close()
            raise
        return conn, tx

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

    def own_data_version(self) -> str:
        """The data version of the actor's own network (``store.state``), read in this
        unit: a question the actor's kept read model answers then needs no unit of work
        on their network. Row-level security shows this unit the actor's own rows only."""
        if self.actor is None:
            raise RuntimeError("the server's own unit of work has no network of its own")
        return data_version(self.conn, member_schema(self.actor))

    def commit(self) -> None:
        if not self.write:
            raise RuntimeError("a reading unit of work cannot commit; open it with write=True")
        self._tx.commit()
