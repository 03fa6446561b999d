"""Cadence learned from a tie's own history, robust, with the tier as fallback."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from test_strength import LEO, ME, NOW, network

from kithkin.insight.cadence import (
    PRIOR_GAPS,
    RECENT_GAPS,
    SILENCE,
    TIER_CADENCE_DAYS,
    cadence_arrays,
    cadence_days,
)
from kithkin.insight.strength_core import DAY
from kithkin.model import Channel, Interaction, Tier


def meetings(days_ago: list[int]) -> list[Interaction]:
    return [Interaction(NOW - timedelta(days=d), Channel.CALL, [ME, LEO]) for d in days_ago]


def test_weekly_history_gives_about_a_week_despite_one_long_silence() -> None:
    days = [7 * k for k in range(30)] + [400]
    cadence = cadence_days(network(meetings(days)), ME, LEO, Tier.CLOSE)
    assert 7 <= cadence < 9


def test_young_tie_leans_on_its_tier() -> None:
    # One gap is not yet a rhythm: the tier's two pseudo-gaps outvote it.
    one_gap = cadence_days(network(meetings([3, 10])), ME, LEO, Tier.KNOWN)
    assert one_gap == pytest.approx(TIER_CADENCE_DAYS[Tier.KNOWN])
    # Two unlike gaps meet the tier in log space: the longer gap and the tier's.
    young = cadence_days(network(meetings([3, 10, 40])), ME, LEO, Tier.KNOWN)
    assert young == pytest.approx((30 * TIER_CADENCE_DAYS[Tier.KNOWN]) ** 0.5)
    assert young > cadence_days(network(meetings([3, 10, 40])), ME, LEO, Tier.INNER)
    # Two like gaps already make a pace, however far the tier's number is.
    steady = cadence_days(network(meetings([3, 10, 17])), ME, LEO, Tier.KNOWN)
    assert steady == pytest.approx(7.0)
    no_history = cadence_days(network([]), ME, LEO, Tier.ACTIVE)
    assert no_history == pytest.approx(TIER_CADENCE_DAYS[Tier.ACTIVE])


def test_steady_young_tie_keeps_its_pace_against_a_far_off_tier() -> None:
    # Four weekly gaps: a log-space average with the yearly tier made this ~40 days.
    weekly = meetings([0, 7, 14, 21, 28])
    assert cadence_days(network(weekly), ME, LEO, Tier.KNOWN) == pytest.approx(7.0)
    # A monthly tie the tier calls inner stays monthly.
    monthly = meetings([30 * k for k in range(5)])
    assert cadence_days(network(monthly), ME, LEO, Tier.INNER) == pytest.approx(30.0)


def test_regular_tie_gets_its_median_gap() -> None:
    # No silences, the tier's number in the middle: simply the median of the gaps.
    gaps = [9, 14, 17, 16, 18, 14, 11, 20, 7, 19, 14, 9]
    days = np.concatenate([[0], np.cumsum(gaps)]).tolist()
    cadence = cadence_days(network(meetings(days)), ME, LEO, Tier.CLOSE)
    # (Two middle values meet in log space: 14 and 16 give 14.97, not 15.)
    assert cadence == pytest.approx(float(np.median(gaps + [30] * PRIOR_GAPS)), rel=0.01)


def test_recent_pace_wins_over_old_pace() -> None:
    # Monthly for two years, then weekly for the last five months.
    days = [7 * k for k in range(22)] + [147 + 30 * k for k in range(1, 25)]
    assert cadence_days(network(meetings(days)), ME, LEO, Tier.CLOSE) == pytest.approx(7.0)
    # The other way round: weekly long ago, monthly lately.
    days = [30 * k for k in range(22)] + [630 + 7 * k for k in range(1, 60)]
    assert cadence_days(network(meetings(days)), ME, LEO, Tier.CLOSE) == pytest.approx(30.0)


def test_frequent_silences_do_not_stretch_the_pace() -> None:
    # Weekly contact broken by three-month silences, nearly half of the gaps: the median
    # of the gaps and the tier's falls between the two, dropping the silences finds the week.
    gaps = [7, 90] * 9 + [7, 7]
    assert len(gaps) == RECENT_GAPS
    days = np.concatenate([[0], np.cumsum(gaps)]).tolist()
    cadence = cadence_days(network(meetings(days)), ME, LEO, Tier.KNOWN)
    assert cadence == pytest.approx(7.0)
    assert np.median(gaps + [365] * PRIOR_GAPS) > 40
    # Silences as common as the pace are no longer silences: the cadence is in between.
    even = [7, 90] * 10
    days = np.concatenate([[0], np.cumsum(even)]).tolist()
    assert cadence_days(network(meetings(days)), ME, LEO, Tier.CLOSE) == pytest.approx(30.0)


def test_vectorised_cadence_matches_a_plain_reading_of_the_rule() -> None:
    """Many pairs at once, against the rule spelled out with numpy on each pair alone."""

    def log_median(values: np.ndarray) -> float:
        v = np.sort(values)
        return float(np.sqrt(v[(len(v) - 1) // 2] * v[len(v) // 2]))

    rng = np.random.default_rng(3)
    n_pairs = 40
    pair = rng.integers(0, n_pairs, 2500)
    # Bursts of days with long breaks between them, so silences are common.
    day = rng.choice([0, 1, 2, 4, 60, 61, 63, 200, 201, 202, 500, 503], 2500)
    day = day + rng.integers(0, 3, 2500) * (pair % 5)
    t = day * DAY + rng.uniform(0, DAY, 2500)
    prior = rng.choice([1.0, 7.0, 17.5, 30.0, 182.0, 365.0], n_pairs)
    got = cadence_arrays(n_pairs, pair, t, prior)
    trimmed = 0
    for p in range(n_pairs):
        gaps = np.diff(np.unique(np.floor(t[pair == p] / DAY)))[-RECENT_GAPS:]
        sample = np.concatenate([gaps, np.full(PRIOR_GAPS, prior[p])])
        pace = sample[sample <= SILENCE * log_median(sample)]
        trimmed += len(pace) < len(sample)
        assert got[p] == pytest.approx(log_median(pace)), p
    assert trimmed > 5  # the silence rule was exercised
    # Pairs with no contact, or a single day of it, get their prior.
    none = cadence_arrays(3, np.array([1, 1], dtype=np.int64), np.array([0.0, 60.0]), prior[:3])
    assert none == pytest.approx(prior[:3])


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
