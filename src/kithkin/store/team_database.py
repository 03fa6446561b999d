"""A team server's database: the team schema, member schemas, and units of work per actor."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from kithkin.errors import DatabaseError, NotAKithkinDatabase, SchemaTooNew
from kithkin.model.keys import organisation_key
from kithkin.store.engine import make_engine, once_more_if_dropped
from kithkin.store.migrate import HEAD, prepare
from kithkin.store.team_accounts import AccountRepository
from kithkin.store.team_records import Account
from kithkin.store.team_schema import SCHEMA, TEAM_VERSION, shared_reach, team_info, team_metadata
from kithkin.store.team_security import (
    ACTOR,
    ROLE,
    create_member_schema,
    ensure_role,
    member_schema,
    member_schemas,
    secure_member_schema,
    secure_team_schema,
)
from kithkin.store.team_uow import TeamUnitOfWork

HASH_KEY = "person_hash_key"  # keys the hashes of shared people's names and addresses


def _revision(conn: Connection, schema: str) -> str | None:
    if conn.execute(text("SELECT to_regclass(:t)"), {"t": f"{schema}.alembic_version"}).scalar():
        found = conn.execute(text(f"SELECT version_num FROM {schema}.alembic_version")).scalar()
        return None if found is None else str(found)
    return None


def upgrade_team(conn: Connection, version: int) -> None:
    """Bring an older team schema's data to this release's, in the opening transaction."""
    if version < 2:
        _rekey_shared_reach(conn)
    conn.execute(
        update(team_info).where(team_info.c.key == "version").values(value=str(TEAM_VERSION))
    )


def _rekey_shared_reach(conn: Connection) -> None:
    """Version 1 keyed a member's published organisations by a plain fold ("contoso
    ltd"); they are keyed by ``organisation_key`` now ("contoso"), as a member publishes
    them, one line per organisation: the best of the lines that now share a key."""
    rows = [dict(r._mapping) for r in conn.execute(select(shared_reach)).all()]
    best: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["member_id"], organisation_key(row["org_name"]) or row["org_key"])
        if key not in best or row["chance"] > best[key]["chance"]:
            best[key] = {**row, "org_key": key[1]}
    if all(r["org_key"] == k for (_, k), r in best.items()) and len(best) == len(rows):
        return
    conn.execute(delete(shared_reach))
    if best:
        conn.execute(insert(shared_reach), list(best.values()))


class TeamDatabase:
    """Opened once per process for one team server (a PostgreSQL database)."""

    def __init__(self, url: str, create: bool = False) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql":
            raise DatabaseError(
                "team mode needs a PostgreSQL database; give --db postgresql+psycopg://…"
                " (an SQLite file stays a single-user network)"
            )
        self.url = url
        self._hash_key: str | None = None
        self._engine = make_engine(url)
        try:
            self._open(create)
        except OperationalError as exc:
            self._engine.dispose()
            from kithkin.store.failures import as_kithkin_error

            raise as_kithkin_error(exc) or DatabaseError(
                f"cannot open the team: {exc.orig}"
            ) from exc
        except BaseException:
            self._engine.dispose()
            raise

    @property
    def engine(self) -> Engine:
        return self._engine

    def _open(self, create: bool) -> None:
        where = make_url(self.url).render_as_string(hide_password=True)
        with self._engine.begin() as conn:
            has_team = conn.execute(
                text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": SCHEMA}
            ).first()
            if create:
                if has_team:
                    raise DatabaseError(f"{where} already holds a team; add members to it instead")
                public = conn.execute(
                    text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                ).scalar_one()
                if public:
                    raise NotAKithkinDatabase(
                        f"{where} already holds tables (a single-user network?);"
                        " start a team in an empty database"
                    )
                # Every team in the cluster shares the role (see ensure_role for a race).
                ensure_role(conn)
                conn.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
                team_metadata.create_all(conn)
                conn.execute(
                    team_info.insert(),
                    [
                        {"key": "version", "value": str(TEAM_VERSION)},
                        {"key": HASH_KEY, "value": secrets.token_hex(32)},
                    ],
                )
                secure_team_schema(conn)
                return
            if not has_team:
                raise NotAKithkinDatabase(f"{where} holds no team", see="team_init")
            version = conn.execute(
                select(team_info.c.value).where(team_info.c.key == "version")
            ).scalar_one()
            if int(version) > TEAM_VERSION:
                raise SchemaTooNew(
                    f"{where} was written by a newer Kithkin (team schema {version});"
                    " upgrade Kithkin"
                )
            if int(version) < TEAM_VERSION:
                upgrade_team(conn, int(version))
            behind = [name for name in member_schemas(conn) if _revision(conn, name) != HEAD]
        # A newer release's migrations: bring those members' networks up and put the
        # wall around any new tables.
        for name in behind:
            self.migrate_member(int(name.split("_", 1)[1]))

    def member_ids(self) -> list[int]:
        with self._engine.connect() as conn:
            return [int(name.split("_", 1)[1]) for name in member_schemas(conn)]

    def system(self, write: bool = True) -> TeamUnitOfWork:
        """The server's own unit of work, before anyone is known: logins and sessions,
        adding accounts. Not subject to row-level security; never opened for a request."""
        return TeamUnitOfWork(self._engine, None, write)

    def session(self, token_hash: str, now: datetime) -> tuple[Account, str] | None:
        """The account a session token names, and its CSRF token: the one statement every
        request starts with, run on its own (no transaction to begin and end around it),
        once more on a new connection when the server had dropped the pooled one."""

        def read() -> tuple[Account, str] | None:
            with self._engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT")
                return AccountRepository(conn).session(token_hash, now)

        return once_more_if_dropped(read)

    def uow(self, actor: int, write: bool = True) -> TeamUnitOfWork:
        """A unit of work for one acting account: the role, and the actor the policies read."""
        return TeamUnitOfWork(self._engine, actor, write)

    def member_url(self, account_id: int, as_member: bool = True) -> str:
        """The URL of a member's own network: every connection finds only the member's
        schema, and (``as_member``) runs as the role with the member as actor."""
        options = f"-c search_path={member_schema(account_id)}"
        if as_member:
            options += f" -c role={ROLE} -c {ACTOR}={int(account_id)}"
        url = make_url(self.url).update_query_dict({"options": options})
        return url.render_as_string(hide_password=False)

    def add_member_schema(self, account_id: int) -> None:
        with self._engine.begin() as conn:
            create_member_schema(conn, account_id)
        self.migrate_member(account_id)

    def migrate_member(self, account_id: int) -> None:
        """The member's schema at the newest single-user revision, with the wall around it."""
        engine = make_engine(self.member_url(account_id, as_member=False))
        try:
            prepare(engine)
        finally:
            engine.dispose()
        with self._engine.begin() as conn:
            secure_member_schema(conn, account_id)

    def hash_key(self) -> str:
        """The team's key for hashing shared people (made once, never changed: kept)."""
        if self._hash_key is None:
            self._hash_key = self._read_hash_key()
        return self._hash_key

    def _read_hash_key(self) -> str:
        with self._engine.connect() as conn:
            return str(
                conn.execute(
                    select(team_info.c.value).where(team_info.c.key == HASH_KEY)
                ).scalar_one()
            )

    def close(self) -> None:
        self._engine.dispose()
