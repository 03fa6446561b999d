"""A whole history read from the store as columns, its ``Interaction`` objects made on demand.

Every scoring reads the network's whole history (110,000 interactions at 10,000
people), yet the first views made from it (strength, the report) read its fields as
arrays and need the objects of a few dozen interactions alone. ``StoredHistory``
keeps the fields as arrays, which is what they read, and makes each ``Interaction``
when first asked for, the same object each time after. It is a sequence like the list
it replaces: indexing, iterating, ``len`` and ``==`` give what that list gave.

Imported by the store and by insight when a history is read, not at start-up: numpy.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import overload

import numpy as np
import numpy.typing as npt

from kithkin.model.enums import Channel
from kithkin.model.network import Interaction

I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]

# Channels as columns code them: their order in ``Channel``.
CHANNELS: list[Channel] = list(Channel)
CHANNEL_CODE: dict[Channel, int] = {c: i for i, c in enumerate(CHANNELS)}
# Answered codes: answered, left unanswered, not a question of answering (a meeting).
ANSWERED, UNANSWERED, NOT_A_QUESTION = 1, 0, -1
ANSWERS: list[bool | None] = [
    None,
    False,
    True,
]  # by code + 1: NOT_A_QUESTION, UNANSWERED, ANSWERED
NOBODY = int(np.iinfo(np.int64).min)  # the initiator column's value for none

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def microseconds(when: datetime) -> int:
    """POSIX time in whole microseconds (a naive datetime taken as UTC): exact, so that
    comparing two differences of them compares the ``timedelta``s."""
    return ((when if when.tzinfo else when.replace(tzinfo=UTC)) - _EPOCH) // MICROSECOND


class StoredHistory(Sequence[Interaction]):
    """Interactions as the store holds them, oldest first (by time, then id), each made
    by ``Interaction.stored`` when first asked for. Whoever reads a history makes at
    once the rows whose checks might clean or refuse them, so that a history that
    cannot be read fails as it did, when read.

    The columns (one entry per interaction unless said) are shared with whoever reads
    them: read-only by convention."""

    __slots__ = (
        "_external",
        "_lock",
        "_made",
        "_note",
        "_rows",
        "_start",
        "_when",
        "_whole",
        "answered",
        "channel",
        "flat",
        "id",
        "initiator",
        "sizes",
        "t",
    )  # fmt: skip
    __hash__ = None  # type: ignore[assignment]  # a sequence compared by its items

    def __init__(
        self,
        t: I64,  # microseconds
        id: I64,
        channel: I8,  # CHANNEL_CODE
        initiator: I64,  # the initiator's id, or NOBODY
        answered: I8,  # ANSWERED, UNANSWERED or NOT_A_QUESTION
        sizes: I64,  # each interaction's number of participants
        flat: I64,  # those participants, one interaction after another
        when: list[datetime],
        note: list[str],
        external: list[str],
    ) -> None:
        self.t, self.id, self.channel, self.initiator = t, id, channel, initiator
        self.answered, self.sizes, self.flat = answered, sizes, flat
        self._when, self._note, self._external = when, note, external
        self._start: list[int] = (np.cumsum(sizes) - sizes).tolist()
        self._made: list[Interaction | None] = [None] * len(t)
        # Each position's row in the columns; None while they are the same.
        self._rows: list[int] | None = None
        self._whole = not len(t)  # every object made (``None in`` would compare each)
        # A kept network is read by several threads: each object is made once, so that
        # every index built from the history holds the very objects it holds.
        self._lock = threading.Lock()

    @property
    def columns_in_order(self) -> bool:
        """Whether position k is row k of the columns (nothing inserted since reading)."""
        return self._rows is None

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, at: int) -> Interaction: ...
    @overload
    def __getitem__(self, at: slice) -> list[Interaction]: ...
    def __getitem__(self, at: int | slice) -> Interaction | list[Interaction]:
        if isinstance(at, slice):
            return [self[k] for k in range(*at.indices(len(self)))]
        it = self._made[at]
        if it is None:
            with self._lock:
                k = at if at >= 0 else at + len(self._made)
                it = self._made[k]
                if it is None:
                    it = self._made[k] = self._make(k if self._rows is None else self._rows[k])
        return it

    def _make(self, row: int) -> Interaction:
        start, by = self._start[row], int(self.initiator[row])
        return Interaction.stored(
            int(self.id[row]),
            self._when[row],
            CHANNELS[self.channel[row]],
            self.flat[start : start + int(self.sizes[row])].tolist(),
            None if by == NOBODY else by,
            ANSWERS[self.answered[row] + 1],
            self._note[row],
            self._external[row],
        )

    def __iter__(self) -> Iterator[Interaction]:
        if not self._whole:
            with self._lock:
                if not self._whole:
                    self._make_all()
                    self._whole = True
        return iter(self._made)  # type: ignore[arg-type]  # every one made

    def _make_all(self) -> None:
        """Every interaction not made yet, each field of all rows taken from the columns
        at once (``map``: no Python frame per row but ``Interaction.stored``'s); each
        person's id one int object, as the store's reading shares them."""
        shared: dict[int, int] = {}
        flat = list(map(shared.setdefault, *[self.flat.tolist()] * 2))
        ends = (np.cumsum(self.sizes)).tolist()
        members = [flat[s:e] for s, e in zip(self._start, ends, strict=True)]
        by = [None if x == NOBODY else shared.get(x, x) for x in self.initiator.tolist()]
        made = map(
            Interaction.stored,
            self.id.tolist(),
            self._when,
            map(CHANNELS.__getitem__, self.channel.tolist()),
            members,
            by,
            map(ANSWERS.__getitem__, (self.answered + 1).tolist()),
            self._note,
            self._external,
        )
        if self._rows is None:  # positions are rows
            pairs = zip(self._made, made, strict=True)
            self._made = [it if it is not None else new for it, new in pairs]
            return
        rows = list(made)  # inserted positions (row -1) are made already: never looked up
        found = zip(self._made, self._rows, strict=True)
        self._made = [it if it is not None else rows[r] for it, r in found]

    def copy(self) -> StoredHistory:
        """A copy that ``insert`` may change: the columns shared, the objects made so far
        carried over (made later, in one or the other, they are not shared)."""
        new = object.__new__(StoredHistory)
        for name in StoredHistory.__slots__:
            setattr(new, name, getattr(self, name))
        new._made = list(self._made)
        new._rows = None if self._rows is None else list(self._rows)
        new._lock = threading.Lock()
        return new

    def insert(self, at: int, it: Interaction) -> None:
        """``it`` at position ``at``, as ``list.insert``; the rows after it move on."""
        if self._rows is None:
            self._rows = list(range(len(self._made)))
        self._made.insert(at, it)
        self._rows.insert(at, -1)  # made already: its row is never looked up

    def in_history_order(self) -> bool:
        """Whether the interactions are strictly in order of (time, id), from the columns
        (the same comparison as the objects': times are exact microseconds)."""
        if self._rows is not None:
            keys = [(it.when, it.id or 0) for it in self]
            return all(a < b for a, b in pairwise(keys))
        t, ids = self.t, self.id
        later = (t[1:] > t[:-1]) | ((t[1:] == t[:-1]) & (ids[1:] > ids[:-1]))
        return bool(later.all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, StoredHistory)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __repr__(self) -> str:
        return f"StoredHistory({len(self)} interactions)"
