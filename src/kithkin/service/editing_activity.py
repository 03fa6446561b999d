"""Correcting what was logged: edit or remove an interaction, a favour or an ask.

Each function changes one record by its id (``#N`` as lists show it), checks the
result as strictly as logging it did, and keeps what it touched so that the change
can be undone (``service.undo``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import (
    Ask,
    AskKind,
    AskOutcome,
    Channel,
    Exchange,
    ExchangeKind,
    Interaction,
)
from kithkin.service.activity import _happened
from kithkin.service.app import App
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.store import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class InteractionChanges:
    """None leaves a field as it is; ``people`` replaces everyone but me."""

    when: datetime | None = None
    channel: Channel | None = None
    note: str | None = None
    answered: bool | None = None
    people: Sequence[PersonRef] | None = None


@dataclass(frozen=True)
class FavourChanges:
    kind: ExchangeKind | None = None
    when: datetime | None = None
    weight: float | None = None
    note: str | None = None
    given_by_me: bool | None = None


@dataclass(frozen=True)
class AskChanges:
    kind: AskKind | None = None
    what: str | None = None
    when: datetime | None = None
    outcome: AskOutcome | None = None
    note: str | None = None


# -- interactions ---------------------------------------------------------------------
def get_interaction(app: App, interaction_id: int) -> Interaction:
    with app.uow(write=False) as uow:
        return _interaction(uow, interaction_id)


def edit_interaction(app: App, interaction_id: int, changes: InteractionChanges) -> Interaction:
    with app.uow() as uow:
        old = _interaction(uow, interaction_id)
        people = old.participants
        initiator = old.initiator
        if changes.people is not None:
            me = resolve_person(uow, "me")
            named = [resolve_person(uow, n, exact=True) for n in changes.people]
            people = list(dict.fromkeys(([me] if me in old.participants else []) + named))
            if initiator not in people:
                initiator = people[0] if people else None
        new = Interaction(
            when=old.when if changes.when is None else _happened(app, changes.when, "contact"),
            channel=changes.channel or old.channel,
            participants=people,
            id=old.id,
            initiator=initiator,
            answered=old.answered if changes.answered is None else changes.answered,
            note=old.note if changes.note is None else changes.note,
        )
        uow.undo.keep("interaction", [interaction_id])
        uow.edits.set(
            "interaction",
            interaction_id,
            occurred_at=new.when,
            channel=new.channel.value,
            initiator_id=new.initiator,
            answered=new.answered,
            note=new.note,
        )
        if new.participants != old.participants:
            uow.edits.set_participants(interaction_id, new.participants)
        _done(uow, app, f"edited the {_contact(uow, old)}")
        uow.commit()
    return new


def remove_interaction(app: App, interaction_id: int) -> Interaction:
    return _remove(
        app, "interaction", interaction_id, _interaction, lambda uow, it: f"the {_contact(uow, it)}"
    )


def _interaction(uow: UnitOfWork, interaction_id: int) -> Interaction:
    row = uow.edits.row("interaction", interaction_id)
    if row is None:
        raise NotFound(f"there is no interaction #{interaction_id}", see="interactions")
    return Interaction(
        when=row["occurred_at"],
        channel=Channel(row["channel"]),
        participants=uow.edits.participants(interaction_id),
        id=interaction_id,
        initiator=row["initiator_id"],
        answered=row["answered"],
        note=row["note"],
        external_id=row["external_id"] or "",
    )


def _contact(uow: UnitOfWork, it: Interaction) -> str:
    others = [p.display_name for p in uow.people.load_ids(it.participants) if not p.is_me]
    with_whom = ", ".join(others) if others else "no one"
    return f"{it.channel.value} of {it.when:%Y-%m-%d} with {with_whom}"


# -- favours --------------------------------------------------------------------------
def get_favour(app: App, favour_id: int) -> Exchange:
    with app.uow(write=False) as uow:
        return _favour(uow, favour_id)


def edit_favour(app: App, favour_id: int, changes: FavourChanges) -> Exchange:
    with app.uow() as uow:
        old = _favour(uow, favour_id)
        giver, receiver = old.giver, old.receiver
        if changes.given_by_me is not None:
            me = resolve_person(uow, "me")
            other = receiver if giver == me else giver
            giver, receiver = (me, other) if changes.given_by_me else (other, me)
        new = Exchange(
            giver,
            receiver,
            changes.kind or old.kind,
            old.when if changes.when is None else _happened(app, changes.when, "favour"),
            id=old.id,
            weight=old.weight if changes.weight is None else changes.weight,
            note=old.note if changes.note is None else changes.note,
        )
        uow.undo.keep("favour", [favour_id])
        uow.edits.set(
            "favour",
            favour_id,
            giver_id=new.giver,
            receiver_id=new.receiver,
            kind=new.kind.value,
            occurred_at=new.when,
            weight=new.weight,
            note=new.note,
        )
        _done(uow, app, f"edited favour #{favour_id} ({old.kind.value})")
        uow.commit()
    return new


def remove_favour(app: App, favour_id: int) -> Exchange:
    return _remove(
        app,
        "favour",
        favour_id,
        _favour,
        lambda _, f: f"favour #{favour_id} ({f.kind.value} of {f.when:%Y-%m-%d})",
    )


def _favour(uow: UnitOfWork, favour_id: int) -> Exchange:
    row = uow.edits.row("favour", favour_id)
    if row is None:
        raise NotFound(f"there is no favour #{favour_id}", see="favours")
    return Exchange(
        giver=row["giver_id"],
        receiver=row["receiver_id"],
        kind=ExchangeKind(row["kind"]),
        when=row["occurred_at"],
        id=favour_id,
        weight=float(row["weight"]),
        note=row["note"],
    )


# -- asks -----------------------------------------------------------------------------
def get_ask(app: App, ask_id: int) -> Ask:
    with app.uow(write=False) as uow:
        return _ask(uow, ask_id)


def edit_ask(app: App, ask_id: int, changes: AskChanges) -> Ask:
    with app.uow() as uow:
        old = _ask(uow, ask_id)
        what = old.what if changes.what is None else changes.what.strip()
        if not what:
            raise InvalidInput("an ask needs to say what it is for, e.g. 'an intro to Contoso'")
        new = Ask(
            old.through,
            changes.kind or old.kind,
            what,
            old.when if changes.when is None else _happened(app, changes.when, "ask"),
            id=old.id,
            outcome=changes.outcome or old.outcome,
            note=old.note if changes.note is None else changes.note,
        )
        values: dict[str, Any] = {
            "kind": new.kind.value,
            "what": new.what,
            "asked_at": new.when,
            "outcome": new.outcome.value,
            "note": new.note,
        }
        uow.undo.keep("ask", [ask_id])
        uow.edits.set("ask", ask_id, **values)
        _done(uow, app, f"edited ask #{ask_id} ({old.what})")
        uow.commit()
    return new


def remove_ask(app: App, ask_id: int) -> Ask:
    return _remove(app, "ask", ask_id, _ask, lambda _, a: f"ask #{ask_id} ({a.what})")


def _ask(uow: UnitOfWork, ask_id: int) -> Ask:
    row = uow.edits.row("ask", ask_id)
    if row is None:
        raise NotFound(f"there is no ask #{ask_id}", see="asks")
    return Ask(
        through=row["through_id"],
        kind=AskKind(row["kind"]),
        what=row["what"],
        when=row["asked_at"],
        id=ask_id,
        outcome=AskOutcome(row["outcome"]),
        note=row["note"],
    )


def _remove(
    app: App,
    table: str,
    row_id: int,
    load: Callable[[UnitOfWork, int], T],
    describe: Callable[[UnitOfWork, T], str],
) -> T:
    """Remove one logged row, keeping it for undo; returns it as it was."""
    with app.uow() as uow:
        old = load(uow, row_id)
        uow.undo.keep(table, [row_id])
        uow.edits.remove(table, row_id)
        _done(uow, app, f"removed {describe(uow, old)}")
        uow.commit()
    return old


def _done(uow: UnitOfWork, app: App, what: str) -> None:
    uow.undo.what = what
    uow.undo.at = app.now()


# -- lists, with the ids the edits take --------------------------------------------------
@dataclass(frozen=True)
class LoggedInteraction:
    interaction: Interaction
    with_names: list[str]  # everyone but me


@dataclass(frozen=True)
class RecordedFavour:
    favour: Exchange
    other_name: str  # whoever is not me
    given_by_me: bool


def list_interactions(
    app: App, person: PersonRef | None = None, limit: int = 20
) -> list[LoggedInteraction]:
    """The latest interactions, newest first (of one person, or everyone's)."""
    with app.uow(write=False) as uow:
        pid = None if person is None else resolve_person(uow, person)
        found = uow.activity.interactions(pid)[::-1][: max(limit, 0)]
        names = _names(uow, [p for it in found for p in it.participants])
        return [
            LoggedInteraction(it, [names[p] for p in it.participants if p in names]) for it in found
        ]


def list_favours(
    app: App, person: PersonRef | None = None, limit: int = 20
) -> list[RecordedFavour]:
    """The latest favours, newest first."""
    with app.uow(write=False) as uow:
        me = resolve_person(uow, "me")
        pid = None if person is None else resolve_person(uow, person)
        found = uow.activity.exchanges(pid)[::-1][: max(limit, 0)]
        names = _names(uow, [p for ex in found for p in (ex.giver, ex.receiver)])
        return [
            RecordedFavour(
                ex, names.get(ex.receiver if ex.giver == me else ex.giver, "?"), ex.giver == me
            )
            for ex in found
        ]


def _names(uow: UnitOfWork, ids: list[int]) -> dict[int, str]:
    """Display names of these people, me left out."""
    return {
        p.id: p.display_name for p in uow.people.load_ids(ids) if p.id is not None and not p.is_me
    }
