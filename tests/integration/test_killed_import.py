"""A ``kith import`` killed with SIGKILL while it writes leaves the database whole: the
file's people are all there or none are, and the next import brings them all in.

On SQLite the kill comes the moment the write-ahead log starts to grow (the import
is writing its rows, not yet committed), and again at a few later moments; whichever
it hits, nothing half-written may remain. (On PostgreSQL the server itself drops an
uncommitted transaction whose client dies.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kithkin.service.app import App
from kithkin.service.setup import init_network
from kithkin.store import Settings
from made_up_names import made_up_name

CARDS = 3000
KILL_AFTER = (0.0, 0.3, 0.6)  # seconds after the writing starts
KITH = [sys.executable, "-c", "from kithkin.cli.main import run; run()"]


def _cards(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        for i in range(CARDS):
            first, last = made_up_name(i)
            fh.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"FN:{first} {last}\r\nN:{last};{first};;;\r\n"
                f"EMAIL;TYPE=INTERNET:person{i:05d}@example.org\r\n"
                f"TEL;TYPE=CELL:+44 20 7946 {i % 10000:04d}\r\n"
                "END:VCARD\r\n"
            )


def _kith(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KITHKIN_DATABASE_URL": db_url, "KITHKIN_DEBUG": ""}
    return subprocess.run(
        [*KITH, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _people(db_url: str) -> int:
    """How many people the database holds, read in this process: opening it after a kill
    recovers it as any later ``kith`` command would (one interpreter fewer per count)."""
    app = App(Settings(db_url))
    try:
        with app.uow(write=False) as uow:
            return uow.people.count()
    finally:
        app.close()


def _wait_for_writing(wal: Path, process: subprocess.Popen[bytes]) -> None:
    """Until the write-ahead log grows past what opening the database wrote (or the
    import has ended)."""
    start = wal.stat().st_size if wal.exists() else 0
    while process.poll() is None:
        if wal.exists() and wal.stat().st_size > start + 64 * 1024:
            return
        time.sleep(0.005)


def test_an_import_killed_while_writing_leaves_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "kithkin.db"
    db_url, wal = f"sqlite:///{db}", tmp_path / "kithkin.db-wal"
    cards = tmp_path / "contacts.vcf"
    _cards(cards)
    env = {**os.environ, "KITHKIN_DATABASE_URL": db_url}
    app = App(Settings(db_url))
    init_network(app, "Alex Morgan", [])  # what ``kith init --me "Alex Morgan"`` does
    app.close()
    counts = []
    for delay in KILL_AFTER:
        started = subprocess.Popen(
            [*KITH, "import", str(cards)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_writing(wal, started)
        time.sleep(delay)
        started.send_signal(signal.SIGKILL)
        started.wait()
        counts.append(_people(db_url))
        assert counts[-1] in (1, 1 + CARDS), counts  # me alone, or me and every card
    done = _kith(db_url, "import", str(cards))
    assert done.returncode == 0, done.stderr
    assert _people(db_url) == 1 + CARDS
