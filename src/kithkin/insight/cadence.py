"""Cadence: how often a relationship is naturally in contact, learned from its own history.

The estimate is the median gap between distinct days in contact (robust to a
long silence or a busy week), pulled toward the tier's typical cadence in log
space while the history is short, so a young tie leans on its tier.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kithkin.insight.network import Network
from kithkin.insight.strength_core import DAY
from kithkin.insight.strength_input import seconds
from kithkin.model import Tier

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

# Dunbar's layers are kept alive by contact about weekly, monthly, twice a year, yearly.
TIER_CADENCE_DAYS: dict[Tier, float] = {
    Tier.INNER: 7.0,
    Tier.CLOSE: 30.0,
    Tier.ACTIVE: 182.0,
    Tier.KNOWN: 365.0,
    Tier.ACQUAINTANCE: 365.0,
    Tier.DORMANT: 365.0,
}
PRIOR_GAPS = 3.0  # the tier counts as this many observed gaps


def cadence_arrays(n_pairs: int, pair: I64, t: F64, prior_days: F64) -> F64:
    """Cadence in days per pair from contact rows (``t`` in seconds, one row per contact)."""
    day = np.floor(t / DAY).astype(np.int64)
    if len(day) == 0:
        return np.asarray(prior_days, dtype=np.float64).copy()
    # One integer key per (pair, day): sorting it orders by pair, then day.
    first_day = int(day.min())
    n_days = int(day.max()) - first_day + 1
    key = np.sort(pair * n_days + (day - first_day))
    key = key[np.r_[True, key[1:] != key[:-1]]]  # np.unique, without its overhead
    pair, day = key // n_days, key % n_days
    same = pair[1:] == pair[:-1]
    gap_pair = pair[1:][same]
    gap = (day[1:] - day[:-1])[same]
    # Likewise (pair, gap), so each pair's gaps come out sorted for the median.
    gap_key = np.sort(gap_pair * n_days + gap)
    gap_pair, gaps = gap_key // n_days, (gap_key % n_days).astype(np.float64)
    start = np.searchsorted(gap_pair, np.arange(n_pairs), side="left")
    count = np.searchsorted(gap_pair, np.arange(n_pairs), side="right") - start
    has = count > 0
    median = np.ones(n_pairs)
    if len(gaps):
        lo = np.minimum(start + (count - 1) // 2, len(gaps) - 1)
        hi = np.minimum(start + count // 2, len(gaps) - 1)
        median = np.where(has, (gaps[lo] + gaps[hi]) / 2.0, 1.0)
    n = count.astype(np.float64)
    log_c = (n * np.log(np.maximum(median, 1.0)) + PRIOR_GAPS * np.log(prior_days)) / (
        n + PRIOR_GAPS
    )
    return np.exp(log_c)


def cadence_days(network: Network, a: int, b: int, tier: Tier) -> float:
    """The tie's natural gap between contacts, in days; the tier's cadence for a young tie."""
    stamps = [
        seconds(it.when)
        for it in network.interactions_between(a, b)
        if not (it.answered is False and it.initiator in (a, b))
    ]
    prior = np.array([TIER_CADENCE_DAYS[tier]])
    t = np.array(stamps, dtype=np.float64)
    return float(cadence_arrays(1, np.zeros(len(t), dtype=np.int64), t, prior)[0])


def cadences(network: Network, me: int, tiers: dict[int, Tier]) -> dict[int, float]:
    """``cadence_days(network, me, p, tiers[p])`` for every ``p`` in ``tiers``, in one pass."""
    others = list(tiers)
    index = {p: i for i, p in enumerate(others)}
    pairs: list[int] = []
    stamps: list[float] = []
    for it in network.interactions_of.get(me, []):
        stamp = seconds(it.when)
        for other in set(it.participants):
            i = index.get(other)
            if i is None or (it.answered is False and it.initiator in (me, other)):
                continue
            pairs.append(i)
            stamps.append(stamp)
    prior = np.array([TIER_CADENCE_DAYS[tiers[p]] for p in others], dtype=np.float64)
    days = cadence_arrays(
        len(others), np.array(pairs, dtype=np.int64), np.array(stamps, dtype=np.float64), prior
    )
    return {p: float(days[i]) for i, p in enumerate(others)}
