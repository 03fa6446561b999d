"""How fast are warm paths on a big network, against networkx in the same run?

1. In memory: a generated network (default 1,000,000 people, 10,000,000 ties,
   made directly into arrays), an organisation of 2,000 people as the target;
   top-5 diverse paths with the product's ``top_paths``. Median of several
   sources, and resident memory of the process.
2. networkx on the same query (virtual sink, ``shortest_simple_paths``) on a
   smaller generated network (networkx cannot hold 10M ties in 3 GB); Kithkin
   on that same network in the same run gives the ratio.
3. Store to graph: a generated SQLite database with ``--store-people`` people
   and ten ties each (bulk inserts), read into the path graph.
4. The demo network: ``kith path --to Contoso`` through the service, end to end
   (database to ranked, explained paths), first query and then from the cache.

    python benchmarks/path_scale.py --json
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kithkin.insight.graph import PathGraph
from kithkin.insight.paths import HOP_PENALTY, top_paths


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ties with locality (most within a few thousand ids, like circles) and p in (0, 1)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, size=m, dtype=np.int64)
    local = rng.random(m) < 0.8
    offset = rng.integers(1, 5000, size=m, dtype=np.int64)
    b = np.where(local, (a + offset) % n, rng.integers(0, n, size=m, dtype=np.int64))
    keep = a != b
    p = rng.beta(2, 5, size=m)  # most ties weak, a few strong
    return a[keep], b[keep], p[keep]


def in_memory(n: int, m: int, org: int, queries: int, seed: int) -> dict[str, float]:
    t0 = time.perf_counter()
    a, b, p = generate(n, m, seed)
    graph = PathGraph.from_arrays(np.arange(n, dtype=np.int64), a, b, p)
    del a, b, p
    build = time.perf_counter() - t0
    rng = np.random.default_rng(seed + 1)
    staff = rng.choice(n, size=org, replace=False)
    targets = dict.fromkeys((int(x) for x in staff), 0.0)
    top_paths(graph, 0, targets, k=5)  # warm: the penalised matrix is made once
    times, hops = [], []
    for source in rng.choice(n, size=queries, replace=False):
        t = time.perf_counter()
        found = top_paths(graph, int(source), targets, k=5)
        times.append(time.perf_counter() - t)
        hops += [len(f.people) - 1 for f in found]
    return {
        "people": n,
        "ties": m,
        "organisation": org,
        "arrays_to_graph_s": round(build, 2),
        "top5_median_s": round(statistics.median(times), 4),
        "top5_max_s": round(max(times), 4),
        "mean_hops": round(float(np.mean(hops)), 2) if hops else 0.0,
        "peak_rss_mb": round(rss_mb()),
    }


def versus_networkx(n: int, m: int, org: int, queries: int, seed: int) -> dict[str, float]:
    a, b, p = generate(n, m, seed)
    graph = PathGraph.from_arrays(np.arange(n, dtype=np.int64), a, b, p)
    g = nx.Graph()
    w = -np.log(np.clip(p, 0.002, 0.95)) + HOP_PENALTY
    g.add_weighted_edges_from(zip(a.tolist(), b.tolist(), w.tolist(), strict=True))
    rng = np.random.default_rng(seed + 1)
    staff = [int(x) for x in rng.choice(n, size=org, replace=False)]
    targets = dict.fromkeys(staff, 0.0)
    sink = -1
    g.add_weighted_edges_from((s, sink, 1e-9) for s in staff)
    ours, theirs = [], []
    for source in rng.choice(n, size=queries, replace=False):
        source = int(source)
        t = time.perf_counter()
        top_paths(graph, source, targets, k=5, diverse=False)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        gen = nx.shortest_simple_paths(g, source, sink, weight="weight")
        for got, _path in enumerate(gen, 1):
            if got == 5:
                break
        theirs.append(time.perf_counter() - t)
    mo, mt = statistics.median(ours), statistics.median(theirs)
    return {
        "people": n,
        "ties": m,
        "organisation": org,
        "kithkin_median_s": round(mo, 4),
        "networkx_median_s": round(mt, 4),
        "speedup": round(mt / mo, 1),
    }


def store_build(people: int, ties_each: int, seed: int) -> dict[str, float]:
    """Bulk-load a generated SQLite database, then read ties into the path graph."""
    from sqlalchemy import create_engine

    from kithkin.insight.graph import graph_from_ties
    from kithkin.store.migrate import prepare
    from kithkin.store.tie_arrays import read_tie_arrays

    m = people * ties_each
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        engine = create_engine(f"sqlite:///{path}")
        prepare(engine)
        engine.dispose()
        a, b, _ = generate(people, m, seed)
        lo, hi = np.minimum(a, b) + 1, np.maximum(a, b) + 1
        pairs = np.unique(lo * (people + 1) + hi)
        now = datetime(2026, 6, 1, tzinfo=UTC).isoformat(sep=" ")
        t0 = time.perf_counter()
        con = sqlite3.connect(path)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.executemany(
            "INSERT INTO person (id, display_name, nicknames, skills, links, created_at, "
            "updated_at) VALUES (?, ?, '[]', '[]', '[]', ?, ?)",
            ((i, f"Person {i}", now, now) for i in range(1, people + 1)),
        )
        rng = np.random.default_rng(seed)
        close = rng.integers(1, 6, size=len(pairs))
        con.executemany(
            "INSERT INTO tie (person_a, person_b, closeness, source, confidence, status, "
            "created_at) VALUES (?, ?, ?, 'stated', 1.0, 'active', ?)",
            (
                (int(x // (people + 1)), int(x % (people + 1)), int(c), now)
                for x, c in zip(pairs, close, strict=True)
            ),
        )
        con.commit()
        con.close()
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        engine = create_engine(f"sqlite:///{path}")
        with engine.connect() as conn:
            ties = read_tie_arrays(conn)
        graph = graph_from_ties(ties.people, ties.a, ties.b, ties.closeness, ties.confidence)
        engine.dispose()
        build = time.perf_counter() - t0
        return {
            "people": people,
            "ties": len(pairs),
            "bulk_insert_s": round(load, 1),
            "store_to_graph_s": round(build, 2),
            "graph_people": graph.n,
        }


def demo_query(queries: int) -> dict[str, float]:
    from kithkin.service import paths as svc
    from kithkin.service.app import App
    from kithkin.service.demo import build_demo

    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        app = App.open(Path(tmp) / "demo.db", now=now)
        build_demo(app)
        times = []
        for _ in range(queries + 1):
            t = time.perf_counter()
            svc.find_paths(app, "Contoso")
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        svc.find_mentors(app, "data engineering")
        mentors = time.perf_counter() - t
        app.close()
    # The first query builds the graph and caches it; the others read the cache.
    return {
        "first_query_s": round(times[0], 4),
        "cached_median_s": round(statistics.median(times[1:]), 4),
        "mentors_cached_s": round(mentors, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--ties", type=int, default=10_000_000)
    parser.add_argument("--org", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=7)
    parser.add_argument("--nx-people", type=int, default=50_000)
    parser.add_argument("--store-people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--skip", nargs="*", default=[], help="memory, networkx, store, demo")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out: dict[str, object] = {}
    if "networkx" not in args.skip:
        out["networkx"] = versus_networkx(
            args.nx_people,
            10 * args.nx_people,
            max(20, args.org * args.nx_people // args.people),
            args.queries,
            args.seed,
        )
    if "demo" not in args.skip:
        out["demo"] = demo_query(args.queries)
    if "store" not in args.skip:
        out["store"] = store_build(args.store_people, 10, args.seed)
    if "memory" not in args.skip:
        out["in_memory"] = in_memory(args.people, args.ties, args.org, args.queries, args.seed)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for name, figures in out.items():
            print(name, figures)


if __name__ == "__main__":
    main()
