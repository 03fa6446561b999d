"""How long does the test suite take, against an earlier version of it in the same run?

Runs pytest over a selection of tests (by default the whole suite) the way
``scripts/test`` runs it: one process per core (pytest-xdist, ``--dist
worksteal``). With ``--before DIR`` it also runs the same selection from
another version of the tree (e.g. ``git archive 783c2ec | tar -x -C
/tmp/before``), on that version's own ``src`` and the way that version ran it
(``--before-args``, in one process unless told), the two alternating round by
round so both see the same kind of load. Lint, types and the import contracts
that ``scripts/test`` runs first are not part of the figure.

For each run: wall time, CPU of pytest and every process it waited for (its
workers, the ``kith`` processes and browsers the tests start; not the
PostgreSQL server's own work), the load average when it started, and pytest's
closing line. A run that fails is reported, not hidden.

    python benchmarks/suite_time.py --before /tmp/before
    python benchmarks/suite_time.py --rounds 3 tests/integration/test_people.py
    python benchmarks/suite_time.py --log /tmp/suite.log -- --durations=40
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What scripts/test gives pytest before the caller's own arguments.
PARALLEL = ["-n", os.environ.get("KITHKIN_TEST_WORKERS", "auto"), "--dist", "worksteal"]


@dataclass
class Run:
    version: str
    wall_s: float
    cpu_s: float
    load_at_start: float
    exit_code: int
    summary: str


def run_pytest(version: str, tree: Path, args: list[str], keep: Path | None = None) -> Run:
    """One pytest run in ``tree`` on that tree's ``src``; its output is read for the
    closing line, and appended to ``keep`` when given."""
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    # As scripts/test runs it: compiled modules cached, whatever the environment says.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:  # not a pipe: nobody would drain it while waiting
        process = subprocess.Popen(argv, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        log.seek(0)
        lines = log.read().decode("utf-8", "replace").strip().splitlines()
    if keep is not None:
        with keep.open("a", encoding="utf-8") as out:
            out.write(f"== {version}: {' '.join(argv)}\n" + "\n".join(lines) + "\n")
    return Run(
        version=version,
        wall_s=round(wall, 1),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 1),
        load_at_start=round(load, 2),
        exit_code=os.waitstatus_to_exitcode(status),
        summary=lines[-1].strip("= ") if lines else "",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("selection", nargs="*", help="pytest arguments (default: every test)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--before", type=Path, help="another version of the tree to compare")
    parser.add_argument(
        "--before-args",
        default="",
        help="what that version's scripts/test gave pytest (default: nothing, one process)",
    )
    parser.add_argument("--log", type=Path, help="append pytest's output to this file")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if options.before is not None and not (options.before / "tests").is_dir():
        raise SystemExit(f"{options.before} holds no tests folder; extract a tree with git archive")
    runs: list[Run] = []
    for _ in range(options.rounds):
        if options.before is not None:
            args = [*options.before_args.split(), *options.selection]
            runs.append(run_pytest("before", options.before.resolve(), args, options.log))
        runs.append(run_pytest("this", ROOT, [*PARALLEL, *options.selection], options.log))
    if options.json:
        print(json.dumps([asdict(r) for r in runs], indent=2))
        return
    print(f"{'version':8} {'wall s':>8} {'CPU s':>8} {'load':>6}  result")
    for r in runs:
        print(f"{r.version:8} {r.wall_s:8.1f} {r.cpu_s:8.1f} {r.load_at_start:6.2f}  {r.summary}")
    if options.before is not None:
        before = statistics.median(r.wall_s for r in runs if r.version == "before")
        this = statistics.median(r.wall_s for r in runs if r.version == "this")
        print(f"wall time, median: {before:.0f} s before, {this:.0f} s now ({before / this:.2f}x)")


if __name__ == "__main__":
    main()
