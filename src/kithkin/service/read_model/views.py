"""Views: what is worked out from a scored network and kept with it, and how each follows.

A view declares its inputs (the scored network it is given, and any argument it
was made with) and its incremental update: ``follow`` takes the value made from
an earlier scoring and the pairs scored again since, and works out again only
what those pairs reach. It may decline (return None) when the change reaches
too far; it is then built again.

Every view is kept in the scored network it was made from (``Scored.views``),
under the App's one lock, and is current exactly when that scoring is (the
freshness rule of ``service.read_model``). When a scoring follows another
(``read_model.scored``), the views of the old one come along as ``stale``,
each with the pairs scored again since it was made, and the first reader
follows them. The ``kithkin.read_model`` logger says which happened.
"""

from __future__ import annotations

from typing import Protocol, TypeVar, cast

from kithkin.model import Tier
from kithkin.service.read_model import said
from kithkin.service.read_model.scored import Pair, Scored

T = TypeVar("T")


class View(Protocol[T]):
    """One derived view of a scored network."""

    @property
    def key(self) -> tuple[object, ...]:
        """Where it is kept in the scored network (one value per key)."""
        ...

    def build(self, scored: Scored) -> T:
        """The view worked out from the whole scored network."""
        ...

    def follow(self, before: T, scored: Scored, pairs: frozenset[Pair]) -> T | None:
        """``before`` (made from an earlier scoring) brought up to ``scored``, whose
        ``pairs`` were scored again since; None when it must be built again."""
        ...


def touched(pairs: frozenset[Pair]) -> frozenset[int]:
    """The people of ``pairs``."""
    return frozenset(p for pair in pairs for p in pair)


def moved(before: dict[int, Tier], now: dict[int, Tier]) -> set[int]:
    """The people whose tier is not what it was (or who have none now, or had none):
    a view of my ties works them out again too."""
    return {p for p in before.keys() | now.keys() if before.get(p) != now.get(p)}


def kept(scored: Scored, view: View[T]) -> T:
    """The view of ``scored``: kept, followed from the one an earlier scoring kept, or built."""
    name = str(view.key[0])  # the rest of the key: the arguments it was made with
    if view.key in scored.views:  # kept: no need to wait for the lock (values go in whole)
        return cast(T, scored.views[view.key])
    with scored.lock:
        if view.key in scored.views:
            return cast(T, scored.views[view.key])
        # Taken out first: the old value must not stay alive beside the new one.
        held = scored.stale.pop(view.key, None)
        value: T | None = None
        if held is not None:
            before, pairs = held
            held = None
            value = view.follow(before, scored, pairs)
            if value is not None:
                said(name, "followed", scored.version, f"{len(pairs)} pairs scored again")
        if value is None:
            value = view.build(scored)
            said(name, "rebuilt", scored.version)
        scored.views[view.key] = value
        return value
