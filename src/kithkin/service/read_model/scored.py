"""The scored network, computed once per data version and kept in the running App.

Loading the network and scoring every tie costs seconds on a large network;
the web app would pay that on every page. ``scored_network`` keeps the result
in the App and reuses it until the data version moves (any commit, in any
process) or ``now`` has moved on (the freshness rule of ``service.read_model``).

When the version moved through writes that said what they changed (an
interaction logged, a favour, a tie's state: ``store.state``), in this process
or another, the kept network is followed instead: those parts read again, and,
after logged interactions, only the pairs they touched scored again. The views
made from the scoring it followed (``read_model.views``) come along, each with
the pairs scored again since it was made, so that it can follow them in turn.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import combinations
from typing import Any, TypeVar, cast

from kithkin.errors import NoOwner
from kithkin.insight.effort import InteractionColumns, columns_of
from kithkin.insight.network import Network
from kithkin.insight.strength import TieStrength, rescored, tie_strengths
from kithkin.insight.tiers import assign_tiers
from kithkin.model import Tier
from kithkin.process import collector_frozen, collector_paused, collector_thawed, memory_returned
from kithkin.service.app import App, GatedLock
from kithkin.service.calibration import stored_params
from kithkin.service.network import load_network
from kithkin.service.read_model import current, said
from kithkin.store import UnitOfWork
from kithkin.store.state import Change

T = TypeVar("T")
Pair = tuple[int, int]


@dataclass
class Scored:
    """The whole network with every tie's strength, as of ``now``. Read-only by convention."""

    network: Network
    strengths: dict[tuple[int, int], TieStrength]
    now: datetime
    version: str
    # When this scoring followed an earlier one by scoring a few pairs again after
    # one-to-one interactions were logged: that one's version, and those pairs.
    followed: tuple[str, frozenset[Pair]] | None = None
    # When the oldest of the strengths was scored (a follower rescores a few pairs at
    # its own ``now`` and keeps the rest): what freshness is judged by. None: ``now``.
    scored_at: datetime | None = None
    # The App's lock (one per App): views are worked out under it, once.
    lock: threading.RLock | GatedLock = field(default_factory=threading.RLock, repr=False)
    # The views made from this scoring (``read_model.views``), and those made from the
    # scorings it followed, not yet followed here: each with the pairs scored again since.
    views: dict[tuple[object, ...], Any] = field(default_factory=dict, repr=False)
    stale: dict[tuple[object, ...], tuple[Any, frozenset[Pair]]] = field(
        default_factory=dict, repr=False
    )

    _memo: dict[tuple[object, ...], Any] = field(default_factory=dict, repr=False)
    # The network's interactions as columns, when this scoring made them from all of it
    # (``effort.columns_of``): my history's rows read them again. None: a follower.
    columns: InteractionColumns | None = field(default=None, repr=False)

    @property
    def oldest(self) -> datetime:
        """When the oldest of the strengths was scored."""
        return self.now if self.scored_at is None else self.scored_at

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()`` once per scoring: what derives from the data alone is kept with it."""
        if key in self._memo:  # kept: no need to wait for the lock
            return cast(T, self._memo[key])
        with self.lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return cast(T, self._memo[key])

    @property
    def me(self) -> int:
        """The owner of the network; a clear error when there is none yet."""
        if self.network.me is None:
            raise NoOwner()
        return self.network.me

    @cached_property
    def tiers(self) -> dict[int, Tier]:
        """My tier with each person I have a tie or contact with ({} without a me)."""
        me = self.network.me
        return {} if me is None else assign_tiers(self.strengths, me)


def kept_scored(app: App, version: Callable[[], str]) -> Scored | None:
    """The scored network this process keeps, when it is of the data version ``version()``
    says (asked only when one is kept) and still current; else None. No lock is taken
    and nothing else is read: ``scored_network`` asks it before and after taking the
    lock, and team reach with the version read in the team's unit of work."""
    cached = app.cache.get("scored")
    if isinstance(cached, Scored) and current(app, cached.oldest) and cached.version == version():
        said("scored network", "reused", cached.version)
        return cached
    return None


def scored_network(app: App, uow: UnitOfWork | None = None) -> Scored:
    """The scored network for ``app.now()``, from the App's cache when still current.

    Read in a reading unit of work (``uow`` if it is one, else one of its own): the
    version it is labelled with is then the version of everything it read, even
    while other processes commit.
    """
    if uow is None or uow.write:
        with app.uow(write=False) as own:
            return scored_network(app, own)
    version = uow.data_version()
    # Kept and current: no need to wait for the lock (a team server's locks may queue
    # behind other members' work: service.app.GatedLock). Values are put in the cache
    # only once made whole.
    if (kept := kept_scored(app, lambda: version)) is not None:
        return kept
    with app.lock:
        if (kept := kept_scored(app, lambda: version)) is not None:
            return kept
        cached = app.cache.get("scored")
        cached_version = cached.version if isinstance(cached, Scored) else None
        changes = None if cached_version is None else uow.changes_since(cached_version)
        base = cached if changes is not None else None
        # No reference to the old scoring or path graph may outlive the clearing below
        # unless this one follows it: two whole networks at once would double the peak.
        cached = None
        app.cache.clear()
        collector_thawed()
        # One pause over the whole build, frozen before it ends: everything made here
        # stays alive, and a collection once the pause ends would walk all of it (a
        # tenth of a second at 10,000 people) to find nothing to free.
        with collector_paused():
            if base is not None and changes is not None:
                network, scored = _followed(app, uow, base, changes, version)
            else:
                network, scored = load_network(uow), None
            base = None  # a whole rescoring must not keep the old one alive meanwhile
            if scored is None:
                now = app.now()
                params = stored_params(uow)  # this network's own fit (service.calibration)
                # Read once from the objects, for the strengths and my history's rows.
                columns = columns_of(network.interactions)
                strengths = tie_strengths(network, now, params, columns)
                scored = Scored(network, strengths, now, version, lock=app.lock, columns=columns)
                if changes is not None:
                    why = "writes followed, every pair scored again"
                else:
                    why = (
                        "none kept" if cached_version is None else "a write that cannot be followed"
                    )
                said("scored network", "rebuilt", version, why)
            else:
                steps = len(changes or [])
                said("scored network", "followed", version, f"{steps} logged writes")
            app.cache["scored"] = scored
            collector_frozen()
        memory_returned()
        return scored


def _followed(
    app: App, uow: UnitOfWork, base: Scored, changes: list[Change], version: str
) -> tuple[Network, Scored | None]:
    """``base``'s network with ``changes`` applied (the interactions they added read
    back, the ties or favours read again if they touched them) and, when only
    interactions were added and ``base`` is still fresh, its scoring with only the
    pairs they touched scored again (at ``now``; the others keep their scores, as any
    current view does, see ``service.read_model``); None when every pair must be scored again."""
    ids = [i for change in changes for i in change.interactions]
    added = [it for i in ids if (it := uow.activity.interaction(i)) is not None]
    ties = any(change.ties for change in changes)
    favours = any(change.favours for change in changes)
    network = base.network.followed_by(
        added,
        ties=uow.ties.all() if ties else None,
        exchanges=uow.activity.exchanges() if favours else None,
    )
    pairs = frozenset(
        pair for it in added for pair in combinations(sorted(set(it.participants)), 2)
    )
    if favours:  # a favour is evidence for its pair's strength too
        known = {ex.id for ex in base.network.exchanges}
        pairs |= {
            (min(ex.giver, ex.receiver), max(ex.giver, ex.receiver))
            for ex in network.exchanges
            if ex.id not in known
        }
    # New ties change who has people in common: then every pair is scored again.
    now, strengths = app.now(), None
    if not ties and len(added) == len(ids) and current(app, base.oldest):
        params = stored_params(uow)
        with collector_paused():
            strengths = rescored(network, now, base.strengths, pairs, params)
    if strengths is None:
        return network, None
    # Pages follow too when nothing but one-to-one interactions was added (a group
    # is new evidence for inferred ties; favours change what is owed).
    one_to_one = all(len(set(it.participants)) == 2 for it in added)
    if not one_to_one or favours:
        return network, Scored(network, strengths, now, version, None, base.oldest, app.lock)
    # Every view comes along with the pairs scored again since it was made: the ones
    # made from ``base`` with these, those ``base`` carried with theirs and these.
    stale = {key: (value, since | pairs) for key, (value, since) in base.stale.items()}
    stale.update((key, (value, pairs)) for key, value in base.views.items())
    step = (base.version, pairs)
    return network, Scored(
        network, strengths, now, version, step, base.oldest, app.lock, stale=stale
    )
