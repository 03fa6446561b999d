"""A team server for each test: a PostgreSQL database of its own, dropped afterwards.

A team needs an empty database (its own schemas beside ``public``), so these tests do
not share the session's test database. When PostgreSQL cannot be reached they skip,
except in CI (``CI=true``), where that fails the run.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fixed_values import NOW
from kithkin.service.team import Team, open_team
from pg_databases import new_pg_database

PASSWORD = "correct horse battery"


@pytest.fixture
def team_url() -> Iterator[str]:
    with new_pg_database("kithkin_team") as url:
        yield url


@pytest.fixture
def team(team_url: str) -> Iterator[Team]:
    """A team started by its admin (admin@example.com), ``now`` fixed."""
    from kithkin.service.team import team_init

    team_init(team_url, "admin@example.com", "Ada Admin", PASSWORD, now=NOW)
    opened = open_team(team_url, now=NOW)
    yield opened
    opened.close()
