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
