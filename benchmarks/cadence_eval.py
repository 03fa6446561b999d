"""Does a tie's learned cadence predict its next gap between contacts better than a fixed
cadence per tier?

Protocol (docs/evaluation.md "Cadence"), on a SocioPatterns face-to-face log:

* Sessions: a pair's 20-second contacts less than ``--merge`` seconds apart (5 minutes
  by default) are one contact session; a session counts from its first contact.
* Time unit: the logs span days, not months, so one minute of the log is read as one
  day of Kithkin's (a 5-day log becomes 20 "years"). Kithkin's cadence counts distinct
  days in contact; here those are distinct minutes, and sessions are minutes apart.
* Cut at 60% of the time span. Every person in turn is ``me``; each of their ties with
  at least ``--min-sessions`` sessions before the cut and one after it is a case. The
  tie's tier comes from Kithkin's own strength and tiers (``tie_strengths``,
  ``assign_tiers``) on the sessions before the cut.
* Target: the next gap, from the tie's last session before the cut to its first one
  after it.
* ``learned``: Kithkin's cadence for the tie (``cadence_arrays``, the vectorised core
  of ``cadence_days``; checked equal to ``cadence_days`` on a sample) from the sessions
  before the cut, with the tier's cadence as its prior.
* Baselines in the same run: ``tier_table``, the tier's fixed cadence from Kithkin's
  table (weekly, monthly, twice a year, yearly, in log minutes); ``tier_fitted``, the
  median next-gap of each tier's training gaps (the best single number per tier,
  fitted on the same data: a generous baseline).
* Error: absolute log error |log(predicted / actual)|; the median over cases, with a
  bootstrap 95% interval over ``me`` (cases of one person move together), and the
  ratio of medians learned / baseline with its interval.

    python benchmarks/cadence_eval.py benchmarks/data/thiers_2012.csv --json
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kithkin.insight.cadence import TIER_CADENCE_DAYS, cadence_arrays, cadence_days
from kithkin.insight.network import Network
from kithkin.insight.strength import tie_strengths
from kithkin.insight.tiers import assign_tiers
from kithkin.model import Channel, Interaction, Person, Tier
from sociopatterns import ContactLog, fetch, load

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
DAY = 86400.0
SCALE = (
    1440.0  # Kithkin seconds per log second: one log minute -> one Kithkin day (--minutes-per-day)
)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC).timestamp()


@dataclass(frozen=True)
class Sessions:
    """Contact sessions: pair (i < j) and start time in Kithkin seconds, sorted by pair, time."""

    i: I64
    j: I64
    t: F64


def sessions(log: ContactLog, merge_s: float) -> Sessions:
    order = np.lexsort((log.t, log.j, log.i))
    i, j, t = log.i[order], log.j[order], log.t[order].astype(np.float64)
    new = np.ones(len(t), dtype=bool)
    same = (i[1:] == i[:-1]) & (j[1:] == j[:-1])
    new[1:] = ~same | (t[1:] - t[:-1] >= merge_s)
    start = (t[new] - log.t.min()) * SCALE + EPOCH
    return Sessions(i[new], j[new], start)


def _network(s: Sessions, n_people: int) -> Network:
    people = {p: Person(f"p{p}", id=p) for p in range(n_people)}
    interactions = [
        Interaction(datetime.fromtimestamp(t, UTC), Channel.IN_PERSON, [int(a), int(b)])
        for a, b, t in zip(s.i.tolist(), s.j.tolist(), s.t.tolist(), strict=True)
    ]
    return Network(None, people, [], interactions)


@dataclass(frozen=True)
class Cases:
    me: I64
    tier: list[Tier]
    actual: F64  # next gap, Kithkin days
    learned: F64
    table: F64
    train_gaps: list[F64]  # the case's gaps before the cut (for the fitted baseline)
    hist_pair: I64  # each case's history, as cadence_arrays takes it
    hist_t: F64


def build_cases(
    log: ContactLog, merge_s: float, min_sessions: int, per_pair: int
) -> tuple[Cases, int]:
    s = sessions(log, merge_s)
    cut = EPOCH + 0.6 * (log.t.max() - log.t.min()) * SCALE
    before = s.t < cut
    train = Sessions(s.i[before], s.j[before], s.t[before])
    net = _network(train, log.n_people)
    strengths = tie_strengths(net, datetime.fromtimestamp(cut, UTC))
    tiers_of = {p: assign_tiers(strengths, p) for p in range(log.n_people)}
    pair_key = s.i * log.n_people + s.j
    keys, first = np.unique(pair_key, return_index=True)
    bounds = np.append(first, len(pair_key))
    me_l: list[int] = []
    tier_l: list[Tier] = []
    actual: list[float] = []
    prior_l: list[float] = []
    hist_pair: list[I64] = []
    hist_t: list[F64] = []
    gaps_l: list[F64] = []
    checks: list[tuple[int, int, int, F64]] = []  # (case, me, other, history) to re-check
    pairs = 0
    for k in range(len(keys)):
        lo, hi = int(bounds[k]), int(bounds[k + 1])
        t = s.t[lo:hi]
        n_before = int(np.searchsorted(t, cut))
        # Targets: sessions after the cut with at least ``min_sessions`` before them.
        targets = list(range(max(n_before, min_sessions), len(t)))[:per_pair]
        a, b = int(s.i[lo]), int(s.j[lo])
        if not targets or n_before == 0:
            continue
        pairs += 1
        for me, other in ((a, b), (b, a)):
            tier = tiers_of[me].get(other)
            if tier is None:
                continue
            for target in targets:
                history = t[:target]
                case = len(actual)
                me_l.append(me)
                tier_l.append(tier)
                actual.append(float(t[target] - t[target - 1]) / DAY)
                prior_l.append(TIER_CADENCE_DAYS[tier])
                hist_pair.append(np.full(len(history), case, dtype=np.int64))
                hist_t.append(history)
                gaps_l.append(np.diff(t[:n_before]) / DAY)
                if case % 211 == 0:
                    checks.append((case, me, other, history))
    prior = np.array(prior_l, dtype=np.float64)
    all_pair, all_t = np.concatenate(hist_pair), np.concatenate(hist_t)
    learned = cadence_arrays(len(actual), all_pair, all_t, prior)
    _check_against_cadence_days(net.people, checks, tier_l, learned)
    cases = Cases(
        np.array(me_l, dtype=np.int64),
        tier_l,
        np.array(actual, dtype=np.float64),
        learned,
        prior,
        gaps_l,
        all_pair,
        all_t,
    )
    return cases, pairs


def _check_against_cadence_days(
    people: dict[int, Person],
    checks: list[tuple[int, int, int, F64]],
    tiers: list[Tier],
    learned: F64,
) -> None:
    """The vectorised call gives what ``cadence_days`` (what ``kith`` runs) gives."""
    for case, me, other, history in checks:
        its = [
            Interaction(datetime.fromtimestamp(x, UTC), Channel.IN_PERSON, [me, other])
            for x in history.tolist()
        ]
        expected = cadence_days(Network(None, people, [], its), me, other, tiers[case])
        assert np.isclose(expected, learned[case]), (expected, learned[case])


def _fitted(cases: Cases) -> F64:
    """Per tier, the median of its cases' training gaps: one fitted number per tier."""
    out = np.empty(len(cases.actual))
    everyone = np.concatenate(cases.train_gaps)
    for tier in set(cases.tier):
        idx = [k for k, t in enumerate(cases.tier) if t == tier]
        gaps = np.concatenate([cases.train_gaps[k] for k in idx])
        # A tier whose ties all met once before the cut has no gap: use everyone's median.
        out[idx] = float(np.median(gaps if len(gaps) else everyone))
    return out


def _ale(pred: F64, actual: F64) -> F64:
    return np.abs(np.log(np.maximum(pred, 1e-9) / np.maximum(actual, 1e-9)))


# Each learned cadence against the fixed per-tier cadence it starts from.
COMPARISONS = [("learned", "tier_table"), ("learned_fitted_prior", "tier_fitted")]


def _interval(values: list[float]) -> tuple[float, float]:
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


def _bootstrap(
    me: I64, errors: dict[str, F64], reps: int, seed: int
) -> dict[str, tuple[float, float]]:
    """95% intervals of each median and of each comparison's ratio, resampling people."""
    rng = np.random.default_rng(seed)
    people = np.unique(me)
    members = [np.flatnonzero(me == p) for p in people]
    draws: dict[str, list[float]] = {k: [] for k in errors}
    draws |= {f"{a}/{b}": [] for a, b in COMPARISONS}
    for _ in range(reps):
        pick = rng.integers(0, len(people), len(people))
        idx = np.concatenate([members[p] for p in pick])
        med = {k: float(np.median(v[idx])) for k, v in errors.items()}
        for k, v in med.items():
            draws[k].append(v)
        for a, b in COMPARISONS:
            draws[f"{a}/{b}"].append(med[a] / med[b])
    return {k: _interval(v) for k, v in draws.items()}


def evaluate(
    path: Path, merge_s: float, min_sessions: int, per_pair: int, reps: int, seed: int
) -> dict[str, Any]:
    log = load(path)
    cases, pairs = build_cases(log, merge_s, min_sessions, per_pair)
    fitted = _fitted(cases)
    # The same learning with the fitted tier cadence as its prior: isolates what the
    # tie's own history adds over its tier, whatever the tier's number is.
    learned_fitted = cadence_arrays(len(cases.actual), cases.hist_pair, cases.hist_t, fitted)
    errors = {
        "learned": _ale(cases.learned, cases.actual),
        "learned_fitted_prior": _ale(learned_fitted, cases.actual),
        "tier_table": _ale(cases.table, cases.actual),
        "tier_fitted": _ale(fitted, cases.actual),
    }
    ci = _bootstrap(cases.me, errors, reps, seed)

    def block(k: str) -> dict[str, Any]:
        return {
            "median_abs_log_error": round(float(np.median(errors[k])), 4),
            "ci95": [round(x, 4) for x in ci[k]],
        }

    tiers = {t.value: sum(1 for x in cases.tier if x == t) for t in Tier}
    return {
        "file": path.name,
        "n_people": log.n_people,
        "pairs": pairs,
        "cases": len(cases.actual),
        "cases_per_tier": {k: v for k, v in tiers.items() if v},
        "merge_seconds": merge_s,
        "min_sessions": min_sessions,
        "gaps_per_pair": per_pair,
        "log_minutes_per_day": 1440.0 / SCALE,
        "kithkin": {k: block(k) for k in ("learned", "learned_fitted_prior")},
        "baselines": {k: block(k) for k in ("tier_table", "tier_fitted")},
        "ratios": {
            f"{a}/{b}": {
                "median": round(float(np.median(errors[a]) / np.median(errors[b])), 4),
                "ci95": [round(x, 4) for x in ci[f"{a}/{b}"]],
            }
            for a, b in COMPARISONS
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="logs (default: both schools)")
    parser.add_argument("--merge", type=float, default=300.0, help="session gap, seconds")
    parser.add_argument("--min-sessions", type=int, default=3)
    parser.add_argument("--per-pair", type=int, default=30, help="gaps predicted per pair")
    parser.add_argument("--reps", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--minutes-per-day", type=float, default=1.0, help="log minutes read as one Kithkin day"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    global SCALE
    SCALE = 1440.0 / args.minutes_per_day
    files = args.files or list(fetch().values())
    results = [
        evaluate(f, args.merge, args.min_sessions, args.per_pair, args.reps, args.seed)
        for f in files
    ]
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
        return
    for r in results:
        print(f"{r['file']}: {r['n_people']} people, {r['pairs']} pairs, {r['cases']} cases")
        for name, b in [*r["kithkin"].items(), *r["baselines"].items()]:
            lo, hi = b["ci95"]
            err = b["median_abs_log_error"]
            print(f"  {name:21} median |log error| {err:.3f} [{lo:.3f}, {hi:.3f}]")
        for name, b in r["ratios"].items():
            lo, hi = b["ci95"]
            print(f"  {name:33} {b['median']:.3f} [{lo:.3f}, {hi:.3f}]")


if __name__ == "__main__":
    main()
