"""Speed: is pausing the cyclic garbage collector while building a network still worth it?

A synthetic network of 10,000 people (``strength_scale.generate``) is built as
plain objects and every pair scored (``tie_strengths``), as the app does after
loading its database, once with the collector paused (``kithkin.process``) and
once with it running as Python's defaults have it, alternately in the same run.
The script reports the median process CPU time of each and their ratio.

With ``--import-rows N`` it also imports a generated LinkedIn file of N rows
(``import_speed.write_linkedin``) into a fresh SQLite database, once as
``import_files`` runs (young collections every 1,000,000 allocations) and once
with Python's thresholds held around it (``fewer_collections`` nests: the first
caller's thresholds stay until the last one leaves).

    python benchmarks/collector.py --json
    python benchmarks/collector.py --import-rows 10000 --json
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.import_speed import ME, write_linkedin
from benchmarks.strength_scale import NOW, Data, generate
from kithkin.insight.network import Network
from kithkin.insight.strength import tie_strengths
from kithkin.insight.strength_core import BY_A, BY_B
from kithkin.model import Channel, Interaction, Person, Tie
from kithkin.process import collector_paused, fewer_collections
from kithkin.service.app import App
from kithkin.service.importing import import_files


def built_and_scored(d: Data) -> int:
    """The network's objects made and every pair scored; how many pairs."""
    people = {i: Person(f"Person {i}", id=i, is_me=i == 0) for i in range(d.n_people)}
    channels = list(Channel)
    pa, pb = d.pa.tolist(), d.pb.tolist()
    records = [
        Interaction(
            datetime.fromtimestamp(t, UTC),
            channels[ch],
            [pa[k], pb[k]],
            initiator=pa[k] if who == BY_A else pb[k] if who == BY_B else None,
            answered=None if ans == -1 else bool(ans),
        )
        for k, t, ch, who, ans in zip(
            d.pair.tolist(),
            d.t.tolist(),
            d.channel.tolist(),
            d.initiator.tolist(),
            d.answered.tolist(),
            strict=True,
        )
    ]
    network = Network(0, people, [Tie(a, b) for a, b in zip(pa, pb, strict=True)], records)
    return len(tie_strengths(network, datetime.fromtimestamp(NOW, UTC)))


def cpu_seconds(d: Data, pause: bool) -> float:
    gc.collect()
    context: AbstractContextManager[None] = collector_paused() if pause else nullcontext()
    start = time.process_time()
    with context:
        built_and_scored(d)
    return time.process_time() - start


def import_cpu_seconds(csv: Path, db: Path, eased: bool) -> float:
    """CPU time of importing ``csv`` into a fresh database at ``db``."""
    db.unlink(missing_ok=True)
    app = App.open(db)
    gc.collect()
    held = nullcontext() if eased else fewer_collections(gc.get_threshold()[0])
    try:
        start = time.process_time()
        with held:
            summary = import_files(app, [csv], fmt="linkedin", me=[ME])
        seconds = time.process_time() - start
    finally:
        app.close()
    if summary.failed:
        raise SystemExit(f"import failed: {summary.failed[0]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=0, help="also time an import")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()

    data = generate(args.people, args.interactions)
    paused: list[float] = []
    running: list[float] = []
    for _ in range(args.repeats):  # alternated, so a busy machine weighs on both alike
        paused.append(cpu_seconds(data, pause=True))
        running.append(cpu_seconds(data, pause=False))
    out: dict[str, float | int] = {
        "people": args.people,
        "interactions": args.interactions,
        "repeats": args.repeats,
        "paused_cpu_seconds": round(statistics.median(paused), 3),
        "running_cpu_seconds": round(statistics.median(running), 3),
        "running_over_paused": round(statistics.median(running) / statistics.median(paused), 2),
    }
    if args.import_rows:
        with tempfile.TemporaryDirectory() as tmp:
            csv = Path(tmp) / "Connections.csv"
            write_linkedin(csv, args.import_rows, random.Random(7))
            eased: list[float] = []
            default: list[float] = []
            for _ in range(args.repeats):
                eased.append(import_cpu_seconds(csv, Path(tmp) / "k.db", eased=True))
                default.append(import_cpu_seconds(csv, Path(tmp) / "k.db", eased=False))
        out |= {
            "import_rows": args.import_rows,
            "import_eased_cpu_seconds": round(statistics.median(eased), 3),
            "import_default_cpu_seconds": round(statistics.median(default), 3),
            "import_default_over_eased": round(
                statistics.median(default) / statistics.median(eased), 2
            ),
        }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
