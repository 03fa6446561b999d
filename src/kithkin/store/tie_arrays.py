"""The ties as flat arrays, for a path graph over a very large network.

A million people and ten million ties do not fit as ``Tie`` objects;
``read_tie_arrays`` reads the tie table in chunks into numpy arrays, which
``insight.graph`` turns into a path graph (the hop probabilities are decided
there).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

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
