"""Real databases for every test that needs one: an SQLite file and the PostgreSQL server.

Tests that take the ``app`` fixture run twice, once per database. PostgreSQL is
the real server on 127.0.0.1:5432; when it cannot be reached the tests skip,
except in CI (``CI=true``), where that fails the run.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fixed_values import NOW, PG_ADMIN_URL
from kithkin.service.app import App
from kithkin.store import Settings
from kithkin.store.migrate import HEAD
from pg_databases import commit_without_waiting_for_disk, new_pg_database

# Rich fixes a console's width when it is created if COLUMNS is set then (a pytest-xdist
# worker inherits COLUMNS=80); the ``kith`` fixture sets the width for each test instead.
for _size in ("COLUMNS", "LINES"):
    os.environ.pop(_size, None)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of our own for the whole session, dropped at the end."""
    with new_pg_database("kithkin_test") as url:
        yield url


def _reset_pg(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


# Everything in the public schema that a test could have changed besides rows: relations,
# columns, constraints, indexes, triggers, policies, grants, functions and types.
_PG_SHAPE = """
SELECT md5(string_agg(item, '|' ORDER BY item)) FROM (
  SELECT c.relname::text || ':' || c.relkind::text || ':' || c.relrowsecurity::text
         || ':' || coalesce(c.relacl::text, '') || ':'
         || CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ELSE '' END AS item
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT c.relname::text || '.' || a.attname::text || ':'
         || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull::text || ':'
         || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT conname::text || pg_get_constraintdef(oid) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace
  UNION ALL
  SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
  UNION ALL
  SELECT 'policy ' || p.polname::text || coalesce(pg_get_expr(p.polqual, p.polrelid), '')
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
    WHERE c.relnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'function ' || p.oid::regprocedure::text || md5(p.prosrc) FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'type ' || t.typname::text FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'schema acl ' || coalesce(n.nspacl::text, '') FROM pg_namespace n
    WHERE n.nspname = 'public'
) AS shape
"""


# Deletes every row but the migrations' revision and restarts every sequence, in one round
# trip to the server rather than one per table and sequence.
_PG_EMPTY = """
DO $$
DECLARE
  item record;
BEGIN
  FOR item IN SELECT tablename FROM pg_tables
      WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
    EXECUTE format('DELETE FROM public.%I', item.tablename);
  END LOOP;
  FOR item IN SELECT sequencename FROM pg_sequences
      WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER SEQUENCE public.%I RESTART', item.sequencename);
  END LOOP;
END
$$
"""


@dataclass
class _MigratedPg:
    """What the public schema looks like right after the migrations, learnt once."""

    shape: str | None = None


@pytest.fixture(scope="session")
def _migrated_pg() -> _MigratedPg:
    return _MigratedPg()


def _migrated_empty_pg(url: str, migrated: _MigratedPg) -> None:
    """Bring the test database to the current schema with no rows, as ``App`` would build
    it. Migrating takes most of a second on a busy server; when the schema is exactly the
    migrated one (shape and revision), emptying its tables gives the same database."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            shape = conn.execute(text(_PG_SHAPE)).scalar_one()
            if migrated.shape is not None and shape == migrated.shape:
                revisions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
                if [r[0] for r in revisions] == [HEAD]:
                    # Every table is emptied, so foreign keys need not be checked on the way.
                    conn.execute(text("SET LOCAL session_replication_role = replica"))
                    conn.execute(text(_PG_EMPTY))
                    return
    finally:
        engine.dispose()
    _reset_pg(url)
    App(Settings(url)).close()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            migrated.shape = conn.execute(text(_PG_SHAPE)).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def schema_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the current schema and no rows, migrated once, to be copied."""
    path = tmp_path_factory.mktemp("schema-template") / "kithkin.db"
    App(Settings(f"sqlite:///{path}")).close()
    return path


@pytest.fixture
def migrated_empty_pg(_migrated_pg: _MigratedPg) -> Callable[[str], None]:
    """Bring a PostgreSQL database to the current schema with no rows (the test of this
    fixture: tests/integration/test_test_databases.py)."""
    return lambda url: _migrated_empty_pg(url, _migrated_pg)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a fresh SQLite file, or the emptied PostgreSQL test database.

    A test that opens the ``app``, or runs ``kith`` (whose first command opens one), gets
    the database the App would have made of it: the current schema and no rows, copied
    (SQLite) or emptied (PostgreSQL) rather than migrated again for every test. A test
    marked ``unmigrated`` gets a database with nothing in it, not even the schema."""
    with_app = "app" in request.fixturenames or (
        "kith" in request.fixturenames and request.node.get_closest_marker("unmigrated") is None
    )
    if request.param == "sqlite":
        path = tmp_path / "kithkin.db"
        if with_app:
            shutil.copyfile(request.getfixturevalue("schema_sqlite"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_database")
    if with_app:
        request.getfixturevalue("migrated_empty_pg")(url)
    else:
        _reset_pg(url)
    return url


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo network in an SQLite file, built once per session, to be copied."""
    from kithkin.service.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    built = App(Settings(f"sqlite:///{path}"), fixed_now=NOW)
    build_demo(built)
    built.close()  # the last connection out folds the write-ahead log into the file
    return path


@pytest.fixture(scope="session")
def demo_pg(pg_database: str) -> Iterator[str]:
    """The demo network in a PostgreSQL database of its own, built once per session, to be
    copied with ``CREATE DATABASE … TEMPLATE``."""
    from kithkin.service.demo import build_demo

    name = pg_database.rsplit("/", 1)[1] + "_demo"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        commit_without_waiting_for_disk(conn, name)
    built = App(Settings(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"), fixed_now=NOW)
    build_demo(built)
    built.close()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fill_demo(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Make the (empty) test database a copy of the demo network, built once per session:
    a file copy for SQLite, a copy from a template database for PostgreSQL."""

    def fill(url: str) -> None:
        if url.startswith("sqlite:///"):
            template: Path = request.getfixturevalue("demo_sqlite")
            shutil.copyfile(template, url.removeprefix("sqlite:///"))
            return
        name = url.rsplit("/", 1)[1]
        demo: str = request.getfixturevalue("demo_pg")
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{demo}"'))
            commit_without_waiting_for_disk(conn, name)
        admin.dispose()

    return fill


@pytest.fixture
def demo_app(db_url: str, fill_demo: Callable[[str], None]) -> Iterator[App]:
    """The application over a copy of the demo network (built once per session), with
    ``now`` fixed at 2026-06-01 noon UTC."""
    fill_demo(db_url)
    application = App(Settings(db_url), fixed_now=NOW)
    yield application
    application.close()


@pytest.fixture
def app(db_url: str) -> Iterator[App]:
    """The application over an empty database, with ``now`` fixed at 2026-06-01 noon UTC."""
    application = App(Settings(db_url), fixed_now=NOW)
    yield application
    application.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def kith(db_url: str, monkeypatch: pytest.MonkeyPatch) -> object:
    """Run ``kith`` in-process against the test database, as a user would type it."""
    from kithkin.cli.main import run

    monkeypatch.setenv("KITHKIN_DATABASE_URL", db_url)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("KITHKIN_DEBUG", raising=False)

    def call(*args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                run(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
        return Result(code, out.getvalue(), err.getvalue())

    return call
