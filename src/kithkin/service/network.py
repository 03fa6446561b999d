"""Loading the whole network as plain data for the insight functions."""

from __future__ import annotations

from collections import defaultdict

from kithkin.insight.network import Network
from kithkin.process import collector_paused
from kithkin.store import UnitOfWork


def load_network(uow: UnitOfWork) -> Network:
    """Everyone, every tie and the whole history, as plain objects."""
    with collector_paused():  # every object made here stays alive: nothing to collect
        return _load(uow)


def _load(uow: UnitOfWork) -> Network:
    people = {p.id: p for p in uow.people.all() if p.id is not None}
    me = next((pid for pid, p in people.items() if p.is_me), None)
    events: dict[int, list[tuple[str, object]]] = defaultdict(list)
    for e in uow.activity.life_events():
        events[int(e["person_id"])].append((str(e["kind"]), e["occurred_at"]))
    return Network(
        me=me,
        people=people,
        ties=uow.ties.all(),
        interactions=uow.activity.history(),  # objects made when a view asks for them
        exchanges=uow.activity.exchanges(),
        asks=uow.activity.asks(),
        life_events=dict(events),
    )
