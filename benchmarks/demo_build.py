"""How long does ``kith demo`` take to write, against row-by-row writes in the same run?

Both sides write the same seeded plan (``plan_demo``) into a fresh database in
one transaction: the demo's bulk path (``build_demo``: one executemany per
table) and a baseline that calls the ordinary repository methods once per
person, tie, interaction and favour, as typed-in commands do. Medians of
``--repeat`` runs on SQLite (a temporary file) and on PostgreSQL (a temporary
database on ``--pg``; skipped when unreachable).

    python benchmarks/demo_build.py --json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kithkin.model import Ask, Exchange, Interaction, Tie
from kithkin.service.app import App
from kithkin.service.demo import DEFAULT_SEED, build_demo, plan_demo
from kithkin.store import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def fresh_sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{Path(tmp) / 'demo.db'}"


@contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    name = f"kithkin_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bulk(app: App) -> None:
    build_demo(app, seed=DEFAULT_SEED)


def row_by_row(app: App) -> None:
    """The baseline: the same plan through the one-row repository methods."""
    plan = plan_demo(app.now(), DEFAULT_SEED)
    with app.uow() as uow:
        ids = [uow.people.add(p, app.now()) for p in plan.people]
        for t in plan.ties.values():
            tie = Tie(
                ids[t.person_a],
                ids[t.person_b],
                kinds=t.kinds,
                closeness=t.closeness,
                since=t.since,
            )
            uow.ties.save(tie, app.now())
        for it in plan.interactions:
            uow.activity.add_interaction(
                Interaction(
                    when=it.when,
                    channel=it.channel,
                    participants=[ids[p] for p in it.participants],
                    initiator=None if it.initiator is None else ids[it.initiator],
                    answered=it.answered,
                    note=it.note,
                ),
                source="demo",
            )
        for e in plan.exchanges:
            uow.activity.add_exchange(
                Exchange(
                    ids[e.giver], ids[e.receiver], e.kind, e.when, weight=e.weight, note=e.note
                )
            )
        for a in plan.asks:
            uow.activity.add_ask(Ask(ids[a.through], a.kind, a.what, a.when, outcome=a.outcome))
        uow.commit()


def timed(fresh: Callable[[], Any], write: Callable[[App], None]) -> float:
    with fresh() as url:
        app = App(Settings(url), fixed_now=NOW)  # the schema is made before the clock starts
        try:
            start = time.perf_counter()
            write(app)
            return time.perf_counter() - start
        finally:
            app.close()


def measure(fresh: Callable[[], Any], repeat: int) -> dict[str, float]:
    fast, slow = [], []
    for _ in range(repeat):  # interleaved, so load on a shared machine hits both alike
        fast.append(timed(fresh, bulk))
        slow.append(timed(fresh, row_by_row))
    b, r = statistics.median(fast), statistics.median(slow)
    return {"bulk_s": round(b, 3), "row_by_row_s": round(r, 3), "speed-up": round(r / b, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg", default=PG, help="PostgreSQL admin URL (a database is made)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    plan = plan_demo(NOW, DEFAULT_SEED)
    results: dict[str, Any] = {
        "network": {
            "people": len(plan.people),
            "ties": len(plan.ties),
            "interactions": len(plan.interactions),
            "favours": len(plan.exchanges),
        },
        "sqlite": measure(fresh_sqlite, args.repeat),
    }
    try:
        results["postgresql"] = measure(lambda: fresh_postgres(args.pg), args.repeat)
    except OperationalError as exc:
        results["postgresql"] = {"skipped": str(exc).splitlines()[0]}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    net = results["network"]
    print(
        f"demo network: {net['people']} people, {net['ties']} ties, "
        f"{net['interactions']} interactions, {net['favours']} favours; "
        f"median of {args.repeat}"
    )
    for db in ("sqlite", "postgresql"):
        r = results[db]
        if "skipped" in r:
            print(f"  {db:<10} skipped: {r['skipped']}")
        else:
            print(
                f"  {db:<10} bulk {r['bulk_s']:.2f} s, row by row {r['row_by_row_s']:.2f} s,"
                f" {r['speed-up']}x faster"
            )


if __name__ == "__main__":
    main()
