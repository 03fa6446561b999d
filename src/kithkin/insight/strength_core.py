"""The vectorised heart of tie strength: one row per (pair, interaction), no Python loops.

``strength_arrays`` is what ``tie_strengths``, the speed benchmark and the
evaluation on real contact logs all call, so the figures in the docs measure
the very code the CLI runs.

Evidence for a pair adds up in *nats* (``E``); the score is ``1 - exp(-E)``
damped by one-sidedness and unanswered contacts. Every part is kept so that
the explanation can name what mattered most.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kithkin.insight.effort import (
    ANSWERED,
    BY_A,
    BY_B,
    BY_NOBODY,
    CHANNEL_CODE,
    CHANNELS,
    DAY,
    F64,
    I8,
    I64,
    NOT_A_QUESTION,
    UNANSWERED,
    effort_codes,
    initiative_factor,
    unreturned,
)
from kithkin.model import Channel

if TYPE_CHECKING:
    from scipy import sparse

__all__ = [
    "ANSWERED", "BY_A", "BY_B", "BY_NOBODY", "CHANNELS", "CHANNEL_CODE", "DAY", "F64", "I8",
    "I64", "NOT_A_QUESTION", "UNANSWERED", "StrengthArrays", "StrengthParams",
    "shared_neighbours", "strength_arrays",
]  # fmt: skip

# Richer channels carry more of a relationship (in person > call/video > message/e-mail > event).
CHANNEL_WEIGHT: dict[Channel, float] = {
    Channel.IN_PERSON: 1.0,
    Channel.VIDEO: 0.75,
    Channel.CALL: 0.7,
    Channel.MESSAGE: 0.35,
    Channel.EMAIL: 0.3,
    Channel.EVENT: 0.15,
}
WEIGHTS: F64 = np.array([CHANNEL_WEIGHT[c] for c in CHANNELS], dtype=np.float64)
EVENT = CHANNEL_CODE[Channel.EVENT]


@dataclass(frozen=True)
class StrengthParams:
    """Weights of each kind of evidence, in nats; the defaults are the tuned ones."""

    half_life_days: float = 90.0  # how fast an interaction's weight halves
    # Weights of interaction evidence, tuned on real contact logs (docs/evaluation.md).
    w_intensity: float = 0.55  # log(1 + decayed, channel-weighted interactions)
    w_days: float = 2.0  # log(1 + decayed, channel-weighted count of distinct days in contact)
    w_duration: float = 0.35  # how long the relationship has run (first to last contact)
    duration_scale_days: float = 365.0
    w_embedded: float = 0.8  # per log(1 + people in common), as a share of the evidence above
    # What the user states; not in contact logs, so set by hand.
    w_closeness: float = 1.5  # stated closeness 5/5 gives this much
    w_stated: float = 1.0  # stated kinds (friend, aunt…) or an inferred tie's confidence
    evidence_scale: float = 5.0  # nats for a score of 1 - 1/e; spreads scores, ranks unchanged
    one_sided_damping: float = 0.45  # all attempts one way, none returned: keeps 1 - this
    unanswered_damping: float = 0.75  # kept per unanswered contact at the end of the history
    # How much an attempt left unanswered still counts toward intensity (0: not contact
    # at all). Kept at 0 unless a network's own history shows such attempts foretell contact.
    unanswered_contact: float = 0.0
    w_favours: float = 0.5  # per log(1 + favours and accepted asks between the two)
    # A network's own weights per channel (``Channel`` value, weight), from its
    # calibration; a channel not named keeps ``CHANNEL_WEIGHT``.
    channel_weights: tuple[tuple[str, float], ...] = ()

    def weights_array(self) -> F64:
        """The weight of each channel, in ``CHANNELS`` order."""
        if not self.channel_weights:
            return WEIGHTS
        own = dict(self.channel_weights)
        return np.array([own.get(c.value, CHANNEL_WEIGHT[c]) for c in CHANNELS], dtype=np.float64)


@dataclass(frozen=True)
class StrengthArrays:
    """Per pair: the score and every quantity the explanation and readiness need."""

    score: F64
    evidence: F64  # E before damping
    intensity: F64  # decayed, channel-weighted interaction count
    parts: dict[str, F64]  # nats contributed by each kind of evidence
    total: I64  # all interaction rows
    real: I64  # interactions that were not events and not left unanswered
    days: I64  # distinct days in contact
    first: F64  # seconds; nan without interactions
    last: F64  # last contact that was not left unanswered; nan if none
    last_real: F64  # last real interaction (not an event, not unanswered); nan if none
    by_a: I64  # attempts of a (``insight.effort``: not meetings, not replies)
    by_b: I64
    unanswered: I64  # attempts left unanswered
    unanswered_tail: I64  # attempts left unanswered since the last contact
    initiative_factor: F64
    answer_factor: F64
    common: F64  # people in common, as given


def _group_bounds(sorted_keys: I64, n_groups: int) -> tuple[I64, I64]:
    """Start and end (exclusive) of each group in a sorted key array; empty groups start=end."""
    groups = np.arange(n_groups)
    start = np.searchsorted(sorted_keys, groups, side="left").astype(np.int64)
    end = np.searchsorted(sorted_keys, groups, side="right").astype(np.int64)
    return start, end


def _by_pair_then_time(pair: I64, t: F64) -> I64:
    """Rows ordered by pair, then time. One argsort by time, then a plain sort of
    integer keys (pair, position in time) — several times faster than ``np.lexsort``."""
    n = len(t)
    by_time: I64 = np.argsort(t).astype(np.int64)  # equal times: fixed, if arbitrary, order
    key = np.sort(pair[by_time].astype(np.int64) * n + np.arange(n, dtype=np.int64))
    order: I64 = by_time[key % max(n, 1)]
    return order


def strength_arrays(
    n_pairs: int,
    pair: I64,
    t: F64,
    channel: I8,
    initiator: I8,
    answered: I8,
    now: float,
    *,
    share: F64 | None = None,
    closeness: F64 | None = None,
    stated: F64 | None = None,
    embedded: F64 | None = None,
    favours: F64 | None = None,
    params: StrengthParams | None = None,
) -> StrengthArrays:
    """Strength of ``n_pairs`` pairs from interaction rows (``t`` and ``now`` in seconds).

    ``share`` discounts group interactions (2 / participants); ``closeness`` is the
    stated 1–5 (nan unknown); ``stated`` is 0–1 evidence from stated kinds or an
    inferred tie; ``embedded`` the number of people the two have in common;
    ``favours`` the favours and asks between the two (evidence of a real tie).
    Rows after ``now`` are ignored.
    """
    p = params or StrengthParams()
    keep = t <= now
    if not keep.all():
        pair, t, channel = pair[keep], t[keep], channel[keep]
        initiator, answered = initiator[keep], answered[keep]
        share = share[keep] if share is not None else None
    order = _by_pair_then_time(pair, t)
    pair, t, channel = pair[order], t[order], channel[order]
    # Who reached out and whether it came back, as ``insight.effort`` defines it.
    initiator, answered = effort_codes(pair, t, channel, initiator[order], answered[order])
    w = p.weights_array()[channel]
    if share is not None:
        w = w * share[order]

    age_days = (now - t) / DAY
    decay = np.exp2(-age_days / p.half_life_days)
    unans = answered == UNANSWERED
    contact = ~unans  # an unanswered message is not contact
    real = contact & (channel != EVENT)

    counted = contact + p.unanswered_contact * unans
    intensity = np.bincount(pair, weights=w * decay * counted, minlength=n_pairs).astype(np.float64)
    total = np.bincount(pair, minlength=n_pairs).astype(np.int64)
    n_real = np.bincount(pair, weights=real, minlength=n_pairs).astype(np.int64)
    by_a = np.bincount(pair, weights=initiator == BY_A, minlength=n_pairs).astype(np.int64)
    by_b = np.bincount(pair, weights=initiator == BY_B, minlength=n_pairs).astype(np.int64)
    n_unans = np.bincount(pair, weights=unans, minlength=n_pairs).astype(np.int64)

    # Distinct days in contact: a day counts once however many contacts it held.
    # A day weighs as its richest contact (a shared event alone is a thin day).
    day = np.floor(t / DAY).astype(np.int64)
    cday, cpair, cdecay, cw = day[contact], pair[contact], decay[contact], w[contact]
    new_day = np.ones(len(cday), dtype=bool)
    if len(cday) > 1:
        new_day[1:] = (cday[1:] != cday[:-1]) | (cpair[1:] != cpair[:-1])
    day_start = np.flatnonzero(new_day)
    day_weight = np.maximum.reduceat(cw, day_start) if len(day_start) else np.zeros(0)
    dpair = cpair[day_start]
    days = np.bincount(dpair, minlength=n_pairs).astype(np.int64)
    days_decayed: F64 = np.bincount(
        dpair, weights=day_weight * cdecay[day_start], minlength=n_pairs
    ).astype(np.float64)
    if p.unanswered_contact > 0 and bool(unans.any()):
        days_decayed = days_decayed + p.unanswered_contact * _unanswered_days(
            pair, day, unans, decay, w, n_pairs
        )

    start, end = _group_bounds(pair, n_pairs)
    has = end > start
    first = np.full(n_pairs, np.nan)
    first[has] = t[start[has]]
    cstart, cend = _group_bounds(cpair, n_pairs)
    chas = cend > cstart
    last = np.full(n_pairs, np.nan)
    last[chas] = t[contact][cend[chas] - 1]
    first_contact = np.full(n_pairs, np.nan)
    first_contact[chas] = t[contact][cstart[chas]]
    rpair = pair[real]
    rstart, rend = _group_bounds(rpair, n_pairs)
    rhas = rend > rstart
    last_real = np.full(n_pairs, np.nan)
    last_real[rhas] = t[real][rend[rhas] - 1]

    # Unanswered contacts since the last one that was answered (or was a meeting).
    pos = np.arange(len(pair), dtype=np.int64)
    last_ok = start - 1
    np.maximum.at(last_ok, pair[contact], pos[contact])
    tail = np.where(has, end - 1 - last_ok, 0).astype(np.int64)

    span_days = np.where(chas, (last - first_contact) / DAY, 0.0)
    zeros = np.zeros(n_pairs)
    parts = {
        "intensity": p.w_intensity * np.log1p(intensity),
        "days": p.w_days * np.log1p(days_decayed),
        "duration": p.w_duration
        * np.minimum(span_days / p.duration_scale_days, 3.0)
        * (n_real > 0),
        "stated": p.w_stated * stated if stated is not None else zeros,
        "favours": p.w_favours * np.log1p(favours) if favours is not None else zeros,
    }
    # People in common strengthen whatever the two share; alone they make no tie
    # (eight people met at one conference are not close because they know each other).
    shared = (
        parts["intensity"] + parts["days"] + parts["duration"] + parts["stated"] + parts["favours"]
    )
    parts["embedded"] = (
        shared * p.w_embedded * np.log1p(embedded) if embedded is not None else zeros
    )
    parts["closeness"] = (
        p.w_closeness * np.nan_to_num(closeness, nan=0.0) / 5.0 if closeness is not None else zeros
    )
    evidence = np.sum(np.stack(list(parts.values())), axis=0)

    # Only unreturned reaching-out damps: many attempts of one side that all came back
    # are a lively tie, not a one-sided one.
    lost_a, lost_b = unreturned(pair, initiator, answered, n_pairs)
    initiative = initiative_factor(
        (by_a + by_b).astype(np.float64), lost_a, lost_b, p.one_sided_damping
    )
    questions = n_unans + np.bincount(pair, weights=answered == ANSWERED, minlength=n_pairs)
    answer_factor = p.unanswered_damping**tail * (1.0 - 0.5 * n_unans / np.maximum(questions, 1.0))
    score = (1.0 - np.exp(-evidence / p.evidence_scale)) * initiative * answer_factor
    return StrengthArrays(
        score=np.clip(score, 0.0, 1.0),
        evidence=evidence,
        intensity=intensity,
        parts=parts,
        total=total,
        real=n_real,
        days=days,
        first=first,
        last=last,
        last_real=last_real,
        by_a=by_a,
        by_b=by_b,
        unanswered=n_unans,
        unanswered_tail=tail,
        initiative_factor=initiative,
        answer_factor=answer_factor,
        common=embedded if embedded is not None else np.zeros(n_pairs),
    )


def _unanswered_days(
    pair: I64, day: I64, unans: npt.NDArray[np.bool_], decay: F64, w: F64, n_pairs: int
) -> F64:
    """Per pair: decayed days with unanswered attempts alone (no contact that day),
    each weighing as its richest attempt. Rows in (pair, time) order."""
    width = int(day.max() - day.min()) + 1
    key = pair * width + (day - day.min())
    only = unans & ~np.isin(key, key[~unans])
    okey = key[only]
    new_day = np.ones(len(okey), dtype=bool)
    new_day[1:] = okey[1:] != okey[:-1]
    starts = np.flatnonzero(new_day)
    weight = np.maximum.reduceat(w[only], starts) if len(starts) else np.zeros(0)
    out: F64 = np.bincount(
        pair[only][starts], weights=weight * decay[only][starts], minlength=n_pairs
    ).astype(np.float64)
    return out


HUB_DEGREE = 256  # a speed choice only: the counts are the same for any threshold
# Up to this many edges, people in common are counted with sets: as quick as the sparse
# product there, and it spares every command on such a network the 0.1-0.2 s import of
# scipy.sparse. Also a speed choice only (tests/unit/test_strength.py).
SET_EDGES = 50_000


def shared_neighbours(n_nodes: int, a: I64, b: I64) -> F64:
    """For each pair (a[k], b[k]) of an undirected graph with those edges: people in common.

    ``A @ A`` would cost deg(h)² for every hub h (``me`` is tied to nearly everyone),
    so hubs are taken out of the product and their share is added per pair.
    """
    if len(a) == 0:
        return np.zeros(0)
    if len(a) <= SET_EDGES:
        return _shared_by_sets(n_nodes, a, b)
    from scipy import sparse  # imported here: see SET_EDGES

    ones = np.ones(2 * len(a))
    adj = sparse.csr_matrix(
        (ones, (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n_nodes, n_nodes)
    )
    adj.sum_duplicates()
    adj.data[:] = 1.0  # a pair seen twice is still one neighbour
    degree = np.diff(adj.indptr)
    hubs = np.flatnonzero(degree >= HUB_DEGREE)
    keep = np.ones(n_nodes)
    keep[hubs] = 0.0
    without_hubs = adj @ sparse.diags(keep)
    common = _sample(sparse.csr_matrix(without_hubs @ adj.T), a, b)
    for h in hubs:
        column = adj[:, [h]].toarray().ravel()
        common += column[a] * column[b]
    return common


def _shared_by_sets(n_nodes: int, a: I64, b: I64) -> F64:
    """``shared_neighbours`` with one set of neighbours per person: each pair costs the
    smaller of its two sets, as a row of the sparse product would."""
    neighbours: list[set[int]] = [set() for _ in range(n_nodes)]
    ends = list(zip(a.tolist(), b.tolist(), strict=True))
    for u, v in ends:
        neighbours[u].add(v)
        neighbours[v].add(u)
    return np.array([len(neighbours[u] & neighbours[v]) for u, v in ends], dtype=np.float64)


def _sample(m: sparse.csr_matrix, rows: I64, cols: I64) -> F64:
    """``m[rows, cols]`` as a flat array, by binary search over the sorted (row, col) keys
    of its entries: several times faster than scipy's fancy indexing for many pairs."""
    if m.nnz == 0:
        return np.zeros(len(rows))
    m.sort_indices()
    n = m.shape[1]
    keys = np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr)) * n + m.indices
    want = rows.astype(np.int64) * n + cols
    pos = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
    found: F64 = np.where(keys[pos] == want, m.data[pos], 0.0).astype(np.float64)
    return found
