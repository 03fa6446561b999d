"""Real databases for every test that needs one: an SQLite file and the PostgreSQL server.

Tests that take the ``app`` fixture run twice, once per database. PostgreSQL is
the real server on 127.0.0.1:5432; when it cannot be reached the tests skip,
except in CI (``CI=true``), where that fails the run.
"""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from kithkin.service.app import App
from kithkin.store import Settings

PG_ADMIN_URL = os.environ.get(
    "KITHKIN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of our own for the whole session, dropped at the end."""
    name = f"kithkin_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_pg(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a fresh SQLite file, or the emptied PostgreSQL test database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kithkin.db'}"
    url: str = request.getfixturevalue("pg_database")
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
        admin.dispose()

    return fill


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
