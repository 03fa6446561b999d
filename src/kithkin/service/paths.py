"""Warm paths, mentors and introduction drafts across the whole network."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kithkin.errors import InvalidInput, NotFound
from kithkin.insight import targets as find
from kithkin.insight.collector import memory_returned
from kithkin.insight.graph import PathGraph, build_graph, rescored_graph
from kithkin.insight.hops import Outcomes, PathView, describe
from kithkin.insight.intro import IntroDraft, draft_intro
from kithkin.insight.mentors import rank_mentors
from kithkin.insight.network import Network
from kithkin.insight.paths import candidate_paths
from kithkin.insight.readiness import ReadinessVerdict, readiness
from kithkin.insight.readiness_asks import PastAsk, asks_through, route_chance
from kithkin.insight.strength import TieStrength
from kithkin.insight.targets import TargetKind, TargetMatch
from kithkin.model import AskKind, Opportunity, Person
from kithkin.service.app import App
from kithkin.service.resolve import resolve_person
from kithkin.service.snapshot import Scored, scored_network
from kithkin.store import UnitOfWork
from kithkin.store.graph_cache import load_cached, save_cached

ASKS = (AskKind.INTRO, AskKind.REFERRAL, AskKind.ADVICE)


@dataclass
class PathResult:
    target: str
    target_kind: TargetKind
    ask: AskKind
    matched: int  # people who count as the target
    paths: list[PathView] = field(default_factory=list)


@dataclass
class MentorView:
    person_id: int
    name: str
    headline: str
    fit: float
    expertise: list[str]
    seniority: str
    reach: float  # probability of the best path
    path: PathView


@dataclass
class IntroResult:
    draft: IntroDraft
    text: str
    path: PathView


@dataclass
class _Context:
    """The graph and what the answers need; from the cache, the network holds people only."""

    app: App
    network: Network
    graph: PathGraph
    me: int
    now: datetime
    key: str | None
    verdicts: dict[tuple[int, int, str], ReadinessVerdict] = field(default_factory=dict)
    # Questions answered on this graph: the same search again (a page reloaded) is free.
    answers: dict[tuple[object, ...], PathResult] = field(default_factory=dict)
    strengths: dict[tuple[int, int], TieStrength] | None = None
    full: Network | None = None
    dirty: bool = False

    def _scored(self) -> tuple[Network, dict[tuple[int, int], TieStrength]]:
        if self.full is None or self.strengths is None:
            scored = scored_network(self.app)
            self.full, self.strengths = scored.network, scored.strengths
        return self.full, self.strengths

    def verdict(self, ask: AskKind) -> Callable[[int, int], ReadinessVerdict]:
        """Readiness of each hop: mine for the first, each connector's for the next."""

        def check(asker: int, other: int) -> ReadinessVerdict:
            key = (asker, other, ask.size.value)
            if key not in self.verdicts:
                full, strengths = self._scored()
                self.verdicts[key] = readiness(full, strengths, asker, other, ask.size, self.now)
                self.dirty = True
            return self.verdicts[key]

        return check

    def outcomes(self) -> Outcomes:
        """How my past asks through a first hop change the chance of a route."""
        past: dict[int, list[PastAsk]] = {}

        def update(first: int, route: tuple[int, ...], chance: float) -> tuple[float, list[str]]:
            if first not in past:
                past[first] = asks_through(self._scored()[0], first, self.now)
            return route_chance(chance, past[first], route)

        return update

    def keep(self) -> None:
        """Save what was built or learned (verdicts) for the next query, if cacheable."""
        if self.dirty and self.key is not None:
            slim = Network(me=self.me, people=self.network.people, ties=[], interactions=[])
            kept = (slim, self.graph, self.verdicts, self.answers)
            self.app.cache["paths"] = (self.key, kept)
            if self.app.cache_files:
                self.graph.penalised.clear()  # cheap to remake, large to store
                save_cached(self.app.engine, self.key, kept)
            self.dirty = False


def _as_of(app: App) -> datetime:
    """``--now`` as given; the clock to the hour, so one graph serves a whole hour."""
    if app.fixed_now is not None:
        return app.fixed_now
    return app.now().replace(minute=0, second=0, microsecond=0)


def _context(app: App, uow: UnitOfWork) -> _Context:
    """The path graph for now: from this process, from the file beside the database,
    followed from one built on earlier data, or built."""
    now = _as_of(app)
    key = f"{uow.data_version()}@{now.isoformat()}"
    held = app.cache.get("paths")
    if held is not None and held[0] == key:
        cached = held[1]
    else:
        cached = load_cached(app.engine, key) if app.cache_files else None
    if cached is not None:
        network, graph, verdicts, answers = cached
        assert network.me is not None
        app.cache["paths"] = (key, cached)
        return _Context(app, network, graph, network.me, now, key, verdicts, answers)
    held = None  # a whole load drops the old graph first: no reference may keep it
    scored = scored_network(app, uow)
    held = app.cache.pop("paths", None)  # kept by a scoring that followed its own
    followed = _followed_graph(held, scored, now) if held is not None else None
    held = None  # an old graph must not stay alive while a new one is built
    graph = followed
    if graph is None:
        graph = build_graph(scored.network, scored.strengths, now)
        memory_returned()  # what building it freed
    return _Context(
        app,
        scored.network,
        graph,
        scored.me,
        now,
        key,
        strengths=scored.strengths,
        full=scored.network,
        dirty=True,
    )


def _followed_graph(held: tuple[str, Any], scored: Scored, now: datetime) -> PathGraph | None:
    """The graph ``held`` (key, kept), with the links of the pairs scored again since,
    when ``scored`` followed the scoring that graph was built on."""
    version, _, at = held[0].partition("@")
    if at != now.isoformat():
        return None
    pairs = scored.pairs_since(version)
    if pairs is None:
        return None
    graph: PathGraph = held[1][1]
    return rescored_graph(graph, scored.strengths, pairs)


def _targets(
    uow: UnitOfWork,
    network: Network,
    to: str | None,
    kind: TargetKind | None,
    opportunity: Opportunity | None,
) -> tuple[str, TargetKind, list[TargetMatch]]:
    if opportunity is not None:
        label = f"{opportunity.role} at {opportunity.organisation}"
        return (
            label,
            TargetKind.OPPORTUNITY,
            find.by_opportunity(network, opportunity.organisation, opportunity.role),
        )
    text = " ".join((to or "").split())
    if not text:
        raise InvalidInput(
            'say where to: --to "Contoso", --to-person, --to-org, --to-role or --skill'
        )
    if kind is TargetKind.PERSON:
        pid = resolve_person(uow, text)
        if pid == network.me:
            raise InvalidInput("that is you; name someone else to find a path to")
        return network.people[pid].display_name, kind, find.by_person(network, pid)
    if kind is None:
        kind, found = find.guess(network, text)
        if not found:
            raise NotFound(
                f"no one in your network matches '{text}' as a person, organisation, role or "
                "skill; 'kith person find' searches every field"
            )
        return text, kind, found
    finder = {
        TargetKind.ORGANISATION: find.by_organisation,
        TargetKind.ROLE: find.by_role,
        TargetKind.SKILL: find.by_skill,
    }[kind]
    found = finder(network, text)
    if not found:
        raise NotFound(f"no one in your network matches the {kind.value} '{text}'")
    return text, kind, found


def _paths(ctx: _Context, matches: list[TargetMatch], ask: AskKind, k: int) -> list[PathView]:
    targets = {m.person: m.cost for m in matches}
    found = candidate_paths(ctx.graph, ctx.me, targets, k)
    why = {m.person: m.why for m in matches}
    return describe(
        ctx.graph, ctx.network, found, why, ask.value, ctx.verdict(ask), ctx.outcomes(), k
    )


def find_paths(
    app: App,
    to: str | None = None,
    kind: TargetKind | None = None,
    ask: AskKind = AskKind.INTRO,
    k: int = 3,
    opportunity_id: int | None = None,
) -> PathResult:
    """The best warm paths from me to a target, ranked; the first hop checked for the ask."""
    if ask not in ASKS:
        raise InvalidInput("--ask is intro, referral or advice")
    if not 1 <= k <= 20:
        raise InvalidInput(f"-k must be between 1 and 20, not {k}")
    question = ("paths", to, kind, ask, k, opportunity_id)
    with app.uow() as uow:
        ctx = _context(app, uow)
        if (answer := ctx.answers.get(question)) is not None:
            return answer
        opportunity = _opportunity(uow, opportunity_id)
        label, kind, matches = _targets(uow, ctx.network, to, kind, opportunity)
    views = _paths(ctx, matches, ask, k)
    answer = ctx.answers[question] = PathResult(label, kind, ask, len(matches), views)
    ctx.dirty = True
    ctx.keep()
    return answer


def _opportunity(uow: UnitOfWork, opportunity_id: int | None) -> Opportunity | None:
    if opportunity_id is None:
        return None
    found = uow.opportunities.get(opportunity_id)
    if found is None:
        raise NotFound(
            f"there is no opportunity #{opportunity_id}; 'kith opportunity list' shows them"
        )
    return found


def find_mentors(app: App, field_name: str, limit: int = 5) -> list[MentorView]:
    """People anywhere in the network with expertise or seniority in a field, by fit and reach."""
    if not field_name.strip():
        raise InvalidInput('name a field, e.g. --field "data engineering"')
    with app.uow() as uow:
        ctx = _context(app, uow)
    ranked = rank_mentors(ctx.network, ctx.graph, field_name, limit)
    views = []
    for fit, path in ranked:
        person: Person = ctx.network.people[fit.person]
        (view,) = describe(
            ctx.graph,
            ctx.network,
            [path],
            {fit.person: person.headline},
            "advice",
            ctx.verdict(AskKind.ADVICE),
            ctx.outcomes(),
            shortcuts=False,
        )
        views.append(
            MentorView(
                person_id=fit.person,
                name=person.display_name,
                headline=person.headline,
                fit=round(fit.fit, 2),
                expertise=fit.expertise,
                seniority=fit.seniority,
                reach=round(path.probability, 4),
                path=view,
            )
        )
    ctx.keep()
    return views


def draft_intro_request(
    app: App,
    to: str | None = None,
    kind: TargetKind | None = None,
    ask: AskKind = AskKind.INTRO,
    path_no: int = 1,
    opportunity_id: int | None = None,
) -> IntroResult:
    """A short, honest request to the first hop of path ``path_no`` (1 is the best)."""
    if path_no < 1:
        raise InvalidInput("--path counts from 1 (the best path)")
    result = find_paths(app, to, kind, ask, max(3, path_no), opportunity_id)
    if len(result.paths) < path_no:
        if not result.paths:
            raise NotFound(f"no warm path to {result.target}; add the ties you know of first")
        raise NotFound(f"there are only {len(result.paths)} paths to {result.target}")
    path = result.paths[path_no - 1]
    with app.uow() as uow:
        network = scored_network(app, uow).network
        opportunity = _opportunity(uow, opportunity_id)
    draft = draft_intro(network, path, ask.value, opportunity)
    return IntroResult(draft=draft, text=draft.text, path=path)
