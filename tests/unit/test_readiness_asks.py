"""What past asks teach: whom an ask was for, how long a tie rests, how a route moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kithkin.insight.cadence import settle
from kithkin.insight.network import Network
from kithkin.insight.readiness_asks import asks_through, resting, route_chance
from kithkin.model import Affiliation, Ask, AskKind, AskOutcome, Person, Tie

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ME, LEO, PRIYA, RHEA, SAM = 1, 2, 3, 4, 5


def _net(asks: list[Ask]) -> Network:
    people = {
        ME: Person("Alex Morgan", id=ME, is_me=True),
        LEO: Person("Leo Martins", id=LEO),
        PRIYA: Person("Priya Shah", id=PRIYA, affiliations=[Affiliation("Contoso")]),
        RHEA: Person("Rhea Iyer", id=RHEA),
        SAM: Person("Sam Lee", id=SAM, affiliations=[Affiliation("Contoso")]),
    }
    ties = [Tie(ME, LEO), Tie(LEO, PRIYA), Tie(PRIYA, RHEA)]
    return Network(ME, people, ties, [], asks=asks)


def _ask(what: str, days: int, outcome: AskOutcome) -> Ask:
    return Ask(LEO, AskKind.INTRO, what, NOW - timedelta(days=days), outcome=outcome)


def test_whom_an_ask_was_for_comes_from_its_words() -> None:
    net = _net(
        [
            _ask("an intro to Priya Shah", 21, AskOutcome.DECLINED),
            _ask("a word with Priya", 30, AskOutcome.ACCEPTED),  # a first name Leo knows
            _ask("someone at Contoso", 40, AskOutcome.NO_ANSWER),  # the organisation's staff
        ]
    )
    found = asks_through(net, LEO, NOW)
    assert [(p.about, p.by_name) for p in found] == [
        (frozenset({PRIYA}), True),
        (frozenset({PRIYA}), True),
        (frozenset({PRIYA, SAM}), False),
    ]
    assert (
        found[0].words() == "you asked Leo Martins for an intro to Priya Shah 3 weeks ago; declined"
    )


def test_a_no_rests_the_tie_six_months_and_halves_the_route() -> None:
    fresh = asks_through(_net([_ask("an intro to Priya Shah", 0, AskOutcome.DECLINED)]), LEO, NOW)
    assert resting(fresh) is not None
    assert route_chance(0.8, fresh, (PRIYA,))[0] == pytest.approx(0.4)
    # The route beyond Priya, named by the ask, moves too; another route does not.
    assert route_chance(0.8, fresh, (PRIYA, RHEA))[0] == pytest.approx(0.4)
    assert route_chance(0.8, fresh, (SAM,)) == (0.8, [])
    # Half a year on, the tie no longer rests and the no weighs half as much.
    old = asks_through(_net([_ask("an intro to Priya Shah", 181, AskOutcome.DECLINED)]), LEO, NOW)
    assert resting(old) is None
    assert 0.4 < route_chance(0.8, old, (PRIYA,))[0] < 0.8


def test_a_yes_lifts_the_route_and_does_not_rest_the_tie() -> None:
    yes = asks_through(_net([_ask("an intro to Priya Shah", 10, AskOutcome.ACCEPTED)]), LEO, NOW)
    assert resting(yes) is None
    assert route_chance(0.3, yes, (PRIYA,))[0] > 0.6


def test_a_short_or_old_history_leans_on_the_tier() -> None:
    # Four contacts in ten days, eight months ago, for an active tie (twice a year).
    leaning = settle(3.3, 182.0, gaps=3, span_days=10.0, open_days=240.0)
    assert not leaning.enough_history and leaning.days > 150
    steady = settle(14.0, 7.0, gaps=20, span_days=400.0, open_days=10.0)
    assert steady.enough_history and steady.days == 14.0
