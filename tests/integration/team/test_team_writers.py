"""Each member's writers queue on a lock of their own: a long write in one member's
network does not hold up another member's."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from kithkin.errors import DatabaseBusy
from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.team import Team, add_member, member_app
from kithkin.store.team_security import member_schema

from .conftest import PASSWORD

pytestmark = pytest.mark.postgres


def test_one_member_s_writer_does_not_wait_for_another_s(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kithkin.store.uow import _WRITERS

    ann = add_member(team, "ann@example.com", "Ann", "member", PASSWORD)
    bob = add_member(team, "bob@example.com", "Bob", "member", PASSWORD)
    for member in (ann, bob):
        app = member_app(team, member)
        add_person(app, PersonChanges(name=member.display_name), is_me=True)
        add_person(app, PersonChanges(name="Cleo Park"))
    monkeypatch.setattr("kithkin.store.uow.BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr("kithkin.store.uow._PAUSE", 0.01)
    other = create_engine(team.db.url)
    try:
        with other.begin() as conn:  # a writer in Ann's network, mid-transaction
            key = f"hashtext('{member_schema(ann.id)}')"
            conn.execute(text(f"SELECT pg_advisory_xact_lock({_WRITERS}, {key})"))
            with pytest.raises(DatabaseBusy):
                log_interaction(member_app(team, ann), Channel.CALL, ["Cleo Park"])
            log_interaction(member_app(team, bob), Channel.CALL, ["Cleo Park"])  # no wait
    finally:
        other.dispose()
    for member, logged in ((ann, 0), (bob, 1)):
        with member_app(team, member).uow(write=False) as uow:
            assert len(uow.activity.interactions()) == logged
