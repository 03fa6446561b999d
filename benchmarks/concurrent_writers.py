"""Do writes wait their turn? The web app and two CLI writers on one database.

On a fresh database (SQLite file, then PostgreSQL) with me and three people:

1. ``kith serve`` on a loopback port (its own process), taking writes through the
   JSON API from ``--web-threads`` clients at once (a burst);
2. two CLI writer processes, each running ``kith log message …`` commands one
   after the other through the CLI's entry point (the same code as the console
   script, without starting an interpreter per command);

``--writes`` writes in all (a third each), every one with its own note. A write
counts as failed when the server does not answer 201 or the command exits
non-zero; afterwards every acknowledged write must be in the database.

    python benchmarks/concurrent_writers.py --json
    python benchmarks/concurrent_writers.py --src /path/to/other/checkout/src  # other code

``--src`` runs the server and the writers on another checkout's code (the
baseline); this script itself only speaks HTTP and SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

KITH = Path(sys.executable).with_name("kith")
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PEOPLE = ("Ben Okafor", "May Parker", "Leo Martins")

# One CLI writer: ``kith log`` commands in a row; prints the failures as JSON.
WRITER = """
import io, json, sys
from contextlib import redirect_stderr, redirect_stdout
from kithkin.cli.main import run

url, who, names = sys.argv[1], sys.argv[2], sys.argv[5:]
first, count = int(sys.argv[3]), int(sys.argv[4])
failed, done = [], []
for i in range(first, first + count):
    note = f"{who} {i}"
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            run(["--db", url, "log", "message", names[i % len(names)], "--note", note])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        except Exception as exc:  # a traceback: counted, and its first line kept
            code, _ = 99, err.write(f"{type(exc).__name__}: {exc}")
    if code == 0:
        done.append(note)
    else:
        lines = err.getvalue().strip().splitlines()
        failed.append(f"exit {code}: " + (lines[-1] if lines else ""))
print(json.dumps({"done": done, "failed": failed}))
"""


def _env(src: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KITHKIN_DEBUG",)}
    env["KITHKIN_DATABASE_URL"] = ""
    if src:
        env["PYTHONPATH"] = src
    return env


def _kith(url: str, env: dict[str, str], *args: str) -> None:
    subprocess.run([str(KITH), "--db", url, *args], env=env, check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _ids(url: str) -> list[int]:
    """The people the writes are with, read straight from the database."""
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT id FROM person WHERE display_name IN (:a, :b, :c)"),
            dict(zip("abc", PEOPLE, strict=True)),
        )
        ids = sorted(int(i) for i in found.scalars())
    engine.dispose()
    assert len(ids) == len(PEOPLE), ids
    return ids


def run_once(url: str, writes: int, web_threads: int, src: str | None) -> dict[str, Any]:
    env = _env(src)
    _kith(url, env, "init", "--me", "Alex Morgan")
    for name in PEOPLE:
        _kith(url, env, "person", "add", name)
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads would fill and stall it.
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed once the server has stopped
    server = subprocess.Popen(
        [str(KITH), "--db", url, "serve", "--no-browser", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
        deadline = time.monotonic() + 120
        while True:
            try:
                client.get("/healthz")
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("kith serve did not start") from None
                time.sleep(0.2)
        csrf = client.get("/api/v1/csrf").json()["token"]
        ids = _ids(url)
        web_n = writes - 2 * (writes // 3)
        cli_n = writes // 3
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, url, f"cli{k}", str(0), str(cli_n), *PEOPLE],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for k in (1, 2)
        ]

        def web_write(i: int) -> tuple[str, str | None]:
            note = f"web {i}"
            with httpx.Client(base_url=client.base_url, timeout=120) as own:
                own.cookies.update(client.cookies)
                try:
                    response = own.post(
                        f"/api/v1/people/{ids[i % len(ids)]}/interactions",
                        json={"channel": "message", "note": note},
                        headers={"X-CSRF-Token": csrf},
                    )
                except httpx.TransportError as exc:
                    return note, f"transport: {exc}"
            if response.status_code == 201:
                return note, None
            retry = response.headers.get("Retry-After")
            return note, f"HTTP {response.status_code}" + (f" Retry-After {retry}" if retry else "")

        start = time.perf_counter()
        with ThreadPoolExecutor(web_threads) as pool:
            web = list(pool.map(web_write, range(web_n)))
        done = [note for note, error in web if error is None]
        failed = [error for _, error in web if error is not None]
        for writer in writers:
            out, err = writer.communicate(timeout=3600)
            if writer.returncode != 0:
                raise SystemExit(f"a writer crashed: {err[-2000:]}")
            result = json.loads(out)
            done += result["done"]
            failed += result["failed"]
        seconds = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.seek(0)
        tracebacks = log.read().count("Traceback (most recent call last)")
        log.close()
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = set(conn.execute(text("SELECT note FROM interaction")).scalars())
    engine.dispose()
    kinds: dict[str, int] = {}
    for error in failed:
        key = error.split(":")[0] if error.startswith("exit") else error
        kinds[key] = kinds.get(key, 0) + 1
    return {
        "writes": writes,
        "failed": len(failed),
        "failed_web": sum(1 for _, e in web if e is not None),
        "failed_cli": len(failed) - sum(1 for _, e in web if e is not None),
        "failures_by_kind": kinds,
        "acknowledged": len(done),
        "acknowledged_missing": len([n for n in done if n not in stored]),
        "server_tracebacks": tracebacks,
        "seconds": round(seconds, 1),
        "example_failure": failed[0][:200] if failed else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--web-threads", type=int, default=4)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--src", help="another checkout's src folder: the code to measure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out: dict[str, Any] = {"code": args.src or "this checkout"}
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'shared.db'}"
            out["sqlite"] = run_once(url, args.writes, args.web_threads, args.src)
    if args.backend in ("postgresql", "both"):
        name = f"kithkin_writers_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            out["postgresql"] = run_once(url, args.writes, args.web_threads, args.src)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for backend in ("sqlite", "postgresql"):
        if backend in out:
            r = out[backend]
            print(
                f"{backend}: {r['failed']} of {r['writes']} writes failed "
                f"(web {r['failed_web']}, CLI {r['failed_cli']}); "
                f"{r['acknowledged_missing']} of {r['acknowledged']} acknowledged writes missing; "
                f"{r['seconds']} s"
            )


if __name__ == "__main__":
    main()
