"""What readiness judges, as arrays: one entry per tie, seen from ``me``."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime

import numpy as np
import numpy.typing as npt

from kithkin.insight.network import Network
from kithkin.insight.strength import TieStrength
from kithkin.insight.strength_core import DAY, StrengthArrays, strength_arrays
from kithkin.insight.strength_input import pair_rows, seconds

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Facts:
    score: F64
    linked: B  # a tie or at least one interaction exists
    acquaintance: B
    real: I64
    days_since_contact: F64  # nan: never
    days_since_real: F64  # nan: never
    tail: I64  # unanswered contacts since the last answer
    by_me: I64
    by_them: I64
    balance: F64  # reciprocity from my side
    recent_ask: B


def facts_from_arrays(
    arr: StrengthArrays,
    me_is_a: B,
    linked: B,
    acquaintance: B,
    balance: F64,
    recent_ask: B,
    now: float,
) -> Facts:
    """Facts for many ties at once, straight from ``strength_arrays``."""
    return Facts(
        score=arr.score,
        linked=linked,
        acquaintance=acquaintance,
        real=arr.real,
        days_since_contact=(now - arr.last) / DAY,
        days_since_real=(now - arr.last_real) / DAY,
        tail=arr.unanswered_tail,
        by_me=np.where(me_is_a, arr.by_a, arr.by_b),
        by_them=np.where(me_is_a, arr.by_b, arr.by_a),
        balance=balance,
        recent_ask=recent_ask,
    )


def pair_facts(
    network: Network,
    me: int,
    other: int,
    strength: TieStrength | None,
    balance: float,
    now: datetime,
    recent_ask: bool = False,
) -> Facts:
    """Facts for one tie, from that pair's own interactions; ``recent_ask`` when an ask
    through ``other`` still rests the tie (``insight.readiness_asks``)."""
    pair = (min(me, other), max(me, other))
    tie = network.tie(me, other)
    sub = Network(
        me=network.me,
        people=network.people,
        ties=[tie] if tie is not None else [],
        interactions=network.interactions_between(me, other),
    )
    rows = pair_rows(sub)
    arr = strength_arrays(
        max(rows.n_pairs, 1),
        rows.pair,
        rows.t,
        rows.channel,
        rows.initiator,
        rows.answered,
        seconds(now),
        share=rows.share,
    )
    one = np.array([rows.index.get(pair, 0)])
    picked = replace(
        arr,
        **{
            f.name: getattr(arr, f.name)[one]
            for f in fields(arr)
            if isinstance(getattr(arr, f.name), np.ndarray)
        },
    )
    picked = replace(picked, score=np.array([strength.score if strength else 0.0]))
    linked = strength is not None or tie is not None
    return facts_from_arrays(
        picked,
        me_is_a=np.array([me == pair[0]]),
        linked=np.array([linked]),
        acquaintance=np.array([strength.acquaintance if strength else True]),
        balance=np.array([balance]),
        recent_ask=np.array([recent_ask]),
        now=seconds(now),
    )
