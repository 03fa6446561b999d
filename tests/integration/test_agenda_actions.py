"""Agenda actions through the CLI: done, snooze, pause, let go, and a reply bringing a tie back."""

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
    """A small network written through the services (quicker than one command per line)."""
    app = App(Settings(db_url), fixed_now=datetime(2026, 6, 1, 12, tzinfo=UTC))
    try:
        init_network(app, "Alex Morgan", [])
        for name in ("May Parker", "Ben Okafor", "Victor Hale"):
            add_person(app, PersonChanges(name=name))
        add_tie(app, "me", "May Parker", ["aunt"], closeness=5)
        for n, day in enumerate((5, 20, 35, 50, 65)):  # fortnightly calls, Jan to March
            when = datetime(2026, 1, 1, 18, tzinfo=UTC) + timedelta(days=day)
            log_interaction(app, Channel.CALL, ["May Parker"], when, they_initiated=n % 2 == 1)
        # Ben: met two days ago, nothing since.
        log_interaction(app, Channel.IN_PERSON, ["Ben Okafor"], datetime(2026, 5, 30, tzinfo=UTC))
        for month in (3, 4, 5):
            when = datetime(2026, month, 1, 9, tzinfo=UTC)
            log_interaction(app, Channel.MESSAGE, ["Victor Hale"], when, answered=False)
    finally:
        app.close()


def _agenda(kith: Any) -> dict[str, Any]:
    result = kith(*NOW, "agenda", "--json")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def _names(kith: Any) -> list[str]:
    return [i["name"] for i in _agenda(kith)["items"]]


def test_done_snooze_pause_and_let_go(kith: Any, db_url: str) -> None:
    _setup(db_url)
    agenda = _agenda(kith)
    assert [(i["name"], i["kind"]) for i in agenda["items"]] == [
        ("May Parker", "overdue"),  # inner, 87 days since the last of fortnightly calls
        ("Ben Okafor", "follow up"),
    ]
    assert [i["name"] for i in agenda["let_go"]] == ["Victor Hale"]

    done = kith(*NOW, "agenda", "done", "Ben", "--channel", "call", "--note", "Sent the talk")
    assert done.code == 0, done.err
    assert _names(kith) == ["May Parker"]

    snoozed = json.loads(kith(*NOW, "agenda", "snooze", "May Parker", "--days", "7", "--json").out)
    assert snoozed["snoozed_until"] == "2026-06-08"
    assert _names(kith) == []
    later = json.loads(kith("--now", "2026-06-08", "agenda", "--json").out)
    assert [i["name"] for i in later["items"]] == ["May Parker"]

    assert kith(*NOW, "agenda", "pause", "May Parker").code == 0
    assert json.loads(kith("--now", "2026-06-08", "agenda", "--json").out)["items"] == []

    gone = json.loads(kith(*NOW, "agenda", "let-go", "Victor Hale", "--json").out)
    assert gone["status"] == "let-go"
    assert _agenda(kith)["let_go"] == []
    # Letting go deletes nothing: the history and the evidence stay.
    (victor,) = json.loads(kith(*NOW, "one-sided", "--json").out)
    assert victor["status"] == "let-go" and victor["unanswered_streak"] == 3
    # A message from them brings the tie back.
    assert kith(*NOW, "log", "message", "Victor Hale", "--they-initiated").code == 0
    assert json.loads(kith(*NOW, "one-sided", "--json").out) == []
    shown = json.loads(kith("person", "show", "Victor Hale", "--json").out)
    assert shown["ties"][0]["status"] == "active"


def test_user_errors_are_one_line_and_write_nothing(kith: Any, db_url: str) -> None:
    _setup(db_url)
    bad = kith(*NOW, "agenda", "snooze", "May Parker", "--days", "0")
    assert bad.code == 2 and bad.err.count("\n") == 1
    nobody = kith(*NOW, "agenda", "pause", "Nobody Atall")
    assert nobody.code == 3
    assert kith("person", "add", "Zed Stranger").code == 0
    assert kith(*NOW, "agenda", "done", "Nobody Atall").code == 3
    untied = kith(*NOW, "agenda", "let-go", "Zed Stranger")
    assert untied.code == 3 and "no tie" in untied.err
    assert kith(*NOW, "agenda", "--limit", "0").code == 2
    assert [i["name"] for i in _agenda(kith)["items"]] == ["May Parker", "Ben Okafor"]


def test_resume_undoes_a_snooze_a_pause_and_a_letting_go(kith: Any, db_url: str) -> None:
    _setup(db_url)
    assert kith(*NOW, "agenda", "snooze", "May Parker", "--days", "30").code == 0
    assert _names(kith) == ["Ben Okafor"]
    back = json.loads(kith(*NOW, "agenda", "resume", "May Parker", "--json").out)
    assert back["status"] == "active" and back["snoozed_until"] is None
    assert _names(kith) == ["May Parker", "Ben Okafor"]

    assert kith(*NOW, "agenda", "let-go", "Victor Hale").code == 0
    assert _agenda(kith)["let_go"] == []
    resumed = kith(*NOW, "agenda", "resume", "Victor Hale")
    assert resumed.code == 0 and "back on" in resumed.out
    assert [i["name"] for i in _agenda(kith)["let_go"]] == ["Victor Hale"]

    assert kith(*NOW, "agenda", "pause", "May Parker").code == 0
    assert kith(*NOW, "agenda", "resume", "May Parker").code == 0
    assert _names(kith) == ["May Parker", "Ben Okafor"]
    untied = kith(*NOW, "agenda", "resume", "Nobody Atall")
    assert untied.code == 3 and untied.err.count("\n") == 1
