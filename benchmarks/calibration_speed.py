"""Speed: what fitting strength to a network's own history adds, next to scoring it.

The synthetic network of ``strength_scale`` (5,000 people, 1,000,000 interactions,
every channel, initiators, unanswered messages) is given a "me" (person 0) in
touch with 1,500 people, who get a share of all interactions (``--mine``, default
30%), heavy-tailed over my ties. In the same run, median of ``--repeats``:

- ``score``: ``strength_arrays`` over every pair, what a rescoring costs;
- ``calibrate``: ``insight.calibration.calibrate`` with me as the owner, what
  ``service.calibration.refresh`` runs after an import when enough new history
  has arrived (it also reads the network, as every rescoring does).

    python benchmarks/calibration_speed.py --json
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

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.strength_scale import NOW, generate
from kithkin.insight.calibration import History, calibrate
from kithkin.insight.strength_core import shared_neighbours, strength_arrays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--mine", type=float, default=0.3, help="share of interactions with me")
    parser.add_argument("--my-ties", type=int, default=1_500, help="people I am in touch with")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    d = generate(args.people, args.interactions)
    rng = np.random.default_rng(5)
    me = 0
    # My ties: ``--my-ties`` people, with heavy-tailed shares of my interactions.
    others = rng.choice(np.arange(1, d.n_people), size=args.my_ties, replace=False)
    known = {(int(a), int(b)) for a, b in zip(d.pa.tolist(), d.pb.tolist(), strict=True)}
    new = [int(x) for x in others if (0, int(x)) not in known]
    pa = np.concatenate([d.pa, np.zeros(len(new), dtype=np.int64)])
    pb = np.concatenate([d.pb, np.array(new, dtype=np.int64)])
    n_pairs = len(pa)
    my_pairs = np.flatnonzero((pa == me) | (pb == me))
    weight = rng.pareto(1.2, len(my_pairs)) + 0.05
    pair = d.pair.copy()
    moved = rng.random(len(pair)) < args.mine
    pair[moved] = rng.choice(my_pairs, size=int(moved.sum()), p=weight / weight.sum())
    common = shared_neighbours(d.n_people, pa, pb)
    history = History(
        pair=pair,
        t=d.t,
        channel=d.channel,
        initiator=d.initiator,
        answered=d.answered,
        share=np.ones(len(pair)),
        node_a=pa,
        node_b=pb,
        n_nodes=d.n_people,
        owner=me,
    )

    def score() -> object:
        return strength_arrays(
            n_pairs, pair, d.t, d.channel, d.initiator, d.answered, NOW, embedded=common
        )

    def fit() -> object:
        return calibrate(history, now=NOW)

    timings: dict[str, list[float]] = {"score": [], "calibrate": []}
    found: Any = None
    for _ in range(args.repeats):
        for name, fn in (("score", score), ("calibrate", fit)):
            start = time.perf_counter()
            out = fn()
            timings[name].append(time.perf_counter() - start)
            if name == "calibrate":
                found = out
    median = {k: statistics.median(v) for k, v in timings.items()}
    result = {
        "people": args.people,
        "interactions": args.interactions,
        "pairs": n_pairs,
        "my_pairs": len(my_pairs),
        "my_interactions": int(np.isin(pair, my_pairs).sum()),
        "score_seconds": round(median["score"], 3),
        "calibrate_seconds": round(median["calibrate"], 3),
        "ratio": round(median["calibrate"] / median["score"], 2),
        "cases": found.cases,
        "shrink": found.shrink,
        "half_life_days": round(found.params.half_life_days, 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(result)


if __name__ == "__main__":
    main()
