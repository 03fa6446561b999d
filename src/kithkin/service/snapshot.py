"""The scored network, computed once per data version and kept in the running App.

Loading the network and scoring every tie costs seconds on a large network;
the web app would pay that on every page. ``scored_network`` keeps the result
in the App and reuses it until the data version moves (any commit, in any
process) or ``now`` has moved on by more than ``FRESH_FOR``.

A write that knows what it changed (an interaction logged, a favour, a tie's
state) calls ``follow_write`` after its commit: when the kept network was
current just before that commit, the new network is the kept one with those
parts read again, and the next view only rescores it instead of reading the
whole history back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from itertools import combinations
from typing import Any, TypeVar, cast

from kithkin.errors import NotFound
from kithkin.insight.collector import collector_frozen, collector_thawed, memory_returned
from kithkin.insight.network import Network
from kithkin.insight.strength import TieStrength, rescored, tie_strengths
from kithkin.insight.tiers import assign_tiers
from kithkin.model import Tier
from kithkin.service.app import App
from kithkin.service.network import load_network
from kithkin.store import UnitOfWork

FRESH_FOR = timedelta(minutes=15)  # decay over a quarter of an hour changes no score visibly
_lock = threading.Lock()
T = TypeVar("T")


@dataclass
class Scored:
    """The whole network with every tie's strength, as of ``now``. Read-only by convention."""

    network: Network
    strengths: dict[tuple[int, int], TieStrength]
    now: datetime
    version: str
    # When this scoring followed an earlier one by scoring a few pairs again after
    # one-to-one interactions were logged: that one's version, and those pairs.
    followed: tuple[str, frozenset[tuple[int, int]]] | None = None
    previous: Scored | None = field(default=None, repr=False)  # that one, kept for ``earlier``

    _memo: dict[tuple[object, ...], Any] = field(default_factory=dict, repr=False)

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()`` once per snapshot: what derives from the data alone is kept with it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    @property
    def touched(self) -> frozenset[int]:
        """The people of the pairs scored again since the scoring this one followed."""
        if self.followed is None:
            return frozenset()
        return frozenset(p for pair in self.followed[1] for p in pair)

    def earlier(self, key: tuple[object, ...]) -> Any:
        """What the scoring this one followed kept under ``key`` (see ``memo``); None
        when this one followed none, or that one kept nothing there. A value worked
        out again only for the ``touched`` people is then exact."""
        return None if self.previous is None else self.previous._memo.get(key)

    @property
    def me(self) -> int:
        """The owner of the network; a clear error when there is none yet."""
        if self.network.me is None:
            raise NotFound("there is no 'me' yet; run 'kith init --me \"Your Name\"'")
        return self.network.me

    @cached_property
    def tiers(self) -> dict[int, Tier]:
        """My tier with each person I have a tie or contact with ({} without a me)."""
        me = self.network.me
        return {} if me is None else assign_tiers(self.strengths, me)


def scored_network(app: App, uow: UnitOfWork | None = None) -> Scored:
    """The scored network for ``app.now()``, from the App's cache when still current."""
    if uow is None:
        with app.uow() as own:
            return scored_network(app, own)
    now = app.now()
    version = uow.data_version()
    with _lock:
        cached = app.cache.get("scored")
        if isinstance(cached, Scored) and cached.version == version and _same_now(app, cached.now):
            return cached
        cached = None  # no reference to the old scoring may outlive the clearing below
        followed = app.cache.get("followed")
        if not (isinstance(followed, _Followed) and followed.version == version):
            followed = None  # stale: let what it holds go before a whole load
        # The path graph can follow too (service.paths); kept only if this scoring will.
        paths = app.cache.get("paths") if followed is not None else None
        # What was kept for the old data goes first: two whole networks in memory at
        # once would double the server's peak.
        app.cache.clear()
        collector_thawed()
        strengths, step, previous = None, None, None
        if followed is not None:
            network = followed.network
            strengths = followed.strengths(now)
            if strengths is not None and followed.step is not None:
                step, previous = followed.step, followed.base
        else:
            network = load_network(uow)
        followed = None  # the scoring it was made from goes too, before a whole rescoring
        if strengths is None:
            paths = None
            strengths = tie_strengths(network, now)
        scored = Scored(network, strengths, now, version, step, previous)
        if previous is not None:
            previous.previous = None  # one step back is all a follower reads: no chains
        app.cache["scored"] = scored
        if step is not None and paths is not None:
            app.cache["paths before"] = paths
        collector_frozen()
        memory_returned()
        return scored


@dataclass(frozen=True)
class _Followed:
    """The network as of ``version``, made from the scored one before (``base``) by
    ``follow_write``; only ``pairs`` had interactions added."""

    network: Network
    version: str
    base: Scored | None  # None when every pair must be scored again
    pairs: frozenset[tuple[int, int]]
    one_to_one: bool  # every interaction added had two people: no new group evidence
    favours: bool  # the favours were read again

    @property
    def step(self) -> tuple[str, frozenset[tuple[int, int]]] | None:
        """What ``Scored.followed`` says of a scoring made from this (see there)."""
        if self.base is None or not self.one_to_one or self.favours:
            return None
        return (self.base.version, self.pairs)

    def strengths(self, now: datetime) -> dict[tuple[int, int], TieStrength] | None:
        """The base's strengths with the changed pairs scored again, if that is exact."""
        if self.base is None or now != self.base.now:
            return None
        return rescored(self.network, now, self.base.strengths, self.pairs)


def follow_write(
    app: App,
    uow: UnitOfWork,
    interactions: Sequence[int] = (),
    exchanges: bool = False,
    ties: bool = False,
) -> None:
    """After ``uow.commit()``: the kept network plus what this write changed (the
    ``interactions`` it added, or every favour or tie read again), for the next view.

    Only when the kept network was current just before the commit (its version is
    the one the commit replaced): then nothing else changed in between.
    """
    if uow.committed is None:
        return
    before, after = uow.committed
    with _lock:
        cached = app.cache.get("scored")
        if not isinstance(cached, Scored) or cached.version != before:
            app.cache.pop("followed", None)  # what an earlier write left is stale now
            return
        added = [it for i in interactions if (it := uow.activity.interaction(i)) is not None]
        network = cached.network.followed_by(
            added,
            ties=uow.ties.all() if ties else None,
            exchanges=uow.activity.exchanges() if exchanges else None,
        )
        pairs = frozenset(
            pair for it in added for pair in combinations(sorted(set(it.participants)), 2)
        )
        # New ties change who has people in common: every pair is scored again then,
        # and the old scoring need not be kept until it is.
        one_to_one = all(len(set(it.participants)) == 2 for it in added)
        app.cache["followed"] = _Followed(
            network, after, None if ties else cached, pairs, one_to_one, exchanges
        )


def _same_now(app: App, then: datetime) -> bool:
    if app.fixed_now is not None:
        return then == app.fixed_now
    return abs(app.now() - then) < FRESH_FOR
