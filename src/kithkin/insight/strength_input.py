"""A network's interactions as the parallel arrays ``strength_arrays`` reads.

This is the one place that walks interaction objects one by one; everything
after it is array arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations

import numpy as np

from kithkin.insight.network import Network
from kithkin.insight.strength_core import (
    ANSWERED,
    BY_A,
    BY_B,
    BY_NOBODY,
    CHANNEL_CODE,
    F64,
    I8,
    I64,
    NOT_A_QUESTION,
    UNANSWERED,
)

Pair = tuple[int, int]


def seconds(when: datetime) -> float:
    """POSIX seconds; a naive datetime is taken as UTC."""
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True)
class PairRows:
    """Every pair (ties first, then pairs met only through interactions) and one row per
    (pair, interaction)."""

    pairs: list[Pair]
    index: dict[Pair, int]
    pair: I64
    t: F64
    channel: I8
    initiator: I8
    answered: I8
    share: F64

    @property
    def n_pairs(self) -> int:
        return len(self.pairs)


def pair_rows(network: Network) -> PairRows:
    index: dict[Pair, int] = {}
    for tie in network.ties:
        index.setdefault(tie.pair, len(index))
    rows_pair: list[int] = []
    rows_t: list[float] = []
    rows_ch: list[int] = []
    rows_init: list[int] = []
    rows_ans: list[int] = []
    rows_share: list[float] = []
    for it in network.interactions:
        people = sorted(set(it.participants))
        share = 2.0 / len(people)  # a group meeting is thinner for each pair in it
        t = seconds(it.when)
        ch = CHANNEL_CODE[it.channel]
        for a, b in combinations(people, 2):
            k = index.setdefault((a, b), len(index))
            rows_pair.append(k)
            rows_t.append(t)
            rows_ch.append(ch)
            rows_share.append(share)
            if it.initiator == a:
                rows_init.append(BY_A)
            elif it.initiator == b:
                rows_init.append(BY_B)
            else:
                rows_init.append(BY_NOBODY)
            # Only the pair the question went across can leave it unanswered.
            if it.answered is None or it.initiator not in (a, b):
                rows_ans.append(NOT_A_QUESTION)
            else:
                rows_ans.append(ANSWERED if it.answered else UNANSWERED)
    return PairRows(
        pairs=list(index),
        index=index,
        pair=np.array(rows_pair, dtype=np.int64),
        t=np.array(rows_t, dtype=np.float64),
        channel=np.array(rows_ch, dtype=np.int8),
        initiator=np.array(rows_init, dtype=np.int8),
        answered=np.array(rows_ans, dtype=np.int8),
        share=np.array(rows_share, dtype=np.float64),
    )
