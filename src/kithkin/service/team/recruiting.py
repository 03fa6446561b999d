"""Recruiting: candidates for a member's openings, moved through stages, and per opening
the warm path to its hiring manager.

Openings are the member's opportunities (their own network); candidates are people
of that network. Both stay private to the member: the policies show a member only
their own candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kithkin.errors import InvalidInput, KithkinError, NotFound
from kithkin.insight.hops import PathView
from kithkin.insight.targets import TargetKind
from kithkin.model import Opportunity
from kithkin.service.paths import find_paths
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.service.team.team import Team, TeamActor, member_app, require
from kithkin.store.team_records import STAGES, Candidate


@dataclass(frozen=True)
class OpeningView:
    opportunity: Opportunity
    hiring_manager: str  # "" when none was named
    # The warm path to the hiring manager, or (none named) to the organisation.
    path: PathView | None
    candidates: list[Candidate] = field(default_factory=list)


def _opening(team: Team, actor: TeamActor, opening_id: int) -> Opportunity:
    app = member_app(team, actor)
    with app.uow(write=False) as uow:
        found = uow.opportunities.get(opening_id)
    if found is None:
        raise NotFound(f"there is no opening #{opening_id}", see="opportunities")
    return found


def _person(team: Team, actor: TeamActor, person: PersonRef) -> tuple[int, str]:
    app = member_app(team, actor)
    with app.uow(write=False) as uow:
        pid = resolve_person(uow, person, exact=True)
        found = uow.people.get(pid)
    assert found is not None
    return pid, found.display_name


def add_candidate(
    team: Team, actor: TeamActor, opening_id: int, person: PersonRef, stage: str = "sourced"
) -> Candidate:
    require(actor, "admin", "member")
    if stage not in STAGES:
        raise InvalidInput(f"unknown stage '{stage}'; use one of {', '.join(STAGES)}")
    _opening(team, actor, opening_id)
    pid, name = _person(team, actor, person)
    with team.uow(actor) as tuow:
        if tuow.recruiting.find(actor.account_id, opening_id, pid) is not None:
            raise InvalidInput(f"{name} is already a candidate for opening #{opening_id}")
        made = tuow.recruiting.add(actor.account_id, opening_id, pid, name, stage, team.now())
        tuow.commit()
    return made


def move_candidate(team: Team, actor: TeamActor, candidate_id: int, stage: str) -> Candidate:
    require(actor, "admin", "member")
    if stage not in STAGES:
        raise InvalidInput(f"unknown stage '{stage}'; use one of {', '.join(STAGES)}")
    with team.uow(actor) as tuow:
        found = tuow.recruiting.get(candidate_id)
        if found is None:
            raise NotFound(f"there is no candidate #{candidate_id} of yours")
        tuow.recruiting.move(actor.account_id, candidate_id, stage, team.now())
        moved = tuow.recruiting.get(candidate_id)
        tuow.commit()
    assert moved is not None
    return moved


def set_hiring_manager(team: Team, actor: TeamActor, opening_id: int, person: PersonRef) -> str:
    require(actor, "admin", "member")
    _opening(team, actor, opening_id)
    pid, name = _person(team, actor, person)
    with team.uow(actor) as tuow:
        tuow.recruiting.set_manager(actor.account_id, opening_id, pid)
        tuow.commit()
    return name


def openings(team: Team, actor: TeamActor) -> list[OpeningView]:
    """Every opening of the actor with its candidates by stage and the warm path to its
    hiring manager."""
    app = member_app(team, actor)
    with app.uow(write=False) as uow:
        found = uow.opportunities.all()
    with team.uow(actor, write=False) as tuow:
        managers = tuow.recruiting.managers()
        candidates = tuow.recruiting.of_opening()
    views = []
    for opp in found:
        assert opp.id is not None
        manager = managers.get(opp.id)
        name, path = "", None
        try:
            if manager is not None:
                result = find_paths(app, f"#{manager}", TargetKind.PERSON, k=1)
                name = result.target
            else:
                result = find_paths(app, opportunity_id=opp.id, k=1)
            path = result.paths[0] if result.paths else None
        except KithkinError:
            path = None
        views.append(
            OpeningView(
                opportunity=opp,
                hiring_manager=name,
                path=path,
                candidates=[c for c in candidates if c.opportunity_id == opp.id],
            )
        )
    return views
