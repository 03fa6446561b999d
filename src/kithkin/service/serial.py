"""Plain JSON for any service result (dataclasses, enums, dates), for ``--json`` and the API."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

_PLAIN = frozenset({str, int, float, bool, type(None)})


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        # Columns of plain values (the map's, tens of thousands long) are taken as they are.
        if all(type(v) in _PLAIN for v in value):
            return list(value)
        return [jsonable(v) for v in value]
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        # Any other sequence as a list: a network's history is read from the store as
        # columns (model.history.StoredHistory), not as a list.
        return [jsonable(v) for v in value]
    return value
