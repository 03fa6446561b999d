"""A database that is not ours, or is newer than us, is refused in one line and left untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from kithkin.cli.main import run


def _kith(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        run(list(args))
    return int(exc.value.code or 0), capsys.readouterr().err


def test_a_file_that_is_not_sqlite_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.txt"
    db.write_bytes(b"this is a shopping list, not a database\n" * 200)
    before = db.read_bytes()
    code, err = _kith(capsys, "--db", str(db), "person", "list")
    assert code == 5
    assert "is not a Kithkin database" in err
    assert err.count("\n") == 1
    assert db.read_bytes() == before


def test_another_programs_sqlite_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    code, err = _kith(capsys, "--db", str(db), "person", "list")
    assert code == 5
    assert "holds other tables" in err
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"recipes"}


def test_a_database_from_a_newer_kithkin_is_refused(
    db_url: str, kith: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kith("init", "--me", "Alex Morgan").code == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    result = kith("person", "list")
    assert result.code == 5
    assert "newer Kithkin" in result.err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_future"
        )
        assert conn.execute(text("SELECT count(*) FROM person")).scalar() == 1
    engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    from kithkin.store import make_engine, prepare

    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    prepare(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_a_failing_write_leaves_nothing_behind(app: Any) -> None:
    from kithkin.errors import InvalidInput
    from kithkin.model import Person

    with pytest.raises(InvalidInput), app.uow() as uow:
        uow.people.add(Person("Half Written"))
        raise InvalidInput("something went wrong after the first insert")
    with app.uow() as uow:
        assert uow.people.count() == 0
