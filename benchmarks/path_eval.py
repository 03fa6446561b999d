"""Do Kithkin's chosen paths survive better than fewest-hops paths? Real contact logs.

Protocol: split a SocioPatterns log at 60% of its time span. On the first 60%,
tie strength is computed by the product's own ``tie_strengths`` (every contact
an in-person interaction), the product's ``build_graph`` makes the path graph
and ``top_paths`` picks the first-ranked path. Pairs are source–target pairs
two or three hops apart in the early contact graph. A path *survives* when
every one of its hops is in contact again in the last 40%. The baseline is a
fewest-hops path chosen uniformly at random among the shortest (seeded).
Intervals are 95% bootstrap intervals over pairs.

    python benchmarks/path_eval.py benchmarks/data/thiers_2012.csv --tune --json
    python benchmarks/path_eval.py benchmarks/data/Primary_School.csv --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.sociopatterns import ContactLog, load
from kithkin.insight.graph import PathGraph, build_graph
from kithkin.insight.network import Network
from kithkin.insight.paths import HOP_PENALTY, top_paths
from kithkin.insight.strength import tie_strengths
from kithkin.model import Channel, Interaction, Person

PENALTIES = [0.0, 0.25, 0.5, 1.0, 2.0, 4.0]


def network_of(log: ContactLog) -> tuple[Network, datetime]:
    """People 1..n (0 is never an id), one in-person interaction per 20-second contact."""
    people = {i + 1: Person(f"p{int(x)}", id=i + 1) for i, x in enumerate(log.ids)}
    interactions = [
        Interaction(
            datetime.fromtimestamp(int(t), UTC), Channel.IN_PERSON, [int(a) + 1, int(b) + 1]
        )
        for t, a, b in zip(log.t, log.i, log.j, strict=True)
    ]
    now = datetime.fromtimestamp(int(log.t.max()), UTC)
    return Network(me=None, people=people, ties=[], interactions=interactions), now


def adjacency(log: ContactLog) -> dict[int, set[int]]:
    adj: dict[int, set[int]] = {}
    for a, b in zip(log.i.tolist(), log.j.tolist(), strict=True):
        adj.setdefault(a + 1, set()).add(b + 1)
        adj.setdefault(b + 1, set()).add(a + 1)
    return adj


def bfs(adj: dict[int, set[int]], s: int) -> tuple[dict[int, int], dict[int, int]]:
    """Hop distance and number of shortest paths from ``s``."""
    dist, sigma = {s: 0}, {s: 1}
    queue = deque([s])
    while queue:
        u = queue.popleft()
        for v in adj.get(u, ()):
            if v not in dist:
                dist[v] = dist[u] + 1
                sigma[v] = 0
                queue.append(v)
            if dist[v] == dist[u] + 1:
                sigma[v] += sigma[u]
    return dist, sigma


def fewest_hops(adj: dict[int, set[int]], s: int, t: int, rng: np.random.Generator) -> list[int]:
    """A shortest path drawn uniformly among all shortest paths."""
    dist, sigma = bfs(adj, s)
    path = [t]
    while path[-1] != s:
        u = path[-1]
        preds = sorted(v for v in adj[u] if dist.get(v, -9) == dist[u] - 1)
        weights = np.array([sigma[v] for v in preds], dtype=np.float64)
        path.append(preds[int(rng.choice(len(preds), p=weights / weights.sum()))])
    return path[::-1]


def sample_pairs(
    adj: dict[int, set[int]], n_pairs: int, rng: np.random.Generator
) -> list[tuple[int, int]]:
    nodes = sorted(adj)
    pairs: set[tuple[int, int]] = set()
    for _ in range(200 * n_pairs):
        if len(pairs) >= n_pairs:
            break
        s = int(rng.choice(nodes))
        dist, _ = bfs(adj, s)
        far = sorted(v for v, d in dist.items() if d in (2, 3))
        if far:
            pairs.add((s, int(rng.choice(far))))
    return sorted(pairs)


def survives(path: list[int] | tuple[int, ...], later: set[tuple[int, int]]) -> bool:
    return all((min(a, b), max(a, b)) in later for a, b in pairwise(path))


def bootstrap(values: np.ndarray, rng: np.random.Generator, n: int = 2000) -> list[float]:
    idx = rng.integers(0, len(values), size=(n, len(values)))
    means = values[idx].mean(axis=1)
    return [round(float(np.percentile(means, 2.5)), 4), round(float(np.percentile(means, 97.5)), 4)]


def evaluate(
    graph: PathGraph, pairs: list[tuple[int, int]], penalty: float
) -> list[tuple[int, ...]]:
    chosen = []
    for s, t in pairs:
        (best,) = top_paths(graph, s, {t: 0.0}, k=1, penalty=penalty)
        chosen.append(best.people)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--penalty", type=float, default=HOP_PENALTY)
    parser.add_argument("--tune", action="store_true", help="Also try a grid of penalties.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    early, late = load(args.file).split(0.6)
    rng = np.random.default_rng(args.seed)
    network, now = network_of(early)
    strengths = tie_strengths(network, now)
    graph = build_graph(network, strengths, now, inferred=[])
    adj = adjacency(early)
    later = {(a + 1, b + 1) for a, b in zip(late.i.tolist(), late.j.tolist(), strict=True)}
    pairs = sample_pairs(adj, args.pairs, rng)

    base = np.array([survives(fewest_hops(adj, s, t, rng), later) for s, t in pairs], dtype=float)
    tuning = {}
    if args.tune:
        for pen in PENALTIES:
            tuning[str(pen)] = round(
                float(np.mean([survives(p, later) for p in evaluate(graph, pairs, pen)])), 4
            )
    ours_paths = evaluate(graph, pairs, args.penalty)
    ours = np.array([survives(p, later) for p in ours_paths], dtype=float)
    diff_idx = rng.integers(0, len(pairs), size=(2000, len(pairs)))
    diffs = (ours[diff_idx] - base[diff_idx]).mean(axis=1)
    result = {
        "file": args.file.name,
        "pairs": len(pairs),
        "penalty": args.penalty,
        "kithkin": {
            "survival": round(float(ours.mean()), 4),
            "interval": bootstrap(ours, rng),
            "mean_hops": round(float(np.mean([len(p) - 1 for p in ours_paths])), 3),
        },
        "baselines": {
            "fewest_hops": {
                "survival": round(float(base.mean()), 4),
                "interval": bootstrap(base, rng),
            }
        },
        "difference": {
            "survival": round(float(ours.mean() - base.mean()), 4),
            "interval": [
                round(float(np.percentile(diffs, 2.5)), 4),
                round(float(np.percentile(diffs, 97.5)), 4),
            ],
        },
    }
    if tuning:
        result["tuning"] = tuning
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        k, b, d = result["kithkin"], result["baselines"]["fewest_hops"], result["difference"]
        print(f"{args.file.name}: {len(pairs)} pairs, penalty {args.penalty}")
        print(f"  kithkin      survival {k['survival']:.3f} {k['interval']}")
        print(f"  fewest hops  survival {b['survival']:.3f} {b['interval']}")
        print(f"  difference   {d['survival']:+.3f} {d['interval']}")
        for pen, surv in tuning.items():
            print(f"  penalty {pen}: survival {surv:.3f}")


if __name__ == "__main__":
    main()
