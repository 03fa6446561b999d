"""``kith demo``: the demo network, its planted story, determinism and --replace.

Each test builds the network once per database (SQLite and PostgreSQL) and
reads it back through the CLI and ``load_network``, as other features will.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from kithkin.insight.network import Network
from kithkin.model import Channel
from kithkin.service.app import App
from kithkin.service.demo import plan_demo
from kithkin.service.network import load_network
from kithkin.service.serial import jsonable
from kithkin.store import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # what --now 2026-06-01 means
NOW_ARG = ("--now", NOW.date().isoformat())


def _build(kith: Any, *extra: str) -> dict[str, Any]:
    result = kith(*NOW_ARG, "demo", "--json", *extra)
    assert result.code == 0, result.err
    summary: dict[str, Any] = json.loads(result.out)
    return summary


def _network(db_url: str) -> Network:
    app = App(Settings(db_url), fixed_now=NOW)
    try:
        with app.uow() as uow:
            return load_network(uow)
    finally:
        app.close()


def _count(db_url: str) -> int:
    app = App(Settings(db_url), fixed_now=NOW)
    try:
        with app.uow() as uow:
            return uow.people.count()
    finally:
        app.close()


def _life_events(db_url: str) -> list[dict[str, Any]]:
    app = App(Settings(db_url), fixed_now=NOW)
    try:
        with app.uow() as uow:
            return uow.activity.life_events()
    finally:
        app.close()


class Story:
    """The demo network with lookups by name."""

    def __init__(self, net: Network) -> None:
        self.net = net
        assert net.me is not None
        self.me = net.me
        self.ids = {p.display_name: pid for pid, p in net.people.items()}

    def id(self, name: str) -> int:
        return self.ids[name]

    def between(self, a: int, b: int, only: bool = True) -> list[Any]:
        """Interactions with both ``a`` and ``b`` (and nobody else when ``only``)."""
        return [
            it
            for it in self.net.interactions
            if a in it.participants
            and b in it.participants
            and (not only or len(it.participants) == 2)
        ]

    def kinds(self, a: int, b: int) -> list[str]:
        tie = self.net.tie(a, b)
        assert tie is not None, (self.net.people[a].display_name, self.net.people[b].display_name)
        return [k.kind for k in tie.kinds]


def test_demo_builds_the_story_of_the_article(kith: Any, db_url: str) -> None:
    summary = _build(kith)
    net = _network(db_url)
    s = Story(net)
    days_ago = lambda when: (NOW.date() - when.date()).days  # noqa: E731

    # Size and shape: ~300 people, ~1,000 ties mostly between other people, two years.
    assert 280 <= summary["people"] == len(net.people) <= 320
    assert 900 <= summary["ties"] == len(net.ties) <= 1100
    others = [t for t in net.ties if net.me not in t.pair]
    assert summary["ties_between_others"] == len(others) >= 0.6 * len(net.ties)
    assert summary["interactions"] == len(net.interactions) >= 2000
    assert days_ago(net.interactions[0].when) >= 700
    assert {it.channel for it in net.interactions} == set(Channel)
    assert summary["favours"] == len(net.exchanges) >= 30
    assert {s.me} < {e.giver for e in net.exchanges} and {s.me} < {
        e.receiver for e in net.exchanges
    }
    assert {a.outcome.value for a in net.asks} >= {"accepted", "declined", "no-answer"}
    kinds = Counter(k.kind for t in others for k in t.kinds)
    assert {"neighbour", "colleague", "classmate", "friend", "cousin"} <= set(kinds)
    circles = summary["circles"]
    for circle in (
        "family",
        "friends",
        "neighbours:Maple Street",
        "school:State U",
        "work:Globex",
        "work:Umbrella",
        "work:Northwind",
        "work:Initech",
        "community:Riverside Runners",
        "community:DataConf",
        "work:Contoso",
    ):
        assert circles[circle] >= 8, circle
    assert sum(1 for p in net.people.values() if len(p.circles) >= 2) >= 20  # circles overlap
    skills = {k for p in net.people.values() for k in p.skills}
    assert {"data engineering", "product management", "design", "machine learning"} <= skills

    # Me.
    me = net.people[s.me]
    assert me.display_name == "Alex Morgan" and me.is_me
    assert [e.address for e in me.emails] == ["alex.morgan@example.com"]

    # The aunt, and her neighbour the mentor, with their own history without Alex.
    may, ben = s.id("May Parker"), s.id("Ben Okafor")
    assert "family" in net.people[may].circles
    assert s.kinds(s.me, may) == ["aunt"] and net.tie(s.me, may).closeness == 4  # type: ignore[union-attr]
    assert len(s.between(s.me, may)) >= 40  # regular contact
    assert net.tie(s.me, ben) is None
    assert s.between(s.me, ben, only=False) == []
    assert s.kinds(may, ben) == ["neighbour"]
    assert len(s.between(may, ben)) >= 10
    assert any(len(it.participants) > 2 for it in s.between(may, ben, only=False))
    shown = json.loads(kith(*NOW_ARG, "person", "show", "Ben Okafor", "--json").out)
    person = shown["person"]
    assert person["circles"] == ["neighbours:Maple Street", "work:Initech"]
    assert person["skills"] == ["data engineering", "distributed systems"]
    assert person["affiliations"][0]["organisation"] == "Initech"
    assert person["affiliations"][0]["role"] == "Principal Data Engineer"
    (to_may,) = [t for t in shown["ties"] if t["other_name"] == "May Parker"]
    assert to_may["kinds"] == ["neighbour"] and "family" in to_may["other_circles"]
    # His engineering world reaches into Alex's own former workplaces.
    assert {"family", "work:Globex", "work:Umbrella"} <= set(shown["circles_reached"])

    # The friend of a friend at the dream company, and the weaker ways in.
    leo, priya = s.id("Leo Martins"), s.id("Priya Shah")
    assert "friends" in net.people[leo].circles
    assert net.people[priya].headline == "Engineering Manager at Contoso"
    assert s.kinds(leo, priya) == ["friend"] and net.tie(leo, priya).closeness == 5  # type: ignore[union-attr]
    leo_priya = s.between(leo, priya)
    assert len(leo_priya) >= 50 and {it.initiator for it in leo_priya} == {leo, priya}
    assert net.tie(s.me, priya) is None
    jordan, marcus, elena = s.id("Jordan Blake"), s.id("Marcus Reed"), s.id("Elena Petrova")
    assert net.people[jordan].headline.endswith("at Contoso")
    assert len(s.between(s.me, jordan)) == 1
    assert net.people[elena].headline.endswith("at Contoso") and net.tie(marcus, elena)
    assert all(days_ago(it.when) > 365 for it in s.between(s.me, marcus))  # dormant

    # Leo: the strong, balanced relationship, ready for an ask.
    with_leo = s.between(s.me, leo)
    assert len(with_leo) >= 80 and days_ago(with_leo[-1].when) <= 14
    mine = sum(it.initiator == s.me for it in with_leo)
    assert abs(mine - (len(with_leo) - mine)) <= 1
    assert all(it.answered is not False for it in with_leo)
    assert Counter(it.channel for it in with_leo).most_common(2)[0][0] in (
        Channel.IN_PERSON,
        Channel.CALL,
    )
    assert net.tie(s.me, leo).closeness == 5  # type: ignore[union-attr]
    favours = [e for e in net.exchanges if {e.giver, e.receiver} == {s.me, leo}]
    assert {e.giver for e in favours} == {s.me, leo}

    # Business cards from DataConf, three days ago, never followed up.
    cards = [pid for pid, p in net.people.items() if "community:DataConf" in p.circles]
    assert len(cards) == 8
    for card in cards:
        assert s.kinds(s.me, card) == ["met-at:DataConf 2026"]
        (only,) = s.between(s.me, card, only=False)
        assert only.channel is Channel.EVENT and days_ago(only.when) == 3
        assert [it for it in net.interactions if card in it.participants] == [only]

    # The one-sided tie: six contacts from Alex in a year, the last four unanswered.
    victor = s.id("Victor Hale")
    assert "work:Globex" in net.people[victor].circles
    history = s.between(s.me, victor, only=False)
    last_year = [it for it in history if days_ago(it.when) <= 365]
    assert len(last_year) == 6 and all(it.initiator == s.me for it in last_year)
    assert all(it.channel in (Channel.MESSAGE, Channel.EMAIL) for it in last_year)
    assert [it.answered for it in history[-4:]] == [False] * 4

    # Close ties overdue against their own rhythm.
    for name, silent, usual in (
        ("Tom Becker", 63, 21),
        ("Omar Haddad", 49, 14),
        ("Grace Liu", 135, 30),
    ):
        contacts = s.between(s.me, s.id(name), only=False)
        assert days_ago(contacts[-1].when) == silent, name
        gaps = [(b.when - a.when).days for a, b in itertools.pairwise(contacts)]
        assert sorted(gaps)[len(gaps) // 2] <= usual * 1.3 < silent, name

    # A job change and a birthday coming up.
    nadia = s.id("Nadia Hassan")
    (change,) = _life_events(db_url)
    assert (change["person_id"], change["kind"]) == (nadia, "job-change")
    assert change["note"] == "joined Fabrikam as Staff Engineer"
    assert net.people[nadia].headline == "Staff Engineer at Fabrikam"
    assert net.tie(s.me, nadia).closeness == 4  # type: ignore[union-attr]
    nina = net.people[s.id("Nina Morgan")]
    assert nina.birthday is not None
    upcoming = [(NOW + timedelta(days=d)).date() for d in range(1, 8)]
    assert (nina.birthday.month, nina.birthday.day) in {(d.month, d.day) for d in upcoming}
    assert net.tie(s.me, s.id("Nina Morgan")).closeness == 5  # type: ignore[union-attr]


def test_demo_is_deterministic_refuses_a_full_database_and_replaces(kith: Any, db_url: str) -> None:
    first = _build(kith)
    listed = kith(*NOW_ARG, "person", "list", "--json").out
    names = {r["person"]["display_name"] for r in json.loads(listed)["rows"]}
    assert len(names) == first["people"]
    assert {"Alex Morgan", "May Parker", "Ben Okafor", "Leo Martins", "Priya Shah"} <= names
    dump = json.dumps(jsonable(_network(db_url)), sort_keys=True)

    refused = kith(*NOW_ARG, "demo")
    assert refused.code == 2
    assert f"already holds {first['people']} people; use a new --db or --replace" in refused.err
    assert refused.err.count("\n") == 1 and refused.out == ""
    assert _count(db_url) == first["people"]  # nothing written

    kith("person", "add", "Someone Extra")  # --replace empties everything first
    again = _build(kith, "--replace")
    assert again.pop("replaced") == first.pop("replaced") + 300 and first == again
    assert kith(*NOW_ARG, "person", "list", "--json").out == listed
    assert json.dumps(jsonable(_network(db_url)), sort_keys=True) == dump


def test_the_seed_changes_the_crowd_but_not_the_story() -> None:
    one, two = plan_demo(NOW, seed=1), plan_demo(NOW, seed=2)
    names = lambda plan: [p.display_name for p in plan.people]  # noqa: E731
    assert names(one) != names(two)
    for planted in (
        "Alex Morgan",
        "May Parker",
        "Ben Okafor",
        "Leo Martins",
        "Priya Shah",
        "Victor Hale",
        "Nadia Hassan",
        "Tom Becker",
    ):
        assert planted in names(one) and planted in names(two)
    assert names(plan_demo(NOW, seed=1)) == names(one)
