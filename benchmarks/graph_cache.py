"""Is the path graph's file beside an SQLite database worth keeping?

A ``kith path`` command is a process of its own: without the file it loads the
network, scores every tie and builds the path graph; with it, it reads what an
earlier command saved (same data version, same hour). On a network of
``--people`` people (the demo network cloned, as ``web_speed.py`` does), each
timed as a fresh process running ``find_paths``, medians of ``--repeat``:

- ``none``: no file (the cache switched off);
- ``same``: the file from the same question asked before (answered from it);
- ``other``: the file from another question (the graph and readiness verdicts
  reused, the answer worked out).

    python benchmarks/graph_cache.py --src /tmp/k/src --json

The file cache is gone from this checkout (the measurement below said so), so
``--src`` names the ``src`` folder of a checkout that still has one and the
same schema: commit 436dbed kept it as a data-only ``.npz`` file, e.g.
``git archive 436dbed src | tar -x -C /tmp/k``. Without ``--src``, ``same`` and
``other`` measure this checkout, where they cost what ``none`` does.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.web_speed import NOW, build

QUERY = """
import json, sys, time
t, c = time.perf_counter(), time.process_time()
from kithkin.service.app import App
from kithkin.service.paths import find_paths
app = App.open(sys.argv[1], now=__import__("datetime").datetime.fromisoformat(sys.argv[2]))
app.cache_files = sys.argv[3] == "on"
find_paths(app, sys.argv[4])
print(json.dumps({"s": time.perf_counter() - t, "cpu_s": time.process_time() - c}))
"""


def _query(db: Path, cache: bool, target: str, src: str | None) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": src} if src else None
    done = subprocess.run(
        [sys.executable, "-c", QUERY, str(db), NOW.isoformat(), "on" if cache else "off", target],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}


def measure(people: int, repeat: int, src: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        size = build(db, people)
        cache_file = db.with_name(db.name + ".graph-cache")
        none, same, other = [], [], []
        for _ in range(repeat):
            cache_file.unlink(missing_ok=True)
            none.append(_query(db, False, "Contoso", src))
            _query(db, True, "Contoso", src)  # saves the file
            same.append(_query(db, True, "Contoso", src))
            cache_file.unlink(missing_ok=True)
            _query(db, True, "Globex", src)
            other.append(_query(db, True, "Contoso", src))
        file_bytes = cache_file.stat().st_size if cache_file.exists() else 0
    out: dict[str, Any] = {
        "network": size,
        "none": _median(none),
        "same": _median(same),
        "other": _median(other),
        "file_bytes": file_bytes,
    }
    for name in ("same", "other"):
        out[f"ratio_{name}_to_none"] = round(out[name]["s"] / out["none"]["s"], 3)
        out[f"cpu_ratio_{name}_to_none"] = round(out[name]["cpu_s"] / out["none"]["cpu_s"], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--src", help="another checkout's src folder: the code to measure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = measure(args.people, args.repeat, args.src)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(key, value)


if __name__ == "__main__":
    main()
