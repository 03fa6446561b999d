"""Correcting the network itself: a tie's kinds and closeness, a circle's name, a goal's
words, an opportunity's details. Every change keeps what it touched for undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import AskKind, Opportunity, Tie, TieKind, TieSource, normalise_circle
from kithkin.service.app import App
from kithkin.service.goals import _find as find_goal
from kithkin.service.goals import parse_goal
from kithkin.service.opportunities import check_url
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.store import UnitOfWork
from kithkin.store.goals import Goal

# Clears a tie's closeness or since (None already means "leave as it is").
CLEAR_CLOSENESS = 0
CLEAR_SINCE = date.min


@dataclass(frozen=True)
class TieChanges:
    """None leaves a field as it is; ``kinds`` replaces the tie's kinds."""

    kinds: list[str] | None = None
    closeness: int | None = None  # 1-5, or CLEAR_CLOSENESS
    since: date | None = None  # or CLEAR_SINCE
    note: str | None = None


def get_tie(app: App, a: PersonRef, b: PersonRef) -> Tie:
    with app.uow(write=False) as uow:
        pa, pb = resolve_person(uow, a), resolve_person(uow, b)
        tie = uow.ties.between(pa, pb)
    if tie is None:
        raise NotFound(f"there is no tie between #{pa} and #{pb}; add it first")
    return tie


def edit_tie(app: App, a: PersonRef, b: PersonRef, changes: TieChanges) -> Tie:
    with app.uow() as uow:
        pa, pb = resolve_person(uow, a, exact=True), resolve_person(uow, b, exact=True)
        old = uow.ties.between(pa, pb)
        if old is None or old.id is None:
            raise NotFound(f"there is no tie between '{a}' and '{b}'; add it first")
        kinds = old.kinds
        if changes.kinds is not None:
            have = {k.kind: k for k in old.kinds}
            wanted = list(dict.fromkeys(k.strip().lower() for k in changes.kinds if k.strip()))
            kinds = [have.get(k) or TieKind(k, TieSource.STATED) for k in wanted]
        closeness = old.closeness
        if changes.closeness is not None:
            closeness = None if changes.closeness == CLEAR_CLOSENESS else changes.closeness
        since = old.since
        if changes.since is not None:
            since = None if changes.since == CLEAR_SINCE else changes.since
        new = Tie(
            old.person_a,
            old.person_b,
            id=old.id,
            kinds=kinds,
            closeness=closeness,
            # What the user states about a tie makes it a stated tie.
            source=TieSource.STATED,
            confidence=1.0,
            evidence=old.evidence if changes.note is None else changes.note,
            since=since,
            status=old.status,
            snoozed_until=old.snoozed_until,
        )
        uow.undo.keep("tie", [old.id])
        uow.edits.set(
            "tie",
            old.id,
            closeness=new.closeness,
            since=new.since,
            evidence=new.evidence,
            source=new.source.value,
            confidence=new.confidence,
        )
        uow.edits.set_tie_kinds(old.id, new.kinds)
        _done(uow, app, f"edited the tie between {_name(uow, pa)} and {_name(uow, pb)}")
        uow.commit()
    return new


# -- circles --------------------------------------------------------------------------
def rename_circle(app: App, old: str, new: str) -> str:
    """Rename a circle; into the name of another circle, the two become one. Returns
    the new name."""
    label, target = normalise_circle(old), normalise_circle(new)
    with app.uow() as uow:
        cid = uow.edits.circle(label)
        if cid is None:
            raise NotFound(f"there is no circle '{label}'", see="circles")
        into = uow.edits.circle(target)
        uow.undo.keep("circle", [cid] + ([into] if into is not None and into != cid else []))
        uow.edits.rename_circle(cid, target)
        _done(uow, app, f"renamed circle '{label}' to '{target}'")
        uow.commit()
    return target


def remove_circle(app: App, name: str) -> str:
    """Delete a circle label (its people stay, out of that circle)."""
    label = normalise_circle(name)
    with app.uow() as uow:
        cid = uow.edits.circle(label)
        if cid is None:
            raise NotFound(f"there is no circle '{label}'", see="circles")
        uow.undo.keep("circle", [cid])
        uow.edits.remove("circle", cid)
        _done(uow, app, f"removed circle '{label}'")
        uow.commit()
    return label


# -- goals ----------------------------------------------------------------------------
@dataclass(frozen=True)
class GoalChanges:
    """New words for the goal (its target is read again from them or from one of
    ``org``/``person``/``role``/``skill``), and the ask it will need."""

    text: str | None = None
    org: str | None = None
    person: str | None = None
    role: str | None = None
    skill: str | None = None
    ask: AskKind | None = None


def active_goals(app: App) -> list[Goal]:
    """The goals not removed, oldest first (without the paths ``list_goals`` works out)."""
    with app.uow(write=False) as uow:
        return uow.goals.active()


def edit_goal(app: App, which: str, changes: GoalChanges) -> Goal:
    with app.uow() as uow:
        old = find_goal(uow, which)
        text = old.text if changes.text is None else " ".join(changes.text.split())
        if not text:
            raise InvalidInput("a goal needs words, e.g. 'work at Contoso'")
        named = (changes.org, changes.person, changes.role, changes.skill)
        if changes.text is not None or any(v is not None for v in named):
            kind, target = parse_goal(text, *named)
        else:
            kind, target = old.target_kind, old.target
        if not target:
            raise InvalidInput(f"'{text}' names no {kind}")
        ask = changes.ask.value if changes.ask is not None else old.ask
        uow.undo.keep("goal", [old.id])
        uow.edits.set("goal", old.id, text=text, target_kind=kind, target=target, ask=ask)
        _done(uow, app, f"edited goal #{old.id} ({old.text})")
        uow.commit()
    return Goal(old.id, text, kind, target, ask, old.created_at, old.active)


# -- opportunities --------------------------------------------------------------------
@dataclass(frozen=True)
class OpportunityChanges:
    organisation: str | None = None
    role: str | None = None
    url: str | None = None
    note: str | None = None


def edit_opportunity(app: App, opp_id: int, changes: OpportunityChanges) -> Opportunity:
    with app.uow() as uow:
        old = uow.opportunities.get(opp_id)
        if old is None or old.id is None:
            raise NotFound(f"there is no opportunity #{opp_id}", see="opportunities")
        org = old.organisation if changes.organisation is None else changes.organisation.strip()
        role = old.role if changes.role is None else changes.role.strip()
        if not org:
            raise InvalidInput('an opportunity needs an organisation, e.g. "Contoso"')
        if not role:
            raise InvalidInput('an opportunity needs a role, e.g. "Platform Engineer"')
        url = old.url if changes.url is None else check_url(changes.url)
        new = Opportunity(
            org, role, id=old.id, url=url, note=old.note if changes.note is None else changes.note
        )
        uow.undo.keep("opportunity", [old.id])
        uow.edits.set(
            "opportunity",
            old.id,
            organisation=new.organisation,
            role=new.role,
            url=new.url,
            note=new.note,
        )
        _done(uow, app, f"edited opportunity #{old.id} ({old.role} at {old.organisation})")
        uow.commit()
    return new


def _done(uow: UnitOfWork, app: App, what: str) -> None:
    uow.undo.what = what
    uow.undo.at = app.now()


def _name(uow: UnitOfWork, pid: int) -> str:
    person = uow.people.get(pid)
    return person.display_name if person else f"#{pid}"
