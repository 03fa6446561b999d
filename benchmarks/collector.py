"""Speed: is pausing the cyclic garbage collector while building a network still worth it?

A synthetic network of 10,000 people (``strength_scale.generate``) is built as
plain objects and every pair scored (``tie_strengths``), as the app does after
loading its database, once with the collector paused (``kithkin.process``) and
once with it running as Python's defaults have it, alternately in the same run.
The script reports the median process CPU time of each and their ratio.

    python benchmarks/collector.py --json
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.strength_scale import NOW, Data, generate
from kithkin.insight.network import Network
from kithkin.insight.strength import tie_strengths
from kithkin.insight.strength_core import BY_A, BY_B
from kithkin.model import Channel, Interaction, Person, Tie
from kithkin.process import collector_paused


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()

    data = generate(args.people, args.interactions)
    paused: list[float] = []
    running: list[float] = []
    for _ in range(args.repeats):  # alternated, so a busy machine weighs on both alike
        paused.append(cpu_seconds(data, pause=True))
        running.append(cpu_seconds(data, pause=False))
    out = {
        "people": args.people,
        "interactions": args.interactions,
        "repeats": args.repeats,
        "paused_cpu_seconds": round(statistics.median(paused), 3),
        "running_cpu_seconds": round(statistics.median(running), 3),
        "running_over_paused": round(statistics.median(running) / statistics.median(paused), 2),
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
