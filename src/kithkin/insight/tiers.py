"""Dunbar layers: about 5 inner, 15 close, 50 active and 150 known relationships.

A tie's layer is the outer of two: where its strength ranks among my ties, and
what its score alone earns. Acquaintances (nothing real across the tie) are
their own tier; relationships beyond the known layer or faded below its floor
are dormant.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from kithkin.insight.strength import TieStrength
from kithkin.model import Tier

# (tier, how many people the layer holds in all, least score it needs)
LAYERS: list[tuple[Tier, int, float]] = [
    (Tier.INNER, 5, 0.6),
    (Tier.CLOSE, 15, 0.4),
    (Tier.ACTIVE, 50, 0.2),
    (Tier.KNOWN, 150, 0.05),
]
TIER_ORDER: list[Tier] = list(Tier)
CODE: dict[Tier, int] = {t: i for i, t in enumerate(TIER_ORDER)}


def tier_codes(
    score: npt.NDArray[np.float64],
    real: npt.NDArray[np.int64],
    acquaintance: npt.NDArray[np.bool_],
    owner: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int8]:
    """Ties at once, ranked among the ties of their ``owner`` (one person when omitted):
    an index into ``TIER_ORDER`` per tie."""
    n = len(score)
    owner = np.zeros(n, dtype=np.int64) if owner is None else owner
    out = np.full(n, CODE[Tier.ACQUAINTANCE], dtype=np.int8)
    ranked = ~acquaintance
    # Within each owner: relationships by falling strength, acquaintances after them.
    order = np.lexsort((np.arange(n), -score, acquaintance, owner))
    sorted_owner = owner[order]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - np.searchsorted(sorted_owner, sorted_owner, side="left")
    by_rank = np.full(n, len(LAYERS), dtype=np.int64)
    by_score = np.full(n, len(LAYERS), dtype=np.int64)
    for i, (_, size, least) in reversed(list(enumerate(LAYERS))):
        by_rank[rank < size] = i
        by_score[score >= least] = i
    layer = np.maximum(by_rank, by_score)
    # Nothing logged yet: a stated tie is known at best, however it is described.
    layer = np.where(real == 0, np.maximum(layer, CODE[Tier.KNOWN]), layer)
    faded = layer >= len(LAYERS)
    out[ranked & ~faded] = layer[ranked & ~faded].astype(np.int8)
    # Beyond the known layer, or faded below its floor: a relationship, but dormant.
    out[ranked & faded] = CODE[Tier.DORMANT]
    return out


def assign_tiers(strengths: Mapping[tuple[int, int], TieStrength], me: int) -> dict[int, Tier]:
    """Other person id -> tier, for every tie of ``me`` in ``strengths``."""
    mine = sorted(
        ((s.b if s.a == me else s.a, s) for s in strengths.values() if me in (s.a, s.b)),
        key=lambda x: x[0],
    )
    if not mine:
        return {}
    codes = tier_codes(
        np.array([s.score for _, s in mine], dtype=np.float64),
        np.array([s.interactions for _, s in mine], dtype=np.int64),
        np.array([s.acquaintance for _, s in mine], dtype=np.bool_),
    )
    return {other: TIER_ORDER[int(c)] for (other, _), c in zip(mine, codes, strict=True)}
