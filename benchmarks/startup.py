"""How much CPU does a ``kith`` command cost to start, against ``python -c pass`` in the same run?

Each command runs ``--repeat`` times as a fresh process (the console script a
user types); its CPU time (user + system, from ``wait4``) is taken, and the
median is compared with the median of ``python -c pass`` measured in between
(the interpreter's own start, the baseline). Commands:

- ``kith --help``
- ``kith person list`` on the demo network (built once into a temporary SQLite file)
- ``kith person list --json`` on the same
- ``kith agenda`` on the same

and, as a floor for ``kith person list``, a bare interpreter importing the libraries
that command loads and cannot do without (SQLAlchemy to read the database, numpy to
score, Typer and Rich for the command line, pydantic because Typer checks option
values with it), doing nothing with them.

Goals: ``kith --help`` at most 0.25 s of CPU, ``kith person list`` at most 0.6 s.

``--before SRC`` also runs every command on another version of the code (its
``src`` folder, e.g. from ``git archive COMMIT src | tar -x -C /tmp/before``),
interleaved run for run with this one, so both see the same load.

``--parts`` also times each of those libraries imported alone, and where
``kith person list`` spends its CPU in one process (``time.process_time`` around
each step: imports, opening the database, reading and scoring the network into
the page, drawing the table at 80 columns into /dev/null).

    python benchmarks/startup.py --repeat 7 --json
    python benchmarks/startup.py --before /tmp/before/src
    python benchmarks/startup.py --parts
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

GOALS = {"kith --help": 0.25, "kith person list": 0.6}
LIBRARIES = "import sqlalchemy, numpy, typer, rich.table, pydantic"
FLOOR = f"python -c '{LIBRARIES}'"
ALONE = [f"import {name}" for name in LIBRARIES.removeprefix("import ").split(", ")]

# ``kith person list`` step by step in one process; prints the CPU seconds of each step.
PARTS = """
import json, os, sys, time
steps, last = {}, time.process_time()
def step(name):
    global last
    now = time.process_time()
    steps[name] = now - last
    last = now
from kithkin.cli.main import load_commands
load_commands(["person", "list"])
from kithkin.cli.context import console
from kithkin.cli.people import people_table
from kithkin.service import relationships
from kithkin.service.app import App
from kithkin.service.when import parse_now
step("imports")
app = App.open(db=sys.argv[1], now=parse_now("2026-06-01"))
step("open the database")
page = relationships.people_page(app)
step("read and score the network")
console.file, console.width = open(os.devnull, "w"), 80
rows = page.rows
console.print(people_table([r.person for r in rows], "people", [r.relationship for r in rows]))
step("draw the table")
print(json.dumps(steps))
"""
KITH = str(Path(sys.executable).with_name("kith"))


def cpu_seconds(argv: list[str], src: str | None = None) -> float:
    """User + system CPU of one run of ``argv`` (and its children), output discarded;
    with ``src``, on the code in that folder instead of this checkout's."""
    env = {**os.environ, "PYTHONPATH": src} if src else None
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {process.returncode}")
    return usage.ru_utime + usage.ru_stime


def measure(
    commands: dict[str, list[str]], repeat: int, before: str | None, parts: bool = False
) -> dict[str, list[float]]:
    """Interleaved runs, so that a burst of load elsewhere hits every command alike."""
    alone = {f"python -c '{code}'": code for code in ALONE} if parts else {}
    names = ["python -c pass", FLOOR, *alone, *commands]
    if before:
        names += [f"{name} (before)" for name in commands]
    runs: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeat):
        runs["python -c pass"].append(cpu_seconds([sys.executable, "-c", "pass"]))
        runs[FLOOR].append(cpu_seconds([sys.executable, "-c", LIBRARIES]))
        for name, code in alone.items():
            runs[name].append(cpu_seconds([sys.executable, "-c", code]))
        for name, argv in commands.items():
            runs[name].append(cpu_seconds(argv))
            if before:
                runs[f"{name} (before)"].append(cpu_seconds(argv, before))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--before", help="the src folder of a version to compare with")
    parser.add_argument("--parts", action="store_true", help="also time the parts of a list")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kithkin-startup-"))
    try:
        db = folder / "demo.db"
        subprocess.run(
            [KITH, "--db", str(db), "--now", "2026-06-01", "demo"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        on_demo = [KITH, "--db", str(db), "--now", "2026-06-01"]
        commands = {
            "kith --help": [KITH, "--help"],
            "kith person list": [*on_demo, "person", "list"],
            "kith person list --json": [*on_demo, "person", "list", "--json"],
            "kith agenda": [*on_demo, "agenda"],
        }
        runs = measure(commands, args.repeat, args.before, args.parts)
        steps = list_steps(db, args.repeat) if args.parts else {}
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    baseline = statistics.median(runs["python -c pass"])
    rows: list[dict[str, Any]] = []
    for name, seconds in runs.items():
        median = statistics.median(seconds)
        rows.append(
            {
                "command": name,
                "median_cpu_s": round(median, 3),
                "min_cpu_s": round(min(seconds), 3),
                "ratio_to_python": round(median / baseline, 1) if baseline else None,
                "goal_cpu_s": GOALS.get(name),
                "meets_goal": median <= GOALS[name] if name in GOALS else None,
            }
        )
    if args.json:
        print(json.dumps({"repeat": args.repeat, "rows": rows, "list_steps": steps}, indent=2))
        return
    width = max(len(row["command"]) for row in rows)
    print(f"{'command':<{width}} {'median CPU':>10} {'min':>7} {'× python':>9} {'goal':>6}")
    for row in rows:
        goal = f"{row['goal_cpu_s']:.2f}" if row["goal_cpu_s"] else ""
        print(
            f"{row['command']:<{width}} {row['median_cpu_s']:>9.3f}s {row['min_cpu_s']:>6.3f}s "
            f"{row['ratio_to_python'] or 0:>8.1f}× {goal:>6}"
        )

    if steps:
        print("\nkith person list, in one process (median CPU seconds of each step):")
        for name, step_s in steps.items():
            print(f"  {name:<28} {step_s:.3f}s")


def list_steps(db: Path, repeat: int) -> dict[str, float]:
    """Median CPU seconds of each step of ``kith person list`` (``PARTS``) on ``db``."""
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", PARTS, str(db)], capture_output=True, text=True, check=True
        )
        for name, seconds in json.loads(done.stdout).items():
            runs.setdefault(name, []).append(seconds)
    return {name: round(statistics.median(seconds), 3) for name, seconds in runs.items()}


if __name__ == "__main__":
    main()
