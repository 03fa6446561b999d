"""Cadence learned from a tie's own history, robust, with the tier as fallback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_strength import LEO, ME, NOW, network

from kithkin.insight.cadence import TIER_CADENCE_DAYS, cadence_days
from kithkin.model import Channel, Interaction, Tier


def meetings(days_ago: list[int]) -> list[Interaction]:
    return [Interaction(NOW - timedelta(days=d), Channel.CALL, [ME, LEO]) for d in days_ago]


def test_weekly_history_gives_about_a_week_despite_one_long_silence() -> None:
    days = [7 * k for k in range(30)] + [400]
    cadence = cadence_days(network(meetings(days)), ME, LEO, Tier.CLOSE)
    assert 7 <= cadence < 9


def test_young_tie_leans_on_its_tier() -> None:
    young = cadence_days(network(meetings([3, 10])), ME, LEO, Tier.KNOWN)
    assert 7 < young < TIER_CADENCE_DAYS[Tier.KNOWN]
    assert young > cadence_days(network(meetings([3, 10])), ME, LEO, Tier.INNER)
    no_history = cadence_days(network([]), ME, LEO, Tier.ACTIVE)
    assert no_history == pytest.approx(TIER_CADENCE_DAYS[Tier.ACTIVE])


def test_same_day_contacts_count_once() -> None:
    many = [
        Interaction(NOW - timedelta(days=30 * k, hours=h), Channel.MESSAGE, [ME, LEO])
        for k in range(20)
        for h in range(3)
    ]
    assert 28 < cadence_days(network(many), ME, LEO, Tier.CLOSE) < 32


def test_cadences_in_one_pass_match_one_tie_at_a_time() -> None:
    from datetime import UTC, datetime, timedelta

    from kithkin.insight.cadence import cadence_days, cadences
    from kithkin.insight.network import Network
    from kithkin.model import Channel, Interaction, Person, Tier

    start = datetime(2025, 1, 1, tzinfo=UTC)
    people = {i: Person(f"P{i}", id=i) for i in range(1, 5)}
    interactions = [
        Interaction(start + timedelta(days=7 * k), Channel.CALL, [1, 2], initiator=1, answered=True)
        for k in range(10)
    ]
    interactions += [
        Interaction(start + timedelta(days=30 * k), Channel.IN_PERSON, [1, 3, 4], initiator=3)
        for k in range(6)
    ]
    interactions.append(
        Interaction(start + timedelta(days=3), Channel.EMAIL, [1, 4], initiator=1, answered=False)
    )
    network = Network(me=1, people=people, ties=[], interactions=interactions)
    tiers = {2: Tier.INNER, 3: Tier.CLOSE, 4: Tier.ACTIVE}
    together = cadences(network, 1, tiers)
    for other, tier in tiers.items():
        assert together[other] == cadence_days(network, 1, other, tier)
    assert together[2] < together[3]
