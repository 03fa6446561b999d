"""How fast ``kith sync`` is against real servers on loopback.

A Radicale (CardDAV) and a Dovecot (IMAP) are started on 127.0.0.1 with generated
data (a seeded random network, the generators of ``import_speed``):

- an address book of 10,000 cards (target: first sync under 30 s),
- an IMAP folder of 50,000 messages (target: first sync under 2 minutes, peak
  memory under 500 MB),
- then a sync of both with nothing new (target: under 2 s), and of each alone, to
  show where its time goes.

The baseline, measured in the same run, is ``kith import`` of the same cards (one
.vcf) and the same messages (one mbox), and for the sync with nothing new ``kith sync
list`` (the same start-up and database, no network): the ratio is what reading over
the network and keeping track of the items costs beyond them.

Each ``kith`` command runs in a child process (start-up included) on a fresh SQLite
database; its CPU time is reported beside the wall time (the rest is mostly waiting
for the servers, which run on the same machine). The address book is stored in one
request and its change history made before timing (see ``server_history``).
Medians of ``--repeat`` runs; ``--json`` prints the figures for scripts.

    .venv/bin/python benchmarks/sync_speed.py [--repeat 1] [--scale 1.0] [--json]

Needs ``radicale`` (a dev dependency) and Debian's ``dovecot-imapd``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "integration" / "sync")]

from sync_servers import PASSWORD, USER, Dovecot, Radicale  # noqa: E402

from benchmarks.import_speed import write_mbox, write_vcards  # noqa: E402

QUICK_REPEAT = 5  # runs of the sync with nothing new, per run
TARGETS = {"contacts": 30.0, "mail": 120.0, "nothing new": 2.0}
QUICK = ("nothing new", "nothing new, contacts", "nothing new, mail")
CHILD = (
    "import json, resource, sys\n"
    "from kithkin.cli.main import run\n"
    "try:\n"
    "    run(sys.argv[1:])\n"
    "finally:\n"
    "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    cpu = usage.ru_utime + usage.ru_stime\n"
    "    sys.stderr.write(json.dumps({'peak_mb': usage.ru_maxrss / 1024, 'cpu_s': cpu}) + '\\n')\n"
)


def kith(db: Path, *args: str) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds of one ``kith`` command in a child
    process: wall time beyond its CPU time is mostly waiting for the server."""
    env = {**os.environ, "KITHKIN_DATABASE_URL": f"sqlite:///{db}", "KITH_BENCH_PW": PASSWORD}
    begin = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, env=env, check=False
    )
    seconds = time.perf_counter() - begin
    if done.returncode != 0:
        raise SystemExit(f"kith {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    usage = json.loads(done.stderr.strip().splitlines()[-1])
    return seconds, usage["peak_mb"], usage["cpu_s"]


def with_uids(vcf: Path) -> str:
    """The cards with a UID each, as a CardDAV server requires."""
    out, n = [], 0
    for line in vcf.read_text(encoding="utf-8").splitlines(keepends=True):
        out.append(line)
        if line.startswith("VERSION:"):
            out.append(f"UID:bench-{n}\r\n")
            n += 1
    return "".join(out)


def fill_maildir(server: Dovecot, mbox: Path) -> None:
    """The messages as files of the user's INBOX, owned by Dovecot's mail user."""
    folder = server.root / "home" / USER / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    message: list[str] = []
    n = 0

    def write() -> None:
        nonlocal n
        if message:
            (folder / "cur" / f"{n}.bench:2,S").write_text("".join(message), encoding="utf-8")
            n += 1

    with mbox.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("From "):  # the generator never starts a body line so
                write()
                message.clear()
                continue
            message.append(line)
    write()
    if os.getuid() == 0:
        for path in [server.root / "home", *(server.root / "home").rglob("*")]:
            shutil.chown(path, "dovecot", "dovecot")


def server_history(book: str) -> None:
    """Make Radicale's change history of the address book, untimed.

    A phone or a mail client fills an address book card by card, and Radicale
    writes each card's history entry (flushed to disk) as it stores it. Here the
    book is stored in one request, which writes none, so the first sync-token
    asked for would pay for them all: one collection sync before timing leaves the
    server as a card-by-card filling would.
    """
    body = (
        '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
        "<d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
        "</d:sync-collection>"
    )
    with httpx.Client(auth=(USER, PASSWORD), timeout=None) as http:  # as slow as it takes
        response = http.request("REPORT", book, content=body.encode(), headers={"Depth": "1"})
        assert response.status_code == 207, response.text[:500]


def run_once(work: Path, n: int, vcf: Path, mbox: Path, dav: str, imap: str) -> dict[str, Any]:
    baseline_db, db = work / f"import-{n}.db", work / f"sync-{n}.db"
    out: dict[str, Any] = {}
    out["import contacts"] = kith(baseline_db, "import", str(vcf))
    out["import mail"] = kith(baseline_db, "import", str(mbox))
    kith(db, "sync", "add", "carddav", dav, "--user", USER, "--password-env", "KITH_BENCH_PW")
    kith(
        db, "sync", "add", "imap", imap, "--user", USER, "--name", "mail",
        "--password-env", "KITH_BENCH_PW",
    )  # fmt: skip
    out["contacts"] = kith(db, "sync", "carddav-127.0.0.1")
    out["mail"] = kith(db, "sync", "mail")
    quick: dict[str, list[tuple[float, float, float]]] = {step: [] for step in (*QUICK, "start-up")}
    for _ in range(QUICK_REPEAT):  # short and noisy on a busy machine: the median of a few
        quick["nothing new"].append(kith(db, "sync"))
        quick["nothing new, contacts"].append(kith(db, "sync", "carddav-127.0.0.1"))
        quick["nothing new, mail"].append(kith(db, "sync", "mail"))
        quick["start-up"].append(kith(db, "sync", "list"))  # the same without the network
    for step, runs in quick.items():
        out[step] = sorted(runs)[len(runs) // 2]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the full sizes.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(20260601)
    cards, messages = max(1, int(10_000 * args.scale)), max(1, int(50_000 * args.scale))
    with tempfile.TemporaryDirectory(prefix="kithkin-sync-bench-") as folder:
        work = Path(folder)
        os.chmod(work, 0o755)
        vcf, mbox = work / "contacts.vcf", work / "mail.mbox"
        write_vcards(vcf, cards, rng)
        vcf.write_text(with_uids(vcf), encoding="utf-8", newline="")
        write_mbox(mbox, messages, rng)
        (work / "radicale").mkdir()
        (work / "dovecot").mkdir()
        os.chmod(work / "dovecot", 0o755)
        radicale, dovecot = Radicale(work / "radicale"), Dovecot(work / "dovecot")
        radicale.start()
        dovecot.start()
        try:
            book = radicale.make("contacts", "addressbook")
            response = radicale.http.put(  # the whole address book at once: Radicale is slow
                book, content=vcf.read_bytes(), headers={"Content-Type": "text/vcard"}, timeout=None
            )
            assert response.status_code in (201, 204), response.text[:500]
            server_history(book)
            fill_maildir(dovecot, mbox)
            imap = f"imap://127.0.0.1:{dovecot.port}"
            runs = [run_once(work, n, vcf, mbox, radicale.base, imap) for n in range(args.repeat)]
        finally:
            radicale.stop()
            dovecot.stop()
            radicale.http.close()
    results = []
    for step, baseline in (
        ("contacts", "import contacts"),
        ("mail", "import mail"),
        *((step, "start-up") for step in QUICK),
    ):
        seconds = statistics.median(r[step][0] for r in runs)
        row = {
            "step": step,
            "items": {"contacts": cards, "mail": messages}.get(step, 0),
            "seconds": round(seconds, 2),
            "peak_mb": round(max(r[step][1] for r in runs)),
            "cpu_s": round(statistics.median(r[step][2] for r in runs), 2),
            "target_s": TARGETS.get(step, 2.0) * (1 if step in QUICK else args.scale),
        }
        if baseline:
            base = statistics.median(r[baseline][0] for r in runs)
            row["baseline"] = "kith sync list" if step in QUICK else "kith import"
            row["baseline_seconds"] = round(base, 2)
            row["ratio"] = round(seconds / base, 2)
        results.append(row)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for row in results:
        extra = (
            f", {row['baseline']} {row['baseline_seconds']} s (x{row['ratio']})"
            if "baseline" in row
            else ""
        )
        print(
            f"{row['step']}: {row['items']:,} items in {row['seconds']} s "
            f"(target {row['target_s']:.0f} s, kith's own CPU {row['cpu_s']} s), "
            f"peak {row['peak_mb']} MB{extra}"
        )


if __name__ == "__main__":
    main()
