"""What a screen needs to orient the user: how big the network is, and one person's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kithkin.service.app import App
from kithkin.service.resolve import PersonRef, resolve_person


@dataclass
class NetworkStatus:
    people: int
    me: str | None  # the owner's display name, None before the owner is named
    empty: bool  # nobody but (at most) the owner: the first-run screen applies


@dataclass
class TimelineEntry:
    """One dated event in a relationship, newest first in a timeline."""

    when: datetime
    what: str  # "interaction" or "favour"
    kind: str  # the channel of an interaction, the kind of a favour
    direction: str  # "from me", "to me", or "" for meetings nobody started
    note: str
    answered: bool | None = None
    others: int = 0  # how many more people took part besides me and this person


def network_status(app: App) -> NetworkStatus:
    with app.uow(write=False) as uow:
        me = uow.people.me()
        people = uow.people.count()
        return NetworkStatus(people, me.display_name if me else None, people <= (1 if me else 0))


def person_timeline(app: App, name: PersonRef, limit: int = 200) -> list[TimelineEntry]:
    """Interactions and favours between me and one person, newest first (all mine for me)."""
    with app.uow(write=False) as uow:
        pid = resolve_person(uow, name)
        me = uow.people.me()
        me_id = me.id if me else None
        interactions = uow.activity.interactions(pid)
        exchanges = uow.activity.exchanges(pid)
    entries: list[TimelineEntry] = []
    for it in interactions:
        if me_id != pid and me_id not in it.participants:
            continue  # they met others without me: not part of our history
        direction = "from me" if it.initiator == me_id else "to me"
        if it.initiator is None:
            direction = ""  # a meeting nobody started
        entries.append(
            TimelineEntry(
                when=it.when,
                what="interaction",
                kind=it.channel.value,
                direction=direction,
                note=it.note,
                answered=it.answered,
                others=len(set(it.participants) - {pid, me_id}),
            )
        )
    for ex in exchanges:
        if me_id not in (ex.giver, ex.receiver):
            continue  # a favour between this person and someone else is not our history
        entries.append(
            TimelineEntry(
                when=ex.when,
                what="favour",
                kind=ex.kind.value,
                direction="from me" if ex.giver == me_id else "to me",
                note=ex.note,
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
