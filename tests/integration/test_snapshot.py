"""The scored network is computed once per data version and follows every write."""

from __future__ import annotations

from typing import Any

from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.service.snapshot import scored_network


def test_reused_until_a_write_then_rescored(app: App) -> None:
    init_network(app, "Alex Morgan", [])
    ben = add_person(app, PersonChanges(name="Ben Okafor"))
    first = scored_network(app)
    assert scored_network(app) is first  # nothing written: the same object

    log_interaction(app, Channel.CALL, ["Ben Okafor"])
    second = scored_network(app)
    assert second is not first
    assert second.version != first.version
    assert ben.id is not None and second.me is not None
    pair = (min(second.me, ben.id), max(second.me, ben.id))
    assert second.strengths[pair].interactions == 1


def test_a_write_from_another_process_is_seen(app: App, db_url: str) -> None:
    init_network(app, "Alex Morgan", [])
    add_person(app, PersonChanges(name="Ben Okafor"))
    before = scored_network(app)
    other = App(app.settings, fixed_now=app.fixed_now)  # a second process would open its own
    try:
        log_interaction(other, Channel.EMAIL, ["Ben Okafor"])
    finally:
        other.close()
    after = scored_network(app)
    assert after is not before
    assert sum(s.interactions for s in after.strengths.values()) == 1


def test_a_command_that_fails_leaves_the_version_alone(app: App, kith: Any) -> None:
    init_network(app, "Alex Morgan", [])
    before = scored_network(app)
    assert kith("log", "call", "Nobody At All").code == 3
    assert scored_network(app) is before
