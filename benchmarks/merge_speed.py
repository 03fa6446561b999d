"""How ``kith merge --review --accept-all`` scales: 250 against 2,500 proposals.

An address book of pairs (two cards with the same made-up name and different
e-mail addresses, so that each pair is proposed as one person) is imported
into a fresh SQLite file per size. Then, on copies of that file:

- ``one by one``: what ``--accept-all`` did before — list the open proposals,
  accept the first in its own transaction, again until none is left. It slows
  as the list grows, so it is timed on its first ``--sample`` merges only.
- ``one transaction``: ``merging.accept_all``, every proposal in one
  transaction, timed to the end.

Reported per size: merges per second of each, and for ``one transaction`` the
ratio of the time (wall clock and CPU) for 2,500 to the time for 250 (10 means
linear; CPU time is the steadier figure on a shared machine).

    .venv/bin/python benchmarks/merge_speed.py [--sizes 250 2500] [--sample 100] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from import_speed import SYLLABLES  # the same made-up names as the import benchmark
from kithkin.service import merging
from kithkin.service.app import App
from kithkin.service.importing import import_files
from kithkin.store import Settings


def _names(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < n:
        given = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        family = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()
        seen.add(f"{given} {family}")
    return sorted(seen)


def address_book(pairs: int) -> str:
    cards = []
    for i, name in enumerate(_names(pairs)):
        given, family = name.split()
        for side in ("home", "work"):
            cards.append(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"FN:{name}\r\nN:{family};{given};;;\r\n"
                f"EMAIL:{given.lower()}.{i}@{side}{i}.example\r\nEND:VCARD\r\n"
            )
    return "".join(cards)


def prepare(folder: Path, pairs: int) -> tuple[Path, int]:
    """A database with about ``pairs`` open proposals, and how many it has."""
    vcf = folder / f"pairs-{pairs}.vcf"
    vcf.write_text(address_book(pairs), encoding="utf-8")
    db = folder / f"pairs-{pairs}.db"
    app = App(Settings(f"sqlite:///{db}"))
    try:
        summary = import_files(app, [vcf], me=["me@example.org"])
        assert not summary.failed, summary
        proposals = len(merging.list_proposals(app))
    finally:
        app.close()
    return db, proposals


def one_by_one(db: Path, sample: int) -> tuple[int, float]:
    app = App(Settings(f"sqlite:///{db}"))
    try:
        merged = 0
        merging.list_proposals(app)
        start = time.perf_counter()
        while merged < sample and (found := merging.list_proposals(app)):
            merging.decide_proposal(app, found[0].id, accept=True)
            merged += 1
        return merged, time.perf_counter() - start
    finally:
        app.close()


def one_transaction(db: Path) -> tuple[int, float, float]:
    app = App(Settings(f"sqlite:///{db}"))
    try:
        merging.list_proposals(app)  # the database opened and checked before the clock starts
        start, cpu = time.perf_counter(), time.process_time()
        done = merging.accept_all(app)
        return len(done), time.perf_counter() - start, time.process_time() - cpu
    finally:
        app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 2500])
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes:
            db, proposals = prepare(folder, size)
            before = folder / "before.db"
            shutil.copy(db, before)
            n_before, t_before = one_by_one(before, args.sample)
            n_after, t_after, cpu_after = one_transaction(db)
            result[str(size)] = {
                "proposals": proposals,
                "one_by_one_merges": n_before,
                "one_by_one_per_s": round(n_before / t_before, 1),
                "one_transaction_merges": n_after,
                "one_transaction_s": round(t_after, 2),
                "one_transaction_cpu_s": round(cpu_after, 2),
                "one_transaction_per_s": round(n_after / t_after, 1),
            }
    sizes = [str(s) for s in args.sizes]
    if len(sizes) >= 2:
        small, large = result[sizes[0]], result[sizes[-1]]
        result["ratio"] = {
            "proposals": large["proposals"] / small["proposals"],
            "one_transaction_time": round(
                large["one_transaction_s"] / small["one_transaction_s"], 2
            ),
            "one_transaction_cpu": round(
                large["one_transaction_cpu_s"] / small["one_transaction_cpu_s"], 2
            ),
            "one_by_one_rate_small_over_large": round(
                small["one_by_one_per_s"] / large["one_by_one_per_s"], 2
            ),
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, values in result.items():
        print(key, "  ".join(f"{k}={v}" for k, v in values.items()))


if __name__ == "__main__":
    main()
