"""The scored network, computed once per data version and kept in the running App.

Loading the network and scoring every tie costs seconds on a large network;
the web app would pay that on every page. ``scored_network`` keeps the result
in the App and reuses it until the data version moves (any commit, in any
process) or ``now`` has moved on (the freshness rule of ``service.read_model``).

When the version moved through writes that said what they changed (an
interaction logged, a favour, a tie's state: ``store.state``), in this process
or another, the kept network is followed instead: those parts read again, and,
after logged interactions, only the pairs they touched scored again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import combinations
from typing import Any, TypeVar, cast

from kithkin.errors import NoOwner
from kithkin.insight.collector import collector_frozen, collector_thawed, memory_returned
from kithkin.insight.network import Network
from kithkin.insight.strength import TieStrength, rescored, tie_strengths
from kithkin.insight.tiers import assign_tiers
from kithkin.model import Tier
from kithkin.service.app import App
from kithkin.service.calibration import stored_params
from kithkin.service.network import load_network
from kithkin.service.read_model import current, said
from kithkin.store import UnitOfWork
from kithkin.store.state import Change

FOLLOWED_STEPS = 8  # scorings a follower keeps behind it, for pages last seen that far back
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
    # When the oldest of the strengths was scored (a follower rescores a few pairs at
    # its own ``now`` and keeps the rest): what freshness is judged by. None: ``now``.
    scored_at: datetime | None = None

    _memo: dict[tuple[object, ...], Any] = field(default_factory=dict, repr=False)

    @property
    def oldest(self) -> datetime:
        """When the oldest of the strengths was scored."""
        return self.now if self.scored_at is None else self.scored_at

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

    def earlier(self, key: tuple[object, ...]) -> tuple[Any, frozenset[int]] | None:
        """What the nearest scoring this one followed (through a chain of followers)
        kept under ``key`` (see ``memo``), and the people touched since; None when
        none did. A value worked out again for those people alone is then exact."""
        touched, node = set(self.touched), self.previous
        while node is not None:
            if key in node._memo:
                return node._memo[key], frozenset(touched)
            touched |= node.touched
            node = node.previous
        return None

    def pairs_since(self, version: str) -> frozenset[tuple[int, int]] | None:
        """The pairs scored again since the scoring of ``version``, if this one
        followed it (through a chain of followers); None otherwise."""
        pairs: set[tuple[int, int]] = set()
        node: Scored | None = self
        while node is not None and node.followed is not None:
            pairs |= node.followed[1]
            if node.followed[0] == version:
                return frozenset(pairs)
            node = node.previous
        return None

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
    with app.lock:
        cached = app.cache.get("scored")
        if isinstance(cached, Scored) and cached.version == version and current(app, cached.oldest):
            said("scored network", "reused", version)
            return cached
        cached_version = cached.version if isinstance(cached, Scored) else None
        changes = None if cached_version is None else uow.changes_since(cached_version)
        base = cached if changes is not None else None
        # No reference to the old scoring or path graph may outlive the clearing below
        # unless this one follows it: two whole networks at once would double the peak.
        cached = None
        paths = app.cache.get("paths") if base is not None else None
        app.cache.clear()
        collector_thawed()
        if base is not None and changes is not None:
            network, scored = _followed(app, uow, base, changes, version)
        else:
            network, scored = load_network(uow), None
        base = None  # a whole rescoring must not keep the old one alive meanwhile
        if scored is None:
            paths = None
            now = app.now()
            params = stored_params(uow)  # this network's own fit (service.calibration)
            scored = Scored(network, tie_strengths(network, now, params), now, version)
            if changes is not None:
                why = "writes followed, every pair scored again"
            else:
                why = "none kept" if cached_version is None else "a write that cannot be followed"
            said("scored network", "rebuilt", version, why)
        else:
            steps = len(changes or [])
            said("scored network", "followed", version, f"{steps} logged writes")
        app.cache["scored"] = scored
        if scored.followed is not None and paths is not None:
            app.cache["paths"] = paths  # its graph can follow too (service.paths)
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
        strengths = rescored(network, now, base.strengths, pairs, stored_params(uow))
    if strengths is None:
        return network, None
    # Pages follow too when nothing but one-to-one interactions was added (a group
    # is new evidence for inferred ties; favours change what is owed).
    one_to_one = all(len(set(it.participants)) == 2 for it in added)
    if not one_to_one or favours:
        return network, Scored(network, strengths, now, version, scored_at=base.oldest)
    _trim(base, FOLLOWED_STEPS - 1)
    step = (base.version, pairs)
    return network, Scored(network, strengths, now, version, step, base, base.oldest)


def _trim(scored: Scored, keep: int) -> None:
    """Keep at most ``keep`` scorings behind ``scored``: what a follower may read."""
    node = scored
    for _ in range(keep):
        if node.previous is None:
            return
        node = node.previous
    node.previous = None
