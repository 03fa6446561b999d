"""What team mode costs on top of a member's own paths, in the same run.

1. A team in a fresh PostgreSQL database with ``--members`` members, each with a
   network of ``--people`` people (the demo network's plan grown by cloning, as in
   ``benchmarks/web_speed.py``), written with the demo's bulk inserts into the
   member's own schema, through the member's App (role and row-level security on).
2. Per member: ``kith path --to Contoso`` through the service, first (the network
   loaded, scored, the path graph built) and repeated (from the kept read model);
   then ``publish_reach`` (the shared summary worked out and written).
3. Team reach for Contoso as the first member, ``--repeat`` times (routes from the
   member's own paths and every teammate's summary, audit rows written), against
   the member's own repeated path query: medians and the ratio.

    python benchmarks/team_reach.py --members 3 --people 5000 --json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.web_speed import NOW, grow
from kithkin.service.demo import _write, plan_demo
from kithkin.service.paths import find_paths
from kithkin.service.team import (
    account_by_email,
    actor_of,
    add_member,
    member_app,
    open_team,
    publish_reach,
    team_init,
    team_reach,
)

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    name = f"kithkin_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    out: dict[str, Any] = {"members": args.members, "people": args.people}
    try:
        team_init(url, "admin@example.com", "Admin", "benchmark password", now=NOW)
        team = open_team(url, now=NOW)
        plan = grow(plan_demo(NOW), args.people)
        rows = []
        for i in range(args.members):
            member = add_member(
                team, f"m{i}@example.com", f"Member {i}", "member", "benchmark password"
            )
            app = member_app(team, member)
            with app.uow() as uow:
                _write(uow, plan, NOW, lambda _: None)
                uow.commit()
            first = timed(lambda: find_paths(app, "Contoso", k=3))  # noqa: B023
            again = statistics.median(
                timed(lambda: find_paths(app, "Contoso", k=3))  # noqa: B023
                for _ in range(args.repeat)
            )
            publish = timed(lambda: publish_reach(team, actor_of(member)))  # noqa: B023
            rows.append({"path_first_ms": first, "path_repeat_ms": again, "publish_ms": publish})
        out["per_member"] = rows
        out["publish_over_first_path"] = statistics.median(
            r["publish_ms"] / r["path_first_ms"] for r in rows
        )
        first_member = actor_of(account_by_email(team, "m0@example.com"))
        own = member_app(team, first_member)
        reach_ms = [
            timed(lambda: team_reach(team, first_member, "Contoso")) for _ in range(args.repeat)
        ]
        path_ms = [timed(lambda: find_paths(own, "Contoso", k=3)) for _ in range(args.repeat)]
        found = team_reach(team, first_member, "Contoso")
        out["team_reach"] = {
            "routes": len(found.routes),
            "members_reaching": found.members,
            "median_ms": statistics.median(reach_ms),
            "p95_ms": sorted(reach_ms)[max(0, int(0.95 * len(reach_ms)) - 1)],
            "own_path_median_ms": statistics.median(path_ms),
            "ratio_to_own_path": statistics.median(reach_ms) / statistics.median(path_ms),
        }
        team.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
