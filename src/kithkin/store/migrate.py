"""Bring a database to the current schema, refusing anything that is not ours.

Every command opens the database through ``prepare``; Alembic (a quarter of a
second to import) is loaded only when a schema is created or upgraded, or a
revision is not the newest: a database already at ``HEAD`` is recognised with
one query.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from kithkin.errors import DatabaseError, NotAKithkinDatabase, SchemaTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0007"  # the newest migration's revision; tests/integration/test_migrations.py checks


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration's revision, as Alembic reads the migrations folder."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _stored_revision(conn, set(inspect(conn).get_table_names()))


def _stored_revision(conn: Connection, tables: set[str]) -> str | None:
    """The revision recorded in the database (None: never migrated)."""
    if "alembic_version" not in tables:
        return None
    found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(found) > 1:
        raise DatabaseError(f"the database records {len(found)} schema revisions; expected one")
    return str(found[0]) if found else None


def prepare(engine: Engine) -> None:
    """Create or upgrade the schema; refuse a foreign or a newer database."""
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = _stored_revision(conn, tables)
    except SADatabaseError as exc:
        if "file is not a database" in str(exc) or "not a database" in str(exc):
            raise NotAKithkinDatabase(
                f"{where} is not a Kithkin database (not even SQLite); choose another --db"
            ) from exc
        if isinstance(exc, OperationalError):
            from kithkin.store.failures import as_kithkin_error

            raise as_kithkin_error(exc) or DatabaseError(
                f"cannot open {where}: {exc.orig}"
            ) from exc
        raise
    if revision is None:
        if tables - {"alembic_version"}:
            raise NotAKithkinDatabase(
                f"{where} holds other tables and is not a Kithkin database; choose another --db"
            )
    elif revision == HEAD:
        return
    else:
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        if not _known(script, revision):
            raise SchemaTooNew(
                f"{where} was written by a newer Kithkin (schema {revision}); upgrade Kithkin"
            )
        if revision == script.get_current_head():
            return
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def _known(script: ScriptDirectory, revision: str) -> bool:
    return any(rev.revision == revision for rev in script.walk_revisions())
