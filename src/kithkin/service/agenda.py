"""The weekly agenda and what the user does with its items: done, snooze, pause, let go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kithkin.errors import InvalidInput, NoOwner, NotFound
from kithkin.insight.agenda import DEFAULT_LIMIT, Agenda, ranked_agenda
from kithkin.insight.one_sided import OneSidedTie
from kithkin.model import Channel, Interaction, TieStatus
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.goals import goal_progress, hops_to_cultivate
from kithkin.service.read_model.agenda import entries_of, one_sided_of
from kithkin.service.read_model.scored import scored_network
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.store import UnitOfWork


@dataclass(frozen=True)
class TieState:
    """What an agenda action changed on a tie."""

    person: int
    name: str
    status: TieStatus
    snoozed_until: date | None


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
        return ranked_agenda(now, entries_of(scored, hops), limit)

    return scored.memo(("agenda", limit), compute)


def one_sided(app: App) -> list[OneSidedTie]:
    """The user's one-sided ties with their evidence (paused and let-go ones included)."""
    return one_sided_of(scored_network(app))


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
        uow.undo.keep("tie", [tie_id])
        uow.ties.set_state(tie_id, status, snoozed_until)
        doing = {TieStatus.PAUSED: "paused", TieStatus.LET_GO: "let go of"}
        uow.undo.what = f"{doing.get(status, 'snoozed') if status else 'snoozed'} {display}"
        uow.undo.at = app.now()
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
