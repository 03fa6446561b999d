"""Goals: parsing the target, progress along the best path, the agenda's goal item."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.service.ties import add_tie
from kithkin.store import Settings

NOW = ("--now", "2026-06-01")


def _setup(db_url: str) -> None:
    """Alex knows Sam (thin: one call a year ago); Sam's colleague works at Contoso."""
    app = App(Settings(db_url), fixed_now=datetime(2026, 6, 1, 12, tzinfo=UTC))
    try:
        init_network(app, "Alex Morgan", [])
        add_person(app, PersonChanges(name="Sam Rivera", organisation="Globex"))
        add_person(app, PersonChanges(name="Dana Cole", organisation="Contoso", role="Engineer"))
        add_tie(app, "me", "Sam Rivera", ["former colleague"])
        add_tie(app, "Sam Rivera", "Dana Cole", ["friend"], closeness=4)
        when = datetime(2025, 5, 1, 12, tzinfo=UTC)
        log_interaction(app, Channel.CALL, ["Sam Rivera"], when)
        log_interaction(
            app, Channel.CALL, ["Sam Rivera", "Dana Cole"], when + timedelta(days=3), with_me=False
        )
    finally:
        app.close()


def test_goal_add_list_remove_and_the_agenda_cultivates_its_first_hop(
    kith: Any, db_url: str
) -> None:
    _setup(db_url)
    added = json.loads(kith(*NOW, "goal", "add", "work at Contoso", "--json").out)
    assert (added["target_kind"], added["target"], added["ask"]) == (
        "organisation",
        "Contoso",
        "intro",
    )
    (progress,) = json.loads(kith(*NOW, "goal", "list", "--json").out)
    assert progress["path"] == ["Alex Morgan", "Sam Rivera", "Dana Cole"]
    assert progress["first_hop_name"] == "Sam Rivera"
    assert progress["readiness"] == "cultivate first"
    assert progress["suggestions"]
    table = kith(*NOW, "goal", "list").out
    assert "Sam Rivera (cultivate first)" in table

    agenda = json.loads(kith(*NOW, "agenda", "--json").out)
    sam = next(i for i in agenda["items"] if i["name"] == "Sam Rivera")
    assert "first step towards 'work at Contoso': cultivate first" in " ".join(
        [sam["reason"], *sam["also"]]
    )

    removed = kith(*NOW, "goal", "remove", "1")
    assert removed.code == 0
    assert json.loads(kith(*NOW, "goal", "list", "--json").out) == []
    again = json.loads(kith(*NOW, "agenda", "--json").out)
    reasons = [r for i in again["items"] for r in [i["reason"], *i["also"]]]
    assert not any("work at Contoso" in r for r in reasons)
    assert kith(*NOW, "goal", "remove", "1").code == 3


def test_goal_with_no_one_matching_says_so(kith: Any, db_url: str) -> None:
    _setup(db_url)
    assert (
        kith(*NOW, "goal", "add", "meet a lighthouse keeper", "--role", "lighthouse keeper").code
        == 0
    )
    (progress,) = json.loads(kith(*NOW, "goal", "list", "--json").out)
    assert progress["first_hop"] is None
    assert progress["note"] == "no one in your network matches lighthouse keeper"
    bad = kith(*NOW, "goal", "add", "be happy somehow at last")
    assert bad.code == 0  # "be X" reads as a role
    unreadable = kith(*NOW, "goal", "add", "Contoso")
    assert unreadable.code == 2 and "--org" in unreadable.err
