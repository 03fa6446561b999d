"""``jsonable``: plain JSON for any service result."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import overload

from kithkin.service.serial import jsonable


@dataclass
class _Row:
    name: str
    on: date


class _Lazy(Sequence[_Row]):
    """A sequence that is not a list, as a history read as columns is."""

    def __init__(self, rows: list[_Row]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, k: int) -> _Row: ...
    @overload
    def __getitem__(self, k: slice) -> list[_Row]: ...
    def __getitem__(self, k: int | slice) -> _Row | list[_Row]:
        return self._rows[k]

    def __iter__(self) -> Iterator[_Row]:
        return iter(self._rows)


def test_any_sequence_is_a_list_and_text_stays_text() -> None:
    rows = [_Row("Ben", date(2026, 6, 1)), _Row("May", date(2026, 5, 2))]
    assert jsonable({"lazy": _Lazy(rows), "listed": rows, "text": "abc"}) == {
        "lazy": [{"name": "Ben", "on": "2026-06-01"}, {"name": "May", "on": "2026-05-02"}],
        "listed": [{"name": "Ben", "on": "2026-06-01"}, {"name": "May", "on": "2026-05-02"}],
        "text": "abc",
    }
    json.dumps(jsonable(_Lazy(rows)))  # plain JSON all through
