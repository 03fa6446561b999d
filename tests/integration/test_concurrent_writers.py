"""Two processes writing to one SQLite file at once: every write waits its turn.

A write that reads first (whom to log with) and then writes used to be refused
with "database is locked" at once when the other process had committed in
between; a writing unit of work now starts as a write and waits for the lock.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_api import make_client

from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.store import Settings

WRITES = 40  # per process

# Each writer logs WRITES calls, one unit of work each, and says how many failed.
WRITER = """
import json, sys
from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.store import Settings

app = App(Settings(sys.argv[1]))
failed = []
for i in range(int(sys.argv[2])):
    try:
        log_interaction(app, Channel.MESSAGE, [sys.argv[3]], note=f"{sys.argv[3]} {i}")
    except Exception as exc:
        failed.append(type(exc).__name__ + ": " + str(exc).splitlines()[0])
app.close()
print(json.dumps(failed))
"""


def test_two_writing_processes_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    app = App(Settings(url))
    try:
        init_network(app, "Alex Morgan", [])
        for name in ("Ben Okafor", "May Parker"):
            add_person(app, PersonChanges(name=name))
        log_interaction(app, Channel.CALL, ["Ben Okafor"])
    finally:
        app.close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(WRITES), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Ben Okafor", "May Parker")
    ]
    failed: list[str] = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        failed += json.loads(out)
    assert failed == []
    app = App(Settings(url))
    try:
        with app.uow(write=False) as uow:
            notes = [it.note for it in uow.activity.interactions()]
    finally:
        app.close()
    for name in ("Ben Okafor", "May Parker"):
        assert sorted(n for n in notes if n.startswith(name)) == sorted(
            f"{name} {i}" for i in range(WRITES)
        )


@pytest.fixture
def held_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[App, int]]:
    """A database whose write lock another connection holds throughout; waits cut short."""
    monkeypatch.setattr("kithkin.store.engine.BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr("kithkin.store.uow._PAUSE", 0.01)
    db = tmp_path / "held.db"
    app = App(Settings(f"sqlite:///{db}"))
    init_network(app, "Alex Morgan", [])
    ben = add_person(app, PersonChanges(name="Ben Okafor"))
    assert ben.id is not None
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield app, ben.id
    holder.execute("ROLLBACK")
    holder.close()
    app.close()


def test_a_write_that_cannot_start_is_one_line(
    held_lock: tuple[App, int], capsys: pytest.CaptureFixture[str]
) -> None:
    app, _ = held_lock
    from kithkin.cli.main import run

    with pytest.raises(SystemExit) as exc:
        run(["--db", app.settings.database_url, "log", "call", "Ben Okafor"])
    err = capsys.readouterr().err
    assert exc.value.code == 5
    assert "busy" in err and "nothing was written" in err
    assert err.count("\n") == 1


def test_a_web_write_that_cannot_start_is_503_and_the_connection_stays(
    held_lock: tuple[App, int],
) -> None:
    app, ben = held_lock
    with make_client(app) as client:
        client.headers["X-CSRF-Token"] = client.get("/api/v1/csrf").json()["token"]
        refused = client.post(f"/api/v1/people/{ben}/interactions", json={"channel": "call"})
        assert refused.status_code == 503
        assert refused.headers["Retry-After"].isdigit()
        assert "busy" in refused.json()["detail"]
        assert client.get("/api/v1/people").status_code == 200  # reads still go


def test_a_postgresql_writer_waits_for_the_one_before_then_gives_up_cleanly(
    app: App, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite's own write lock is tested above")
    from sqlalchemy import create_engine, text

    from kithkin.errors import DatabaseBusy
    from kithkin.store.uow import _WRITERS

    init_network(app, "Alex Morgan", [])
    add_person(app, PersonChanges(name="Ben Okafor"))
    monkeypatch.setattr("kithkin.store.uow.BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr("kithkin.store.uow._PAUSE", 0.01)
    other = create_engine(db_url)
    try:
        with other.begin() as conn:  # another writer, mid-transaction
            conn.execute(text(f"SELECT pg_advisory_xact_lock({_WRITERS})"))
            with pytest.raises(DatabaseBusy, match="nothing was written"):
                log_interaction(app, Channel.CALL, ["Ben Okafor"])
            with app.uow(write=False) as uow:  # reading does not wait
                assert uow.activity.interactions() == []
        log_interaction(app, Channel.CALL, ["Ben Okafor"])  # its turn now
    finally:
        other.dispose()
    with app.uow(write=False) as uow:
        assert len(uow.activity.interactions()) == 1
