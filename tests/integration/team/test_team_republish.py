"""The shared summary follows a member's writes on the web: scheduled by the write, published
in the background once the window has passed, only when the network changed, never for a
viewer; on the real PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from kithkin.service.importing import import_files
from kithkin.service.team import Team, actor_of, add_member, member_app, publish_reach
from kithkin.service.team.republish import republisher

from .conftest import PASSWORD, log_in, web_client

pytestmark = pytest.mark.postgres
DATA = Path(__file__).parents[2] / "data"
SAMPLES = sorted(p for p in (DATA / "samples").rglob("*") if p.is_file() and p.suffix != ".md")


def _contoso(team: Team, actor: Any) -> float:
    """The chance the member's published summary gives for Contoso (as a teammate reads it)."""
    with team.uow(actor, write=False) as uow:
        (row,) = [r for r in uow.shared.summary_of(actor.account_id) if "contoso" in r.key]
    return row.chance


def test_a_call_logged_on_the_web_is_published_in_the_background_once(team: Team) -> None:
    alex = add_member(team, "alex.morgan@example.com", "Alex Morgan", "member", PASSWORD)
    import_files(member_app(team, alex), SAMPLES, me=[alex.email], region="US")
    a = actor_of(alex)
    publish_reach(team, a)
    before = _contoso(team, a)
    with member_app(team, alex).uow(write=False) as uow:
        daniel = next(pid for pid, name, _ in uow.people.names() if name == "Daniel Okafor")
    found = republisher(team)
    with web_client(team) as client:
        log_in(client, alex.email)
        assert client.get("/api/v1/team/reach", params={"to": "Contoso"}).status_code == 200
        assert found.pending() == []  # reading schedules nothing
        for _ in range(3):
            logged = client.post(
                f"/api/v1/people/{daniel}/interactions",
                json={"channel": "in-person", "note": "coffee", "they_initiated": True},
            )
            assert logged.status_code == 201, logged.text
        # One publish scheduled for the three writes, after the window: not yet done.
        assert found.pending() == [alex.id]
        assert _contoso(team, a) == before
        assert found.run_due() == 0  # the window (15 minutes) has not passed
        assert found.run_due(everyone=True) == 1
        assert found.pending() == []
        after = _contoso(team, a)
        assert after != before
        # Nothing changed since: a write that fails, then one more due publish, publishes nothing.
        assert client.post("/api/v1/people/999999/interactions", json={}).status_code == 422
        assert found.pending() == []
        found.changed(a)
        assert found.run_due(everyone=True) == 0
        assert _contoso(team, a) == after


def test_a_viewer_schedules_nothing(team: Team) -> None:
    viewer = add_member(team, "vi@example.com", "Vi", "viewer", PASSWORD)
    found = republisher(team)
    found.changed(actor_of(viewer))
    assert found.pending() == []


def test_the_thread_publishes_when_due_and_stops_with_the_team(team: Team) -> None:
    alex = add_member(team, "alex.morgan@example.com", "Alex Morgan", "member", PASSWORD)
    import_files(member_app(team, alex), SAMPLES, me=[alex.email], region="US")
    a = actor_of(alex)
    team.republish_after = 0.0
    found = republisher(team)
    found.changed(a)

    def published() -> bool:
        with team.uow(a, write=False) as uow:
            return bool(uow.shared.summary_of(alex.id))

    deadline = time.monotonic() + 300
    while not published() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert published()  # by the thread, nobody asked
    assert found.pending() == []
    team.close()
    found.changed(a)  # after closing: ignored
    assert found.pending() == []
