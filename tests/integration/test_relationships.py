"""Strength, tiers, readiness and acquaintances via services and CLI, on both databases."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import AskKind, Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.relationships import ready, show_relationship
from kithkin.service.setup import init_network
from kithkin.service.ties import add_tie

NOW = ("--now", "2026-06-01T12:00:00")  # the app fixture's now, for the CLI


def _network(app: App) -> None:
    """A close friend, a one-sided tie, a business card and an aunt, built through the services."""
    init_network(app, "Alex Morgan", [])
    for name in ("Leo Martins", "Victor Hale", "Dana Card", "May Parker"):
        add_person(app, PersonChanges(name=name))
    add_tie(app, "me", "Leo Martins", ["friend"], closeness=5)
    add_tie(app, "me", "Dana Card", ["met-at:DataConf"])
    add_tie(app, "me", "May Parker", ["aunt"])
    now = app.now()
    for weeks in range(1, 30, 2):
        log_interaction(app, Channel.IN_PERSON, ["Leo Martins"], now - timedelta(weeks=weeks))
        log_interaction(
            app,
            Channel.CALL,
            ["Leo Martins"],
            now - timedelta(weeks=weeks + 1),
            they_initiated=True,
        )
    for months, answered in ((11, True), (9, True), (7, False), (5, False), (3, False)):
        log_interaction(
            app,
            Channel.MESSAGE,
            ["Victor Hale"],
            now - timedelta(days=30 * months),
            answered=None if answered else False,
        )
    log_interaction(app, Channel.EVENT, ["Dana Card"], now - timedelta(days=3))


def test_ready_for_an_intro_and_why(app: App, kith: Any) -> None:
    _network(app)
    leo = json.loads(kith(*NOW, "ready", "Leo Martins", "--ask", "intro", "--json").out)
    assert leo["status"] == "ready" and leo["size"] == "medium"
    assert any(r.startswith("met in person") for r in leo["reasons"])
    victor = kith(*NOW, "ready", "Victor Hale", "--ask", "referral")
    assert victor.code == 0
    assert "not appropriate" in victor.out
    assert "one-sided: your last 3 contacts went unanswered" in victor.out
    assert "pause: don't push" in victor.out
    dana = json.loads(kith(*NOW, "ready", "Dana Card", "--ask", "advice", "--json").out)
    assert dana["status"] == "ready" and dana["acquaintance"] is True
    dana_intro = json.loads(kith(*NOW, "ready", "Dana Card", "--ask", "intro", "--json").out)
    assert dana_intro["status"] == "cultivate first"
    kith(*NOW, "person", "add", "Sam Stranger")
    stranger = kith(*NOW, "ready", "Sam Stranger")
    assert "not appropriate" in stranger.out and "no tie with you" in stranger.out
    assert "look for a warm path" in stranger.out
    assert 'try: kith path --to-person "Sam Stranger"' in stranger.out
    stranger_json = json.loads(kith(*NOW, "ready", "Sam Stranger", "--json").out)
    assert not any("kith " in s for s in stranger_json["suggestions"])  # the domain, not commands


def test_person_show_has_the_relationship(app: App, kith: Any) -> None:
    _network(app)
    shown = kith(*NOW, "person", "show", "Leo Martins")
    assert "strength" in shown.out and "inner" in shown.out and "cadence" in shown.out
    rel = json.loads(kith(*NOW, "person", "show", "Leo Martins", "--json").out)["relationship"]
    assert rel["tier"] == "inner" and rel["strength"] > 0.8
    assert rel["reciprocity"]["label"] == "balanced"
    assert rel["readiness"]["medium"]["status"] == "ready"
    assert 5 <= rel["cadence_days"] <= 14
    dana = json.loads(kith(*NOW, "person", "show", "Dana Card", "--json").out)["relationship"]
    assert dana["acquaintance"] is True and dana["tier"] == "acquaintance"
    assert dana["reasons"][0] == "acquaintance: met at dataconf, no real interaction since"
    me = json.loads(kith(*NOW, "person", "show", "me", "--json").out)
    assert me["relationship"] is None


def test_person_list_by_tier_acquaintances_and_strength(app: App, kith: Any) -> None:
    _network(app)
    by_strength = [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith(*NOW, "person", "list", "--sort", "strength", "--json").out)[
            "rows"
        ]
    ]
    names = [p["display_name"] for p in by_strength]
    assert names[:2] == ["Alex Morgan", "Leo Martins"]
    assert names.index("May Parker") < names.index("Victor Hale")
    acquaintances = [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith(*NOW, "person", "list", "--acquaintances", "--json").out)["rows"]
    ]
    assert [p["display_name"] for p in acquaintances] == ["Dana Card"]
    (found,) = json.loads(kith(*NOW, "person", "find", "Dana Card", "--json").out)
    assert found["relationship"]["acquaintance"] is True
    assert "acquaintance" in kith(*NOW, "person", "find", "Dana Card").out
    listed = kith(*NOW, "person", "list")
    assert "acquaintance" in next(line for line in listed.out.splitlines() if "Dana Card" in line)
    inner = [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith(*NOW, "person", "list", "--tier", "inner", "--json").out)["rows"]
    ]
    assert [p["display_name"] for p in inner] == ["Leo Martins"]
    assert kith(*NOW, "person", "list", "--sort", "age").code == 2


def test_the_same_now_gives_the_same_answer(app: App, kith: Any) -> None:
    _network(app)
    first = kith("--now", "2026-06-01", "person", "show", "Victor Hale", "--json").out
    again = kith("--now", "2026-06-01", "person", "show", "Victor Hale", "--json").out
    assert first == again
    later = kith("--now", "2027-06-01", "person", "show", "Victor Hale", "--json").out
    assert (
        json.loads(later)["relationship"]["strength"]
        < json.loads(first)["relationship"]["strength"]
    )


def test_service_errors_are_user_errors(app: App) -> None:
    init_network(app, "Alex Morgan", [])
    with pytest.raises(InvalidInput, match="cannot ask yourself"):
        ready(app, "me", AskKind.INTRO)
    with pytest.raises(NotFound, match="no one called"):
        show_relationship(app, "Nobody Here")
