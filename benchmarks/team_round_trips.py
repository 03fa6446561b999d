"""How often one team reach request waits for PostgreSQL, through the whole web app.

A small team in a fresh database (three members, the demo's plan with ``--people``
people each, summaries published); member 0 logs in and asks ``/api/v1/team/reach``
for each target once (the path graph built, the answers kept), then once more: what
the repeated question costs is counted per request, on every engine of the process —
statements, transactions begun, committed and rolled back, and connections pinged as
the pool hands them out. Each is one round trip to the server (a transaction is begun
with the first statement only when one is begun; a rollback is sent only inside one).

``--src`` runs another checkout's code (the code before a change) in the same way:

    python benchmarks/team_round_trips.py --json
    python benchmarks/team_round_trips.py --src ../main/src --json   # the old code
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import importlib
import json
import sys
import uuid
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["Contoso", "Globex", "data engineering"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=60, help="people per member")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the code to count")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path[:0] = [str(args.src.resolve()), str(ROOT)]
    result = count(args.pg, args.people)
    result["src"] = str(args.src)
    result["kithkin"] = sys.modules["kithkin"].__file__
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for target, row in result["repeated"].items():
        print(f"{target:20} {row}")


def count(pg: str, people: int) -> dict[str, Any]:
    from sqlalchemy import create_engine, event, text
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import Pool

    # kithkin first, from --src: benchmarks.team_load puts this checkout's first on the path.
    importlib.import_module("kithkin")
    from benchmarks.team_load import NOW, PASSWORD, email_of, member_plan
    from kithkin.service.demo import _write
    from kithkin.service.team import (
        actor_of,
        add_member,
        member_app,
        open_team,
        publish_reach,
        team_init,
    )
    from kithkin.web import WebSettings
    from kithkin.web.team import create_team_app

    seen: collections.Counter[str] = collections.Counter()

    def statement(*_: object) -> None:
        seen["statements"] += 1

    def checkout(_dbapi: object, record: Any, _proxy: object) -> None:
        # A pool with pre-ping pings a connection it hands out again (not a new one).
        pool = getattr(record, "_ConnectionRecord__pool", None)  # SQLAlchemy keeps it private
        if getattr(pool, "_pre_ping", False) and record.info.get("handed_out"):
            seen["pings"] += 1
        record.info["handed_out"] = True

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "begin", lambda c: seen.update(["begun"]) if _in(c) else None)
    event.listen(Engine, "commit", lambda c: seen.update(["committed"]) if _in(c) else None)
    event.listen(Engine, "rollback", lambda c: seen.update(["rolled back"]) if _in(c) else None)
    event.listen(Pool, "checkout", checkout)
    name = f"kithkin_round_trips_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg.rsplit("/", 1)[0] + f"/{name}"
    out: dict[str, Any] = {"people_per_member": people, "repeated": {}}
    try:
        team_init(url, "admin@team.example", "Admin", PASSWORD, now=NOW)
        team = open_team(url, now=NOW)
        try:
            for m in range(3):
                account = add_member(team, email_of(m), f"Member {m}", "member", PASSWORD)
                app = member_app(team, account)
                with app.uow() as uow:
                    _write(uow, member_plan(m, people), NOW, lambda _: None)
                    uow.commit()
                publish_reach(team, actor_of(account))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Starlette's TestClient on import
                from fastapi.testclient import TestClient
            web = WebSettings()
            local = dataclasses.replace(web, allowed_hosts=(*web.allowed_hosts, "testserver"))
            client = TestClient(create_team_app(team, local), base_url="https://testserver")
            page = client.get("/login")
            csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            form = {"email": email_of(0), "password": PASSWORD, "csrf_token": csrf}
            done = client.post("/login", data=form, follow_redirects=False)
            if done.status_code != 303:
                raise SystemExit(f"could not log in: {done.status_code} {done.text}")
            for target in TARGETS:
                client.get("/api/v1/team/reach", params={"to": target}).raise_for_status()
            for target in TARGETS:
                seen.clear()
                client.get("/api/v1/team/reach", params={"to": target}).raise_for_status()
                row = {k: seen[k] for k in ("pings", "begun", "statements", "committed")}
                row["rolled back"] = seen["rolled back"]
                row["round trips"] = sum(row.values())
                out["repeated"][target] = row
        finally:
            team.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return out


def _in(conn: Any) -> bool:
    """Whether a begin, commit or rollback goes to the server: not in autocommit, where
    there is no transaction to begin or end."""
    return bool(conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT")


if __name__ == "__main__":
    main()
