"""Does Kithkin's tie strength predict who will be in contact, better than simple measures?

Protocol (docs/evaluation.md "Strength"): a SocioPatterns face-to-face contact log
is cut at 60% of its time span. Every person in turn is ``me``; their ties are the
people they met before the cut; each tie is scored from the first 60% only, and
the score must predict which ties are in contact again after the cut. Per person:
AUC (ties in contact later vs not) and precision@5; both averaged over people,
with a bootstrap 95% interval over people.

Scores compared, all computed in this run:
- ``kithkin``: ``strength_arrays`` — the very function ``kith`` runs — with every
  contact an in-person meeting and the people two persons have in common as
  embeddedness. The logs have no initiator and no answers, so initiative,
  unanswered contacts, favours and stated closeness play no part here.
- ``count``: number of 20-second contacts;
- ``recency``: time of the last contact;
- ``decayed``: contacts decayed with a half-life, the half-life tuned on the very
  data set being scored (a generous baseline).

Kithkin's parameters were tuned on the high school only (``--tune`` repeats the
search); the primary school is the check.

    python benchmarks/strength_eval.py benchmarks/data/thiers_2012.csv --json
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.stats import rankdata

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.logs import LOGS, describe, resolve
from benchmarks.sociopatterns import ContactLog
from kithkin.insight.calibration import Calibration, History, calibrate
from kithkin.insight.graph import P_MAX
from kithkin.insight.strength_core import (
    ANSWERED,
    BY_A,
    BY_B,
    CHANNEL_CODE,
    NOT_A_QUESTION,
    UNANSWERED,
    StrengthParams,
    shared_neighbours,
    strength_arrays,
)
from kithkin.model import Channel

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
DAY = 86400.0
K = 5
# Tuned on the high school with --tune. The logs span days where a network spans years,
# so time constants are fractions of the history before the cut (the product's own
# defaults, 90 days and a year, are the same idea for years of history).
TUNED_HALF_LIFE = 0.8  # x the history before the cut
TUNED_DURATION = 0.6  # x the history before the cut
TUNED_WEIGHTS = {"w_intensity": 0.55, "w_days": 2.0, "w_duration": 0.35, "w_embedded": 0.8}
TUNE_SHARES = tuple(float(x) for x in np.linspace(0.3, 0.8, 11))  # cuts the tuning scores
DECAY_GRID_DAYS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
REPLY_WINDOW_DAYS = 2.0  # a message is "answered" when the other writes back within this


@dataclass(frozen=True)
class Task:
    """The pairs in contact before the cut, and whether each is in contact after it."""

    log: ContactLog
    cut: float  # seconds
    pairs_a: I64
    pairs_b: I64
    row_pair: I64  # for each early contact, its pair
    row_t: F64
    later: npt.NDArray[np.bool_]
    common: F64  # people in common in the early contact graph
    row_channel: npt.NDArray[np.int8]
    row_initiator: npt.NDArray[np.int8]
    row_answered: npt.NDArray[np.int8]


def prepare(log: ContactLog, share: float = 0.6) -> Task:
    early, late = log.split(share)
    cut = float(late.t.min())
    n = log.n_people
    key = early.i * n + early.j
    uniq, row_pair = np.unique(key, return_inverse=True)
    later_keys = np.unique(late.i * n + late.j)
    rows = len(early.t)
    channel = Channel(log.channel)
    initiator = np.zeros(rows, dtype=np.int8)
    answered = np.full(rows, NOT_A_QUESTION, dtype=np.int8)
    if early.sender is not None:
        # As ``kith import`` sees mail: the sender started it; answered when the
        # other wrote back within the window, judged on what came before the cut.
        initiator = np.where(early.sender == early.i, BY_A, BY_B).astype(np.int8)
        answered = _answered(early, n)
    return Task(
        log=log,
        cut=cut,
        pairs_a=uniq // n,
        pairs_b=uniq % n,
        row_pair=row_pair.astype(np.int64),
        row_t=early.t.astype(np.float64),
        later=np.isin(uniq, later_keys),
        common=shared_neighbours(n, uniq // n, uniq % n),
        row_channel=np.full(rows, CHANNEL_CODE[channel], dtype=np.int8),
        row_initiator=initiator,
        row_answered=answered,
    )


def _answered(log: ContactLog, n: int) -> npt.NDArray[np.int8]:
    """Per message: ANSWERED if the receiver wrote to the sender within the window after it."""
    assert log.sender is not None
    sender = log.sender
    receiver = np.where(sender == log.i, log.j, log.i)
    t = log.t - int(log.t.min())
    width = int(t.max()) + 1 if len(t) else 1
    sent = np.sort((sender * n + receiver) * width + t)
    want = (receiver * n + sender) * width + t
    at = np.searchsorted(sent, want, side="right")
    found = at < len(sent)
    reply = np.where(found, sent[np.minimum(at, len(sent) - 1)], -1)
    ok = found & (reply < want + REPLY_WINDOW_DAYS * DAY) & (reply // width == want // width)
    return np.where(ok, ANSWERED, UNANSWERED).astype(np.int8)


def seen_by(task: Task, side: int) -> npt.NDArray[np.int8]:
    """The answered flags as the person on ``side`` (BY_A or BY_B) sees them: only
    their own messages can go unanswered; one they received is plain contact."""
    own = task.row_initiator == side
    return np.where(own, task.row_answered, NOT_A_QUESTION).astype(np.int8)


NEUTRAL_ANSWERS = False  # --answers neutral: no message counts as unanswered (an ablation)


def history(task: Task) -> History:
    """The rows before the cut as the calibration reads them: every person an owner.
    On a directed log each pair comes twice, once as each end sees it (``seen_by``),
    the very view it is scored in, so the fit sees whose messages went unanswered."""
    if task.log.sender is None or NEUTRAL_ANSWERS:
        answered = np.where(task.row_answered == ANSWERED, ANSWERED, NOT_A_QUESTION)
        return History(
            pair=task.row_pair,
            t=task.row_t,
            channel=task.row_channel,
            initiator=task.row_initiator,
            answered=answered.astype(np.int8),
            share=np.ones(len(task.row_t)),
            node_a=task.pairs_a,
            node_b=task.pairs_b,
            n_nodes=task.log.n_people,
        )
    n_pairs = len(task.pairs_a)
    return History(
        pair=np.concatenate([task.row_pair, task.row_pair + n_pairs]),
        t=np.concatenate([task.row_t, task.row_t]),
        channel=np.concatenate([task.row_channel, task.row_channel]),
        initiator=np.concatenate([task.row_initiator, task.row_initiator]),
        answered=np.concatenate([seen_by(task, BY_A), seen_by(task, BY_B)]),
        share=np.ones(2 * len(task.row_t)),
        node_a=np.concatenate([task.pairs_a, task.pairs_a]),
        node_b=np.concatenate([task.pairs_b, task.pairs_b]),
        n_nodes=task.log.n_people,
        viewer=np.concatenate([task.pairs_a, task.pairs_b]),
    )


def kithkin_scores(task: Task, params: StrengthParams) -> F64 | tuple[F64, F64]:
    """The score of each pair; on a directed log, as each end of it sees it."""
    if task.log.sender is None:
        return _kithkin_view(task, params, task.row_answered)
    if NEUTRAL_ANSWERS:
        return _kithkin_view(task, params, history(task).answered)
    return (
        _kithkin_view(task, params, seen_by(task, BY_A)),
        _kithkin_view(task, params, seen_by(task, BY_B)),
    )


def _kithkin_view(task: Task, params: StrengthParams, answered: npt.NDArray[np.int8]) -> F64:
    arrays = strength_arrays(
        len(task.pairs_a),
        task.row_pair,
        task.row_t,
        task.row_channel,
        task.row_initiator,
        answered,
        task.cut,
        embedded=task.common,
        params=params,
    )
    # The score in log form: same order as the score, without its saturation at 1.
    base = np.log(-np.expm1(-np.maximum(arrays.evidence, 1e-12) / params.evidence_scale))
    damp = np.log(np.maximum(arrays.initiative_factor * arrays.answer_factor, 1e-12))
    out: F64 = base + damp
    return out


def count_scores(task: Task) -> F64:
    counts: F64 = np.bincount(task.row_pair, minlength=len(task.pairs_a)).astype(np.float64)
    return counts


def recency_scores(task: Task) -> F64:
    last = np.full(len(task.pairs_a), -np.inf)
    np.maximum.at(last, task.row_pair, task.row_t)
    return last


def recency_then_count_scores(task: Task) -> F64:
    """Order by the day of the last contact, then by the number of contacts."""
    last_day = np.floor(recency_scores(task) / DAY)
    counts = count_scores(task)
    out: F64 = rankdata(last_day, method="dense") * (counts.max() + 1.0) + counts
    return out


def decay_grid(task: Task) -> list[float]:
    """Half-lives tried for the decayed baseline: the school grid and fractions of the history."""
    history_days = (task.cut - float(task.log.t.min())) / DAY
    return sorted({*DECAY_GRID_DAYS, *(f * history_days for f in (0.01, 0.03, 0.1, 0.3, 1, 3))})


def decayed_scores(task: Task, half_life_days: float) -> F64:
    w = np.exp2(-(task.cut - task.row_t) / (half_life_days * DAY))
    decayed: F64 = np.bincount(task.row_pair, weights=w, minlength=len(task.pairs_a)).astype(
        np.float64
    )
    return decayed


def per_person(task: Task, score: F64 | tuple[F64, F64]) -> tuple[F64, F64]:
    """AUC of each person with both kinds of tie, and precision@5 of each with 5+ ties.
    ``score`` may be one per pair, or one per pair as seen from each end."""
    owner = np.concatenate([task.pairs_a, task.pairs_b])
    s = np.concatenate(list(score) if isinstance(score, tuple) else [score, score])
    y = np.concatenate([task.later, task.later])
    order = np.argsort(owner, kind="stable")
    owner, s, y = owner[order], s[order], y[order]
    bounds = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1], True])
    aucs, precisions = [], []
    for lo, hi in itertools.pairwise(bounds):
        ss, yy = s[lo:hi], y[lo:hi]
        pos = int(yy.sum())
        neg = len(yy) - pos
        if pos and neg:
            ranks = rankdata(ss)
            aucs.append((ranks[yy].sum() - pos * (pos + 1) / 2) / (pos * neg))
        if len(yy) >= K:
            precisions.append(_expected_precision_at_k(ss, yy, K))
    return np.array(aucs), np.array(precisions)


def _expected_precision_at_k(score: F64, label: npt.NDArray[np.bool_], k: int) -> float:
    """Precision@k with tied scores at the boundary broken at random, in expectation."""
    threshold = np.sort(score)[::-1][k - 1]
    above = score > threshold
    tied = score == threshold
    room = k - int(above.sum())
    hits = float(label[above].sum()) + room * float(label[tied].mean())
    return hits / k


def summary(values: F64, rng: np.random.Generator, boot: int, decimals: int = 4) -> dict[str, Any]:
    means = rng.choice(values, size=(boot, len(values)), replace=True).mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return {
        "mean": round(float(values.mean()), decimals),
        "ci95": [round(float(lo), decimals), round(float(hi), decimals)],
        "n": len(values),
    }


def params_for(task: Task, half_life: float, duration: float, **weights: float) -> StrengthParams:
    history_days = (task.cut - float(task.log.t.min())) / DAY
    scaled = replace(
        StrengthParams(),
        half_life_days=half_life * history_days,
        duration_scale_days=duration * history_days,
    )
    return with_weights(scaled, weights)


def with_weights(params: StrengthParams, weights: dict[str, float]) -> StrengthParams:
    """``params`` with the float fields named in ``weights`` replaced.

    ``replace(params, **weights)`` cannot be checked by mypy (a ``dict[str, float]`` might
    name ``channel_weights``, a tuple), so the names are checked here instead."""
    floats = {f.name for f in fields(params) if isinstance(getattr(params, f.name), float)}
    unknown = sorted(set(weights) - floats)
    if unknown:
        raise ValueError(f"not float fields of StrengthParams: {', '.join(unknown)}")
    changes: dict[str, Any] = dict(weights)
    return replace(params, **changes)


def tuned(task: Task) -> StrengthParams:
    return params_for(task, TUNED_HALF_LIFE, TUNED_DURATION, **TUNED_WEIGHTS)


def tune(log: ContactLog) -> list[dict[str, Any]]:
    """Grid search by mean AUC + p@5 over several cuts of one log (never the check log)."""
    tasks = [prepare(log, share) for share in TUNE_SHARES]
    found = []
    grid = itertools.product(
        (0.4, 0.8, 1.6, 3.2),  # half-life
        (0.3, 0.6),  # duration scale
        (0.2, 0.3, 0.55),  # intensity
        (1.0, 1.5, 2.0),  # days
        (0.2, 0.4, 0.8),  # embedded
    )
    for hl, dur, wi, wd, we in grid:
        weights = {"w_intensity": wi, "w_days": wd, "w_duration": 0.35, "w_embedded": we}
        value = 0.0
        for task in tasks:
            auc, p5 = per_person(task, kithkin_scores(task, params_for(task, hl, dur, **weights)))
            value += float(auc.mean() + p5.mean()) / len(tasks)
        found.append({"half_life": hl, "duration": dur, **weights, "auc_plus_p5": value})
    found.sort(key=lambda r: -r["auc_plus_p5"])
    return found[:5]


def self_calibrated(task: Task) -> tuple[StrengthParams, Calibration, float]:
    """Kithkin's parameters from the log's own history before the cut, the tuned
    constants as the prior; and the seconds the fit took."""
    start = time.perf_counter()
    fit = calibrate(history(task), prior=tuned(task))
    return fit.params, fit, time.perf_counter() - start


def sweep(task: Task) -> list[dict[str, Any]]:
    """What was tried where Kithkin loses: the self-calibrated parameters with other
    half-lives and with only one kind of evidence, scored on the log's own cuts
    before the cut (what the fit sees) and after the cut (what it is judged on).
    A diagnosis only: nothing here feeds the fit."""
    params, fit, _ = self_calibrated(task)
    zero = {"w_duration": 0.0, "w_embedded": 0.0}
    variants = {
        "as fitted": {},
        "frequency only": {"w_days": 0.0, **zero},
        "days only": {"w_intensity": 0.0, **zero},
        "no people in common": {"w_embedded": 0.0},
        "no duration": {"w_duration": 0.0},
        "unanswered not contact": {"unanswered_contact": 0.0},
    }
    hist = history(task)
    found = []
    for factor in (0.05, 0.2, 0.5, 1.0, 2.0):
        for label, change in variants.items():
            trial = with_weights(
                replace(params, half_life_days=params.half_life_days * factor), change
            )
            auc, p5 = per_person(task, kithkin_scores(task, trial))
            found.append(
                {
                    "half_life_days": round(trial.half_life_days, 3),
                    "variant": label,
                    "auc_own_cuts": round(own_cuts_auc(hist, trial, fit.horizon_days), 4),
                    "auc_after_cut": round(float(auc.mean()), 4),
                    "p_at_5_after_cut": round(float(p5.mean()), 4),
                }
            )
    return found


HORIZON_SHARES = (0.06, 0.12, 0.2, 0.3)  # --why: other rolling origins the fit could have used
CUT_COUNTS = (3, 5)


def why(name: str, task: Task) -> dict[str, Any]:
    """What hindsight shows about a loss; a diagnosis only, nothing here feeds the fit.

    - ``gone``: people in contact before the cut and in no contact at all after it
      (per group), and the share of ties with such an end;
    - ``auc``: every score on all ties, and on the ties whose two ends are both in
      contact with someone after the cut (the question without departures);
    - ``ceiling``: the best AUC after the cut over Kithkin's own evidence with the
      half-life of intensity, the half-life of distinct days and the weight of people
      in common chosen on the after-cut period itself: an upper bound for any fit;
    - ``rolling_origins``: the self-fit with other horizons and numbers of cuts, and
      with horizons of one whole day.
    """
    early, late = task.log.split()
    n = task.log.n_people
    before = np.zeros(n, dtype=bool)
    after = np.zeros(n, dtype=bool)
    before[early.i], before[early.j] = True, True
    after[late.i], after[late.j] = True, True
    groups = np.array([g or "everyone" for g in task.log.groups])
    gone = before & ~after
    stay = after[task.pairs_a] & after[task.pairs_b]
    params = self_calibrated(task)[0]
    # The decayed count's half-life chosen as ``evaluate`` chooses it (AUC + p@5 after the cut).
    decay = {h: sum(x.mean() for x in per_person(task, decayed_scores(task, h)))
             for h in decay_grid(task)}  # fmt: skip
    scores: dict[str, F64 | tuple[F64, F64]] = {
        "kithkin": kithkin_scores(task, params),
        "kithkin (tuned constants)": kithkin_scores(task, tuned(task)),
        "kithkin without people in common": kithkin_scores(task, replace(params, w_embedded=0.0)),
        "count": count_scores(task),
        "recency": recency_scores(task),
        "decayed": decayed_scores(task, max(decay, key=lambda h: decay[h])),
        "recency_then_count": recency_then_count_scores(task),
    }
    ceiling, ceiling_score = _ceiling(task, params)
    baselines = ("count", "recency", "decayed", "recency_then_count")
    best = max(baselines, key=lambda b: per_person(task, scores[b])[0].mean())
    everyone = np.ones(len(stay), dtype=bool)
    auc = {
        label: {
            "all_ties": round(_auc_on(task, score, everyone), 4),
            "both_ends_stay": round(_auc_on(task, score, stay), 4),
        }
        for label, score in scores.items()
    }
    return {
        "log": name,
        "gone": {
            g: f"{int((gone & (groups == g)).sum())} of {int((before & (groups == g)).sum())}"
            for g in sorted(set(groups[before]))
        },
        "ties_with_an_end_gone": round(float(1.0 - stay.mean()), 4),
        "in_contact_later_if_both_stay": round(float(task.later[stay].mean()), 4),
        "auc": auc,
        "ceiling": {
            **ceiling,
            # Paired over the same people: even with hindsight, how far above the best.
            "gain_over_" + best: _paired(
                per_person(task, ceiling_score)[0] - per_person(task, scores[best])[0],
                np.random.default_rng(7),
                1000,
            ),
        },
        "rolling_origins": [
            _origin(task, share, cuts) for cuts in CUT_COUNTS for share in HORIZON_SHARES
        ]
        + [_origin(task, day, cuts) for cuts in (1, 2) if (day := _one_day(task)) * cuts < 1],
    }


def _one_day(task: Task) -> float:
    """The horizon share that makes each cut predict one whole day (a daily rhythm)."""
    return DAY / (task.cut - float(task.log.t.min()))


def _auc_on(task: Task, score: F64 | tuple[F64, F64], mask: npt.NDArray[np.bool_]) -> float:
    """Mean per-person AUC over the ties ``mask`` keeps."""
    sub = replace(task, pairs_a=task.pairs_a[mask], pairs_b=task.pairs_b[mask],
                  later=task.later[mask])  # fmt: skip
    kept = tuple(s[mask] for s in score) if isinstance(score, tuple) else score[mask]
    return float(per_person(sub, kept)[0].mean())  # type: ignore[arg-type]


# --why: the weights of intensity, distinct days and duration, as multiples of the fit's.
CEILING_MIXES = ((1, 1, 1), (1, 0, 0), (0, 1, 0), (1, 1, 0), (2, 1, 1), (1, 2, 1), (1, 1, 2))


def _ceiling(task: Task, params: StrengthParams) -> tuple[dict[str, Any], F64 | tuple[F64, F64]]:
    """The best after-cut AUC over Kithkin's evidence with two half-lives (intensity,
    distinct days), the weights of intensity, days and duration, and the weight of
    people in common, each from a small grid around the self-fit, chosen with
    hindsight; and that best setting's scores."""
    views = (
        [task.row_answered]
        if task.log.sender is None
        else [seen_by(task, BY_A), seen_by(task, BY_B)]
    )
    factors = (0.05, 0.2, 0.5, 1.0, 2.0, 4.0)
    parts = {
        f: [_view(task, replace(params, half_life_days=params.half_life_days * f), v)
            for v in views]
        for f in factors
    }  # fmt: skip
    log_common = np.log1p(task.common)
    best: tuple[float, Any, F64 | tuple[F64, F64]] = (-1.0, None, np.zeros(0))
    tried = 0
    for fi, fd, mix in itertools.product(factors, factors, CEILING_MIXES):
        for w in sorted({0.0, tuned(task).w_embedded, params.w_embedded}):
            a, b, c = mix
            per_view = []
            for (arr_i, damp), (arr_d, _) in zip(parts[fi], parts[fd], strict=True):
                shared = (
                    a * arr_i.parts["intensity"]
                    + b * arr_d.parts["days"]
                    + c * arr_d.parts["duration"]
                )
                e = shared * (1.0 + w * log_common)
                base = np.log(-np.expm1(-np.maximum(e, 1e-12) / params.evidence_scale))
                per_view.append(base + damp)
            score = per_view[0] if len(per_view) == 1 else (per_view[0], per_view[1])
            auc = float(per_person(task, score)[0].mean())
            tried += 1
            if auc > best[0]:
                best = (auc, (fi, fd, mix, w), score)
    fi, fd, mix, w = best[1]
    found = {
        "auc": round(best[0], 4),
        "half_life_intensity_days": round(params.half_life_days * fi, 3),
        "half_life_days_days": round(params.half_life_days * fd, 3),
        "weights_intensity_days_duration": [round(m * getattr(params, k), 3) for m, k in
                                            zip(mix, ("w_intensity", "w_days", "w_duration"),
                                                strict=True)],
        "w_embedded": round(w, 3),
        "settings_tried": tried,
    }  # fmt: skip
    return found, best[2]


def _view(task: Task, params: StrengthParams, answered: npt.NDArray[np.int8]) -> tuple[Any, F64]:
    arrays = strength_arrays(
        len(task.pairs_a), task.row_pair, task.row_t, task.row_channel, task.row_initiator,
        answered, task.cut, embedded=task.common, params=params,
    )  # fmt: skip
    damp = np.log(np.maximum(arrays.initiative_factor * arrays.answer_factor, 1e-12))
    return arrays, damp


def _origin(task: Task, share: float, cuts: int) -> dict[str, Any]:
    fit = calibrate(history(task), prior=tuned(task), horizon_share=share, n_cuts=cuts)
    auc = per_person(task, kithkin_scores(task, fit.params))[0]
    return {
        "horizon_share": round(share, 4),
        "horizon_days": round(fit.horizon_days, 3),
        "cuts": cuts,
        "half_life_days": round(fit.params.half_life_days, 3),
        "w_embedded": round(fit.params.w_embedded, 3),
        "auc_own_cuts": fit.auc,
        "auc_prior_own_cuts": fit.auc_default,
        "auc_after_cut": round(float(auc.mean()), 4),
    }


def own_cuts_auc(hist: History, params: StrengthParams, horizon_days: float) -> float:
    """The calibration's objective for ``params`` on the history's own cuts."""
    from kithkin.insight.calibration import N_CUTS, _cut, _objective, log_score

    hist = hist.rows(np.argsort(hist.t, kind="stable"))  # as ``calibrate`` orders them
    end = float(hist.t.max())
    horizon = horizon_days * DAY
    cuts = [c for k in range(1, N_CUTS + 1) if (c := _cut(hist, end - k * horizon, horizon))]
    w = params.weights_array()
    return _objective(cuts, [log_score(c, params, w, params.half_life_days) for c in cuts])


def evaluate(
    name: str, log: ContactLog, boot: int = 1000, seed: int = 7, calibrate_self: bool = False
) -> dict[str, Any]:
    task = prepare(log)
    rng = np.random.default_rng(seed)
    decay_auc = {h: per_person(task, decayed_scores(task, h)) for h in decay_grid(task)}
    best_h = max(decay_auc, key=lambda h: decay_auc[h][0].mean() + decay_auc[h][1].mean())
    out: dict[str, Any] = {
        **describe(name, log),
        "n_ties": len(task.pairs_a),
        "share_in_contact_later": round(float(task.later.mean()), 4),
    }
    params = tuned(task)
    if calibrate_self:
        params, fit, seconds = self_calibrated(task)
        out["calibration"] = {
            "seconds": round(seconds, 2),
            "cases": fit.cases,
            "ties": fit.ties,
            "shrink": fit.shrink,
            "auc_on_own_cuts": fit.auc,
            "auc_prior_on_own_cuts": fit.auc_default,
            "auc_recency_on_own_cuts": fit.auc_recency,
            "half_life_days": round(fit.params.half_life_days, 4),
            "duration_scale_days": round(fit.params.duration_scale_days, 4),
            "fitted": {k: round(v, 4) for k, v in fit.fitted.items()},
            "evidence_scale": round(params.evidence_scale, 4),
            # How many ties a path or a tier can no longer tell apart (scores at the
            # path graph's cap), with the fitted scale and with the prior's.
            "share_at_cap": _share_at_cap(task, params),
            "share_at_cap_prior_scale": _share_at_cap(
                task, replace(params, evidence_scale=tuned(task).evidence_scale)
            ),
        }
    results = {
        "kithkin": per_person(task, kithkin_scores(task, params)),
        "count": per_person(task, count_scores(task)),
        "recency": per_person(task, recency_scores(task)),
        "decayed": decay_auc[best_h],
        "recency_then_count": per_person(task, recency_then_count_scores(task)),
    }
    for score, (auc, p5) in results.items():
        block = {
            "auc": round(float(auc.mean()), 4),
            "p_at_5": round(float(p5.mean()), 4),
            "auc_ci95": summary(auc, rng, boot)["ci95"],
            "p_at_5_ci95": summary(p5, rng, boot)["ci95"],
            "people_auc": len(auc),
            "people_p_at_5": len(p5),
        }
        if score == "decayed":
            block["half_life_days"] = round(best_h, 4)
        if score == "kithkin":
            out["kithkin"] = block
        else:
            out.setdefault("baselines", {})[score] = block
    best = max(out["baselines"], key=lambda b: out["baselines"][b]["auc"])
    auc_k, p5_k = results["kithkin"]
    auc_b = results[best][0]
    out["best_baseline"] = best
    out["auc_gain_over_best"] = _paired(auc_k - auc_b, rng, boot)
    best_p5 = max(out["baselines"], key=lambda b: out["baselines"][b]["p_at_5"])
    out["p_at_5_gain_over_best"] = _paired(p5_k - results[best_p5][1], rng, boot)
    out["p_at_5_best_baseline"] = best_p5
    out["command"] = (
        "python benchmarks/strength_eval.py "
        + name
        + (" --calibrate self" if calibrate_self else "")
    )
    return out


def _share_at_cap(task: Task, params: StrengthParams) -> float:
    found = kithkin_scores(task, params)
    log_score = np.concatenate(found) if isinstance(found, tuple) else found
    return round(float(np.mean(np.exp(log_score) >= P_MAX)), 4)


def _paired(diff: F64, rng: np.random.Generator, boot: int) -> dict[str, Any]:
    """Mean per-person difference with its bootstrap interval (same people resampled)."""
    s = summary(diff, rng, boot)
    return {"mean": s["mean"], "ci95": s["ci95"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "logs",
        nargs="*",
        help=f"log names ({', '.join(LOGS)}) or SocioPatterns files (default: all)",
    )
    parser.add_argument(
        "--calibrate",
        choices=("tuned", "self"),
        default="tuned",
        help="self: parameters fitted on each log's own history before the cut",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--answers",
        choices=("as-imported", "neutral"),
        default="as-imported",
        help="neutral: directed messages never count as unanswered (to measure what that costs)",
    )
    parser.add_argument("--boot", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--tune", action="store_true", help="search the parameters on FILE")
    parser.add_argument(
        "--sweep", action="store_true", help="diagnose a loss: variants of the self-fit on LOG"
    )
    parser.add_argument(
        "--why",
        action="store_true",
        help="diagnose a loss with hindsight: departures, the model's ceiling, other origins",
    )
    args = parser.parse_args()
    global NEUTRAL_ANSWERS
    NEUTRAL_ANSWERS = args.answers == "neutral"
    names = args.logs or list(LOGS)
    if args.tune:
        print(json.dumps(tune(resolve(names[0])[1]), indent=2))
        return
    if args.sweep:
        print(json.dumps(sweep(prepare(resolve(names[0])[1])), indent=2))
        return
    if args.why:
        found = [why(n, prepare(log)) for n, log in map(resolve, names)]
        print(json.dumps(found[0] if len(found) == 1 else found, indent=2))
        return
    results = []
    for arg in names:
        name, log = resolve(arg)
        results.append(evaluate(name, log, args.boot, calibrate_self=args.calibrate == "self"))
        print(f"{name} done", file=sys.stderr)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
        return
    for r in results:
        print(f"{r['log']}: {r['people']} people, {r['n_ties']} ties")
        rows = [("kithkin", r["kithkin"]), *r["baselines"].items()]
        for name, b in rows:
            print(
                f"  {name:>8}  AUC {b['auc']:.3f} [{b['auc_ci95'][0]:.3f}, {b['auc_ci95'][1]:.3f}]"
                f"  p@5 {b['p_at_5']:.3f} [{b['p_at_5_ci95'][0]:.3f}, {b['p_at_5_ci95'][1]:.3f}]"
            )
        g = r["auc_gain_over_best"]
        print(f"  AUC gain over {r['best_baseline']}: {g['mean']:+.3f} {g['ci95']}")


if __name__ == "__main__":
    main()
