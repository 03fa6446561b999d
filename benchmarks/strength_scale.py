"""Speed: strength, tier, cadence and readiness for every tie of a large network.

A synthetic network of 5,000 people and 1,000,000 interactions (ties clustered
in groups, heavy-tailed contact counts, every channel, initiators and unanswered
messages, favours both ways) is scored twice in the same run:

- ``kithkin``: the vectorised functions ``kith`` runs (``strength_arrays``,
  ``tier_codes``, ``cadence_arrays``, ``readiness_codes``);
- ``baseline``: the same arithmetic as plain Python loops over interactions.

Both must agree (the script checks scores, tiers, cadences and verdicts), and the
script reports the median time of each, their ratio, and the peak resident memory
while Kithkin ran.

    python benchmarks/strength_scale.py --json
    python benchmarks/strength_scale.py --objects --json   # also from records, end to end
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from kithkin.insight.cadence import (
    PRIOR_GAPS,
    RECENT_GAPS,
    SILENCE,
    TIER_CADENCE_DAYS,
    cadence_arrays,
)
from kithkin.insight.network import Network
from kithkin.insight.readiness import NEEDS, STATUSES, readiness_codes
from kithkin.insight.readiness_facts import facts_from_arrays
from kithkin.insight.reciprocity import INITIATIVE_SHARE, OWING
from kithkin.insight.strength import tie_strengths
from kithkin.insight.strength_core import (
    ANSWERED,
    BY_A,
    BY_B,
    DAY,
    EVENT,
    UNANSWERED,
    WEIGHTS,
    StrengthParams,
    shared_neighbours,
    strength_arrays,
)
from kithkin.insight.tiers import CODE, LAYERS, TIER_ORDER, tier_codes
from kithkin.model import AskSize, Channel, Interaction, Person, Tie, Tier
from kithkin.process import collector_paused

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
NOW = 1_780_000_000.0  # 2026-05-28, seconds
YEARS = 5


@dataclass
class Data:
    n_people: int
    pa: I64
    pb: I64
    pair: I64
    t: F64
    channel: npt.NDArray[np.int8]
    initiator: npt.NDArray[np.int8]
    answered: npt.NDArray[np.int8]
    closeness: F64
    stated: F64
    given: F64  # favours from a to b, weighted
    received: F64


def generate(n_people: int, n_interactions: int, seed: int = 11) -> Data:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, n_people // 20, n_people)
    members = [np.flatnonzero(group == g) for g in range(n_people // 20)]
    a = rng.integers(0, n_people, n_people * 24)
    inside = rng.random(len(a)) < 0.7
    b = rng.integers(0, n_people, len(a))
    for k in np.flatnonzero(inside):
        pool = members[group[a[k]]]
        b[k] = pool[rng.integers(0, len(pool))]
    keep = a != b
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    keys = np.unique(lo * n_people + hi)
    pa, pb = keys // n_people, keys % n_people
    n_pairs = len(keys)
    weight = rng.pareto(1.2, n_pairs) + 0.05
    pair = rng.choice(n_pairs, size=n_interactions, p=weight / weight.sum())
    t = NOW - rng.random(n_interactions) * YEARS * 365 * DAY
    channel = rng.choice(6, size=n_interactions, p=[0.25, 0.1, 0.05, 0.35, 0.2, 0.05])
    directed = (channel >= 1) & (channel <= 4)
    initiator = np.where(directed, np.where(rng.random(n_interactions) < 0.5, BY_A, BY_B), 0)
    message = (channel == 3) | (channel == 4)
    answered = np.where(message, np.where(rng.random(n_interactions) < 0.85, 1, 0), -1)
    closeness = np.where(rng.random(n_pairs) < 0.1, rng.integers(1, 6, n_pairs), np.nan)
    stated = np.where(rng.random(n_pairs) < 0.2, rng.choice([0.4, 0.6, 1.0], n_pairs), 0.0)
    ex_pair = rng.integers(0, n_pairs, 20_000)
    ex_value = rng.choice([1.0, 1.5, 2.0, 3.0], 20_000)
    to_b = rng.random(20_000) < 0.5
    given = np.bincount(ex_pair[to_b], weights=ex_value[to_b], minlength=n_pairs)
    received = np.bincount(ex_pair[~to_b], weights=ex_value[~to_b], minlength=n_pairs)
    return Data(
        n_people,
        pa.astype(np.int64),
        pb.astype(np.int64),
        pair.astype(np.int64),
        t,
        channel.astype(np.int8),
        initiator.astype(np.int8),
        answered.astype(np.int8),
        closeness.astype(np.float64),
        stated,
        given.astype(np.float64),
        received.astype(np.float64),
    )


@dataclass
class Result:
    score: F64
    tier: npt.NDArray[np.int8]  # from a's side
    cadence: F64
    verdict: dict[AskSize, npt.NDArray[np.int8]]  # a asking b


def kithkin(d: Data) -> Result:
    """Everything for every tie, with the functions ``kith`` runs."""
    n = len(d.pa)
    common = shared_neighbours(d.n_people, d.pa, d.pb)
    arr = strength_arrays(
        n,
        d.pair,
        d.t,
        d.channel,
        d.initiator,
        d.answered,
        NOW,
        closeness=d.closeness,
        stated=d.stated,
        embedded=common,
    )
    acquaintance = (arr.real == 0) & ~(d.closeness >= 3) & (d.stated < 0.5)
    codes = tier_codes(
        np.concatenate([arr.score, arr.score]),
        np.concatenate([arr.real, arr.real]),
        np.concatenate([acquaintance, acquaintance]),
        owner=np.concatenate([d.pa, d.pb]),
    )[:n]
    prior = np.array([TIER_CADENCE_DAYS[t] for t in TIER_ORDER])[codes]
    contact = d.answered != UNANSWERED
    cadence = cadence_arrays(n, d.pair[contact], d.t[contact], prior)
    favour = (d.given - d.received) / (d.given + d.received + 1.0)
    initiative = (arr.by_a - arr.by_b) / (arr.by_a + arr.by_b + 2.0)
    balance = (1 - INITIATIVE_SHARE) * favour + INITIATIVE_SHARE * initiative
    facts = facts_from_arrays(
        arr,
        me_is_a=np.ones(n, dtype=bool),
        linked=np.ones(n, dtype=bool),
        acquaintance=acquaintance,
        balance=balance,
        recent_ask=np.zeros(n, dtype=bool),
        now=NOW,
    )
    verdict = {size: readiness_codes(facts, size)[0] for size in AskSize}
    return Result(arr.score, codes, cadence, verdict)


def baseline(rows: dict[str, list[Any]], d: Data) -> Result:
    """The same, as plain Python: one loop over interactions, then loops over ties."""
    p = StrengthParams()
    n = len(d.pa)
    w_of = WEIGHTS.tolist()
    intensity = [0.0] * n
    real = [0] * n
    by_a = [0] * n
    by_b = [0] * n
    unans = [0] * n
    questions = [0] * n
    days: list[dict[int, tuple[float, float]]] = [{} for _ in range(n)]  # day: (first t, w)
    first = [math.inf] * n
    last = [-math.inf] * n
    last_real = [-math.inf] * n
    history: list[list[tuple[float, bool]]] = [[] for _ in range(n)]
    for k, t, ch, who, ans in zip(
        rows["pair"], rows["t"], rows["channel"], rows["initiator"], rows["answered"], strict=True
    ):
        decay = 2.0 ** (-(NOW - t) / DAY / p.half_life_days)
        contact = ans != UNANSWERED
        history[k].append((t, contact))
        first[k] = min(first[k], t)
        by_a[k] += who == BY_A
        by_b[k] += who == BY_B
        unans[k] += not contact
        questions[k] += ans in (ANSWERED, UNANSWERED)
        if contact:
            w = w_of[ch]
            intensity[k] += w * decay
            day = int(t // DAY)
            seen = days[k].get(day)
            days[k][day] = (min(seen[0], t), max(seen[1], w)) if seen else (t, w)
            last[k] = max(last[k], t)
            if ch != EVENT:
                real[k] += 1
                last_real[k] = max(last_real[k], t)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in zip(rows["pa"], rows["pb"], strict=True):
        neighbours[a].add(b)
        neighbours[b].add(a)
    score = [0.0] * n
    acquaintance = [False] * n
    tails = [0] * n
    for k, (a, b) in enumerate(zip(rows["pa"], rows["pb"], strict=True)):
        # a day weighs as its richest contact, decayed from its first one
        days_decayed = sum(
            w * 2.0 ** (-(NOW - first_t) / DAY / p.half_life_days)
            for first_t, w in days[k].values()
        )
        first_contact = min((t for t, c in history[k] if c), default=math.nan)
        span = (last[k] - first_contact) / DAY if history[k] and last[k] > -math.inf else 0.0
        shared = (
            p.w_intensity * math.log1p(intensity[k])
            + p.w_days * math.log1p(days_decayed)
            + p.w_duration * min(span / p.duration_scale_days, 3.0) * (real[k] > 0)
            + p.w_stated * rows["stated"][k]
        )
        common = len(neighbours[a] & neighbours[b])
        close = rows["closeness"][k]
        evidence = shared * (1 + p.w_embedded * math.log1p(common))
        evidence += p.w_closeness * (0.0 if math.isnan(close) else close) / 5.0
        started = by_a[k] + by_b[k]
        imbalance = abs(by_a[k] - by_b[k]) / max(started, 1)
        f_init = 1.0 - p.one_sided_damping * imbalance * started / (started + 3.0)
        tail = tails[k] = _tail(history[k])
        f_ans = p.unanswered_damping**tail * (1.0 - 0.5 * unans[k] / max(questions[k], 1))
        score[k] = min(max((1 - math.exp(-evidence / p.evidence_scale)) * f_init * f_ans, 0), 1)
        acquaintance[k] = real[k] == 0 and not close >= 3 and rows["stated"][k] < 0.5
    tier = _tiers_loop(rows, score, real, acquaintance)
    cadence = [_cadence_loop(history[k], TIER_CADENCE_DAYS[TIER_ORDER[tier[k]]]) for k in range(n)]
    verdict: dict[AskSize, list[int]] = {size: [] for size in AskSize}
    for k in range(n):
        given, received = rows["given"][k], rows["received"][k]
        favour = (given - received) / (given + received + 1.0)
        initiative = (by_a[k] - by_b[k]) / (by_a[k] + by_b[k] + 2.0)
        balance = (1 - INITIATIVE_SHARE) * favour + INITIATIVE_SHARE * initiative
        tail = tails[k]
        for size in AskSize:
            verdict[size].append(
                _readiness_loop(
                    size,
                    score[k],
                    real[k],
                    acquaintance[k],
                    last[k],
                    last_real[k],
                    tail,
                    by_a[k],
                    by_b[k],
                    balance,
                )
            )
    return Result(
        np.array(score),
        np.array(tier, dtype=np.int8),
        np.array(cadence),
        {s: np.array(v, dtype=np.int8) for s, v in verdict.items()},
    )


def _tail(history: list[tuple[float, bool]]) -> int:
    """Unanswered contacts since the last answered one."""
    tail = 0
    for _, contact in sorted(history, reverse=True):
        if contact:
            break
        tail += 1
    return tail


def _tiers_loop(
    rows: dict[str, list[Any]], score: list[float], real: list[int], acq: list[bool]
) -> list[int]:
    mine: dict[int, list[int]] = defaultdict(list)
    for k, (a, b) in enumerate(zip(rows["pa"], rows["pb"], strict=True)):
        mine[a].append(k)
        mine[b].append(k)
    tier = [0] * len(score)
    for owner, ties in mine.items():
        rank = 0
        for k in sorted(ties, key=lambda k: (-score[k], k)):
            if acq[k]:
                tier[k] = CODE[Tier.ACQUAINTANCE]
                continue
            if rows["pa"][k] != owner:  # kept from the first person's side only
                rank += 1
                continue
            by_rank = next((i for i, (_, size, _) in enumerate(LAYERS) if rank < size), 4)
            by_score = next((i for i, (_, _, least) in enumerate(LAYERS) if score[k] >= least), 4)
            layer = max(by_rank, by_score)
            if real[k] == 0:
                layer = max(layer, CODE[Tier.KNOWN])
            tier[k] = layer if layer < len(LAYERS) else CODE[Tier.DORMANT]
            rank += 1
    return tier


def _cadence_loop(history: list[tuple[float, bool]], prior: float) -> float:
    """The tie's cadence in days, the rule read plainly: the latest ``RECENT_GAPS`` gaps
    between distinct contact days plus ``PRIOR_GAPS`` copies of the tier's cadence; the
    median of that sample without its silences (over ``SILENCE`` times its median)."""
    days = sorted({math.floor(t / DAY) for t, c in history if c})
    gaps = [float(b - a) for a, b in itertools.pairwise(days)]
    sample = gaps[-RECENT_GAPS:] + [prior] * PRIOR_GAPS
    limit = SILENCE * _log_median(sample)
    return _log_median([g for g in sample if g <= limit])


def _log_median(values: list[float]) -> float:
    """Median; with an even count, the two middle values meet in log space."""
    v = sorted(values)
    return math.sqrt(v[(len(v) - 1) // 2] * v[len(v) // 2])


def _readiness_loop(
    size: AskSize,
    score: float,
    real: int,
    acquaintance: bool,
    last: float,
    last_real: float,
    tail: int,
    by_me: int,
    by_them: int,
    balance: float,
) -> int:
    s = {AskSize.SMALL: 0, AskSize.MEDIUM: 1, AskSize.LARGE: 2}[size]
    started = by_me + by_them
    met_recently = (NOW - last) / DAY <= 90
    one_sided = tail >= 3 or (started >= 4 and by_me >= 0.85 * started and tail >= 1)
    stale = not (NOW - last_real) / DAY <= 365
    no_real, stated = real == 0, not acquaintance
    worst = 0
    if no_real and not (met_recently or stated):
        worst = max(worst, 1)
    if s >= 1 and no_real:
        worst = max(worst, 2 if not stated and not met_recently else 1)
    if s == 2 and no_real:
        worst = 2
    if one_sided:
        worst = max(worst, 2 if s >= 1 else 1)
    if tail >= 1 and s >= 1:
        worst = max(worst, 1)
    if (stale or score < NEEDS[size]) and not no_real:
        worst = max(worst, 1)
    if s >= 1 and balance < -OWING:
        worst = max(worst, 1)
    return worst


def objects_seconds(d: Data) -> tuple[float, float]:
    """``tie_strengths`` end to end from interaction records (with the reasons in words),
    as ``kith`` runs it after loading the database; returns seconds and peak RSS in MB."""
    people = {i: Person(f"Person {i}", id=i, is_me=i == 0) for i in range(d.n_people)}
    channels = list(Channel)
    pa, pb = d.pa.tolist(), d.pb.tolist()
    records = []
    for k, t, ch, who, ans in zip(
        d.pair.tolist(),
        d.t.tolist(),
        d.channel.tolist(),
        d.initiator.tolist(),
        d.answered.tolist(),
        strict=True,
    ):
        a, b = pa[k], pb[k]
        records.append(
            Interaction(
                datetime.fromtimestamp(t, UTC),
                channels[ch],
                [a, b],
                initiator=a if who == BY_A else b if who == BY_B else None,
                answered=None if ans == -1 else bool(ans),
            )
        )
    network = Network(0, people, [Tie(a, b) for a, b in zip(pa, pb, strict=True)], records)
    gc.collect()
    start = time.perf_counter()
    with collector_paused():  # as the app scores: kithkin.service.read_model.scored
        tie_strengths(network, datetime.fromtimestamp(NOW, UTC))
    return time.perf_counter() - start, _rss_mb()


def _timed(fn: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of Kithkin")
    parser.add_argument("--baseline-repeats", type=int, default=1, help="runs of the loops")
    parser.add_argument(
        "--objects", action="store_true", help="also time tie_strengths from records"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()

    data = generate(args.people, args.interactions)
    rss_before = _rss_mb()
    k_times, fast = _timed(lambda: kithkin(data), args.repeats)
    rss_kithkin = _rss_mb()
    rows = {
        "pair": data.pair.tolist(),
        "t": data.t.tolist(),
        "channel": data.channel.tolist(),
        "initiator": data.initiator.tolist(),
        "answered": data.answered.tolist(),
        "pa": data.pa.tolist(),
        "pb": data.pb.tolist(),
        "closeness": data.closeness.tolist(),
        "stated": data.stated.tolist(),
        "given": data.given.tolist(),
        "received": data.received.tolist(),
    }
    b_times, slow = _timed(lambda: baseline(rows, data), args.baseline_repeats)
    k_med, b_med = statistics.median(k_times), statistics.median(b_times)
    out = {
        "people": args.people,
        "interactions": args.interactions,
        "ties": len(data.pa),
        "kithkin_seconds": round(k_med, 3),
        "kithkin_runs": [round(x, 3) for x in k_times],
        "baseline_seconds": round(b_med, 3),
        "baseline_runs": [round(x, 3) for x in b_times],
        "speedup": round(b_med / k_med, 1),
        "peak_rss_mb_after_kithkin": round(rss_kithkin, 1),
        "rss_mb_before_kithkin": round(rss_before, 1),
        "agreement": {
            "max_score_difference": float(np.max(np.abs(fast.score - slow.score))),
            "tiers_equal": float(np.mean(fast.tier == slow.tier)),
            "max_cadence_relative_difference": float(
                np.max(np.abs(fast.cadence - slow.cadence) / slow.cadence)
            ),
            "verdicts_equal": float(
                np.mean([np.mean(fast.verdict[s] == slow.verdict[s]) for s in AskSize])
            ),
        },
        "verdicts": {
            s.value: {STATUSES[i].value: int(np.sum(fast.verdict[s] == i)) for i in range(3)}
            for s in AskSize
        },
    }
    if args.objects:
        seconds, rss = objects_seconds(data)
        out["records_tie_strengths_seconds"] = round(seconds, 3)
        out["records_peak_rss_mb"] = round(rss, 1)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(
        f"{out['people']} people, {out['interactions']} interactions, {out['ties']} ties\n"
        f"  kithkin  {k_med:.2f} s (median of {len(k_times)}), "
        f"peak RSS {rss_kithkin:.0f} MB\n"
        f"  baseline {b_med:.2f} s (plain Python loops)\n"
        f"  speed-up {out['speedup']}x; agreement {out['agreement']}"
    )


if __name__ == "__main__":
    main()
