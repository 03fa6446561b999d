"""A network's interactions as the parallel arrays ``strength_arrays`` reads.

It reads the network's interactions as the columns ``effort.columns_of`` takes
from the objects once (the scored network keeps them for my history's rows) and expands
group interactions into pairs with array arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

import numpy as np

from kithkin.insight.effort import InteractionColumns, columns_of
from kithkin.insight.network import Network
from kithkin.insight.strength_core import (
    BY_A,
    BY_B,
    BY_NOBODY,
    F64,
    I8,
    I64,
    NOT_A_QUESTION,
)

Pair = tuple[int, int]


def seconds(when: datetime) -> float:
    """POSIX seconds; a naive datetime is taken as UTC."""
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True)
class PairRows:
    """Every pair (ties first, then pairs met only through interactions, in order of
    first contact) and one row per (pair, interaction)."""

    pairs: list[Pair]
    pair: I64
    t: F64
    channel: I8
    initiator: I8
    answered: I8
    share: F64
    # Every person in a pair (sorted ids), and each pair's two people as positions in it.
    nodes: I64
    node_a: I64
    node_b: I64

    @property
    def n_pairs(self) -> int:
        return len(self.pairs)

    @cached_property
    def index(self) -> dict[Pair, int]:
        """Pair -> its number; built on demand, since scoring a whole network never asks."""
        return dict(zip(self.pairs, range(len(self.pairs)), strict=True))


def pair_rows(network: Network, columns: InteractionColumns | None = None) -> PairRows:
    """``network``'s pairs and rows; ``columns``: its interactions' columns, if made."""
    cols = columns_of(network.interactions) if columns is None else columns
    n_it = len(cols.t)
    sizes, flat = cols.sizes, cols.flat
    ties = network.ties
    tie_a = np.fromiter((t.person_a for t in ties), dtype=np.int64, count=len(ties))
    tie_b = np.fromiter((t.person_b for t in ties), dtype=np.int64, count=len(ties))
    lo, hi = np.minimum(tie_a, tie_b), np.maximum(tie_a, tie_b)

    # People as dense positions in their sorted ids; a pair is one integer key.
    nodes, dense = np.unique(np.concatenate([lo, hi, flat]), return_inverse=True)
    n = max(len(nodes), 1)
    tie_keys = dense[: len(ties)] * n + dense[len(ties) : 2 * len(ties)]
    # Each interaction's people, sorted and without repeats (sort and mask: a plain
    # ``np.unique`` hashes, many times slower on these nearly sorted keys).
    owner = np.repeat(np.arange(n_it, dtype=np.int64), sizes)
    member_keys = np.sort(owner * n + dense[2 * len(ties) :])
    if len(member_keys) > 1:
        member_keys = member_keys[np.concatenate([[True], np.diff(member_keys) != 0])]
    owner, person = member_keys // n, member_keys % n
    sizes = np.bincount(owner, minlength=n_it).astype(np.int64)
    starts = np.cumsum(sizes) - sizes

    # One row per pair of people in each interaction, in interaction order, and
    # within one in the order of ``itertools.combinations`` over its sorted people.
    per_it = sizes * (sizes - 1) // 2
    row_start = np.cumsum(per_it) - per_it
    n_rows = int(per_it.sum())
    row_it = np.empty(n_rows, dtype=np.int64)
    row_a = np.empty(n_rows, dtype=np.int64)
    row_b = np.empty(n_rows, dtype=np.int64)
    # The distinct sizes in order; not np.unique, which loads numpy.ma on first use.
    for size in sorted(set(sizes[sizes >= 2].tolist())):
        sel = np.flatnonzero(sizes == size)
        people = person[starts[sel][:, None] + np.arange(size)]
        i, j = np.triu_indices(size, 1)
        where = (row_start[sel][:, None] + np.arange(len(i))).ravel()
        row_it[where] = np.repeat(sel, len(i))
        row_a[where] = people[:, i].ravel()
        row_b[where] = people[:, j].ravel()
    row_keys = row_a * n + row_b

    # Pairs numbered in order of first appearance: ties first, then interactions.
    keys, first, inverse = np.unique(
        np.concatenate([tie_keys, row_keys]), return_index=True, return_inverse=True
    )
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys), dtype=np.int64)
    ordered = keys[order]
    node_a, node_b = ordered // n, ordered % n
    pairs = list(zip(nodes[node_a].tolist(), nodes[node_b].tolist(), strict=True))

    # POSIX seconds as ``datetime.timestamp`` gives them: whole microseconds (exact in a
    # float64) divided by 10**6, rounded once either way.
    when = cols.t / 1e6
    channel, initiator, answered = cols.channel, cols.initiator, cols.answered
    by = initiator[row_it]
    a_id, b_id = nodes[row_a], nodes[row_b]
    row_init = np.where(by == a_id, BY_A, np.where(by == b_id, BY_B, BY_NOBODY)).astype(np.int8)
    # Only the pair the question went across can leave it unanswered.
    row_answered = np.where(row_init != BY_NOBODY, answered[row_it], NOT_A_QUESTION)
    return PairRows(
        pairs=pairs,
        pair=rank[inverse[len(ties) :]].astype(np.int64),
        t=when[row_it],
        channel=channel[row_it],
        initiator=row_init,
        answered=row_answered.astype(np.int8),
        share=2.0 / sizes[row_it],
        nodes=nodes.astype(np.int64),
        node_a=node_a.astype(np.int64),
        node_b=node_b.astype(np.int64),
    )
