"""A team server for each test: a PostgreSQL database of its own, dropped afterwards.

A team needs an empty database (its own schemas beside ``public``), so these tests do
not share the session's test database. When PostgreSQL cannot be reached they skip,
except in CI (``CI=true``), where that fails the run.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from fixed_values import NOW
from kithkin.service.team import Team, open_team
from kithkin.web import WebSettings
from kithkin.web.team import create_team_app
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


def web_client(team: Team) -> Any:
    with warnings.catch_warnings():
        # Starlette's TestClient warns about its httpx transport on import; not our code.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    web = WebSettings()
    local = dataclasses.replace(web, allowed_hosts=(*web.allowed_hosts, "testserver"))
    # HTTPS, so that the Secure session cookie is sent back.
    return TestClient(create_team_app(team, local), base_url="https://testserver")


def log_in(client: Any, email: str) -> None:
    page = client.get("/login")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    done = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    client.headers["X-CSRF-Token"] = csrf
