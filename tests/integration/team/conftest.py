"""A team server for each test: a PostgreSQL database of its own, dropped afterwards.

A team needs an empty database (its own schemas beside ``public``), so these tests do
not share the session's test database. When PostgreSQL cannot be reached they skip,
except in CI (``CI=true``), where that fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from fixed_values import NOW, PG_ADMIN_URL
from kithkin.service.team import Team, open_team

PASSWORD = "correct horse battery"


@pytest.fixture
def team_url() -> Iterator[str]:
    name = f"kithkin_team_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def team(team_url: str) -> Iterator[Team]:
    """A team started by its admin (admin@example.com), ``now`` fixed."""
    from kithkin.service.team import team_init

    team_init(team_url, "admin@example.com", "Ada Admin", PASSWORD, now=NOW)
    opened = open_team(team_url, now=NOW)
    yield opened
    opened.close()
