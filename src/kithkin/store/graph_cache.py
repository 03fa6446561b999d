"""Ties as flat arrays straight from the database, for graphs too big for objects.

A million people and ten million ties do not fit as ``Tie`` objects; this reads
the tie table in chunks into numpy arrays, which ``insight.graph`` turns into
a path graph. It reads; the hop probabilities are decided in ``insight``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Engine, text

CHUNK = 500_000


@dataclass(frozen=True)
class TieArrays:
    people: npt.NDArray[np.int64]  # every person id, sorted
    a: npt.NDArray[np.int64]  # node index (into ``people``) of each tie's ends
    b: npt.NDArray[np.int64]
    closeness: npt.NDArray[np.float64]  # nan when not stated
    confidence: npt.NDArray[np.float64]


def read_tie_arrays(engine: Engine) -> TieArrays:
    """Active and paused ties (not those let go) with their stated closeness and confidence."""
    with engine.connect() as conn:
        people = np.fromiter(
            (r[0] for r in conn.execute(text("SELECT id FROM person ORDER BY id"))),
            dtype=np.int64,
        )
        # The driver's own cursor: SQLAlchemy rows cost several times more per row.
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(
            "SELECT person_a, person_b, closeness, confidence FROM tie WHERE status <> 'let-go'"
        )
        parts: list[npt.NDArray[np.float64]] = []
        while rows := cursor.fetchmany(CHUNK):
            parts.append(np.array(rows, dtype=np.float64))
        cursor.close()
    rows_all = np.concatenate(parts) if parts else np.zeros((0, 4))
    a = np.searchsorted(people, rows_all[:, 0].astype(np.int64))
    b = np.searchsorted(people, rows_all[:, 1].astype(np.int64))
    return TieArrays(people, a, b, rows_all[:, 2], rows_all[:, 3])
