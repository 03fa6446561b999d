"""Warm paths, mentors and introduction drafts across the whole network."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kithkin.errors import InvalidInput, NotFound
from kithkin.insight import targets as find
from kithkin.insight.hops import PathView, describe
from kithkin.insight.intro import IntroDraft, draft_intro
from kithkin.insight.mentors import rank_mentors
from kithkin.insight.network import Network
from kithkin.insight.paths import candidate_paths
from kithkin.insight.targets import TargetKind, TargetMatch
from kithkin.model import AskKind, Opportunity, Person
from kithkin.service.app import App
from kithkin.service.read_model.path_graph import PathContext, path_context
from kithkin.service.read_model.scored import scored_network
from kithkin.service.resolve import resolve_person
from kithkin.store import UnitOfWork

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
            "say where to: a person, an organisation, a role or a skill", see="path_target"
        )
    if kind is TargetKind.PERSON:
        pid = resolve_person(uow, text)
        if pid == network.me:
            raise InvalidInput("that is you; name someone else to find a path to")
        return network.people[pid].display_name, kind, find.by_person(network, pid)
    if kind is None:
        kind, found = find.guess(network, text)
        if not found and (card := uow.organisations.find_card(text)) is not None:
            # An organisation's own card (a company card from an address book) with
            # nobody known to work there: say so, rather than "no one matches".
            raise NotFound(
                f"{card.name} is an organisation in your network, but you know no one who"
                f" works there yet; record who does: kith person edit NAME --org '{card.name}'"
            )
        if not found:
            raise NotFound(
                f"no one in your network matches '{text}' as a person, organisation, role or skill",
                see="search",
            )
        return text, kind, found
    if kind is TargetKind.OPPORTUNITY:  # an opening is named by its number, not by text
        raise InvalidInput(
            "an opportunity is chosen by its number, not by words", see="opportunities"
        )
    finder = {
        TargetKind.ORGANISATION: find.by_organisation,
        TargetKind.ROLE: find.by_role,
        TargetKind.SKILL: find.by_skill,
    }[kind]
    found = finder(network, text)
    if not found:
        raise NotFound(f"no one in your network matches the {kind.value} '{text}'")
    return text, kind, found


def _paths(ctx: PathContext, matches: list[TargetMatch], ask: AskKind, k: int) -> list[PathView]:
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
        raise InvalidInput("an ask is an intro, a referral or advice")
    if not 1 <= k <= 20:
        raise InvalidInput(f"-k must be between 1 and 20, not {k}")
    with app.uow(write=False) as uow:
        ctx = path_context(app, uow)
        answer, work = _asked(app, uow, ctx, to, kind, ask, k, opportunity_id)
    # Worked out once the unit (and its connection) is let go.
    return answer if answer is not None else work()


def find_paths_in(
    app: App, uow: UnitOfWork, ctx: PathContext, to: str, kind: TargetKind, k: int = 3
) -> PathResult:
    """``find_paths`` for an introduction, within a reading unit the caller holds and the
    path context it read (several questions on one network ask the database once)."""
    answer, work = _asked(app, uow, ctx, to, kind, AskKind.INTRO, k, None)
    return answer if answer is not None else work()


def kept_paths(ctx: PathContext, to: str, kind: TargetKind, k: int = 3) -> PathResult | None:
    """``find_paths_in``'s answer when this path graph already gave it (nothing read)."""
    answer = ctx.answers.get(_question(to, kind, AskKind.INTRO, k, None))
    return answer if isinstance(answer, PathResult) else None


def _question(
    to: str | None, kind: TargetKind | None, ask: AskKind, k: int, opportunity_id: int | None
) -> tuple[object, ...]:
    return ("paths", to, kind, ask, k, opportunity_id)


def _asked(
    app: App,
    uow: UnitOfWork,
    ctx: PathContext,
    to: str | None,
    kind: TargetKind | None,
    ask: AskKind,
    k: int,
    opportunity_id: int | None,
) -> tuple[PathResult | None, Callable[[], PathResult]]:
    """The kept answer to the question, or how to work it out (the targets read here)."""
    question = _question(to, kind, ask, k, opportunity_id)
    if isinstance(answer := ctx.answers.get(question), PathResult):
        return answer, lambda: answer
    opportunity = _opportunity(uow, opportunity_id)
    label, found_kind, matches = _targets(uow, ctx.network, to, kind, opportunity)

    def work() -> PathResult:
        # Under the App's lock, as the read model is worked out (a team server bounds
        # how many members' such work runs at once: service.app.GatedLock); asked twice
        # at once, the second waits for the first one's answer.
        with app.lock:
            if isinstance(answer := ctx.answers.get(question), PathResult):
                return answer
            views = _paths(ctx, matches, ask, k)
            made = PathResult(label, found_kind, ask, len(matches), views)
            ctx.answers[question] = made
            return made

    return None, work


def _opportunity(uow: UnitOfWork, opportunity_id: int | None) -> Opportunity | None:
    if opportunity_id is None:
        return None
    found = uow.opportunities.get(opportunity_id)
    if found is None:
        raise NotFound(f"there is no opportunity #{opportunity_id}", see="opportunities")
    return found


def find_mentors(app: App, field_name: str, limit: int = 5) -> list[MentorView]:
    """People anywhere in the network with expertise or seniority in a field, by fit and reach."""
    if not field_name.strip():
        raise InvalidInput("name a field, e.g. 'data engineering'")
    with app.uow(write=False) as uow:
        ctx = path_context(app, uow)
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
        raise InvalidInput("paths are counted from 1 (the best path)")
    result = find_paths(app, to, kind, ask, max(3, path_no), opportunity_id)
    if len(result.paths) < path_no:
        if not result.paths:
            raise NotFound(f"no warm path to {result.target}; add the ties you know of first")
        raise NotFound(f"there are only {len(result.paths)} paths to {result.target}")
    path = result.paths[path_no - 1]
    with app.uow(write=False) as uow:
        network = scored_network(app, uow).network
        opportunity = _opportunity(uow, opportunity_id)
    draft = draft_intro(network, path, ask.value, opportunity)
    return IntroResult(draft=draft, text=draft.text, path=path)
