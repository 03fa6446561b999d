"""Bring a database to the current schema, refusing anything that is not ours."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from kithkin.errors import DatabaseError, NotAKithkinDatabase, SchemaTooNew

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def prepare(engine: Engine) -> None:
    """Create or upgrade the schema; refuse a foreign or a newer database."""
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = MigrationContext.configure(conn).get_current_revision()
    except SADatabaseError as exc:
        if "file is not a database" in str(exc) or "not a database" in str(exc):
            raise NotAKithkinDatabase(
                f"{where} is not a Kithkin database (not even SQLite); choose another --db"
            ) from exc
        if isinstance(exc, OperationalError):
            raise DatabaseError(f"cannot open {where}: {exc.orig}") from exc
        raise
    if revision is None:
        if tables - {"alembic_version"}:
            raise NotAKithkinDatabase(
                f"{where} holds other tables and is not a Kithkin database; choose another --db"
            )
    else:
        script = ScriptDirectory.from_config(alembic_config())
        if not _known(script, revision):
            raise SchemaTooNew(
                f"{where} was written by a newer Kithkin (schema {revision}); upgrade Kithkin"
            )
        if revision == script.get_current_head():
            return
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def _known(script: ScriptDirectory, revision: str) -> bool:
    return any(rev.revision == revision for rev in script.walk_revisions())
