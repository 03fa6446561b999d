"""Dunbar tiers: layer sizes, score floors, acquaintances and dormant ties."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kithkin.insight.strength import TieStrength
from kithkin.insight.tiers import assign_tiers, tier_codes
from kithkin.model import Tier

ME = 1000


def tie(other: int, score: float, interactions: int = 5, acquaintance: bool = False) -> TieStrength:
    a, b = sorted((ME, other))
    return TieStrength(
        a, b, score, [], interactions, datetime(2026, 1, 1, tzinfo=UTC), acquaintance
    )


def test_layers_hold_about_5_15_50_150_people() -> None:
    strengths = {(s.a, s.b): s for s in (tie(i, 0.99 - i / 400) for i in range(300))}
    tiers = assign_tiers(strengths, ME)
    counts = {t: sum(1 for v in tiers.values() if v is t) for t in Tier}
    assert counts[Tier.INNER] == 5
    assert counts[Tier.CLOSE] == 10
    assert counts[Tier.ACTIVE] == 35
    assert counts[Tier.KNOWN] == 100
    assert counts[Tier.DORMANT] == 150  # real history, but beyond what one keeps up
    assert tiers[0] is Tier.INNER and tiers[299] is Tier.DORMANT


def test_a_weak_tie_is_not_inner_just_because_there_are_few_ties() -> None:
    strengths = {(s.a, s.b): s for s in [tie(1, 0.9), tie(2, 0.3), tie(3, 0.01)]}
    tiers = assign_tiers(strengths, ME)
    assert tiers == {1: Tier.INNER, 2: Tier.ACTIVE, 3: Tier.DORMANT}


def test_acquaintances_and_ties_between_others() -> None:
    strengths = {
        (1, ME): tie(1, 0.2, interactions=0, acquaintance=True),
        (2, ME): tie(2, 0.5, interactions=0),  # a stated friend with nothing logged yet
        (1, 2): TieStrength(1, 2, 0.9, [], 9, None, False),
    }
    assert assign_tiers(strengths, ME) == {1: Tier.ACQUAINTANCE, 2: Tier.KNOWN}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.floats(0, 1), st.integers(0, 3), st.booleans()),
        max_size=60,
    )
)
def test_ranking_many_people_at_once_equals_one_person_at_a_time(
    ties: list[tuple[int, float, int, bool]],
) -> None:
    owner = np.array([t[0] for t in ties], dtype=np.int64)
    score = np.array([t[1] for t in ties], dtype=np.float64)
    real = np.array([t[2] for t in ties], dtype=np.int64)
    acq = np.array([t[3] for t in ties], dtype=np.bool_)
    together = tier_codes(score, real, acq, owner=owner)
    for o in set(owner.tolist()):
        mine = owner == o
        assert (tier_codes(score[mine], real[mine], acq[mine]) == together[mine]).all()
