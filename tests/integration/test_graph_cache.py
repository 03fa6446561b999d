"""Nothing beside the database is read as a path graph.

The graph is no longer kept in a file between commands (building it costs less
than reading it back: ``benchmarks/graph_cache.py``). A file someone put where
it used to be (a pickle that would run code, garbage, an archive of tagged
JSON) does nothing, and ``kith path`` still answers.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kithkin.cli.main import run
from kithkin.service.app import App
from kithkin.service.paths import find_paths
from kithkin.store import Settings

CACHE_SUFFIX = ".graph-cache"  # where a pickled graph used to be kept

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_sqlite: Path) -> Path:
    db = tmp_path_factory.mktemp("cache") / "demo.db"
    shutil.copyfile(demo_sqlite, db)  # the session's demo network, built once
    return db


def _version(app: App) -> str:
    with app.uow(write=False) as uow:
        return uow.data_version()


def _answer(db: Path) -> Any:
    app = App(Settings(f"sqlite:///{db}"), fixed_now=NOW)  # a command of its own
    try:
        return find_paths(app, "Contoso")
    finally:
        app.close()


def test_path_writes_nothing_beside_the_database(demo_db: Path) -> None:
    before = set(demo_db.parent.iterdir())
    _answer(demo_db)
    after = {p for p in demo_db.parent.iterdir() if not p.name.startswith(demo_db.name + "-")}
    assert after <= before  # SQLite's own -wal and -shm files aside


class _Planted:
    """What a planted pickle would do when loaded: make a folder."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


def _planted_npz(path: Path, version: str, body: Any) -> None:
    header = {"format": 4, "version": version, "made_at": NOW.isoformat()}
    with open(path, "wb") as fh:
        np.savez(
            fh,
            header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
            body=np.frombuffer(json.dumps(body).encode(), dtype=np.uint8),
        )


@pytest.mark.parametrize(
    "planted", ["pickle", "pickle-in-npz", "garbage", "not-ours", "bad-field", "empty"]
)
def test_a_planted_file_does_nothing_and_path_still_answers(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], planted: str
) -> None:
    expected = _answer(demo_db)
    cache = demo_db.with_name(demo_db.name + CACHE_SUFFIX)
    marker = tmp_path / "ran"
    app = App(Settings(f"sqlite:///{demo_db}"), fixed_now=NOW)
    version = _version(app)
    app.close()

    def plant() -> None:
        if planted == "pickle":
            cache.write_bytes(pickle.dumps(((3, version), _Planted(marker))))
        elif planted == "pickle-in-npz":
            with open(cache, "wb") as fh:
                np.save(fh, np.array([_Planted(marker)], dtype=object), allow_pickle=True)
        elif planted == "garbage":
            cache.write_bytes(os.urandom(4096))
        elif planted == "not-ours":
            _planted_npz(cache, version, {"__obj": "os:system", "fields": {}})
        elif planted == "bad-field":
            _planted_npz(
                cache, version, {"__obj": "kithkin.insight.graph:Link", "fields": {"__class__": 1}}
            )
        else:
            cache.write_bytes(b"")

    plant()
    assert _answer(demo_db) == expected
    assert not marker.exists()
    plant()  # the answer above saved a good file again
    # And as a user types it.
    with pytest.raises(SystemExit) as exc:
        run(["--db", str(demo_db), "--now", NOW.isoformat(), "path", "--to", "Contoso", "--json"])
    assert exc.value.code in (0, None)
    assert json.loads(capsys.readouterr().out)
    assert not marker.exists()
