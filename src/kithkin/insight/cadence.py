"""Cadence: how often a relationship is naturally in contact, learned from its own history.

The sample is the tie's latest ``RECENT_GAPS`` gaps between distinct days in contact,
with the tier's typical cadence added as ``PRIOR_GAPS`` more gaps. The cadence is the
median of that sample (in log space) after dropping its silences: gaps more than
``SILENCE`` times the sample's median. So:

* a tie with no history gets its tier's cadence, and a young one leans on it;
* a tie with a steady rhythm keeps it however far off its tier's number is: the
  pseudo-gaps shift a rank, not the value (the earlier estimator, a log-space average
  of the median and the tier, dragged a weekly "known" tie toward "yearly");
* silences do not stretch the pace, even when they are a third of the gaps (a median
  alone is only robust to a few), and for a tie without silences the cadence is
  simply its median gap;
* only recent gaps count, so a tie that changed pace is judged by its current pace;
* a short or old history (``settle``) leans on the tier and says so: "not enough
  history yet".

The three numbers were chosen on the high-school contact log of
``benchmarks/cadence_eval.py`` and checked on the primary-school one
(docs/evaluation.md, "Cadence").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

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
PRIOR_GAPS = 2  # the tier's cadence counts as this many observed gaps
RECENT_GAPS = 20  # only a tie's latest gaps describe its current pace
SILENCE = 4.0  # a gap this many times the tie's median gap is a silence, not its pace


def cadence_arrays(n_pairs: int, pair: I64, t: F64, prior_days: F64) -> F64:
    """Cadence in days per pair from contact rows (``t`` in seconds, one row per contact)."""
    prior = np.asarray(prior_days, dtype=np.float64)
    day = np.floor(t / DAY).astype(np.int64)
    if len(day) == 0:
        return prior.copy()
    # One integer key per (pair, day): sorting it orders by pair, then day.
    first_day = int(day.min())
    n_days = int(day.max()) - first_day + 1
    key = np.sort(pair * n_days + (day - first_day))
    key = key[np.r_[True, key[1:] != key[:-1]]]  # np.unique, without its overhead
    pair, day = key // n_days, key % n_days
    same = pair[1:] == pair[:-1]
    gap_pair = pair[1:][same]
    gap = (day[1:] - day[:-1])[same]
    # The gaps are in time order within each pair: keep each pair's latest RECENT_GAPS.
    end = np.searchsorted(gap_pair, gap_pair, side="right")
    recent = np.arange(len(gap)) >= end - RECENT_GAPS
    gap_pair, gap = gap_pair[recent], gap[recent]
    # Likewise (pair, gap), so each pair's gaps come out sorted.
    gap_key = np.sort(gap_pair * n_days + gap)
    gap_pair, gaps = gap_key // n_days, (gap_key % n_days).astype(np.float64)
    sample = _Samples(gaps, gap_pair, prior)
    median = sample.log_median(sample.count + PRIOR_GAPS)
    # Silences are the top of each sorted sample: the median of the rest is the pace.
    limit = SILENCE * median
    kept = np.bincount(gap_pair[gaps <= limit[gap_pair]], minlength=n_pairs)
    kept += np.where(prior <= limit, PRIOR_GAPS, 0)
    return sample.log_median(kept)


class _Samples:
    """Each pair's sorted gaps with ``PRIOR_GAPS`` copies of its prior merged in, by rank."""

    def __init__(self, gaps: F64, gap_pair: I64, prior: F64) -> None:
        pairs = np.arange(len(prior))
        self.gaps, self.prior = gaps, prior
        self.start = np.searchsorted(gap_pair, pairs, side="left")
        self.count = np.searchsorted(gap_pair, pairs, side="right") - self.start
        # The pseudo-gaps sit after the gaps shorter than the prior.
        self.below = np.bincount(gap_pair[gaps < prior[gap_pair]], minlength=len(prior))

    def at(self, k: I64) -> F64:
        """The value at rank ``k`` (0-based) of each pair's merged sample."""
        if len(self.gaps) == 0:
            return self.prior.copy()
        in_prior = (k >= self.below) & (k < self.below + PRIOR_GAPS)
        i = self.start + np.where(k < self.below, k, k - PRIOR_GAPS)
        return np.where(in_prior, self.prior, self.gaps[np.clip(i, 0, len(self.gaps) - 1)])

    def log_median(self, size: I64) -> F64:
        """Median of each pair's ``size`` smallest values; two middle ones meet in log space."""
        return np.sqrt(self.at((size - 1) // 2) * self.at(size // 2))


ENOUGH_GAPS = 4  # fewer gaps than this is a short history


@dataclass(frozen=True)
class Cadence:
    days: float
    enough_history: bool  # False: leaning on the tier ("not enough history yet")


def settle(learned: float, prior: float, gaps: int, span_days: float, open_days: float) -> Cadence:
    """Shrink a cadence learned from a short or old history toward the tier's, in log space.

    A short history (fewer than ``ENOUGH_GAPS`` gaps) keeps the weight ``gaps / (gaps +
    PRIOR_GAPS)``; an old one, whose silence since the last contact is longer than the
    whole history, keeps only ``span / silence`` of that: four contacts in ten days eight
    months ago say little about the tie's pace today."""
    weight = 1.0
    if gaps < ENOUGH_GAPS:
        weight *= gaps / (gaps + PRIOR_GAPS)
    if open_days > span_days:
        weight *= span_days / open_days if open_days > 0 else 0.0
    if weight >= 1.0:
        return Cadence(learned, True)
    days = math.exp(weight * math.log(max(learned, 1.0)) + (1 - weight) * math.log(prior))
    return Cadence(days, False)


def cadence_days(
    network: Network, a: int, b: int, tier: Tier, now: datetime | None = None
) -> float:
    """The tie's natural gap between contacts, in days; the tier's cadence for a young tie."""
    return cadences(network, a, {b: tier}, now)[b]


def cadences(
    network: Network, me: int, tiers: dict[int, Tier], now: datetime | None = None
) -> dict[int, float]:
    """Each tie's cadence in days, for every ``p`` in ``tiers`` (its tier, the prior):
    from my contacts with them, leaving out my own messages that went unanswered; with
    ``now``, a short or old history leans on the tier (``settle``)."""
    return {p: c.days for p, c in explained_cadences(network, me, tiers, now).items()}


def explained_cadences(
    network: Network, me: int, tiers: dict[int, Tier], now: datetime | None = None
) -> dict[int, Cadence]:
    """``cadences``, each saying whether the history was enough to learn it."""
    others = list(tiers)
    pairs: list[int] = []
    stamps: list[float] = []
    # Each person's history with me (the shorter of the two is walked): as fast as one
    # pass over all of mine for everyone, and far faster for the few a write touched.
    for k, other in enumerate(others):
        for it in network.interactions_between(me, other):
            unanswered = it.answered is False and it.initiator in (me, other)
            if not unanswered and (now is None or it.when <= now):
                pairs.append(k)
                stamps.append(seconds(it.when))
    prior = np.array([TIER_CADENCE_DAYS[tiers[p]] for p in others], dtype=np.float64)
    pair = np.array(pairs, dtype=np.int64)
    t = np.array(stamps, dtype=np.float64)
    days = cadence_arrays(len(others), pair, t, prior)
    if now is None:
        return {p: Cadence(float(days[i]), True) for i, p in enumerate(others)}
    out: dict[int, Cadence] = {}
    day = np.floor(t / DAY)
    at = seconds(now) / DAY
    for i, p in enumerate(others):
        mine = np.unique(day[pair == i])
        if len(mine) == 0:
            out[p] = Cadence(float(prior[i]), False)
            continue
        span = float(mine[-1] - mine[0])
        out[p] = settle(float(days[i]), float(prior[i]), len(mine) - 1, span, at - float(mine[-1]))
    return out
