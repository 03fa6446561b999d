"""A team server's connections to PostgreSQL: none is pinged before use, so one the server
dropped must cost no failed request; and a question team reach answered before costs no
unit of work on the member's own network until that network changes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, text

from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.importing import import_files
from kithkin.service.team import Account, Team, actor_of, add_member, member_app, team_reach
from kithkin.store.engine import make_engine

from .conftest import PASSWORD, log_in, web_client

pytestmark = pytest.mark.postgres
SAMPLES = Path(__file__).parents[2] / "data" / "samples"
EMAIL = "alex.morgan@example.com"


def _end_backends(url: str) -> int:
    """End every connection to the database at ``url`` but this one, as a server restart
    or an administrator would; how many were ended."""
    admin = make_engine(url)
    try:
        with admin.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar_one()
            )
    finally:
        admin.dispose()


@contextmanager
def _statements(app: App) -> Iterator[list[str]]:
    """The statements run on the member's own network meanwhile."""
    engine = app.db._engine
    seen: list[str] = []

    def note(_conn: object, _cursor: object, sql: str, *_: object) -> None:
        seen.append(sql)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _alex(team: Team) -> Account:
    alex = add_member(team, EMAIL, "Alex Morgan", "member", PASSWORD)
    files = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix != ".md")
    import_files(member_app(team, alex), files, me=[EMAIL], region="US")
    return alex


def test_requests_go_on_after_postgresql_ends_every_connection(team: Team) -> None:
    _alex(team)
    client = web_client(team)
    log_in(client, EMAIL)
    first = client.get("/api/v1/team/reach", params={"to": "Contoso"})
    assert first.status_code == 200, first.text
    # The team's pooled connection (the session read, the team's unit of work) and the
    # member's own network's.
    assert _end_backends(team.db.url) >= 2
    again = client.get("/api/v1/team/reach", params={"to": "Contoso"})
    assert again.status_code == 200, again.text
    assert again.json()["routes"] == first.json()["routes"]
    assert _end_backends(team.db.url) >= 1
    assert client.get("/").status_code == 200  # the agenda: a reading unit on the network
    assert _end_backends(team.db.url) >= 1
    wei = client.get("/api/v1/people", params={"q": "Wei Chen"}).json()["rows"][0]["person"]
    logged = client.post(
        f"/api/v1/people/{wei['id']}/interactions", json={"channel": "call", "note": "again"}
    )
    assert logged.status_code == 201, logged.text
    assert _end_backends(team.db.url) >= 1
    out = client.post("/logout", follow_redirects=False)  # the server's own unit of work
    assert out.status_code == 303


def test_a_question_asked_again_reads_only_the_version_until_the_network_changes(
    team: Team,
) -> None:
    actor = actor_of(_alex(team))
    app = member_app(team, actor)
    first = team_reach(team, actor, "Contoso")
    with _statements(app) as seen:
        again = team_reach(team, actor, "Contoso")
    assert seen == [] and again == first
    own = next(r.path for r in first.routes if r.own and r.path is not None)
    log_interaction(app, Channel.CALL, [own.hops[0].to_id], note="a call changes the network")
    with _statements(app) as seen:
        after = team_reach(team, actor, "Contoso")
    # The kept answer was of the data before the call: the network is read again.
    assert seen and after.routes
