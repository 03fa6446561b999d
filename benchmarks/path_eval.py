"""Do Kithkin's chosen paths survive better than fewest-hops paths? Real contact logs.

Protocol: split a SocioPatterns log at 60% of its time span. On the first 60%,
tie strength is computed by the product's own ``tie_strengths`` (every contact
an in-person interaction), the product's ``build_graph`` makes the path graph
and ``top_paths`` picks the first-ranked path. Pairs are source–target pairs
two or three hops apart in the early contact graph. A path *survives* when
every one of its hops is in contact again in the last 40%. The baseline is a
fewest-hops path chosen uniformly at random among the shortest (seeded); the
second, fewest hops then strongest: among the shortest paths, the one whose hops'
strengths (the same scores Kithkin uses) multiply to the most. Intervals are 95%
bootstrap intervals over pairs. On a directed log every message is an interaction
on its channel, started by its sender. ``--calibrate self`` scores the strengths
with the parameters fitted on the log's own history before the cut
(``strength_eval --calibrate self``).

``--groups-as-jobs`` gives each person of a log with groups (a class, a
department) a current job at their group and also reports the paths chosen on
the graph with the ties ``insight.inference`` infers from those jobs: the
colleague rule's effect on the paths, against the same graph without it.

    python benchmarks/path_eval.py high-school-2012 --tune --json
    python benchmarks/path_eval.py workplace --groups-as-jobs --json
    python benchmarks/path_eval.py workplace college-messages --calibrate self --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from collections.abc import Mapping
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.logs import LOGS, resolve
from benchmarks.sociopatterns import ContactLog
from benchmarks.strength_eval import prepare, self_calibrated
from kithkin.insight.graph import PathGraph, StrengthLike, build_graph
from kithkin.insight.inference import infer_ties
from kithkin.insight.network import Network
from kithkin.insight.paths import HOP_PENALTY, top_paths
from kithkin.insight.strength import tie_strengths
from kithkin.model import Affiliation, Channel, Interaction, Person

PENALTIES = [0.0, 0.25, 0.5, 1.0, 2.0, 4.0]


def network_of(log: ContactLog) -> tuple[Network, datetime]:
    """People 1..n (0 is never an id), one in-person interaction per 20-second contact."""
    people = {i + 1: Person(f"p{int(x)}", id=i + 1) for i, x in enumerate(log.ids)}
    channel = Channel(log.channel)
    senders = log.sender.tolist() if log.sender is not None else [None] * len(log.t)
    interactions = [
        Interaction(
            datetime.fromtimestamp(int(t), UTC),
            channel,
            [int(a) + 1, int(b) + 1],
            initiator=None if by is None else int(by) + 1,
        )
        for t, a, b, by in zip(log.t, log.i, log.j, senders, strict=True)
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


def fewest_then_strongest(
    adj: dict[int, set[int]], s: int, t: int, weight: dict[tuple[int, int], float]
) -> list[int]:
    """Among the shortest paths, the one whose hops' strengths multiply to the most."""
    dist, _ = bfs(adj, s)
    best: dict[int, float] = {s: 0.0}
    back: dict[int, int] = {}
    for v in sorted(dist, key=lambda x: (dist[x], x)):
        if v == s:
            continue
        for u in sorted(adj[v]):
            if dist.get(u, -9) == dist[v] - 1:
                w = weight.get((min(u, v), max(u, v)), 0.0)
                value = best[u] + float(np.log(max(w, 1e-12)))
                if v not in best or value > best[v]:
                    best[v], back[v] = value, u
        if v == t:
            break
    path = [t]
    while path[-1] != s:
        path.append(back[path[-1]])
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


def run(
    name: str,
    log: ContactLog,
    n_pairs: int,
    seed: int,
    penalty: float,
    tune: bool,
    self_fit: bool,
    jobs: bool = False,
) -> dict[str, object]:
    early, late = log.split(0.6)
    rng = np.random.default_rng(seed)
    network, now = network_of(early)
    params = self_calibrated(prepare(log))[0] if self_fit else None
    strengths = tie_strengths(network, now, params)
    weight = {pair: st.score for pair, st in strengths.items()}
    graph = build_graph(network, strengths, now, inferred=[])
    adj = adjacency(early)
    later = {(a + 1, b + 1) for a, b in zip(late.i.tolist(), late.j.tolist(), strict=True)}
    pairs = sample_pairs(adj, n_pairs, rng)

    base = np.array([survives(fewest_hops(adj, s, t, rng), later) for s, t in pairs], dtype=float)
    strong = np.array(
        [survives(fewest_then_strongest(adj, s, t, weight), later) for s, t in pairs], dtype=float
    )
    tuning = {}
    if tune:
        for pen in PENALTIES:
            tuning[str(pen)] = round(
                float(np.mean([survives(p, later) for p in evaluate(graph, pairs, pen)])), 4
            )
    ours_paths = evaluate(graph, pairs, penalty)
    ours = np.array([survives(p, later) for p in ours_paths], dtype=float)
    result: dict[str, object] = {
        "log": name,
        "pairs": len(pairs),
        "penalty": penalty,
        "calibrate": "self" if self_fit else "tuned",
        "kithkin": {
            "survival": round(float(ours.mean()), 4),
            "interval": bootstrap(ours, rng),
            "mean_hops": round(float(np.mean([len(p) - 1 for p in ours_paths])), 3),
        },
        "baselines": {
            "fewest_hops": {
                "survival": round(float(base.mean()), 4),
                "interval": bootstrap(base, rng),
            },
            "fewest_hops_then_strongest": {
                "survival": round(float(strong.mean()), 4),
                "interval": bootstrap(strong, rng),
            },
        },
        "difference": {
            "over_fewest_hops": _paired(ours, base, rng),
            "over_fewest_hops_then_strongest": _paired(ours, strong, rng),
        },
        "command": f"python benchmarks/path_eval.py {name}"
        + (" --calibrate self" if self_fit else ""),
    }
    if tuning:
        result["tuning"] = tuning
    if jobs:
        found, survived = _with_inference(network, strengths, now, early, pairs, later, penalty)
        found["difference_over_kithkin"] = _paired(survived, ours, rng)
        result["with_inference"] = found
        result["command"] = f"{result['command']} --groups-as-jobs"
    return result


def _with_inference(
    network: Network,
    strengths: Mapping[tuple[int, int], StrengthLike],
    now: datetime,
    early: ContactLog,
    pairs: list[tuple[int, int]],
    later: set[tuple[int, int]],
    penalty: float,
) -> tuple[dict[str, object], np.ndarray]:
    """The paths chosen once everyone holds a current job at their group and the
    graph carries what ``infer_ties`` infers from those jobs."""
    for i, group in enumerate(early.groups):
        if group:
            network.people[i + 1].affiliations = [Affiliation(f"group {group}")]
    inferred = infer_ties(network, now)
    graph = build_graph(network, strengths, now, inferred=inferred)
    paths = evaluate(graph, pairs, penalty)
    # A hop that rests on the inference alone (the two were never in contact early on).
    hops = [[graph.link(x, y) for x, y in pairwise(p)] for p in paths]
    through = sum(any(link is not None and link.inferred for link in path) for path in hops)
    survived = np.array([survives(p, later) for p in paths], dtype=float)
    found: dict[str, object] = {
        "inferred_ties": len(inferred),
        "paths_through_an_inferred_hop": through,
        "survival": round(float(survived.mean()), 4),
    }
    return found, survived


def _paired(ours: np.ndarray, base: np.ndarray, rng: np.random.Generator) -> dict[str, object]:
    idx = rng.integers(0, len(ours), size=(2000, len(ours)))
    diffs = (ours[idx] - base[idx]).mean(axis=1)
    return {
        "survival": round(float(ours.mean() - base.mean()), 4),
        "interval": [
            round(float(np.percentile(diffs, 2.5)), 4),
            round(float(np.percentile(diffs, 97.5)), 4),
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("logs", nargs="*", help=f"log names ({', '.join(LOGS)}) or files")
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--penalty", type=float, default=HOP_PENALTY)
    parser.add_argument("--tune", action="store_true", help="Also try a grid of penalties.")
    parser.add_argument("--calibrate", choices=("tuned", "self"), default="tuned")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--groups-as-jobs", action="store_true", help="Also the paths with colleagues inferred."
    )
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    for arg in args.logs or list(LOGS):
        name, log = resolve(arg)
        results.append(
            run(
                name,
                log,
                args.pairs,
                args.seed,
                args.penalty,
                args.tune,
                args.calibrate == "self",
                args.groups_as_jobs,
            )
        )
        print(f"{name} done", file=sys.stderr)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2))
        return
    for r in results:
        k = r["kithkin"]
        print(
            f"{r['log']}: {r['pairs']} pairs, kithkin survival {k['survival']:.3f} {k['interval']}"
        )
        for b, v in r["baselines"].items():
            print(f"  {b}: {v['survival']:.3f} {v['interval']}")
        for b, v in r["difference"].items():
            print(f"  {b}: {v['survival']:+.3f} {v['interval']}")


if __name__ == "__main__":
    main()
