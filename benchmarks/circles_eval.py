"""Do discovered circles find real groups? School classes in face-to-face contact logs.

Builds the contact network of a SocioPatterns log (``t i j Ci Cj``), weights each
pair with the product's own tie strength (``strength_core.strength_arrays``:
every 20-second contact an in-person interaction, people in common counted as
embeddedness, exactly as ``kith`` scores ties), runs the product's circle
discovery (``insight.circles.leiden_communities``, default seed) and compares the
circles with the real classes by normalised mutual information (arithmetic
mean normalisation, as scikit-learn's default).

Baseline, same run and same Leiden: weights = contact duration (number of
20-second contacts), the usual weighting of these logs. Also reported: how
the NMI varies over seeds, the share of circles that are connected subgraphs,
and that Burt's constraint is computed for every person.

``--calibrate self``: the strengths use the parameters fitted on the log's own
history before 60% of its span (``strength_eval --calibrate self``). Logs without
groups are skipped.

    python benchmarks/circles_eval.py high-school-2012 --json
    python benchmarks/circles_eval.py --calibrate self   # every log with groups
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.logs import LOGS, resolve
from benchmarks.sociopatterns import ContactLog
from benchmarks.strength_eval import prepare, self_calibrated
from kithkin.insight.brokers import constraint_and_effective_size
from kithkin.insight.circles import SEED, connected_share, leiden_communities
from kithkin.insight.strength_core import (
    BY_NOBODY,
    CHANNEL_CODE,
    NOT_A_QUESTION,
    StrengthParams,
    shared_neighbours,
    strength_arrays,
)
from kithkin.model import Channel

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
SEEDS = range(1, 11)  # for the spread over seeds


def nmi(truth: list[str], found: I64) -> float:
    """Normalised mutual information, arithmetic mean of the two entropies."""
    _, x = np.unique(np.asarray(truth), return_inverse=True)
    _, y = np.unique(found, return_inverse=True)
    joint = np.zeros((x.max() + 1, y.max() + 1))
    np.add.at(joint, (x, y), 1.0)
    joint /= len(x)
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    nz = joint > 0
    mi = float((joint[nz] * np.log(joint[nz] / np.outer(px, py)[nz])).sum())
    hx = float(-(px[px > 0] * np.log(px[px > 0])).sum())
    hy = float(-(py[py > 0] * np.log(py[py > 0])).sum())
    return 1.0 if hx + hy == 0 else 2.0 * mi / (hx + hy)


def contact_pairs(log: ContactLog) -> tuple[I64, I64, I64, I64]:
    """Distinct pairs (a < b), each contact's pair index, and contacts per pair."""
    n = log.n_people
    keys, pair, counts = np.unique(log.i * n + log.j, return_inverse=True, return_counts=True)
    return keys // n, keys % n, pair.astype(np.int64), counts.astype(np.int64)


def strength_weights(
    log: ContactLog, a: I64, b: I64, pair: I64, params: StrengthParams | None = None
) -> F64:
    """The product's tie strength of every pair, as of the log's last contact."""
    m = len(log.t)
    arrays = strength_arrays(
        len(a),
        pair,
        log.t.astype(np.float64),
        np.full(m, CHANNEL_CODE[Channel.IN_PERSON], dtype=np.int8),
        np.full(m, BY_NOBODY, dtype=np.int8),
        np.full(m, NOT_A_QUESTION, dtype=np.int8),
        float(log.t.max()),
        embedded=shared_neighbours(log.n_people, a, b),
        params=params,
    )
    return arrays.score


def _median_seconds(fn: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def evaluate(
    name: str, log: ContactLog, repeats: int = 3, self_fit: bool = False
) -> dict[str, Any]:
    n = log.n_people
    a, b, pair, counts = contact_pairs(log)
    params = self_calibrated(prepare(log))[0] if self_fit else None
    weights = strength_weights(log, a, b, pair, params)
    duration = counts.astype(np.float64)

    labels, modularity = leiden_communities(n, a, b, weights, seed=SEED)
    base, _ = leiden_communities(n, a, b, duration, seed=SEED)
    over_seeds = [nmi(log.groups, leiden_communities(n, a, b, weights, seed=s)[0]) for s in SEEDS]
    base_seeds = [nmi(log.groups, leiden_communities(n, a, b, duration, seed=s)[0]) for s in SEEDS]
    constraint, effective = constraint_and_effective_size(n, a, b, weights)
    score = nmi(log.groups, labels)
    baseline = nmi(log.groups, base)
    return {
        "log": name,
        "calibrate": "self" if self_fit else "tuned",
        "command": f"python benchmarks/circles_eval.py {name}"
        + (" --calibrate self" if self_fit else ""),
        "people": n,
        "pairs": len(a),
        "contacts": len(log.t),
        "classes": len(set(log.groups)),
        "weights": "product tie strength (strength_core.strength_arrays)",
        "nmi": round(score, 4),
        "n_circles": int(labels.max() + 1),
        "connected_share": connected_share(labels, a, b),
        "modularity": round(modularity, 4),
        "constraint_share": float(np.isfinite(constraint).mean()),
        "effective_size_share": float(np.isfinite(effective).mean()),
        "constraint_median": round(float(np.median(constraint)), 4),
        "nmi_over_seeds": {
            "min": round(min(over_seeds), 4),
            "median": round(statistics.median(over_seeds), 4),
            "max": round(max(over_seeds), 4),
        },
        "baseline": {
            "weights": "contact duration (20-second contacts per pair)",
            "nmi": round(baseline, 4),
            "n_circles": int(base.max() + 1),
            "nmi_over_seeds_median": round(statistics.median(base_seeds), 4),
        },
        "nmi_ratio": round(score / baseline, 3) if baseline else None,
        "seconds_median": {
            "circles": round(
                _median_seconds(lambda: leiden_communities(n, a, b, weights), repeats), 4
            ),
            "constraint": round(
                _median_seconds(lambda: constraint_and_effective_size(n, a, b, weights), repeats),
                4,
            ),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logs", nargs="*", help=f"log names ({', '.join(LOGS)}) or files")
    parser.add_argument("--calibrate", choices=("tuned", "self"), default="tuned")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--repeats", type=int, default=3, help="timing repeats (median)")
    args = parser.parse_args(argv)
    results = []
    for arg in args.logs or list(LOGS):
        name, log = resolve(arg)
        if not any(log.groups):
            print(f"{name}: no groups, skipped", file=sys.stderr)
            continue
        results.append(evaluate(name, log, args.repeats, args.calibrate == "self"))
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
        return 0
    for r in results:
        base = r["baseline"]
        print(
            f"{r['log']}: {r['people']} people, {r['classes']} classes, {r['pairs']} pairs\n"
            f"  strength weights: NMI {r['nmi']} ({r['n_circles']} circles; seeds "
            f"{r['nmi_over_seeds']['min']}–{r['nmi_over_seeds']['max']}), "
            f"connected {r['connected_share']:.0%}, constraint for {r['constraint_share']:.0%}\n"
            f"  duration weights: NMI {base['nmi']} ({base['n_circles']} circles); "
            f"ratio {r['nmi_ratio']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
