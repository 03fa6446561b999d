"""The weekly agenda and what the user does with its items: done, snooze, pause, let go."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kithkin.errors import InvalidInput, NoOwner, NotFound
from kithkin.insight.agenda import (
    DEFAULT_LIMIT,
    Agenda,
    AgendaEntry,
    AgendaInputs,
    GoalHop,
    agenda_entries,
    ranked_agenda,
)
from kithkin.insight.cadence import cadences
from kithkin.insight.network import Network
from kithkin.insight.one_sided import OneSidedTie, one_sided_ties
from kithkin.insight.reciprocity import reciprocity
from kithkin.model import Channel, Interaction, Tier, TieStatus
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.goals import goal_progress, hops_to_cultivate
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.service.snapshot import Scored, scored_network
from kithkin.store import UnitOfWork


@dataclass(frozen=True)
class TieState:
    """What an agenda action changed on a tie."""

    person: int
    name: str
    status: TieStatus
    snoozed_until: date | None


@dataclass(frozen=True)
class _TieInputs:
    """What the ranking knows of each of my ties."""

    tiers: dict[int, Tier]
    cadence: dict[int, float]
    owed: dict[int, list[str]]  # reasons I owe them


def _owed(network: Network, me: int, now: datetime, people: Iterable[int]) -> dict[int, list[str]]:
    """Those of ``people`` who gave me favours I have not returned: the reasons."""
    favour_from = {e.giver for e in network.exchanges if e.receiver == me and e.when <= now}
    owed: dict[int, list[str]] = {}
    for other in sorted(favour_from.intersection(people)):
        r = reciprocity(network, me, other, now)
        if r.label == "you owe":
            owed[other] = r.reasons
    return owed


def _moved(before: dict[int, Tier], now: dict[int, Tier]) -> set[int]:
    """The people whose tier is not what it was (or who have none now, or had none)."""
    return {p for p in before.keys() | now.keys() if before.get(p) != now.get(p)}


def _tie_inputs(scored: Scored) -> _TieInputs:
    """Tiers, cadences and favours owed; after a logged interaction, the cadences and
    favours of the people it touched (or whose tier moved) are worked out again alone."""

    def compute() -> _TieInputs:
        network, now, me, tiers = scored.network, scored.now, scored.me, scored.tiers
        found = scored.earlier(("agenda ties",))
        if found is None:
            return _TieInputs(
                tiers, cadences(network, me, tiers, now), _owed(network, me, now, tiers)
            )
        before: _TieInputs = found[0]
        touched = found[1]
        changed = touched | _moved(before.tiers, tiers)
        cadence = {p: c for p, c in before.cadence.items() if p in tiers and p not in changed}
        cadence.update(cadences(network, me, {p: tiers[p] for p in changed if p in tiers}, now))
        owed = {p: r for p, r in before.owed.items() if p in tiers and p not in touched}
        owed.update(_owed(network, me, now, touched & tiers.keys()))
        return _TieInputs(tiers, cadence, owed)

    return scored.memo(("agenda ties",), compute)


@dataclass(frozen=True)
class _Entries:
    """Every tie's agenda entry, and the goal hops and tiers they were worked out with."""

    hops: list[GoalHop]
    tiers: dict[int, Tier]
    entries: dict[int, AgendaEntry]


def _entries(scored: Scored, hops: list[GoalHop]) -> dict[int, AgendaEntry]:
    """Every tie's agenda entry; after logged interactions, only the entries whose
    inputs changed are worked out again."""
    kept: _Entries = scored.memo(("agenda entries",), lambda: _work_out(scored, hops))
    return kept.entries if kept.hops == hops else _work_out(scored, hops).entries


def _work_out(scored: Scored, hops: list[GoalHop]) -> _Entries:
    ties = _tie_inputs(scored)
    inputs = AgendaInputs(ties.tiers, ties.cadence, ties.owed, hops, one_sided_of(scored))
    found = scored.earlier(("agenda entries",))
    if found is None:
        return _Entries(hops, ties.tiers, agenda_entries(scored.network, scored.now, inputs))
    before, touched = found
    # An entry reads the tie's interactions, favours, one-sidedness and cadence, which
    # follow from its interactions and tier: redo those touched or moved since then.
    changed = set(touched) | _moved(before.tiers, ties.tiers)
    if hops != before.hops:
        changed |= {h.person for h in (*hops, *before.hops)}
    entries = dict(before.entries)
    entries.update(agenda_entries(scored.network, scored.now, inputs, changed))
    return _Entries(hops, ties.tiers, entries)


def build(app: App, limit: int = DEFAULT_LIMIT) -> Agenda:
    """The ranked agenda for ``app.now()``: whom to contact, why, and what to offer first."""
    if limit < 1:
        raise InvalidInput(f"an agenda holds at least 1 item, not {limit}")
    scored = scored_network(app)
    network, strengths, now = scored.network, scored.strengths, scored.now
    if network.me is None:
        raise NoOwner()

    def compute() -> Agenda:
        # Goals, snoozes and tie states are data too: a change to any moves the version.
        with app.uow(write=False) as uow:
            goals = uow.goals.active()
        hops = hops_to_cultivate(goal_progress(network, strengths, goals, now))
        return ranked_agenda(now, _entries(scored, hops), limit)

    return scored.memo(("agenda", limit), compute)


def one_sided(app: App) -> list[OneSidedTie]:
    """The user's one-sided ties with their evidence (paused and let-go ones included)."""
    return one_sided_of(scored_network(app))


def one_sided_of(scored: Scored) -> list[OneSidedTie]:
    """The one-sided ties of a scored network, worked out once for the agenda and report;
    after a logged interaction, only the ties it touched are checked again."""

    def compute() -> list[OneSidedTie]:
        found = scored.earlier(("one-sided",))
        if found is None:
            return one_sided_ties(scored.network, scored.now)
        return one_sided_ties(scored.network, scored.now, *found)

    return scored.memo(("one-sided",), compute)


def _my_tie(uow: UnitOfWork, name: PersonRef) -> tuple[int, int, str]:
    """(tie id, other person's id, their name) of the user's tie with ``name``."""
    me = resolve_person(uow, "me")
    other = resolve_person(uow, name, exact=True)
    if other == me:
        raise InvalidInput("the agenda is about other people; name someone else")
    tie = uow.ties.between(me, other)
    person = uow.people.get(other)
    assert person is not None
    if tie is None or tie.id is None:
        raise NotFound(f"you have no tie with {person.display_name}", see="ties")
    return tie.id, other, person.display_name


def _set_state(
    app: App, name: PersonRef, status: TieStatus | None, snoozed_until: date | None
) -> TieState:
    with app.uow() as uow:
        tie_id, other, display = _my_tie(uow, name)
        uow.ties.set_state(tie_id, status, snoozed_until)
        tie = uow.ties.between(resolve_person(uow, "me"), other)
        uow.commit()
    assert tie is not None
    return TieState(other, display, tie.status, tie.snoozed_until)


# Longer than any reminder is worth, and well inside the calendar (year 9999).
MAX_SNOOZE_DAYS = 3653


def snooze(app: App, name: PersonRef, days: int) -> TieState:
    """No agenda items about them until ``days`` from today."""
    if not 1 <= days <= MAX_SNOOZE_DAYS:
        raise InvalidInput(
            f"a snooze lasts from 1 to {MAX_SNOOZE_DAYS:,} days (ten years), not {days:,}"
        )
    return _set_state(app, name, None, app.now().date() + timedelta(days=days))


def pause(app: App, name: PersonRef) -> TieState:
    """No reminders until they get in touch or the user logs a contact."""
    return _set_state(app, name, TieStatus.PAUSED, None)


def let_go(app: App, name: PersonRef) -> TieState:
    """Stop reminders for good; the history stays and a message from them brings the tie back."""
    return _set_state(app, name, TieStatus.LET_GO, None)


def resume(app: App, name: PersonRef) -> TieState:
    """Undo a snooze, a pause or a letting go: the tie is back on the agenda when due."""
    return _set_state(app, name, TieStatus.ACTIVE, None)


def reminder_state(app: App, name: PersonRef) -> TieState | None:
    """Whether reminders about them are on, snoozed, paused or let go; None without a tie."""
    with app.uow(write=False) as uow:
        owner = uow.people.me()  # no owner yet (files imported first): no reminders either
        other = resolve_person(uow, name, exact=True)
        me = owner.id if owner is not None else None
        tie = uow.ties.between(me, other) if me is not None and other != me else None
        person = uow.people.get(other)
    if tie is None or person is None:
        return None
    return TieState(other, person.display_name, tie.status, tie.snoozed_until)


def done(
    app: App, name: PersonRef, channel: Channel = Channel.MESSAGE, note: str = ""
) -> Interaction:
    """The user made the contact: log it, so the item goes from the agenda."""
    with app.uow(write=False) as uow:
        _my_tie(uow, name)  # an agenda item is always about one of the user's ties
    return log_interaction(app, channel, [name], note=note)
