"""The weekly agenda and what the user does with its items: done, snooze, pause, let go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kithkin.errors import InvalidInput, NotFound
from kithkin.insight.agenda import DEFAULT_LIMIT, Agenda, AgendaInputs, GoalHop, build_agenda
from kithkin.insight.cadence import cadences
from kithkin.insight.network import Network
from kithkin.insight.one_sided import OneSidedTie, one_sided_ties
from kithkin.insight.reciprocity import reciprocity
from kithkin.insight.strength import TieStrength
from kithkin.insight.tiers import assign_tiers
from kithkin.model import Channel, Interaction, Tier, TieStatus
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.goals import goal_progress, hops_to_cultivate
from kithkin.service.resolve import resolve_person
from kithkin.service.snapshot import Scored, follow_write, scored_network
from kithkin.store import UnitOfWork


@dataclass(frozen=True)
class TieState:
    """What an agenda action changed on a tie."""

    person: int
    name: str
    status: TieStatus
    snoozed_until: date | None


def agenda_inputs(
    network: Network,
    strengths: dict[tuple[int, int], TieStrength],
    now: datetime,
    goal_hops: list[GoalHop],
    one_sided: list[OneSidedTie] | None = None,
) -> AgendaInputs:
    """Tiers, cadences, favours owed and one-sided ties of the user's ties, for the ranking."""
    me = network.me
    if me is None:
        return AgendaInputs()
    tiers: dict[int, Tier] = assign_tiers(strengths, me)
    cadence = cadences(network, me, tiers)
    favour_from = {e.giver for e in network.exchanges if e.receiver == me and e.when <= now}
    owed: dict[int, list[str]] = {}
    for other in sorted(favour_from & set(tiers)):
        r = reciprocity(network, me, other, now)
        if r.label == "you owe":
            owed[other] = r.reasons
    if one_sided is None:
        one_sided = one_sided_ties(network, now)
    return AgendaInputs(tiers, cadence, owed, goal_hops, one_sided)


def build(app: App, limit: int = DEFAULT_LIMIT) -> Agenda:
    """The ranked agenda for ``app.now()``: whom to contact, why, and what to offer first."""
    if limit < 1:
        raise InvalidInput(f"--limit must be at least 1, not {limit}")
    scored = scored_network(app)
    network, strengths, now = scored.network, scored.strengths, scored.now
    if network.me is None:
        raise NotFound("there is no 'me' yet; run 'kith init --me \"Your Name\"'")

    def compute() -> Agenda:
        # Goals, snoozes and tie states are data too: a change to any moves the version.
        with app.uow() as uow:
            goals = uow.goals.active()
        hops = hops_to_cultivate(goal_progress(network, strengths, goals, now))
        inputs = agenda_inputs(network, strengths, now, hops, one_sided_of(scored))
        return build_agenda(network, now, inputs, limit)

    return scored.memo(("agenda", limit), compute)


def one_sided(app: App) -> list[OneSidedTie]:
    """The user's one-sided ties with their evidence (paused and let-go ones included)."""
    return one_sided_of(scored_network(app))


def one_sided_of(scored: Scored) -> list[OneSidedTie]:
    """The one-sided ties of a scored network, worked out once for the agenda and report."""
    return scored.memo(("one-sided",), lambda: one_sided_ties(scored.network, scored.now))


def _my_tie(uow: UnitOfWork, name: str) -> tuple[int, int, str]:
    """(tie id, other person's id, their name) of the user's tie with ``name``."""
    me = resolve_person(uow, "me")
    other = resolve_person(uow, name)
    if other == me:
        raise InvalidInput("the agenda is about other people; name someone else")
    tie = uow.ties.between(me, other)
    person = uow.people.get(other)
    assert person is not None
    if tie is None or tie.id is None:
        raise NotFound(f"you have no tie with {person.display_name}; add one with 'kith tie add'")
    return tie.id, other, person.display_name


def _set_state(
    app: App, name: str, status: TieStatus | None, snoozed_until: date | None
) -> TieState:
    with app.uow() as uow:
        tie_id, other, display = _my_tie(uow, name)
        uow.ties.set_state(tie_id, status, snoozed_until)
        tie = uow.ties.between(resolve_person(uow, "me"), other)
        uow.commit()
        follow_write(app, uow, ties=True)
    assert tie is not None
    return TieState(other, display, tie.status, tie.snoozed_until)


def snooze(app: App, name: str, days: int) -> TieState:
    """No agenda items about them until ``days`` from today."""
    if days < 1:
        raise InvalidInput(f"--days must be at least 1, not {days}")
    return _set_state(app, name, None, app.now().date() + timedelta(days=days))


def pause(app: App, name: str) -> TieState:
    """No reminders until they get in touch or the user logs a contact."""
    return _set_state(app, name, TieStatus.PAUSED, None)


def let_go(app: App, name: str) -> TieState:
    """Stop reminders for good; the history stays and a message from them brings the tie back."""
    return _set_state(app, name, TieStatus.LET_GO, None)


def done(app: App, name: str, channel: Channel = Channel.MESSAGE, note: str = "") -> Interaction:
    """The user made the contact: log it, so the item goes from the agenda."""
    with app.uow() as uow:
        _my_tie(uow, name)  # an agenda item is always about one of the user's ties
    return log_interaction(app, channel, [name], note=note)
