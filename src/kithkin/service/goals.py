"""Goals: targets the user is working towards, and how far the best path to each has come."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from kithkin.errors import InvalidInput, NotFound
from kithkin.insight.agenda import GoalHop
from kithkin.insight.graph import build_graph
from kithkin.insight.hops import rank_by_chance
from kithkin.insight.network import Network
from kithkin.insight.paths import candidate_paths
from kithkin.insight.readiness import ReadinessVerdict, readiness
from kithkin.insight.readiness_asks import asks_through, route_chance
from kithkin.insight.strength import TieStrength
from kithkin.insight.targets import (
    TargetMatch,
    by_organisation,
    by_person,
    by_role,
    by_skill,
    name_matches,
)
from kithkin.model import AskKind, AskSize, Readiness
from kithkin.service.app import App
from kithkin.service.read_model.scored import scored_network
from kithkin.store import UnitOfWork
from kithkin.store.goals import TARGET_KINDS, Goal

# "work at Contoso", "join Contoso", "get into Contoso" → organisation Contoso
_ORG_PHRASES = re.compile(
    r"^(?:(?:get|find|land)\s+)?(?:work|a job|a role|a position|an internship)"
    r"\s+(?:at|with|for)\s+(?P<t>.+)$"
    r"|^(?:join|get into|move to)\s+(?P<u>.+)$",
    re.IGNORECASE,
)
_PERSON_PHRASES = re.compile(r"^(?:meet|get to know|talk to)\s+(?P<t>.+)$", re.IGNORECASE)
_ROLE_PHRASES = re.compile(r"^(?:become|be)\s+(?:an?\s+)?(?P<t>.+)$", re.IGNORECASE)
_SKILL_PHRASES = re.compile(r"^(?:learn|get into|learn about)\s+(?P<t>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class GoalProgress:
    """A goal and where its best path stands: is the first hop ready for the ask yet?"""

    goal: Goal
    path: list[str] = field(default_factory=list)  # names, me first, target last
    first_hop: int | None = None
    first_hop_name: str = ""
    readiness: Readiness | None = None  # of the first hop, for the goal's ask
    reasons: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    note: str = ""  # why there is no path, when there is none


def parse_goal(
    text: str,
    org: str | None = None,
    person: str | None = None,
    role: str | None = None,
    skill: str | None = None,
) -> tuple[str, str]:
    """The goal's (target kind, target): from an explicit option, or from the phrase."""
    given = [
        (k, v.strip())
        for k, v in zip(TARGET_KINDS, (person, org, role, skill), strict=True)
        if v is not None and v.strip()
    ]
    if len(given) > 1:
        raise InvalidInput("a goal names one person, organisation, role or skill, not several")
    if given:
        return given[0]
    phrase = " ".join(text.split()).rstrip(".!")
    if m := _ORG_PHRASES.match(phrase):
        return "organisation", (m.group("t") or m.group("u")).strip()
    if m := _PERSON_PHRASES.match(phrase):
        return "person", m.group("t").strip()
    if m := _SKILL_PHRASES.match(phrase):
        return "skill", m.group("t").strip()
    if m := _ROLE_PHRASES.match(phrase):
        return "role", m.group("t").strip()
    raise InvalidInput(
        f"cannot tell what '{text}' aims at; write e.g. 'work at Contoso', "
        "or say it with --org, --person, --role or --skill"
    )


def add_goal(
    app: App,
    text: str,
    org: str | None = None,
    person: str | None = None,
    role: str | None = None,
    skill: str | None = None,
    ask: AskKind = AskKind.INTRO,
) -> Goal:
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("a goal needs words, e.g. 'work at Contoso'")
    kind, target = parse_goal(text, org, person, role, skill)
    if not target:
        raise InvalidInput(f"'{text}' names no {kind}")
    with app.uow() as uow:
        goal = uow.goals.add(text, kind, target, ask.value, app.now())
        uow.undo.created("goal", [goal.id])
        uow.undo.what = f"added goal #{goal.id} ({goal.text})"
        uow.undo.at = app.now()
        uow.commit()
    return goal


def remove_goal(app: App, which: str) -> Goal:
    """Remove by number (``3`` or ``#3``) or by the goal's words."""
    with app.uow() as uow:
        goal = _find(uow, which)
        uow.undo.keep("goal", [goal.id])
        uow.goals.deactivate(goal.id)
        uow.undo.what = f"removed goal #{goal.id} ({goal.text})"
        uow.undo.at = app.now()
        uow.commit()
    return goal


def _find(uow: UnitOfWork, which: str) -> Goal:
    goals = uow.goals.active()
    key = which.strip().lstrip("#")
    if key.isdigit():
        found = [g for g in goals if g.id == int(key)]
    else:
        folded = " ".join(which.split()).casefold()
        found = [g for g in goals if folded in (g.text.casefold(), g.target.casefold())]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"there is no goal '{which}'", see="goals")
    raise InvalidInput(f"'{which}' matches several goals; use a goal's number", see="goals")


def _targets(network: Network, goal: Goal) -> list[TargetMatch]:
    if goal.target_kind == "person":
        return [m for pid in name_matches(network, goal.target) for m in by_person(network, pid)]
    if goal.target_kind == "organisation":
        return by_organisation(network, goal.target)
    if goal.target_kind == "role":
        return by_role(network, goal.target)
    return by_skill(network, goal.target)


def goal_progress(
    network: Network,
    strengths: Mapping[tuple[int, int], TieStrength],
    goals: list[Goal],
    now: datetime,
) -> list[GoalProgress]:
    """Each goal's best path (the same ranking as ``kith path``) and its first hop's readiness."""
    me = network.me
    if me is None or not goals:
        return [GoalProgress(g, note="no 'me' in the network yet") for g in goals]
    graph = build_graph(network, strengths, now)
    out = []
    for goal in goals:
        matches = _targets(network, goal)
        if not matches:
            out.append(GoalProgress(goal, note=f"no one in your network matches {goal.target}"))
            continue
        direct = [m for m in matches if m.person == me]
        if direct:
            out.append(GoalProgress(goal, note="you are there already"))
            continue
        size = AskKind(goal.ask).size if goal.ask in set(AskKind) else AskSize.MEDIUM
        # The same ranking as ``kith path``: every hop's readiness and past asks weighed.
        found = candidate_paths(graph, me, {m.person: m.cost for m in matches}, 1)

        def check(a: int, b: int, size: AskSize = size) -> ReadinessVerdict:
            return readiness(network, strengths, a, b, size, now)

        def learned(first: int, route: tuple[int, ...], chance: float) -> tuple[float, list[str]]:
            return route_chance(chance, asks_through(network, first, now), route)

        paths = rank_by_chance(graph, found, check, 1, learned)
        if not paths:
            out.append(GoalProgress(goal, note=f"no path yet to anyone matching {goal.target}"))
            continue
        best = paths[0].path
        hop = best.first_hop
        verdict = paths[0].verdicts[0]
        out.append(
            GoalProgress(
                goal,
                path=[network.people[pid].display_name for pid in best.people],
                first_hop=hop,
                first_hop_name=network.people[hop].display_name,
                readiness=verdict.status,
                reasons=verdict.reasons,
                suggestions=verdict.suggestions,
            )
        )
    return out


def list_goals(app: App) -> list[GoalProgress]:
    """Active goals with their progress at ``app.now()``."""
    with app.uow(write=False) as uow:
        scored = scored_network(app, uow)
        goals = uow.goals.active()
    if not goals:
        return []
    return goal_progress(scored.network, scored.strengths, goals, scored.now)


def hops_to_cultivate(progresses: list[GoalProgress]) -> list[GoalHop]:
    """First hops of best paths that are not ready for the ask yet: the agenda's goal items."""
    return [
        GoalHop(
            person=p.first_hop,
            goal=p.goal.text,
            target=p.goal.target,
            readiness=p.readiness.value,
            reasons=p.reasons,
            suggestions=p.suggestions,
        )
        for p in progresses
        if p.first_hop is not None and p.readiness not in (None, Readiness.READY)
    ]
