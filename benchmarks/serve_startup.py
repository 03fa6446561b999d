"""How long does ``kith serve`` take to answer, against another version in the same run?

Each round starts ``kith serve --no-browser`` as a fresh process on a new SQLite file
(the way the end-to-end tests start it), polls ``/healthz`` every 10 ms until it
answers, then stops it. Wall time is to the first answer; CPU time (user + system of
the process, from ``wait4``) covers its whole life, start-up being nearly all of it.
With ``--before SRC`` (the ``src`` folder of another version) every round runs both,
alternating which goes first, so both see the same load.

    python benchmarks/serve_startup.py --rounds 7 --before /tmp/before/src --json
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

SRC = str(Path(__file__).resolve().parents[1] / "src")
RUN = "import sys\nfrom kithkin.cli.main import run\nrun(sys.argv[1:])\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def one_start(src: str) -> tuple[float, float]:
    """(seconds to the first answer, CPU seconds of the whole process) for one start."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "KITHKIN_DATABASE_URL"}
        env["PYTHONPATH"] = src
        argv = [sys.executable, "-c", RUN, "--db", f"{tmp}/k.db", "serve", "--no-browser"]
        start = time.monotonic()
        process = subprocess.Popen(
            [*argv, "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise SystemExit("kith serve did not start") from None
                time.sleep(0.01)
        wall = time.monotonic() - start
        process.send_signal(signal.SIGINT)
        _, _, usage = os.wait4(process.pid, 0)
        return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", help="another version's src folder, run in turn")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    versions = {"now": SRC} | ({"before": args.before} if args.before else {})
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in versions}
    for i in range(args.rounds):
        order = list(versions) if i % 2 == 0 else list(reversed(versions))
        for name in order:
            runs[name].append(one_start(versions[name]))
    result = {
        name: {
            "wall_median_s": round(statistics.median(w for w, _ in got), 3),
            "cpu_median_s": round(statistics.median(c for _, c in got), 3),
            "wall_s": [round(w, 3) for w, _ in got],
            "cpu_s": [round(c, 3) for _, c in got],
        }
        for name, got in runs.items()
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name, figures in result.items():
            print(f"{name}: {figures['wall_median_s']} s wall, {figures['cpu_median_s']} s CPU")


if __name__ == "__main__":
    main()
