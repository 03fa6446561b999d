"""Where a network's self-calibration is kept: settings rows beside the data version.

The fit is a short JSON text (``insight.calibration.Calibration.as_dict``) with
the number of interactions and the date of history it rests on; it is stored in
the internal key/value table, cut to the column's width over numbered rows, so
no table of the network's own changes shape for it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from kithkin.store.schema import STATE_VALUE_LENGTH, state
from kithkin.store.state import Seen

KEY = "calibration:"  # + the chunk's number


def read(conn: Connection) -> dict[str, Any] | None:
    """The stored fit, or None (never fitted, or unreadable: then it is fitted again)."""
    rows = conn.execute(select(state.c.key, state.c.value).where(state.c.key.like(KEY + "%")))
    chunks = sorted((int(k[len(KEY) :]), v) for k, v in rows if k[len(KEY) :].isdigit())
    if not chunks:
        return None
    try:
        found = json.loads("".join(v for _, v in chunks))
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def write(conn: Connection, fit: dict[str, Any]) -> None:
    """Replace the stored fit (inside the caller's transaction)."""
    text = json.dumps(fit, sort_keys=True, separators=(",", ":"))
    conn.execute(delete(state).where(state.c.key.like(KEY + "%")))
    width = STATE_VALUE_LENGTH
    rows = [
        {"key": f"{KEY}{k}", "value": text[i : i + width]}
        for k, i in enumerate(range(0, len(text), width))
    ]
    if rows:
        conn.execute(insert(state), rows)


class CalibrationRepository:
    """The stored fit, through a unit of work.

    Its rows are bookkeeping beside the data version, which a follower of writes
    does not see; a new fit whose parameters change the scores says so
    (``rescore``), and the commit is then one no follower can apply: every
    scoring is worked out again with the new parameters.
    """

    def __init__(self, conn: Connection, seen: Seen) -> None:
        self.conn, self.seen = conn, seen

    def read(self) -> dict[str, Any] | None:
        return read(self.conn)

    def write(self, fit: dict[str, Any], rescore: bool) -> None:
        write(self.conn, fit)
        if rescore:
            self.seen.unaccounted()
