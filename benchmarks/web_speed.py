"""How fast is the web app on a big network, against a static endpoint in the same run?

1. A network of ``--people`` people (default 10,000): the demo network's plan,
   cloned with new names and addresses until it is big enough (ties, two years
   of interactions and favours cloned with it), written with the demo's bulk
   inserts into a temporary SQLite file.
2. ``kith serve`` on it, as a user starts it (a separate process on 127.0.0.1).
3. Each page, several ways: the first view after a write through the server (an
   interaction logged through the API just before: the server follows it,
   rescoring only the pairs it touched), ``--repeat`` times; for the pages that
   score the network, the first view after an interaction logged by another
   process (this one, through the service, as a ``kith log`` beside the web app:
   followed through the change log), and after a person added by another process
   (a write that says nothing of what it changed: the whole network is loaded
   and scored again); then ``--repeat`` repeated views, served from the scored
   network the server keeps. For each, the server's own time (its
   ``Server-Timing`` header) and the time seen by the client; medians, and the
   ratio to ``/healthz`` (the baseline: no database, no template).
4. The server's resident memory (peak, from /proc) after all of that.
5. What a write costs the next view, in this process on the same file: loading
   the network (``load_network``) and scoring every tie (``tie_strengths``),
   medians of ``--repeat``.
6. The map's data (``/api/v1/map``) for ``--map-people`` people (default 5,000):
   its size in bytes, against the 2 MB budget; then the map page in headless
   Chromium: time until every node is drawn, and how long a zoom takes to render.

With ``--in-process`` it measures instead what a page costs the server in CPU,
which a loaded machine disturbs far less than wall time: the web app in this
process (``fastapi.testclient``), a call logged through the API before each
view, and the process's CPU time (``time.process_time``) around the view
alone; medians of ``--repeat``, and the ratio to ``/healthz``. With ``--fresh``
as well, each page's very first view on an app just opened instead (the network
loaded and scored for it, as after a start-up or a write that cannot be followed),
each view on an app of its own. With ``--before
SRC`` (the ``src`` folder of another version, e.g. from ``git archive COMMIT
src | tar -x -C /tmp/before``) each version is measured in a process of its
own on a copy of the same network, the two alternating ``--rounds`` times, so
that both see the same load. Without ``--in-process``, ``--before SRC`` starts
a second server with that code on a copy of the network and times each page
on both in turn. ``--db PATH`` keeps the network in that file (built
only when it is missing), so that runs after the first skip building it.

    python benchmarks/web_speed.py --json
    python benchmarks/web_speed.py --in-process --db /tmp/web10k.db --before /tmp/before/src
    python benchmarks/web_speed.py --in-process --fresh --db /tmp/web10k.db --page /report
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

# The code measured: this checkout's, or another version's (``--before``'s child runs).
sys.path.insert(
    0, os.environ.get("KITHKIN_BENCH_SRC") or str(Path(__file__).resolve().parent.parent / "src")
)

from kithkin.insight.strength import tie_strengths
from kithkin.model import Channel, Email
from kithkin.process import collector_paused
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.demo import _write, plan_demo
from kithkin.service.demo.builder import ME, Plan
from kithkin.service.network import load_network
from kithkin.service.people import PersonChanges, add_person
from kithkin.store import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
KITH = Path(sys.executable).with_name("kith")
PAGES = [
    "/",
    "/people",
    "/people?q=engineer",
    "/people?sort=strength&tier=active",
    "/people/{person}",
    "/paths?to=Contoso",
    "/map",
    "/api/v1/map",
    "/import",
    "/report",
    "/api/v1/report/chart.svg",
    "/api/v1/agenda",
    "/circles",
    "/api/v1/people?limit=50",
]

# Pages timed after a write by another process too (the others read no scored network).
SCORING_PAGES = [
    "/",
    "/people",
    "/people/{person}",
    "/paths?to=Contoso",
    "/api/v1/map",
    "/report",
    "/api/v1/report/chart.svg",
]


def grow(plan: Plan, people: int) -> Plan:
    """Clone everyone but me until the plan holds ``people`` people."""
    base = len(plan.people) - 1
    copies = max(0, -(-(people - 1) // base) - 1)
    ties = list(plan.ties.values())
    interactions = list(plan.interactions)
    exchanges = list(plan.exchanges)
    for c in range(1, copies + 1):
        index = {ME: ME}
        for i, p in enumerate(plan.people[: base + 1]):
            if i == ME or len(plan.people) >= people:
                continue
            clone = dataclasses.replace(
                p,
                display_name=f"{p.display_name} {c}",
                given_name="",
                family_name="",
                emails=[Email(e.address.replace("@", f"+{c}@")) for e in p.emails],
                phones=[],
                circles=list(p.circles),
                affiliations=list(p.affiliations),
            )
            index[i] = len(plan.people)
            plan.people.append(clone)
        for t in ties:
            if t.person_a in index and t.person_b in index:
                a, b = index[t.person_a], index[t.person_b]
                if (a, b) not in plan.ties and (b, a) not in plan.ties:
                    plan.ties[(a, b)] = dataclasses.replace(t, person_a=a, person_b=b)
        for it in interactions:
            if all(x in index for x in it.participants):
                plan.interactions.append(
                    dataclasses.replace(
                        it,
                        participants=[index[x] for x in it.participants],
                        initiator=None if it.initiator is None else index[it.initiator],
                    )
                )
        for e in exchanges:
            if e.giver in index and e.receiver in index:
                plan.exchanges.append(
                    dataclasses.replace(e, giver=index[e.giver], receiver=index[e.receiver])
                )
    return plan


def build(path: Path, people: int) -> dict[str, int]:
    plan = grow(plan_demo(NOW), people)
    app = App(Settings(f"sqlite:///{path}"), fixed_now=NOW)
    with app.uow() as uow:
        _write(uow, plan, NOW, lambda _: None)
        uow.commit()
    app.close()
    return {
        "people": len(plan.people),
        "ties": len(plan.ties),
        "interactions": len(plan.interactions),
        "favours": len(plan.exchanges),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    def __init__(self, db: Path, src: str | None = None) -> None:
        """``kith serve`` on ``db``; with ``src``, the code of that src folder."""
        self.db = db
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(KITH),
                "--db",
                str(db),
                "--now",
                NOW.date().isoformat(),
                "serve",
                "--no-browser",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": src} if src else None,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self.client = httpx.Client(base_url=self.base, timeout=600)
        self.csrf: str | None = None
        deadline = time.monotonic() + 120
        while True:
            try:
                self.client.get("/healthz")
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("kith serve did not start") from None
                time.sleep(0.2)

    def rss_mb(self) -> dict[str, float]:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
        return {"rss_mb": int(found["VmRSS"]) / 1024, "peak_rss_mb": int(found["VmHWM"]) / 1024}

    def time(
        self, path: str, repeat: int, write_first: int | None = None, how: str = "server"
    ) -> dict[str, Any]:
        """Medians of ``repeat`` views; with ``write_first`` (a person id), each view
        follows a write, so none is served from the cache: an interaction logged with
        that person through the server (``how="server"``) or by this process
        (``"elsewhere"``), or a new person added by this process (``"whole"``)."""
        server, client, size, status = [], [], 0, 0
        for n in range(repeat):
            if write_first is not None:
                if how == "server":
                    self.write(write_first)
                elif how == "elsewhere":
                    self.write_elsewhere(write_first)
                else:
                    self.write_elsewhere(write_first, newcomer=f"Newcomer {path} {n}")
            t = time.perf_counter()
            response = self.client.get(path)
            client.append((time.perf_counter() - t) * 1000)
            server.append(_server_ms(response))
            size, status = len(response.content), response.status_code
        return {
            "status": status,
            "bytes": size,
            "server_ms": round(statistics.median(server), 1),
            "client_ms": round(statistics.median(client), 1),
        }

    def write(self, person: int) -> None:
        """Log a call with ``person`` through the API: any commit makes the network rescored."""
        if self.csrf is None:
            self.csrf = self.client.get("/api/v1/csrf").json()["token"]
        response = self.client.post(
            f"/api/v1/people/{person}/interactions",
            json={"channel": "call", "note": "web_speed: a write before the next view"},
            headers={"X-CSRF-Token": self.csrf},
        )
        response.raise_for_status()

    def write_elsewhere(self, person: int, newcomer: str = "") -> None:
        """From this process, as a second ``kith`` would: log a call with ``person``,
        or, given a ``newcomer``'s name, add them."""
        app = App(Settings(f"sqlite:///{self.db}"), fixed_now=NOW)
        try:
            if newcomer:
                add_person(app, PersonChanges(name=newcomer))
            else:
                log_interaction(app, Channel.CALL, [f"#{person}"], note="web_speed: elsewhere")
        finally:
            app.close()

    def close(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def _server_ms(response: httpx.Response) -> float:
    match = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(match.group(1)) if match else float("nan")


def pages(db: Path, repeat: int, before: str | None = None) -> dict[str, Any]:
    """Every page timed on a server of this code and, with ``before`` (a src folder),
    on a server of that code beside it (on a copy of ``db``), page by page in turn."""
    servers = {"after": Server(db)}
    try:
        if before:
            copy = db.with_name("before.db")
            shutil.copyfile(db, copy)
            servers["before"] = Server(copy, src=before)
        person = servers["after"].client.get("/api/v1/people", params={"q": "Ben Okafor"})
        pid = person.json()["rows"][0]["person"]["id"]
        base_ms, out = {}, {}
        for label, server in servers.items():
            baseline = server.time("/healthz", repeat * 3)
            base_ms[label] = max(baseline["server_ms"], 0.01)
            out[label] = {"baseline /healthz": baseline}
        for page in PAGES:
            for label, server in servers.items():
                out[label][page] = _page(
                    server, page.format(person=pid), pid, repeat, base_ms[label]
                )
        found: dict[str, Any] = {"pages": out["after"]}
        if before:
            found["before"] = {"pages": out["before"], **_rss(servers["before"])}
        return {**found, **_rss(servers["after"])}
    finally:
        for server in servers.values():
            server.close()


def _rss(server: Server) -> dict[str, int]:
    return {k: round(v) for k, v in server.rss_mb().items()}


def _page(server: Server, path: str, pid: int, repeat: int, base_ms: float) -> dict[str, Any]:
    first = server.time(path, repeat, write_first=pid)
    result = server.time(path, repeat)
    result["x_baseline"] = round(result["server_ms"] / base_ms)
    result["first_after_write"] = {
        "server_ms": first["server_ms"],
        "client_ms": first["client_ms"],
        "x_baseline": round(first["server_ms"] / base_ms),
    }
    scoring = any(path == p.format(person=pid) for p in SCORING_PAGES)
    for how in ("elsewhere", "whole") if scoring else ():
        other = server.time(path, repeat, write_first=pid, how=how)
        result[f"first_after_write_{how}"] = {
            "server_ms": other["server_ms"],
            "client_ms": other["client_ms"],
            "x_baseline": round(other["server_ms"] / base_ms),
        }
    return result


def rescore(db: Path, repeat: int) -> dict[str, Any]:
    """What the first view after a write waits for: the network loaded and every tie scored."""
    app = App(Settings(f"sqlite:///{db}"), fixed_now=NOW)
    load, score = [], []
    try:
        for _ in range(repeat):
            t = time.perf_counter()
            with app.uow() as uow:
                network = load_network(uow)
            load.append(time.perf_counter() - t)
            t = time.perf_counter()
            with collector_paused():  # as the app scores
                tie_strengths(network, NOW)
            score.append(time.perf_counter() - t)
    finally:
        app.close()
    total = [a + b for a, b in zip(load, score, strict=True)]
    return {
        "load_network_s": round(statistics.median(load), 2),
        "tie_strengths_s": round(statistics.median(score), 2),
        "total_s": round(statistics.median(total), 2),
    }


def map_size(db: Path, browser: bool) -> dict[str, Any]:
    server = Server(db)
    try:
        data = server.time("/api/v1/map", 1)
        out = {
            "map_bytes": data["bytes"],
            "map_mb": round(data["bytes"] / 1e6, 2),
            "map_server_ms": data["server_ms"],
            "under_2_mb": data["bytes"] < 2_000_000,
        }
        if browser:
            out.update(draw_in_chromium(server.base))
        return out
    finally:
        server.close()


def draw_in_chromium(base: str) -> dict[str, Any]:
    """Open the map page in headless Chromium and time it until sigma has drawn every node."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--enable-unsafe-swiftshader", "--disable-gpu", "--no-first-run"]
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        t = time.perf_counter()
        page.goto(base + "/map")
        page.locator("#map[data-drawn]").wait_for(timeout=600_000)
        drawn = time.perf_counter() - t
        nodes = int(page.locator("#map").get_attribute("data-drawn") or 0)
        draw_ms = int(page.locator("#map").get_attribute("data-draw-ms") or 0)
        # Responsiveness once drawn: how long a zoom takes to render, in the page's own clock.
        zoom_ms = page.evaluate(
            """() => new Promise(done => {
                const {renderer} = window.kithkinMap;
                const t = performance.now();
                renderer.once("afterRender", () => done(performance.now() - t));
                renderer.getCamera().setState({ratio: 0.5});
            })"""
        )
        chromium.close()
    return {
        "browser_nodes": nodes,
        "browser_draw_s": round(drawn, 1),
        "browser_draw_after_data_ms": draw_ms,
        "zoom_frame_ms": round(zoom_ms, 1),
    }


IN_PROCESS_PAGES = [p for p in PAGES if p not in ("/map", "/import")]


def in_process(db: Path, repeat: int, only: list[str] | None = None) -> dict[str, Any]:
    """CPU and wall time of each page's first view after a call logged through the API,
    the web app running in this process; medians of ``repeat``."""
    from fastapi.testclient import TestClient

    from kithkin.web.app import create_app

    app = App(Settings(f"sqlite:///{db}"), fixed_now=NOW)
    try:
        with TestClient(create_app(app), base_url="http://127.0.0.1") as client:
            found = client.get("/api/v1/people", params={"q": "Ben Okafor"}).json()
            pid = found["rows"][0]["person"]["id"]
            csrf = client.get("/api/v1/csrf").json()["token"]

            def write() -> None:
                client.post(
                    f"/api/v1/people/{pid}/interactions",
                    json={"channel": "call", "note": "web_speed: a write before the next view"},
                    headers={"X-CSRF-Token": csrf},
                ).raise_for_status()

            def view(path: str) -> tuple[float, float]:
                t, c = time.perf_counter(), time.process_time()
                response = client.get(path)
                cpu, wall = time.process_time() - c, time.perf_counter() - t
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                return cpu * 1000, wall * 1000

            for page in IN_PROCESS_PAGES:  # everything worked out once, as a running server has
                view(page.format(person=pid))
            health = [view("/healthz") for _ in range(repeat * 3)]
            base = max(statistics.median(c for c, _ in health), 0.01)
            out: dict[str, Any] = {"/healthz": _medians(health, base)}
            for page in only or IN_PROCESS_PAGES:
                runs = []
                for _ in range(repeat):
                    write()
                    runs.append(view(page.format(person=pid)))
                out[page] = _medians(runs, base)
            return out
    finally:
        app.close()


def in_process_fresh(db: Path, repeat: int, only: list[str] | None = None) -> dict[str, Any]:
    """CPU and wall time of each page's very first view, on an app just opened (nothing
    kept: the network loaded and scored, then the page), as after a start-up or a write
    that cannot be followed; medians of ``repeat``, each on an app of its own."""
    from fastapi.testclient import TestClient

    from kithkin.web.app import create_app

    app = App(Settings(f"sqlite:///{db}"), fixed_now=NOW)
    try:  # the person the person pages show, found on an app of its own
        with TestClient(create_app(app), base_url="http://127.0.0.1") as client:
            found = client.get("/api/v1/people", params={"q": "Ben Okafor"}).json()
            pid = found["rows"][0]["person"]["id"]
    finally:
        app.close()

    def first_view(path: str) -> tuple[float, float]:
        app = App(Settings(f"sqlite:///{db}"), fixed_now=NOW)
        try:
            with TestClient(create_app(app), base_url="http://127.0.0.1") as client:
                t, c = time.perf_counter(), time.process_time()
                response = client.get(path.format(person=pid))
                cpu, wall = time.process_time() - c, time.perf_counter() - t
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                return cpu * 1000, wall * 1000
        finally:
            app.close()

    health = [first_view("/healthz") for _ in range(repeat)]
    base = max(statistics.median(c for c, _ in health), 0.01)
    out: dict[str, Any] = {"/healthz": _medians(health, base)}
    for page in only or IN_PROCESS_PAGES:
        out[page] = _medians([first_view(page) for _ in range(repeat)], base)
    return out


def _medians(runs: list[tuple[float, float]], base_cpu: float) -> dict[str, float]:
    cpu = statistics.median(c for c, _ in runs)
    return {
        "cpu_ms": round(cpu, 1),
        "wall_ms": round(statistics.median(w for _, w in runs), 1),
        "x_healthz": round(cpu / base_cpu, 1),
    }


def in_process_compared(
    db: Path,
    repeat: int,
    before: str,
    rounds: int,
    only: list[str] | None = None,
    fresh: bool = False,
) -> dict[str, Any]:
    """``in_process`` for this code and for ``before`` (a src folder), each in a child
    process on its own copy of ``db``, alternating ``rounds`` times; medians over the rounds."""
    runs: dict[str, list[dict[str, Any]]] = {"after": [], "before": []}
    with tempfile.TemporaryDirectory(prefix="kithkin-web-") as tmp:
        for _ in range(rounds):
            for label, src in (("after", None), ("before", before)):
                copy = Path(tmp) / f"{label}.db"
                shutil.copyfile(db, copy)
                argv = [sys.executable, __file__, "--in-process", "--db", str(copy), "--json"]
                argv += ["--repeat", str(repeat)] + (["--fresh"] if fresh else [])
                for page in only or ():
                    argv += ["--page", page]
                env = {**os.environ, "KITHKIN_BENCH_SRC": src} if src else None
                done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise SystemExit(f"the {label} run failed:\n{done.stderr[-2000:]}")
                runs[label].append(json.loads(done.stdout)["in_process"])
                copy.unlink()
    out: dict[str, Any] = {}
    for page in runs["after"][0]:
        row: dict[str, Any] = {}
        for label in ("before", "after"):
            got = [r[page] for r in runs[label] if page in r]
            if got:
                row[label] = {k: round(statistics.median(g[k] for g in got), 1) for k in got[0]}
        if "before" in row:
            row["after_over_before"] = round(
                row["after"]["cpu_ms"] / max(row["before"]["cpu_ms"], 0.01), 2
            )
        out[page] = row
    return out


def print_in_process(results: dict[str, Any], fresh: bool = False) -> None:
    if fresh:
        print("CPU ms of each page's first view on an app just opened, in-process")
    else:
        print("CPU ms of the first view after a call logged through the API, in-process")
    compared = "before" in next(iter(results.values()))
    head = f"{'page':40} {'cpu ms':>8} {'wall ms':>8} {'x healthz':>9}"
    print(
        head + (f"   {'before cpu':>10} {'x healthz':>9} {'after/before':>12}" if compared else "")
    )
    for page, r in results.items():
        a = r.get("after", r)
        line = f"{page:40} {a['cpu_ms']:>8} {a['wall_ms']:>8} {a['x_healthz']:>9}"
        if compared and "before" in r:
            b = r["before"]
            line += f"   {b['cpu_ms']:>10} {b['x_healthz']:>9} {r['after_over_before']:>12}"
        print(line)


def network_file(db: str | None, tmp: str, people: int) -> tuple[Path, dict[str, int] | None]:
    """The network to measure: ``db`` when given and present, else built (into ``db`` if given)."""
    path = Path(db) if db else Path(tmp) / "big.db"
    if path.exists():
        return path, None
    return path, build(path, people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--map-people", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="Skip drawing the map.")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    parser.add_argument(
        "--in-process", action="store_true", help="CPU time per page, the app in this process."
    )
    parser.add_argument("--before", help="the src folder of a version to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="With --before: alternations.")
    parser.add_argument("--db", help="Keep the network in this file (built when missing).")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="With --in-process: each page's first view on an app just opened.",
    )
    parser.add_argument(
        "--page", action="append", help="With --in-process: this page, not the list (repeatable)."
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"now": NOW.isoformat(), "repeat": args.repeat}
    with tempfile.TemporaryDirectory(prefix="kithkin-web-") as tmp:
        t = time.perf_counter()
        big, made = network_file(args.db, tmp, args.people)
        if made is not None:
            results["network"] = {**made, "build_s": round(time.perf_counter() - t, 1)}
        if args.in_process:
            if args.before:
                results["in_process"] = in_process_compared(
                    big, args.repeat, args.before, args.rounds, args.page, args.fresh
                )
            elif args.fresh:
                results["in_process"] = in_process_fresh(big, args.repeat, args.page)
            else:
                results["in_process"] = in_process(big, args.repeat, args.page)
            if args.json:
                print(json.dumps(results, indent=2))
            else:
                print_in_process(results["in_process"], args.fresh)
            return
        results.update(pages(big, args.repeat, args.before))
        results["rescore"] = rescore(big, args.repeat)
        small = Path(tmp) / "map.db"
        results["map"] = {
            "network": build(small, args.map_people),
            **map_size(small, not args.no_browser),
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    if net := results.get("network"):
        print(f"{net['people']} people, {net['ties']} ties, {net['interactions']} interactions")
    print(f"{'':40} {'first view after a write':>26}   {'repeated views':>26}")
    print(f"{'page':40} {'server ms':>10} {'client':>8} {'x base':>6}   ", end="")
    print(f"{'server ms':>10} {'client':>8} {'x base':>6} {'bytes':>9}")
    for page, r in results["pages"].items():
        f = r.get("first_after_write")
        first = f"{f['server_ms']:>10} {f['client_ms']:>8} {f['x_baseline']:>6}" if f else " " * 26
        print(
            f"{page:40} {first}   {r['server_ms']:>10} {r['client_ms']:>8} "
            f"{r.get('x_baseline', 1):>6} {r['bytes']:>9}"
        )
    for how, what in (
        ("elsewhere", "an interaction logged by another process (followed)"),
        ("whole", "a person added by another process (the whole network loaded again)"),
    ):
        print(f"first view after {what}:")
        for page, r in results["pages"].items():
            if e := r.get(f"first_after_write_{how}"):
                print(f"  {page:38} {e['server_ms']:>10} {e['client_ms']:>8} {e['x_baseline']:>6}")
    if "before" in results:
        print("first view after a write through the server, this code against --before:")
        print(
            f"  {'page':38} {'after ms':>9} {'x base':>6}"
            f" {'before ms':>9} {'x base':>6} {'ratio':>6}"
        )
        for page, r in results["pages"].items():
            b = results["before"]["pages"][page]
            a, b = r.get("first_after_write", r), b.get("first_after_write", b)
            ratio = a["server_ms"] / max(b["server_ms"], 0.01)
            print(
                f"  {page:38} {a['server_ms']:>9} {a.get('x_baseline', 1):>6}"
                f" {b['server_ms']:>9} {b.get('x_baseline', 1):>6} {ratio:>6.2f}"
            )
    print(f"server resident memory: {results['rss_mb']} MB (peak {results['peak_rss_mb']} MB)")
    rs = results["rescore"]
    print(
        f"rescoring after a write: {rs['total_s']} s (load_network {rs['load_network_s']} s,"
        f" tie_strengths {rs['tie_strengths_s']} s)"
    )
    m = results["map"]
    print(
        f"map data for {m['network']['people']} people: {m['map_mb']} MB ({m['map_server_ms']} ms)"
    )
    if "browser_draw_s" in m:
        print(
            f"drawn in Chromium: {m['browser_nodes']} nodes in {m['browser_draw_s']} s"
            f" (page load to last node, {m['browser_draw_after_data_ms']} ms after the data came);"
            f" a zoom renders in {m['zoom_frame_ms']} ms"
        )


if __name__ == "__main__":
    main()
