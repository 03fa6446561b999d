"""Relationships seen from me: strength, tier, cadence, reciprocity and readiness to ask."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from kithkin.errors import InvalidInput, NoOwner
from kithkin.insight.cadence import explained_cadences
from kithkin.insight.readiness import ReadinessVerdict, readiness
from kithkin.insight.reciprocity import Reciprocity, reciprocity
from kithkin.model import AskKind, AskSize, Person, Readiness, Tier
from kithkin.service.app import App
from kithkin.service.read_model.people import RelationshipSummary, search_of, summaries_of
from kithkin.service.read_model.scored import Scored, scored_network
from kithkin.service.resolve import resolve_person
from kithkin.store import UnitOfWork

SORTS = ("name", "strength")


@dataclass
class RelationshipView:
    """Everything about my tie with one person."""

    other_id: int
    other_name: str
    strength: float
    reasons: list[str]
    acquaintance: bool
    interactions: int
    last_contact: datetime | None
    tier: Tier | None  # None: no tie with you
    cadence_days: float
    cadence_note: str  # "not enough history yet" when the cadence leans on the tier
    reciprocity: Reciprocity
    readiness: dict[str, ReadinessVerdict]  # ask size -> verdict


@dataclass
class ReadyView:
    """``kith ready``: can this person carry this ask now."""

    person_id: int
    name: str
    ask: AskKind
    size: AskSize
    status: Readiness
    reasons: list[str]
    suggestions: list[str]
    strength: float
    tier: Tier | None  # None: no tie with you
    acquaintance: bool


@dataclass
class PersonRow:
    person: Person
    relationship: RelationshipSummary | None  # None for me and people I have no tie with


def _scored(app: App, uow: UnitOfWork) -> Scored | None:
    scored = scored_network(app, uow)
    return None if scored.network.me is None else scored


def _need_me(scored: Scored | None) -> Scored:
    if scored is None:
        raise NoOwner()
    return scored


def _view(s: Scored, pid: int, now: datetime) -> RelationshipView:
    me, network = s.me, s.network
    strength = s.strengths.get((min(me, pid), max(me, pid)))
    tier = s.tiers.get(pid)
    verdicts = {size.value: readiness(network, s.strengths, me, pid, size, now) for size in AskSize}
    cadence = explained_cadences(network, me, {pid: tier or Tier.KNOWN}, now)[pid]
    return RelationshipView(
        other_id=pid,
        other_name=network.people[pid].display_name,
        strength=round(strength.score, 3) if strength else 0.0,
        reasons=strength.reasons if strength else ["no tie and no interaction recorded"],
        acquaintance=strength.acquaintance if strength else False,
        interactions=strength.interactions if strength else 0,
        last_contact=strength.last_contact if strength else None,
        tier=tier,
        cadence_days=round(cadence.days, 1),
        cadence_note="" if cadence.enough_history else "not enough history yet",
        reciprocity=reciprocity(network, me, pid, now),
        readiness=verdicts,
    )


def relationship_view(app: App, uow: UnitOfWork, pid: int) -> RelationshipView | None:
    """My relationship with ``pid`` inside an open unit of work; None for me or without me."""
    scored = _scored(app, uow)
    if scored is None or pid == scored.network.me:
        return None
    return _view(scored, pid, scored.now)


def show_relationship(app: App, name: str) -> RelationshipView:
    now = app.now()
    with app.uow(write=False) as uow:
        pid = resolve_person(uow, name)
        s = _need_me(_scored(app, uow))
    if pid == s.me:
        raise InvalidInput("that is you; name someone else")
    return _view(s, pid, now)


def ready(app: App, name: str, ask: AskKind) -> ReadyView:
    """Whether ``name`` can carry ``ask`` now, why, and what to give first."""
    now = app.now()
    with app.uow(write=False) as uow:
        pid = resolve_person(uow, name)
        s = _need_me(_scored(app, uow))
    if pid == s.me:
        raise InvalidInput("you cannot ask yourself; name the person you would ask")
    verdict = readiness(s.network, s.strengths, s.me, pid, ask.size, now)
    strength = s.strengths.get((min(s.me, pid), max(s.me, pid)))
    return ReadyView(
        person_id=pid,
        name=s.network.people[pid].display_name,
        ask=ask,
        size=ask.size,
        status=verdict.status,
        reasons=verdict.reasons,
        suggestions=verdict.suggestions,
        strength=round(strength.score, 3) if strength else 0.0,
        tier=s.tiers.get(pid),
        acquaintance=strength.acquaintance if strength else False,
    )


def summaries(app: App, uow: UnitOfWork) -> dict[int, RelationshipSummary]:
    """Person id -> my relationship with them, for everyone I have a tie or contact with."""
    s = _scored(app, uow)
    return {} if s is None else summaries_of(s)


def list_by_relationship(
    app: App,
    circle: str | None = None,
    organisation: str | None = None,
    tier: Tier | None = None,
    acquaintances: bool = False,
    sort: str = "name",
    among: Collection[int | None] | None = None,
) -> list[PersonRow]:
    """People with my relationship to each; filtered by tier or to acquaintances (and to
    the ids ``among``, when given), sorted."""
    # Imported here: people imports this module to show a person's relationship.
    from kithkin.service.people import filter_people

    if sort not in SORTS:
        raise InvalidInput(f"people are sorted by {' or '.join(SORTS)}, not '{sort}'")
    with app.uow(write=False) as uow:
        scored = scored_network(app, uow)
        labels = summaries(app, uow)
    people = filter_people(scored.network.people.values(), circle, organisation)
    if among is not None:  # a row for each person found, not for everyone
        people = [p for p in people if p.id in among]
    rows = [PersonRow(p, labels.get(p.id or 0)) for p in people]
    if tier is not None:
        rows = [r for r in rows if r.relationship is not None and r.relationship.tier is tier]
    if acquaintances:
        rows = [r for r in rows if r.relationship is not None and r.relationship.acquaintance]
    if sort == "strength":
        rows.sort(
            key=lambda r: (
                # me first, then by strength, people I have no tie with last
                -(r.relationship.strength if r.relationship else 2.0 if r.person.is_me else -1.0),
                r.person.display_name,
            )
        )
    return rows


def find_with_relationships(app: App, query: str, limit: int = 20) -> list[tuple[PersonRow, float]]:
    """``person find`` with my relationship to each person found, acquaintances labelled."""
    if not query.strip():
        raise InvalidInput("a search needs words, e.g. 'engineer'")
    with app.uow(write=False) as uow:
        scored = scored_network(app, uow)
        labels = summaries(app, uow)
    found = search_of(scored, query.strip(), limit)
    return [(PersonRow(p, labels.get(p.id or 0)), score) for p, score in found]


# Orders of a page of people: by name, by strength, by last contact, by organisation.
PAGE_SORTS = ("name", "strength", "last contact", "organisation")


@dataclass
class PeoplePage:
    """One page of people with my relationship to each: what ``kith person list --json``
    prints and ``GET /api/v1/people`` answers."""

    rows: list[PersonRow]
    total: int
    offset: int
    limit: int


def people_page(
    app: App,
    q: str = "",
    circle: str | None = None,
    organisation: str | None = None,
    tier: Tier | None = None,
    acquaintances: bool = False,
    sort: str = "name",
    offset: int = 0,
    limit: int | None = None,
) -> PeoplePage:
    """Filters, then a text search ranked by how well each person matches, then one page
    (everyone from ``offset`` on when ``limit`` is None)."""
    if sort not in PAGE_SORTS:
        raise InvalidInput(f"people are sorted by {', '.join(PAGE_SORTS)}, not '{sort}'")
    rank: dict[int | None, int] | None = None
    if q.strip():
        found = find_with_relationships(app, q, limit=500)
        rank = {row.person.id: n for n, (row, _) in enumerate(found)}
    rows = list_by_relationship(
        app,
        circle=circle or None,
        organisation=organisation or None,
        tier=tier,
        acquaintances=acquaintances,
        sort="strength" if sort == "strength" else "name",
        among=None if rank is None else rank.keys(),
    )
    if rank is not None:
        # Search ranks by how well each person matches; filters keep that order.
        rows.sort(key=lambda r: rank[r.person.id])
    elif sort == "last contact":
        rows.sort(key=lambda r: -_stamp(r))
    elif sort == "organisation":
        rows.sort(key=lambda r: (r.person.headline == "", r.person.headline.casefold()))
    elif sort == "name":
        rows.sort(key=lambda r: r.person.display_name.casefold())
    shown = len(rows) - offset if limit is None else limit
    return PeoplePage(rows[offset : offset + max(shown, 0)], len(rows), offset, max(shown, 0))


def _stamp(row: PersonRow) -> float:
    last = row.relationship.last_contact if row.relationship else None
    return last.timestamp() if last else float("-inf")
