"""How fast ``kith import`` is, end to end, on large generated exports.

Three files are generated once per run (a seeded random network):

- a LinkedIn ``Connections.csv`` of 30,000 rows (target: under 5 s),
- a vCard file of 10,000 cards (target: under 10 s),
- an mbox of 100,000 messages (target: under 60 s, peak memory under 500 MB).

Each is imported into a fresh SQLite database by ``kith import`` in a child
process (interpreter start-up included), and compared with a baseline measured
in the same run: parsing the file alone, with nothing resolved or written.
The child also times the import service call alone (``service``), so the
figure without start-up is reported beside the one a user waits for.
Medians of ``--repeat`` runs; ``--json`` prints the figures for scripts.

    .venv/bin/python benchmarks/import_speed.py [--repeat 3] [--scale 1.0] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ME = "alex.morgan@example.com"
# A mix of real and made-up names, so that namesakes are as rare as in a real network.
GIVEN = [
    "Ada",
    "Alan",
    "Grace",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Ken",
    "Margaret",
    "Dennis",
    "Radia",
    "Linus",
]
GIVEN += [
    "Guido",
    "Anita",
    "Tim",
    "Vint",
    "Shafi",
    "Leslie",
    "John",
    "Mary",
    "Priya",
    "Wei",
    "Daniel",
    "Keiko",
    "Lena",
    "Rachel",
]
TARGETS = {"linkedin": 5.0, "vcard": 10.0, "mail": 60.0}
RSS_TARGET_MB = 500


SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ten",
    "sa",
    "vo",
    "ri",
    "na",
    "der",
    "ul",
    "mo",
    "pe",
    "ti",
    "gan",
    "lu",
    "ber",
    "so",
    "ha",
    "win",
]


def _name(rng: random.Random, i: int) -> tuple[str, str]:
    """A plausible name: about 8,000 family names, so namesakes are as rare as in life."""
    family = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).capitalize()
    given = rng.choice(GIVEN) if i % 2 else "".join(rng.choices(SYLLABLES, k=2)).capitalize()
    return given, family


def _company(rng: random.Random) -> str:
    """Employers follow a long tail: a few large ones, thousands of small ones."""
    return f"Company {min(int(rng.paretovariate(0.8)), 50_000)}"


def write_linkedin(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write('Notes:\n"When exporting your connection data, you may notice..."\n\n')
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        start = datetime(2012, 1, 1)
        for i in range(rows):
            given, family = _name(rng, i)
            email = f"{given.lower()}.{i}@mail{i % 50}.example.org" if i % 3 == 0 else ""
            company = _company(rng)
            when = start + timedelta(days=rng.randrange(5000))
            out.write(
                f"{given},{family},https://www.linkedin.com/in/p{i},{email},{company},"
                f"Engineer,{when:%d %b %Y}\n"
            )


def write_vcards(path: Path, cards: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        for i in range(cards):
            given, family = _name(rng, i)
            out.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"FN:{given} {family}\r\nN:{family};{given};;;\r\n"
                f"EMAIL;TYPE=home:{given.lower()}.{family.lower()}.{i}@example.net\r\n"
                f"TEL;TYPE=cell:+1 212 {i // 10000 + 200:03d} {i % 10000:04d}\r\n"
                f"ORG:{_company(rng)}\r\nTITLE:Analyst\r\n"
                f"CATEGORIES:{rng.choice(['Friends', 'Work', 'Family'])}\r\n"
                f"NOTE:Card {i}\\, generated\r\nEND:VCARD\r\n"
            )


def write_mbox(path: Path, messages: int, rng: random.Random) -> None:
    people = [f"{rng.choice(GIVEN).lower()}{i}@corp{i % 40}.example.com" for i in range(2000)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(messages):
            other = rng.choice(people)
            mine = i % 2 == 0
            sender, to = (ME, other) if mine else (other, ME)
            cc = f"Cc: {rng.choice(people)}\n" if i % 5 == 0 else ""
            reply = f"In-Reply-To: <m{i - 1}@bench>\n" if i % 3 == 0 and i else ""
            when = start + timedelta(minutes=7 * i)
            out.write(
                f"From {sender} {when:%a %b %d %H:%M:%S %Y}\n"
                f"From: {sender}\nTo: {to}\n{cc}Subject: message {i}\n"
                f"Date: {when:%a, %d %b %Y %H:%M:%S +0000}\n"
                f"Message-ID: <m{i}@bench>\n{reply}\nBody of message {i}.\n\n"
            )


def parse_only(path: Path, fmt: str) -> int:
    from kithkin.ingest.detect import parse_file

    return sum(1 for _ in parse_file(path, fmt, me=[ME], region="US"))


def child_import(path: str, db: str, fmt: str) -> None:
    """Run in the child process: the CLI in-process, then this process's peak memory.

    The service call is timed on its own too, so start-up and import can be told apart.
    """
    from kithkin.cli.main import run
    from kithkin.service import importing

    inner: dict[str, float] = {}
    service = importing.import_files

    def timed_service(*args: Any, **kwargs: Any) -> Any:
        begin, cpu = time.perf_counter(), time.process_time()
        try:
            return service(*args, **kwargs)
        finally:
            inner["wall"] = time.perf_counter() - begin
            inner["cpu"] = time.process_time() - cpu

    importing.import_files = timed_service
    try:
        run(["--db", db, "import", path, "--format", fmt, "--me", ME, "--json"])
    except SystemExit as exc:
        if exc.code:
            raise
    finally:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        report = {"peak_mb": usage.ru_maxrss / 1024, "cpu_s": cpu}
        report |= {"service_s": inner.get("wall", 0.0), "service_cpu_s": inner.get("cpu", 0.0)}
        sys.stderr.write(json.dumps(report) + "\n")


def end_to_end(
    path: Path, fmt: str, workdir: Path, n: int
) -> tuple[float, float, dict[str, int], float, float, float]:
    db = workdir / f"{fmt}-{n}.db"
    begin = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(db), fmt],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - begin
    if done.returncode != 0:
        raise SystemExit(f"import of {path} failed: {done.stderr.strip()[-2000:]}")
    usage = json.loads(done.stderr.strip().splitlines()[-1])
    totals = json.loads(done.stdout)["totals"]
    return (
        seconds,
        usage["peak_mb"],
        totals,
        usage["cpu_s"],
        usage["service_s"],
        usage["service_cpu_s"],
    )


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds: on a shared machine the CPU time is the steadier figure."""
    begin, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - begin, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the full sizes.")
    parser.add_argument("--only", choices=sorted(TARGETS), action="append")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_import(*args.child)
        return
    rng = random.Random(20260601)
    sizes = {"linkedin": 30_000, "vcard": 10_000, "mail": 100_000}
    writers = {"linkedin": write_linkedin, "vcard": write_vcards, "mail": write_mbox}
    names = {"linkedin": "Connections.csv", "vcard": "contacts.vcf", "mail": "mail.mbox"}
    results = []
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        for fmt in args.only or ["linkedin", "vcard", "mail"]:
            count = max(1, int(sizes[fmt] * args.scale))
            path = workdir / names[fmt]
            writers[fmt](path, count, rng)
            baseline = [timed(partial(parse_only, path, fmt)) for _ in range(args.repeat)]
            runs = [end_to_end(path, fmt, workdir, n) for n in range(args.repeat)]
            seconds = statistics.median(r[0] for r in runs)
            target = TARGETS[fmt] * args.scale
            results.append(
                {
                    "format": fmt,
                    "records": count,
                    "file_mb": round(path.stat().st_size / 1e6, 1),
                    "import_s": round(seconds, 2),
                    "import_cpu_s": round(statistics.median(r[3] for r in runs), 2),
                    # import_files alone, inside the same process: without start-up
                    "service_s": round(statistics.median(r[4] for r in runs), 2),
                    "service_cpu_s": round(statistics.median(r[5] for r in runs), 2),
                    "parse_only_s": round(statistics.median(b[0] for b in baseline), 2),
                    "parse_only_cpu_s": round(statistics.median(b[1] for b in baseline), 2),
                    "ratio_to_parse": round(seconds / statistics.median(b[0] for b in baseline), 2),
                    "peak_mb": round(max(r[1] for r in runs), 1),
                    "target_s": target,
                    "meets_target": seconds < target
                    and (fmt != "mail" or max(r[1] for r in runs) < RSS_TARGET_MB),
                    "totals": runs[0][2],
                }
            )
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"{'format':9} {'records':>8} {'import s':>9} {'cpu s':>6} {'service s':>10} {'cpu s':>6} "
        f"{'parse s':>8} {'cpu s':>6} {'ratio':>6} {'peak MB':>8} {'target':>7}  ok"
    )
    for r in results:
        print(
            f"{r['format']:9} {r['records']:>8} {r['import_s']:>9} {r['import_cpu_s']:>6} "
            f"{r['service_s']:>10} {r['service_cpu_s']:>6} "
            f"{r['parse_only_s']:>8} {r['parse_only_cpu_s']:>6} {r['ratio_to_parse']:>6} "
            f"{r['peak_mb']:>8} {r['target_s']:>7}  {'yes' if r['meets_target'] else 'NO'}"
        )


if __name__ == "__main__":
    main()
