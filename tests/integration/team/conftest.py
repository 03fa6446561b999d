"""A team server for each test: a PostgreSQL database of its own, dropped afterwards.

A team needs an empty database (its own schemas beside ``public``), so these tests do
not share the session's test database. A module whose tests all start from the same
members and networks builds that team once per session and gives each test a copy
(``built_team``). When PostgreSQL cannot be reached they skip, except in CI
(``CI=true``), where that fails the run.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from fixed_values import NOW
from kithkin.service.team import Team, open_team, team_init
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
    team_init(team_url, "admin@example.com", "Ada Admin", PASSWORD, now=NOW)
    opened = open_team(team_url, now=NOW)
    yield opened
    opened.close()


Builder = Callable[[Team], None]


class TeamTemplates:
    """Teams built once per session, by name, each in a database of its own to be copied."""

    def __init__(self, stack: ExitStack) -> None:
        self.stack = stack
        self.urls: dict[str, str] = {}

    def url(self, name: str, build: Builder) -> str:
        if name not in self.urls:
            url = self.stack.enter_context(new_pg_database(f"kithkin_team_{name}"))
            team_init(url, "admin@example.com", "Ada Admin", PASSWORD, now=NOW)
            opened = open_team(url, now=NOW)
            try:
                build(opened)
            finally:
                opened.close()  # a template database may have nobody connected
            self.urls[name] = url
        return self.urls[name]


@pytest.fixture(scope="session")
def team_templates() -> Iterator[TeamTemplates]:
    with ExitStack() as stack:
        yield TeamTemplates(stack)


@pytest.fixture
def built_team(team_templates: TeamTemplates) -> Iterator[Callable[[str, Builder], Team]]:
    """``built_team(name, build)``: a copy of the team that ``build`` makes of a new team
    (its admin as in ``team``), built once per session under ``name``."""
    with ExitStack() as stack:

        def copy(name: str, build: Builder) -> Team:
            template = team_templates.url(name, build)
            url = stack.enter_context(new_pg_database("kithkin_team", template=template))
            opened = open_team(url, now=NOW)
            stack.callback(opened.close)
            return opened

        yield copy


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
