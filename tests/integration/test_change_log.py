"""What a commit changed is seen by the unit of work, not declared by the service."""

from __future__ import annotations

import pytest

from kithkin.model import Channel, ExchangeKind
from kithkin.service.activity import log_interaction, record_favour
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.store.state import Change


def _version(app: App) -> str:
    with app.uow(write=False) as uow:
        return uow.data_version()


def _since(app: App, version: str) -> list[Change] | None:
    """The changes since ``version``, leaving out commits that changed nothing a
    follower sees (a strength fit kept with the same parameters)."""
    with app.uow(write=False) as uow:
        found = uow.changes_since(version)
    return None if found is None else [c for c in found if c != Change()]


def test_each_write_is_logged_as_what_it_wrote(app: App) -> None:
    init_network(app, "Alex Morgan", [])
    add_person(app, PersonChanges(name="Ben Okafor"))
    start = _version(app)

    first = log_interaction(app, Channel.CALL, ["Ben Okafor"])  # a first contact makes a tie
    after_first = _version(app)
    second = log_interaction(app, Channel.EMAIL, ["Ben Okafor"])  # the tie is there now
    record_favour(app, ExchangeKind.ADVICE, "Ben Okafor", given_by_me=True)

    assert first.id is not None and second.id is not None
    assert _since(app, start) == [
        Change(interactions=(first.id,), ties=True),
        Change(interactions=(second.id,)),
        Change(favours=True),
    ]
    assert _since(app, after_first) == [Change(interactions=(second.id,)), Change(favours=True)]
    assert _since(app, _version(app)) == []


def test_a_write_no_follower_can_apply_breaks_the_chain(app: App) -> None:
    init_network(app, "Alex Morgan", [])
    start = _version(app)
    add_person(app, PersonChanges(name="Ben Okafor"))  # a person: the network loads again
    assert _since(app, start) is None


def test_a_reading_unit_cannot_commit(app: App) -> None:
    init_network(app, "Alex Morgan", [])
    with app.uow(write=False) as uow, pytest.raises(RuntimeError, match="cannot commit"):
        uow.commit()
