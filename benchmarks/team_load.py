"""A team server under load, on loopback: team reach at the 95th percentile, failed requests,
and a leak check through every API route.

1. A fresh PostgreSQL database holding a team of ``--members`` members (default 50),
   each with a network of ``--people`` people (default 5,000): the demo network's plan
   (a seed of its own per member), cloned until it is big enough, written with the
   demo's bulk inserts into the member's own schema. Every person of member *i* carries
   the marker ``Zq<i>x`` in their name, address and note: no other member may ever
   read it. Each member then publishes their shared summary (``publish_reach``).
2. ``kith serve --team`` on it, as an operator starts it (a separate process on
   127.0.0.1).
3. ``--clients`` members at once (default 20), each in a thread of its own: log in,
   then for ``--seconds`` browse and log, round after round: the agenda, the people
   search, the team reach page and its API (the measured request), a call logged
   through the API, the requests. Every answer's status is checked (a failed request
   is a transport error or a status other than the one expected), and every answer's
   body is searched for other members' markers.
   The first view of each member (their network loaded and scored by the server), and
   their first people search and team reach (the search index and the path graph
   built), are reported apart: they are the cost of a member's first requests after a
   restart; the rounds start once every member's first requests are done (the steady
   state).
   The baseline, measured under the same load in the same run: ``/healthz`` (no
   database, no template).
4. The leak check: member 0, logged in, asks every GET route of the API
   (``/openapi.json``) with the ids of member 1's people, interactions and requests
   in every path parameter, and member 1's names in every query parameter; no answer
   may hold member 1's marker (beyond the text member 0 typed).
5. The database: its size per member schema, and the catalogue's size (tables and
   indexes), for ``docs/scale.md``.

    python benchmarks/team_load.py --members 5 --people 500 --seconds 30   # quick
    python benchmarks/team_load.py --json                                  # full size
    python benchmarks/team_load.py --build-only                # build once, keep it…
    python benchmarks/team_load.py --reuse kithkin_team_load_ab12cd34 --json  # …serve it

A reused database keeps the calls logged by earlier runs (its members are a little
busier each time); members built before the build calibrated are calibrated first.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from sqlalchemy import create_engine, text  # noqa: E402

from benchmarks.web_speed import grow  # noqa: E402
from kithkin.model import Email  # noqa: E402
from kithkin.service.calibration import refresh, stored  # noqa: E402
from kithkin.service.demo import _write, plan_demo  # noqa: E402
from kithkin.service.demo.builder import Plan  # noqa: E402
from kithkin.service.team import (  # noqa: E402
    Team,
    account_by_email,
    actor_of,
    add_member,
    member_app,
    open_team,
    publish_reach,
    team_init,
)
from kithkin.service.team.team import heavy_at_once, pages_at_once  # noqa: E402

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
KITH = Path(sys.executable).with_name("kith")
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "load test password 1"
REACH_TARGETS = ["Contoso", "Fabrikam", "Northwind", "data engineering", "Globex"]
GOAL_P95_MS = 300.0


def marker(member: int) -> str:
    return f"Zq{member:03d}x"


def email_of(member: int) -> str:
    return f"member{member:03d}@team.example"


def member_plan(member: int, people: int) -> Plan:
    """The demo network with a seed of the member's own, grown to ``people``, every person
    marked as the member's."""
    plan = grow(plan_demo(NOW, seed=1000 + member), people)
    tag = marker(member)
    plan.people = [
        dataclasses.replace(
            p,
            display_name=f"{p.display_name} {tag}",
            family_name=f"{p.family_name} {tag}".strip() if p.family_name else "",
            emails=[Email(e.address.replace("@", f".{tag.lower()}@")) for e in p.emails],
            notes=f"private note {tag}",
        )
        for p in plan.people
    ]
    return plan


def build(url: str, members: int, people: int) -> dict[str, Any]:
    """The team, its members' networks and their shared summaries; seconds per step."""
    started = time.perf_counter()
    team_init(url, "admin@team.example", "Admin", PASSWORD, now=NOW)
    team = open_team(url, now=NOW)
    took: dict[str, float] = defaultdict(float)
    try:
        for m in range(members):
            t = time.perf_counter()
            account = add_member(team, email_of(m), f"Member {m:03d}", "member", PASSWORD)
            took["accounts"] += time.perf_counter() - t
            t = time.perf_counter()
            plan = member_plan(m, people)
            took["plans"] += time.perf_counter() - t
            t = time.perf_counter()
            app = member_app(team, account)
            with app.uow() as uow:
                _write(uow, plan, NOW, lambda _: None)
                uow.commit()
            took["writes"] += time.perf_counter() - t
            t = time.perf_counter()
            # As after an import (and as the demo does): strength learns from the new
            # history. Without a fit, the member's first logged call would fit it.
            refresh(app, force=True)
            took["calibrate"] += time.perf_counter() - t
            t = time.perf_counter()
            publish_reach(team, actor_of(account))
            took["publish"] += time.perf_counter() - t
            _close_member(team, account.id)  # keep one member's connections open at a time
            print(f"  member {m + 1}/{members} built", file=sys.stderr, flush=True)
    finally:
        team.close()
    return {
        "members": members,
        "people_per_member": people,
        "build_s": round(time.perf_counter() - started, 1),
        **{f"{k}_s": round(v, 1) for k, v in took.items()},
    }


def calibrate_unfitted(url: str, members: int) -> dict[str, Any]:
    """Members of a reused database built before the build calibrated: fit their strength
    parameters (as an import does) and publish again, so that no member's first logged
    call in the measured rounds fits them."""
    team = open_team(url, now=NOW)
    started, done = time.perf_counter(), 0
    try:
        for m in range(members):
            account = account_by_email(team, email_of(m))
            app = member_app(team, account)
            with app.uow(write=False) as uow:
                fitted = stored(uow) is not None
            if not fitted:
                refresh(app, force=True)
                publish_reach(team, actor_of(account))
                done += 1
                print(f"  member {m + 1} calibrated", file=sys.stderr, flush=True)
            _close_member(team, account.id)
    finally:
        team.close()
    return {"calibrated_members": done, "calibrate_s": round(time.perf_counter() - started, 1)}


def _close_member(team: Team, account_id: int) -> None:
    with team.lock:
        app = team.apps.pop(account_id, None)
    if app is not None:
        app.close()


def database_size(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            sizes = conn.execute(
                text(
                    "SELECT n.nspname, sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'r' AND (n.nspname LIKE 'member\\_%' OR n.nspname = 'team') "
                    "GROUP BY n.nspname"
                )
            ).all()
            relations = conn.execute(
                text(
                    "SELECT c.relkind, count(*) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname LIKE 'member\\_%' OR n.nspname = 'team' GROUP BY c.relkind"
                )
            ).all()
            total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
    finally:
        engine.dispose()
    members = [int(s) for n, s in sizes if n != "team"]
    team = [int(s) for n, s in sizes if n == "team"]
    kinds = {"r": "tables", "i": "indexes", "S": "sequences"}
    return {
        "database_mb": round(int(total or 0) / 2**20, 1),
        "member_schema_mb_median": round(statistics.median(members) / 2**20, 1) if members else 0,
        "team_schema_mb": round(sum(team) / 2**20, 2),
        "relations": {kinds.get(k, k): n for k, n in relations},
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _server_ms(response: httpx.Response) -> float:
    found = re.search(r"app;dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(found.group(1)) if found else float("nan")


def _set_cookie(response: httpx.Response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";")[0]
    raise SystemExit(f"{response.request.url} set no cookie {name}: {response.status_code}")


class Session:
    """One member's browser: its cookies kept by hand, since the session cookie is
    Secure and this loopback server speaks plain HTTP (httpx would not send it back)."""

    def __init__(self, base: str, member: int) -> None:
        self.member = member
        self.client = httpx.Client(base_url=base, timeout=600, follow_redirects=False)
        page = self.client.get("/login")
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        jar = {"kithkin_csrf": _set_cookie(page, "kithkin_csrf")}
        self.client.cookies.clear()
        self.client.headers["cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        done = self.client.post(
            "/login",
            data={"email": email_of(member), "password": PASSWORD, "csrf_token": csrf},
        )
        if done.status_code != 303:
            raise SystemExit(f"member {member} could not log in: {done.status_code} {done.text}")
        jar["kithkin_team_session"] = _set_cookie(done, "kithkin_team_session")
        self.client.cookies.clear()
        self.client.headers["cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        self.client.headers["x-csrf-token"] = csrf

    def close(self) -> None:
        self.client.close()


class Server:
    def __init__(self, url: str, workers: int = 1) -> None:
        self.port = free_port()
        # A file, not a pipe: a pipe nobody reads while the load runs fills up, and the
        # server then blocks on its next log line.
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by close())
        self.process = subprocess.Popen(
            [
                str(KITH),
                "--db",
                url,
                "--now",
                NOW.date().isoformat(),
                "serve",
                "--team",
                "--no-browser",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 300  # several workers on a busy machine start slowly
        while True:
            try:
                httpx.get(self.base + "/healthz", timeout=5)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise SystemExit(f"kith serve --team did not start: {self.output()}") from None
                time.sleep(0.2)

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory: with several workers, theirs summed."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        total = 0.0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            total += int(found.group(1)) / 1024 if found else 0.0
        return total

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def close(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=60)
        out = self.output()
        self.log.close()
        return out


@dataclasses.dataclass
class Tally:
    """Every request of the load, by kind: client and server times, failures, leaks."""

    client_ms: dict[str, list[float]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    server_ms: dict[str, list[float]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    failed: list[str] = dataclasses.field(default_factory=list)
    leaks: list[str] = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def record(self, kind: str, member: int, others: re.Pattern[str], call: Any) -> Any:
        t = time.perf_counter()
        try:
            response, expected = call()
        except httpx.HTTPError as exc:
            with self.lock:
                self.failed.append(f"{kind} (member {member}): {type(exc).__name__}")
            return None
        ms = (time.perf_counter() - t) * 1000
        with self.lock:
            self.client_ms[kind].append(ms)
            self.server_ms[kind].append(_server_ms(response))
            if response.status_code != expected:
                self.failed.append(
                    f"{kind} (member {member}): {response.status_code} {response.text[:200]}"
                )
            leak = others.search(response.text)
            if leak:
                self.leaks.append(f"{kind} (member {member}) shows {leak.group(0)}")
        return response


def browse(
    base: str, member: int, members: int, seconds: float, tally: Tally, warm: threading.Barrier
) -> None:
    """One member at work: round after round of browsing, team reach and logging, once
    every member's first view is done (``warm``): the steady state, measured apart from
    the start."""
    others = re.compile("|".join(marker(m) for m in range(members) if m != member))
    try:
        session = Session(base, member)
    except (SystemExit, httpx.HTTPError) as exc:
        with tally.lock:
            tally.failed.append(f"log in (member {member}): {exc}")
        warm.wait()
        return
    c = session.client
    try:
        # The first view: the server loads and scores this member's network; then the
        # first people search and team reach build the search index and the path graph.
        # All of it is the cost of a member's first requests after a restart, apart from
        # the steady state the rounds measure.
        tally.record("first view (network loaded)", member, others, lambda: (c.get("/"), 200))
        people = c.get("/api/v1/people", params={"limit": 20}).json()["rows"]
        tally.record(
            "first search and team reach",
            member,
            others,
            lambda: (
                c.get("/people", params={"q": "engineer"}),
                200,
            ),
        )
        tally.record(
            "first search and team reach",
            member,
            others,
            lambda: (
                c.get("/team", params={"to": REACH_TARGETS[member % len(REACH_TARGETS)]}),
                200,
            ),
        )
        warm.wait()
        ids = [r["person"]["id"] for r in people if not r["person"].get("is_me")]
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            target = REACH_TARGETS[(member + n) % len(REACH_TARGETS)]
            person = ids[n % len(ids)]
            steps: list[tuple[str, Any]] = [
                ("baseline /healthz", lambda: (c.get("/healthz"), 200)),
                ("agenda page", lambda: (c.get("/"), 200)),
                ("people search", lambda: (c.get("/people", params={"q": "engineer"}), 200)),
                ("team reach page", lambda t=target: (c.get("/team", params={"to": t}), 200)),
                (
                    "team reach API",
                    lambda t=target: (c.get("/api/v1/team/reach", params={"to": t}), 200),
                ),
                (
                    "log a call (API)",
                    lambda p=person: (
                        c.post(
                            f"/api/v1/people/{p}/interactions",
                            json={"channel": "call", "note": "team_load"},
                        ),
                        201,
                    ),
                ),
                ("requests API", lambda: (c.get("/api/v1/team/requests"), 200)),
            ]
            for kind, call in steps:
                tally.record(kind, member, others, call)
            n += 1
    finally:
        session.close()


def load(base: str, clients: int, members: int, seconds: float) -> Tally:
    tally = Tally()
    warm = threading.Barrier(clients)
    threads = [
        threading.Thread(target=browse, args=(base, m, members, seconds, tally, warm), daemon=True)
        for m in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def leak_check(base: str) -> dict[str, Any]:
    """Member 0 asks every GET route of the API with member 1's ids and names, and tries
    to answer a request member 1 made of someone else (member 2)."""
    victim, prober = Session(base, 1), Session(base, 0)
    try:
        rows = victim.client.get("/api/v1/people", params={"limit": 10}).json()["rows"]
        ids = sorted({r["person"]["id"] for r in rows})
        names = [r["person"]["display_name"] for r in rows]
        asked = victim.client.post(
            "/api/v1/team/requests",
            json={
                "teammate": _account_id(victim, 2),
                "target": "Contoso",
                "why": "team_load",
            },
        )
        request_ids = [asked.json()["id"]] if asked.status_code == 201 else []
        spec = prober.client.get("/openapi.json").json()
        prober_id = _account_id(prober, 0)
        secret = re.compile(marker(1))
        # The check can fail: member 1 reading their own people sees their marker.
        control = bool(secret.search(victim.client.get("/api/v1/people").text))
        tried = 0
        leaks: list[str] = []
        statuses: defaultdict[int, int] = defaultdict(int)
        for path, operations in sorted(spec["paths"].items()):
            if "get" not in operations:
                continue
            params = operations["get"].get("parameters", [])
            in_path = [p["name"] for p in params if p["in"] == "path"]
            required = [p["name"] for p in params if p["in"] == "query" and p.get("required")]
            values = request_ids if "request" in path else ids
            for value in values if in_path else [None]:
                url = path
                for name in in_path:
                    url = url.replace("{" + name + "}", str(value))
                for query in names[:2] if required else [None]:
                    data = {name: query for name in required} if query else {}
                    response = prober.client.get(url, params=data)
                    tried += 1
                    statuses[response.status_code] += 1
                    body = response.text.replace(query, "") if query else response.text
                    if url == "/api/v1/team/audit" and response.status_code == 200:
                        body = _others_entries(response.json(), prober_id)
                    if secret.search(body):
                        leaks.append(f"GET {url} {data}: {response.status_code}")
        # Writes aimed at member 1's request: only the teammate asked may answer it, only
        # member 1 may say how it went.
        refused = []
        for request_id in request_ids:
            for action, body in (("answer", "accept"), ("outcome", "worked")):
                reply = prober.client.post(
                    f"/api/v1/team/requests/{request_id}/{action}", json={action: body}
                )
                tried += 1
                statuses[reply.status_code] += 1
                refused.append(reply.status_code in (403, 404, 422))
                if secret.search(reply.text):
                    leaks.append(f"POST .../{request_id}/{action}: {reply.status_code}")
        return {
            "others_writes_refused": all(refused) and bool(refused),
            "routes": sum(1 for ops in spec["paths"].values() if "get" in ops),
            "requests": tried,
            "statuses": dict(sorted(statuses.items())),
            "leaks": leaks,
            "control_sees_own_marker": control,
        }
    finally:
        victim.close()
        prober.close()


def _others_entries(entries: list[dict[str, Any]], prober_id: int) -> str:
    """The audit entries the prober did not write: their own team reach searches repeat
    what they typed (member 1's names, in this run or, on a reused database, an earlier
    one's leak check)."""
    return json.dumps(
        [
            e
            for e in entries
            if not (e["actor_id"] == prober_id and str(e["action"]).startswith("reach."))
        ]
    )


def _account_id(session: Session, member: int) -> int:
    """A member's account id, as their teammates know it."""
    mates = session.client.get("/api/v1/team/members").json()
    (found,) = [m["id"] for m in mates if m["display_name"] == f"Member {member:03d}"]
    return int(found)


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def summary(tally: Tally) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    for kind, values in tally.client_ms.items():
        server = [v for v in tally.server_ms[kind] if v == v]
        kinds[kind] = {
            "requests": len(values),
            "client_p50_ms": round(statistics.median(values), 1),
            "client_p95_ms": round(p95(values), 1),
            "server_p95_ms": round(p95(server), 1) if server else None,
        }
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--people", type=int, default=5000, help="people per member")
    parser.add_argument("--clients", type=int, default=20, help="members at work at once")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long they work")
    parser.add_argument(
        "--workers", type=int, default=1, help="web processes (kith serve --team --workers)"
    )
    parser.add_argument("--pg", default=PG_ADMIN, help="an admin URL of the PostgreSQL server")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        metavar="DBNAME",
        help="serve a team database an earlier --keep run built (its name is printed), "
        "instead of building one; --members and --people must be the ones it was built with",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the team, keep it and stop (no load)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.members < 3 or not 1 <= args.clients <= args.members:
        # The leak check needs three: member 0 tries to read and answer what member 1
        # asked of member 2.
        raise SystemExit("--members must be 3 or more and --clients between 1 and --members")
    keep = args.keep or args.build_only or bool(args.reuse)
    name = args.reuse or f"kithkin_team_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    if not args.reuse:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.pg.rsplit("/", 1)[0] + f"/{name}"
    # The server inherits the environment: KITHKIN_TEAM_HEAVY_AT_ONCE=N sets its gate,
    # KITHKIN_TEAM_PAGES_AT_ONCE=N how many pages it answers at once.
    result: dict[str, Any] = {
        "database": name,
        "workers": args.workers,
        "heavy_at_once": heavy_at_once(),
        "pages_at_once": pages_at_once(),
    }
    try:
        if args.reuse:
            # The calls logged by earlier runs stay: a reused team is a little busier.
            result["build"] = {"reused": name, **calibrate_unfitted(url, args.clients)}
        else:
            print(f"building {args.members} × {args.people} people in {name}…", file=sys.stderr)
            result["build"] = build(url, args.members, args.people)
        result["size"] = database_size(url)
        if args.build_only:
            print(json.dumps(result, indent=2))
            print(f"kept: rerun with --reuse {name}", file=sys.stderr)
            return
        server = Server(url, args.workers)
        try:
            print(f"{args.clients} members at work for {args.seconds:.0f} s…", file=sys.stderr)
            tally = load(server.base, args.clients, args.members, args.seconds)
            result["load"] = summary(tally)
            result["failed"] = len(tally.failed)
            result["failures"] = tally.failed[:20]
            result["leaks_under_load"] = tally.leaks[:20]
            result["leak_check"] = leak_check(server.base)
            result["server_peak_rss_mb"] = round(server.peak_rss_mb(), 1)
        finally:
            log = server.close()
        # Every failure the server logged (a failed request shows its traceback there).
        result["server_errors"] = log.count("Exception in ASGI application")
        reach = result["load"].get("team reach API", {})
        base = result["load"].get("baseline /healthz", {})
        result["team_reach_p95_ms"] = reach.get("client_p95_ms")
        result["team_reach_p95_over_healthz_p95"] = (
            round(reach["client_p95_ms"] / base["client_p95_ms"], 1) if reach and base else None
        )
        result["goals"] = {
            "team reach p95 < 300 ms": (reach.get("client_p95_ms") or 1e9) < GOAL_P95_MS,
            "no failed request": result["failed"] == 0 and result["server_errors"] == 0,
            "no leak": not result["leaks_under_load"]
            and not result["leak_check"]["leaks"]
            and result["leak_check"]["control_sees_own_marker"]
            and result["leak_check"]["others_writes_refused"],
        }
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        else:
            print(f"kept the database: rerun with --reuse {name}", file=sys.stderr)
        admin.dispose()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"team of {args.members} members × {args.people} people; {args.clients} at work")
    for kind, row in result["load"].items():
        print(f"  {kind:32} {row}")
    print(f"failed requests: {result['failed']}; leak check: {result['leak_check']}")
    print(f"goals: {result['goals']}")


if __name__ == "__main__":
    main()
