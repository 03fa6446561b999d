"""The path graph's persistence: flat tie arrays, and a cached graph file.

A million people and ten million ties do not fit as ``Tie`` objects;
``read_tie_arrays`` reads the tie table in chunks into numpy arrays, which
``insight.graph`` turns into a path graph (the hop probabilities are decided
there). ``load_cached``/``save_cached`` keep a built graph in a file beside an
SQLite database, keyed on the data version (``store.state``), so it is rebuilt after
any write.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

CHUNK = 500_000


@dataclass(frozen=True)
class TieArrays:
    people: npt.NDArray[np.int64]  # every person id, sorted
    a: npt.NDArray[np.int64]  # node index (into ``people``) of each tie's ends
    b: npt.NDArray[np.int64]
    closeness: npt.NDArray[np.float64]  # nan when not stated
    confidence: npt.NDArray[np.float64]


def read_tie_arrays(conn: Connection) -> TieArrays:
    """Active and paused ties (not those let go) with their stated closeness and confidence."""
    # The driver's own cursor: SQLAlchemy rows cost several times more per row.
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("SELECT id FROM person ORDER BY id")
    people = np.fromiter(chain.from_iterable(cursor.fetchall()), dtype=np.int64)
    cursor.execute(
        "SELECT person_a, person_b, coalesce(closeness, -1), confidence FROM tie "
        "WHERE status <> 'let-go'"
    )
    parts: list[npt.NDArray[np.float64]] = []
    while rows := cursor.fetchmany(CHUNK):
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.float64, count=4 * len(rows))
        parts.append(flat.reshape(-1, 4))
    cursor.close()
    rows_all = np.concatenate(parts) if parts else np.zeros((0, 4))
    closeness = np.where(rows_all[:, 2] < 0, np.nan, rows_all[:, 2])
    a = np.searchsorted(people, rows_all[:, 0].astype(np.int64))
    b = np.searchsorted(people, rows_all[:, 1].astype(np.int64))
    return TieArrays(people, a, b, closeness, rows_all[:, 3])


# -- a cached graph file beside an SQLite database ----------------------------------

CACHE_FORMAT = 3  # part of every key: a new layout never reads an old file


CACHE_SUFFIX = ".graph-cache"  # the file beside an SQLite database


def load_cached(path: Path | None, key: str) -> Any | None:
    """The value saved under ``key``, or None when there is none or it is stale."""
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            saved_key, value = pickle.load(fh)  # our own file, beside our own database
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
        return None
    return value if saved_key == (CACHE_FORMAT, key) else None


def save_cached(target: Path | None, key: str, value: Any) -> None:
    """Write atomically; a cache that cannot be written is simply not kept."""
    if target is None:
        return
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            pickle.dump(((CACHE_FORMAT, key), value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
