"""Logging what happens in relationships: interactions, favours and asks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import (
    Ask,
    AskKind,
    AskOutcome,
    Channel,
    Exchange,
    ExchangeKind,
    Interaction,
    TieSource,
    TieStatus,
)
from kithkin.model import Tie as TieRecord
from kithkin.service.app import App
from kithkin.service.calibration import refresh
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.store import UnitOfWork


def _me(uow: UnitOfWork) -> int:
    return resolve_person(uow, "me")


def _happened(app: App, when: datetime | None, what: str) -> datetime:
    """When something happened: now unless told, and never later than now."""
    now = app.now()
    if when is None:
        return now
    if when > now:
        raise InvalidInput(
            f"{when:%Y-%m-%d %H:%M} is in the future; a {what} is logged once it has happened"
            " (a planned meeting is a goal or a calendar event, not contact)"
        )
    return when


def log_interaction(
    app: App,
    channel: Channel,
    people: Sequence[PersonRef],
    when: datetime | None = None,
    they_initiated: bool = False,
    answered: bool | None = None,
    note: str = "",
    with_me: bool = True,
) -> Interaction:
    """Record a contact. ``me`` takes part unless ``with_me`` is off (two others met)."""
    if not people:
        raise InvalidInput("name at least one person who took part")
    when = _happened(app, when, "contact")
    with app.uow() as uow:
        ids = list(dict.fromkeys(resolve_person(uow, n, exact=True) for n in people))
        me = _me(uow)
        if with_me and me not in ids:
            ids.insert(0, me)
        if they_initiated and len(ids) < 2:
            raise InvalidInput("only someone other than me can initiate a contact with me")
        initiator = next(i for i in ids if i != me) if they_initiated else ids[0]
        if answered is None and channel in (Channel.MESSAGE, Channel.EMAIL, Channel.CALL):
            answered = True  # a logged exchange of messages was answered unless told otherwise
        interaction = Interaction(
            when=when,
            channel=channel,
            participants=ids,
            initiator=initiator,
            answered=answered,
            note=note,
        )
        uow.activity.add_interaction(interaction)
        # Meeting someone makes a tie if there was none; a reply revives a tie let go.
        # Two others meeting (``--without-me``) makes no tie of mine.
        for other in ids:
            if other == me or me not in ids:
                continue
            tie = uow.ties.between(me, other)
            if tie is None:
                uow.ties.save(
                    TieRecord(me, other, source=TieSource.STATED, since=interaction.when.date()),
                    app.now(),
                )
            elif they_initiated and tie.status is not TieStatus.ACTIVE and tie.id is not None:
                uow.undo.keep("tie", [tie.id])
                uow.ties.set_state(tie.id, TieStatus.ACTIVE)
        # Undo takes the contact back (ties it made stay: they are true anyway).
        uow.undo.created("interaction", [interaction.id])
        uow.undo.what = f"logged the {channel.value} of {when:%Y-%m-%d}"
        uow.undo.at = app.now()
        uow.commit()
    refresh(app)  # strength learns again once enough new history has arrived
    return interaction


def record_favour(
    app: App,
    kind: ExchangeKind,
    other: PersonRef,
    given_by_me: bool,
    when: datetime | None = None,
    weight: float = 1.0,
    note: str = "",
) -> Exchange:
    when = _happened(app, when, "favour")
    with app.uow() as uow:
        me, them = _me(uow), resolve_person(uow, other, exact=True)
        if me == them:
            raise InvalidInput("a favour goes between me and someone else")
        giver, receiver = (me, them) if given_by_me else (them, me)
        ex = Exchange(giver, receiver, kind, when, weight=weight, note=note)
        uow.activity.add_exchange(ex)
        uow.undo.created("favour", [ex.id])
        uow.undo.what = f"recorded the {kind.value} of {when:%Y-%m-%d}"
        uow.undo.at = app.now()
        uow.commit()
    return ex


def record_ask(
    app: App, through: str, kind: AskKind, what: str, when: datetime | None = None, note: str = ""
) -> Ask:
    if not what.strip():
        raise InvalidInput("an ask needs to say what it is for, e.g. 'an intro to Contoso'")
    when = _happened(app, when, "ask")
    with app.uow() as uow:
        ask = Ask(resolve_person(uow, through, exact=True), kind, what.strip(), when, note=note)
        uow.activity.add_ask(ask)
        uow.undo.created("ask", [ask.id])
        uow.undo.what = f"recorded the ask '{ask.what}'"
        uow.undo.at = app.now()
        uow.commit()
    return ask


def settle_ask(app: App, ask_id: int, outcome: AskOutcome) -> None:
    with app.uow() as uow:
        if uow.edits.row("ask", ask_id) is not None:
            uow.undo.keep("ask", [ask_id])
        if not uow.activity.set_ask_outcome(ask_id, outcome):
            raise NotFound(f"there is no ask #{ask_id}", see="asks")
        uow.undo.what = f"set the outcome of ask #{ask_id} to {outcome.value}"
        uow.undo.at = app.now()
        uow.commit()


def list_asks(app: App) -> list[tuple[Ask, str]]:
    with app.uow(write=False) as uow:
        asks = uow.activity.asks()
        names = {p.id: p.display_name for p in uow.people.load_ids([a.through for a in asks])}
    return [(a, names.get(a.through, "?")) for a in asks]
