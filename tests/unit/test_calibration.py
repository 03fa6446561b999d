"""Self-calibration: causal, deterministic, shrinks to the defaults on a thin history,
and finds a network's own pace when its history is rich."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithkin.insight.calibration import (
    PRIOR_CASES,
    Calibration,
    History,
    _cut,
    _keep_the_spread,
    calibrate,
    evidence,
    grouped_auc,
    learned,
    log_score,
)
from kithkin.insight.strength_core import (
    ANSWERED,
    BY_A,
    CHANNEL_CODE,
    DAY,
    NOT_A_QUESTION,
    UNANSWERED,
    StrengthParams,
    strength_arrays,
)
from kithkin.model import Channel

CALL = CHANNEL_CODE[Channel.CALL]


def history(seed: int, people: int, rows: int, days: float, memory_days: float) -> History:
    """Me (0) in touch with ``people - 1`` others: each contact goes, with probability
    0.8, to one of the people I met within ``memory_days``, else to anyone."""
    rng = np.random.default_rng(seed)
    t = np.sort(rng.uniform(0, days * DAY, rows))
    other = np.empty(rows, dtype=np.int64)
    for k in range(rows):
        recent = other[:k][t[:k] > t[k] - memory_days * DAY]
        if len(recent) and rng.random() < 0.8:
            other[k] = recent[rng.integers(len(recent))]
        else:
            other[k] = rng.integers(1, people)
    pair = other - 1  # pair k is (0, k + 1)
    return History(
        pair=pair,
        t=t,
        channel=np.full(rows, CHANNEL_CODE[Channel.MESSAGE], dtype=np.int8),
        initiator=np.zeros(rows, dtype=np.int8),
        answered=np.full(rows, NOT_A_QUESTION, dtype=np.int8),
        share=np.ones(rows),
        node_a=np.zeros(people - 1, dtype=np.int64),
        node_b=np.arange(1, people, dtype=np.int64),
        n_nodes=people,
        owner=0,
    )


def with_rows_after(h: History, now: float, seed: int) -> History:
    """``h`` with extra contacts after ``now``."""
    rng = np.random.default_rng(seed)
    n = 50
    extra_t = now + rng.uniform(1, 30 * DAY, n)
    return History(
        pair=np.concatenate([h.pair, rng.integers(0, h.n_pairs, n)]),
        t=np.concatenate([h.t, extra_t]),
        channel=np.concatenate([h.channel, np.full(n, h.channel[0], dtype=np.int8)]),
        initiator=np.concatenate([h.initiator, np.zeros(n, dtype=np.int8)]),
        answered=np.concatenate([h.answered, np.full(n, NOT_A_QUESTION, dtype=np.int8)]),
        share=np.concatenate([h.share, np.ones(n)]),
        node_a=h.node_a,
        node_b=h.node_b,
        n_nodes=h.n_nodes,
        owner=h.owner,
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), extra=st.integers(0, 10_000))
def test_nothing_after_now_changes_the_fit(seed: int, extra: int) -> None:
    h = history(seed, people=40, rows=600, days=300, memory_days=20)
    now = float(h.t.max())
    assert calibrate(h, now=now) == calibrate(with_rows_after(h, now, extra), now=now)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_the_fit_is_deterministic(seed: int) -> None:
    h = history(seed, people=30, rows=400, days=200, memory_days=15)
    assert calibrate(h) == calibrate(h)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), people=st.integers(3, 21), rows=st.integers(0, 60))
def test_a_tiny_history_keeps_nearly_the_defaults(seed: int, people: int, rows: int) -> None:
    h = history(seed, people=people, rows=rows, days=120, memory_days=10)
    fit = calibrate(h)
    p0 = StrengthParams()
    # At most 20 ties: the data weigh little against the prior, however well they fit.
    assert fit.shrink <= 20 / (20 + PRIOR_CASES)
    for name in ("w_intensity", "w_days", "w_duration", "w_embedded"):
        assert (
            abs(getattr(fit.params, name) - getattr(p0, name))
            <= fit.shrink * 4 * getattr(p0, name) + 1e-9
        )
    assert abs(math.log(fit.params.half_life_days / p0.half_life_days)) <= fit.shrink * 10


def test_an_empty_history_is_the_defaults() -> None:
    fit = calibrate(history(1, people=5, rows=0, days=10, memory_days=1))
    assert fit.params == StrengthParams()
    assert fit.shrink == 0.0


def test_a_rich_history_finds_its_own_pace() -> None:
    """Contacts that follow the last few days: the fitted half-life falls far below
    the default 90 days, and the fit predicts the history's own recent past better
    than the defaults and than recency."""
    h = history(3, people=300, rows=6000, days=400, memory_days=7)
    fit = calibrate(h)
    assert fit.shrink > 0.5
    assert fit.params.half_life_days < 45
    assert fit.auc is not None and fit.auc_default is not None
    assert fit.auc > fit.auc_default


def test_the_rolling_origin_can_be_set_and_stays_causal() -> None:
    """A shorter horizon asks about a shorter stretch after each cut (what the
    evaluation's diagnosis compares), and still reads nothing after ``now``."""
    h = history(4, people=60, rows=1200, days=300, memory_days=10)
    default = calibrate(h)
    short = calibrate(h, horizon_share=0.06, n_cuts=5)
    assert math.isclose(short.horizon_days, default.horizon_days / 2, rel_tol=1e-9)
    now = float(h.t.max())
    later = calibrate(with_rows_after(h, now, 1), now=now, horizon_share=0.06, n_cuts=5)
    assert later == short


def test_a_stored_fit_reads_back_equal_through_json() -> None:
    h = history(5, people=100, rows=2000, days=300, memory_days=10)
    # Two channels, each over 5% of the rows: their weights are fitted and stored too.
    h = replace(h, channel=np.where(np.arange(len(h.t)) % 3 == 0, CALL, h.channel).astype(np.int8))
    fit = calibrate(h)
    assert type(fit).from_dict(json.loads(json.dumps(fit.as_dict()))) == fit


def test_grouped_auc_matches_the_rank_sum_per_group() -> None:
    group = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2])
    key = np.array([0.1, 0.4, 0.4, 0.9, 3.0, 1.0, 2.0, 5.0, 5.0])
    label = np.array([False, True, False, True, True, False, False, True, True])
    # group 0: positives 0.4, 0.9 vs negatives 0.1, 0.4 -> (1 + 0.5 + 1 + 1) / 4
    # group 1: positive 3.0 above both negatives -> 1; group 2 has no negative
    assert grouped_auc(group, key, label).tolist() == [0.875, 1.0]


def test_each_view_of_a_pair_is_a_case_for_its_viewer_alone() -> None:
    """A whole log given as views: every pair seen by me is my fit; the same pairs
    seen by the other ends (one tie each, so no ranking to judge) teach nothing."""
    h = history(3, people=120, rows=2500, days=200, memory_days=7)
    mine = calibrate(replace(h, owner=None, viewer=h.node_a))
    assert mine == calibrate(h)
    assert mine.shrink > 0.5
    theirs = calibrate(replace(h, owner=None, viewer=h.node_b))
    assert theirs.shrink == 0.0
    assert theirs.params == StrengthParams()


def test_the_fit_scores_unanswered_attempts_as_the_product_does() -> None:
    """With unanswered attempts counting in part, the fit's score of each tie at a cut
    is the log of the very score ``strength_arrays`` gives."""
    rng = np.random.default_rng(11)
    h = history(11, people=40, rows=900, days=120, memory_days=10)
    answered = rng.choice([NOT_A_QUESTION, ANSWERED, UNANSWERED], size=len(h.t), p=[0.5, 0.2, 0.3])
    h = replace(
        h, initiator=np.full(len(h.t), BY_A, dtype=np.int8), answered=answered.astype(np.int8)
    )
    cut = 100 * DAY
    c = _cut(h, cut, 10 * DAY)
    assert c is not None
    params = replace(StrengthParams(), half_life_days=9.0, unanswered_contact=0.5)
    before = h.t < cut
    arrays = strength_arrays(
        h.n_pairs, h.pair[before], h.t[before], h.channel[before], h.initiator[before],
        h.answered[before], cut, params=params,
    )  # fmt: skip
    seen = np.flatnonzero(~np.isnan(arrays.last))
    assert len(seen) == c.n
    ours = log_score(c, params, params.weights_array(), params.half_life_days)
    assert np.allclose(ours, np.log(arrays.score[seen]))
    # And the share matters: counted in full, the unanswered attempts raise the scores.
    more = log_score(c, replace(params, unanswered_contact=1.0), params.weights_array(), 9.0)
    assert np.all(more >= ours) and np.any(more > ours)


def test_a_fit_that_raises_every_weight_keeps_the_median_ties_score() -> None:
    """The fit learns an order of ties; the evidence scale keeps the typical score
    where the defaults put it, so scores do not all crowd toward 1."""
    h = history(4, people=80, rows=1500, days=100, memory_days=7)
    c = _cut(h, 90 * DAY, 10 * DAY)
    assert c is not None
    p0 = StrengthParams()
    p1 = replace(
        p0, w_intensity=4 * p0.w_intensity, w_days=4 * p0.w_days, w_duration=4 * p0.w_duration
    )
    kept = _keep_the_spread(p1, p0, [c], p0.weights_array())
    assert kept.evidence_scale > p0.evidence_scale

    def median_score(p: StrengthParams) -> float:
        e = evidence(c, p, p.weights_array(), p.half_life_days)
        return float(np.median(1.0 - np.exp(-e[e > 0] / p.evidence_scale)))

    assert median_score(p1) > median_score(p0) + 0.05
    assert math.isclose(median_score(kept), median_score(p0), rel_tol=1e-9)
    # The order of ties is the same with either scale.
    order = np.argsort(log_score(c, p1, p1.weights_array(), p1.half_life_days), kind="stable")
    kept_order = np.argsort(log_score(c, kept, kept.weights_array(), 90.0), kind="stable")
    assert np.array_equal(order, kept_order)


def test_the_report_says_when_unanswered_messages_still_count() -> None:
    def fit(share: float) -> Calibration:
        params = replace(StrengthParams(), unanswered_contact=share)
        return Calibration(params, 100.0, 50, 1000, 0.6, 14.0, auc=0.8, auc_recency=0.7)

    said = "A message left unanswered still counts as a sign of the tie."
    assert said in learned(fit(1.0))
    assert said not in learned(fit(0.0))
