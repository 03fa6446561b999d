"""Every failure the user can cause ends in one line and the documented exit code.

Disk full is a real full file system (a small tmpfs, mounted when the tests run
as root), each command a real ``kith`` process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.store import Settings
from made_up_names import made_up_name

KITH = [sys.executable, "-c", "from kithkin.cli.main import run; run()"]


def _kith(db: Path | str, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*KITH, "--db", str(db), *args],
        capture_output=True,
        timeout=300,
        env={**os.environ, "KITHKIN_DEBUG": ""},
    )


def _one_line(done: subprocess.CompletedProcess[bytes], code: int, words: str) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == code, err
    assert err.strip().count("\n") == 0, err  # (an import may end its progress line first)
    assert "Traceback" not in err
    assert words in err, err
    return err


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB file system."""
    where = tmp_path / "small"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path, leave: int = 0) -> None:
    """Take the free space of ``disk`` but ``leave`` bytes."""
    with (disk / "filler").open("wb", buffering=0) as out:
        for chunk in (65536, 4096, 512, 1):
            try:
                while True:
                    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
                    if free - chunk < leave:
                        break
                    out.write(b"\0" * chunk)
            except OSError:
                pass


@pytest.fixture(scope="module")
def people_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("people") / "kithkin.db"
    app = App(Settings(f"sqlite:///{db}"))
    init_network(app, "Alex Morgan", [])
    for name in ("Ben Okafor", "Chloé Martin", "Dana Wu"):
        add_person(app, PersonChanges(name=name))
    app.close()  # the last connection out folds the write-ahead log into the file
    return db


def test_a_write_to_a_full_disk_is_one_line(
    people_db: Path, small_disk: Path, tmp_path: Path
) -> None:
    db = small_disk / "kithkin.db"
    shutil.copy(people_db, db)
    cards = tmp_path / "many.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{first} {last}\r\nN:{last};{first};;;\r\n"
            f"EMAIL:person{i}@example.com\r\nNOTE:{'met at the fair ' * 20}\r\nEND:VCARD\r\n"
            for i, (first, last) in enumerate(map(made_up_name, range(3000)))
        )
    )
    _fill(small_disk, leave=256 * 1024)  # room to open the database, not for the import
    done = _kith(db, "import", str(cards))
    _one_line(done, 5, "the disk is full")
    (small_disk / "filler").unlink()
    listed = _kith(db, "person", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert b"Person 1" not in listed.stdout  # nothing half-written
    assert b"Ben Okafor" in listed.stdout


def test_an_export_to_a_full_disk_is_one_line(people_db: Path, small_disk: Path) -> None:
    _fill(small_disk)
    out = small_disk / "people.vcf"
    done = _kith(people_db, "export", "vcard", "-o", str(out))
    _one_line(done, 5, "the disk is full")
    assert not out.exists()
    assert [p.name for p in small_disk.iterdir() if not p.name.startswith("filler")] == []


def test_a_restore_onto_a_full_disk_is_one_line(
    people_db: Path, small_disk: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    assert _kith(people_db, "export", "json", "-o", str(backup)).returncode == 0
    db = small_disk / "restored.db"
    assert _kith(db, "init").returncode == 0
    _fill(small_disk)
    done = _kith(db, "restore", str(backup))
    _one_line(done, 5, "the disk is full")


def test_an_out_of_range_date_is_one_line(people_db: Path) -> None:
    done = _kith(people_db, "log", "call", "Ben Okafor", "--when", "9999-12-31T23:59:59-05:00")
    _one_line(done, 2, "out of range")
    done = _kith(people_db, "log", "call", "Ben Okafor", "--when", "0001-01-01T00:00:00+05:00")
    _one_line(done, 2, "out of range")


def test_an_odd_id_is_one_line(people_db: Path) -> None:
    _one_line(_kith(people_db, "person", "show", "#²"), 3, "no one called '#²'")
    _one_line(_kith(people_db, "person", "show", "#" + "9" * 40), 3, "no person #")


def test_a_huge_snooze_is_one_line(people_db: Path) -> None:
    done = _kith(people_db, "agenda", "snooze", "Ben Okafor", "--days", "99999999")
    _one_line(done, 2, "a snooze lasts from 1 to")


def test_an_argument_that_is_not_utf8_is_one_line(people_db: Path) -> None:
    done = _kith(people_db, "person", "show", b"Ben \xff\xfe")
    err = _one_line(done, 2, "is not UTF-8 text")
    assert "\\xff\\xfe" in err


def test_the_api_answers_422_for_an_out_of_range_date(app: App) -> None:
    from test_api import make_client

    init_network(app, "Alex Morgan", [])
    ben = add_person(app, PersonChanges(name="Ben Okafor"))
    with make_client(app) as client:
        client.headers["X-CSRF-Token"] = client.get("/api/v1/csrf").json()["token"]
        for when in ("9999-12-31T23:59:59-05:00", "03/04/2026", "1111111111"):
            answer = client.post(
                f"/api/v1/people/{ben.id}/interactions", json={"channel": "call", "when": when}
            )
            assert answer.status_code == 422, answer.text
            assert (
                "2026-03-12" in answer.json()["detail"] or "out of range" in answer.json()["detail"]
            )
        assert client.get(f"/api/v1/people/{ben.id}/timeline").json() == []


def test_a_numeric_date_is_read_in_the_order_the_user_set(people_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "kithkin.db"
    shutil.copy(people_db, db)
    refused = _kith(db, "log", "call", "Ben Okafor", "--when", "03/04/2026")
    _one_line(refused, 2, "kith init --date-order DMY")
    assert _kith(db, "init", "--date-order", "DMY").returncode == 0
    logged = _kith(db, "log", "call", "Ben Okafor", "--when", "03/04/2026", "--json")
    assert logged.returncode == 0, logged.stderr
    assert json.loads(logged.stdout)["when"].startswith("2026-04-03")
    _one_line(_kith(db, "log", "call", "Ben Okafor", "--when", "3"), 2, "bare number")


UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/kithkin"  # nothing listens on port 1


def test_an_unreachable_database_server_is_one_line() -> None:
    done = _kith(UNREACHABLE, "person", "list")
    _one_line(done, 5, "cannot reach the database server")


def test_an_unreachable_server_at_start_is_one_error() -> None:
    from kithkin.errors import ConnectionLost

    with pytest.raises(ConnectionLost, match="cannot reach the database server"):
        App(Settings(UNREACHABLE))


def test_the_api_answers_503_with_retry_after_when_the_server_goes_away(
    pg_database: str,
) -> None:
    """The server refuses new connections to the database while the app runs (and the
    app's own connections are ended): the API says 503 with Retry-After, not 500."""
    from sqlalchemy import create_engine, text
    from test_api import make_client

    from kithkin.store import Settings

    name = pg_database.rsplit("/", 1)[1]
    admin = create_engine(pg_database.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    running = App(Settings(pg_database))
    try:
        with make_client(running) as client, admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            try:
                answer = client.get("/api/v1/status")
            finally:
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        assert answer.status_code == 503, answer.text
        assert answer.headers["Retry-After"]
        assert "cannot reach the database server" in answer.json()["detail"]
    finally:
        running.close()
        admin.dispose()


def test_a_database_kept_locked_is_a_busy_database(tmp_path: Path) -> None:
    import sqlite3

    from kithkin.errors import DatabaseBusy
    from kithkin.store.failures import as_kithkin_error

    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as refused:
            waiter.execute("INSERT INTO t VALUES (1)")
        assert isinstance(as_kithkin_error(refused.value), DatabaseBusy)
        assert as_kithkin_error(ValueError("a bug")) is None
    finally:
        waiter.close()
        holder.close()


def test_a_unit_of_work_starts_again_on_a_new_connection_when_postgresql_ended_the_old(
    pg_database: str,
) -> None:
    """Pooled connections are not pinged before use (store.engine): when the server has
    ended them (a restart, an idle timeout), the next reading and writing units of work
    start once more on a new connection and nothing is refused or lost."""
    from sqlalchemy import create_engine, text

    from kithkin.model.person import Person
    from kithkin.store import Settings

    admin = create_engine(pg_database.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    running = App(Settings(pg_database))
    try:
        for write in (False, True):
            with running.uow(write=write) as uow:  # a connection left in the pool
                before = uow.people.count()
            with admin.connect() as conn:
                ended = conn.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE datname = :n AND pid <> pg_backend_pid()"
                    ),
                    {"n": pg_database.rsplit("/", 1)[1]},
                ).scalar_one()
            assert ended >= 1
            with running.uow(write=write) as uow:
                if write:
                    uow.people.add(Person("Ada Lovelace"))
                    uow.commit()
                assert uow.people.count() == before + (1 if write else 0)
    finally:
        running.close()
        admin.dispose()
