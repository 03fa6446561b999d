"""The team unit of work: one connection, one transaction, opened for one actor.

Opened for an account, it runs every statement as the role ``kithkin_team_user``
with ``kithkin.actor`` set to that account (both ``SET LOCAL``: they end with the
transaction, so a pooled connection never carries them to the next request). The
row-level policies of ``store.team_security`` then decide what it sees.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction, text

from kithkin.store.team_accounts import AccountRepository
from kithkin.store.team_recruiting import RecruitingRepository
from kithkin.store.team_requests import AuditRepository, RequestRepository
from kithkin.store.team_security import ACTOR, ROLE
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
        conn = self.engine.connect()
        if not self.write:
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        self._tx: RootTransaction = conn.begin()
        if self.actor is not None:
            # SET LOCAL ROLE and the actor in one round trip (set_config('role', …, true)
            # is SET LOCAL ROLE, with the same membership check).
            conn.execute(
                text("SELECT set_config('role', :role, true), set_config(:k, :v, true)"),
                {"role": ROLE, "k": ACTOR, "v": str(self.actor)},
            )
        self.conn = conn
        self.accounts = AccountRepository(conn)
        self.shared = SharedRepository(conn)
        self.requests = RequestRepository(conn)
        self.audit = AuditRepository(conn)
        self.recruiting = RecruitingRepository(conn)
        return self

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

    def commit(self) -> None:
        if not self.write:
            raise RuntimeError("a reading unit of work cannot commit; open it with write=True")
        self._tx.commit()
