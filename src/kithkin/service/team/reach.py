"""Team reach: who of us can reach an organisation, a named person or a field of expertise.

Routes through a teammate come from their shared summary only. A route starts with
the member whose tie carries it: the actor's own routes are the actor's full paths
(their own people, by name); a teammate's route is "ask Ben, whose strong tie
reaches Contoso in 2 hops". Every route is ranked by the chance of the whole chain,
the same chance a single user's paths are ranked by; a teammate's route adds one
link in front, the chance that the teammate takes the request on, learned from how
they answered earlier requests and how those introductions went.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kithkin.errors import InvalidInput, KithkinError
from kithkin.insight.hops import PathView
from kithkin.insight.targets import TargetKind, fold
from kithkin.model import Readiness
from kithkin.model.keys import organisation_key
from kithkin.service.paths import find_paths_in, kept_paths
from kithkin.service.read_model.path_graph import kept_path_context, path_context
from kithkin.service.team.publish import query_keys, strength_word
from kithkin.service.team.team import Team, TeamActor, member_app
from kithkin.store import UnitOfWork
from kithkin.store.team_records import SharedRow, TeammateRecord
from kithkin.store.team_uow import TeamUnitOfWork

KINDS = ("organisation", "person", "field")
OWN_KIND = {
    "organisation": TargetKind.ORGANISATION,
    "person": TargetKind.PERSON,
    "field": TargetKind.SKILL,
}
# A teammate with no history is taken to say yes four times in five; every answer moves it.
PRIOR_YES, PRIOR_ALL = 4, 5


@dataclass(frozen=True)
class TeamRoute:
    rank: int
    member_id: int  # the member whose tie starts the route
    member_name: str
    target: str  # the organisation or field as the member's summary names it, or the person
    hops: int  # from that member to the target
    chance: float  # of the whole chain from the actor
    strength: str  # the member's first tie on it, in words
    ready: bool  # whether that tie is ready for the ask
    own: bool  # the actor's own network (the full path is shown)
    fragile: bool  # only one member reaches this organisation
    willing: float = 1.0  # the chance the member takes the request on (1 for one's own)
    path: PathView | None = None  # the actor's own path, with names; never a teammate's


@dataclass(frozen=True)
class TeamReach:
    target: str
    kind: str  # organisation, person or field
    routes: list[TeamRoute]
    members: int  # how many members reach it
    fragile: bool  # organisations only: one member reaches it


def willingness(record: TeammateRecord) -> float:
    """The chance a teammate takes on a request: accepted ones whose introduction did
    not fail count for, declined, ignored and failed ones against."""
    good = record.accepted - record.failed
    bad = record.declined + record.ignored + record.failed
    return (good + PRIOR_YES) / (good + bad + PRIOR_ALL)


def team_reach(
    team: Team, actor: TeamActor, target: str, kind: str | None = None, k: int = 10
) -> TeamReach:
    """The best member-rooted routes to ``target`` across everyone's shared summaries."""
    text = " ".join(target.split())
    if not text:
        raise InvalidInput("say what to reach: an organisation, a person or a field")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"unknown kind '{kind}'; use one of {', '.join(KINDS)}")
    if not 1 <= k <= 50:
        raise InvalidInput(f"-k must be between 1 and 50, not {k}")
    key = team.db.hash_key()
    kinds = [kind] if kind else list(KINDS)
    with team.uow(actor) as tuow:
        names = {m.id: m.display_name for m in tuow.accounts.teammates()}
        # The first kind the target matches, in the team's summaries or the actor's own
        # network; the first kind when it matches nothing.
        kind, shared, own = kinds[0], [], []
        with _OwnPaths(team, actor, text, tuow) as mine:
            for each in kinds:
                shared, own = _shared(tuow, each, text, key), mine.paths(each)
                if shared or own:
                    kind = each
                    break
        rows = [r for r in shared if r.member_id != actor.account_id]
        records = tuow.requests.records_of(r.member_id for r in rows)
        reaching = {r.member_id for r in rows} | ({actor.account_id} if own else set())
        # Who reaches each organisation found (for the fragile flag): every line of an
        # organisation found is among the lines the search found, the actor's too.
        by_org: dict[str, set[int]] = {}
        if kind == "organisation":
            for r in shared:
                by_org.setdefault(r.key, set()).add(r.member_id)
        routes = [_own_route(actor, names, v, len(reaching) == 1) for v in own]
        for r in _best_per_member(rows):
            willing = willingness(records[r.member_id])
            others = by_org.get(r.key, {r.member_id}) | ({actor.account_id} if own else set())
            routes.append(
                TeamRoute(
                    rank=0,
                    member_id=r.member_id,
                    member_name=names.get(r.member_id, f"#{r.member_id}"),
                    target=r.name or text,
                    hops=r.hops,
                    chance=round(willing * r.chance, 4),
                    strength=r.strength,
                    ready=r.ready,
                    own=False,
                    fragile=kind == "organisation" and len(others) == 1,
                    willing=round(willing, 3),
                )
            )
        routes.sort(key=lambda r: (-r.chance, r.hops, r.member_id))
        routes = [replace(r, rank=i + 1) for i, r in enumerate(routes[:k])]
        who = names.get(actor.account_id, "")
        entries: list[tuple[str, int | None, str]] = [
            ("reach.searched", actor.account_id, f"{kind} '{text}': {len(routes)} routes")
        ]
        entries += [
            ("reach.shown", member, f"{who} saw that you reach {kind} '{text}'")
            for member in sorted({r.member_id for r in routes if not r.own})
        ]
        tuow.audit.add_many(actor.account_id, entries, team.now())
        tuow.commit()
    return TeamReach(
        target=text,
        kind=kind,
        routes=routes,
        members=len(reaching),
        fragile=kind == "organisation" and len(reaching) == 1,
    )


def _shared(tuow: TeamUnitOfWork, kind: str, text: str, key: str) -> list[SharedRow]:
    if kind == "organisation":
        return tuow.shared.organisations(organisation_key(text))
    if kind == "field":
        return tuow.shared.fields(fold(text))
    return tuow.shared.people(query_keys(key, text))


def _best_per_member(rows: list[SharedRow]) -> list[SharedRow]:
    """One route per teammate: their likeliest (a summary may match several
    organisations or several hashes of one person)."""
    best: dict[int, SharedRow] = {}
    for r in rows:
        if r.member_id not in best or r.chance > best[r.member_id].chance:
            best[r.member_id] = r
    return list(best.values())


class _OwnPaths:
    """The actor's own paths to the target (their own network, names and all), per kind;
    none when nobody matches, or there is no 'me' yet. Misses are kept with the path
    graph's answers (and go with them at the next write): without a kind, a field is
    looked for as an organisation and as a person first, on every question.

    A question asked before on the current data costs one statement in the team's unit
    of work (the network's data version); only one that needs the network opens a
    reading unit on it, and reads every kind in that one."""

    def __init__(self, team: Team, actor: TeamActor, text: str, tuow: TeamUnitOfWork) -> None:
        self.app = member_app(team, actor)
        self.text = text
        self.ctx = kept_path_context(self.app, tuow.own_data_version)
        self.uow: UnitOfWork | None = None

    def __enter__(self) -> _OwnPaths:
        if self.ctx is None:
            self._read()
        return self

    def _read(self) -> None:
        self.uow = self.app.uow(write=False).__enter__()
        try:
            self.ctx = path_context(self.app, self.uow)
        except KithkinError:  # no 'me' yet
            self.ctx = None

    def __exit__(self, *exc: object) -> None:
        if self.uow is not None:
            self.uow.__exit__(None, None, None)

    def paths(self, kind: str) -> list[PathView]:
        if self.ctx is not None and (found := self._kept(kind)) is not None:
            return found
        if self.uow is None:
            self._read()
            if self.ctx is not None and (found := self._kept(kind)) is not None:
                return found
        if self.ctx is None or self.uow is None:
            return []
        try:
            return find_paths_in(self.app, self.uow, self.ctx, self.text, OWN_KIND[kind]).paths
        except KithkinError:
            self.ctx.answers[self._miss(kind)] = True
            return []

    def _kept(self, kind: str) -> list[PathView] | None:
        assert self.ctx is not None
        if self._miss(kind) in self.ctx.answers:
            return []
        found = kept_paths(self.ctx, self.text, OWN_KIND[kind])
        return None if found is None else found.paths

    def _miss(self, kind: str) -> tuple[str, str, str]:
        return ("team reach: nobody matches", self.text, kind)


def _own_route(actor: TeamActor, names: dict[int, str], view: PathView, fragile: bool) -> TeamRoute:
    return TeamRoute(
        rank=0,
        member_id=actor.account_id,
        member_name=names.get(actor.account_id, "you"),
        target=view.target_why or view.target_name,
        hops=len(view.hops),
        chance=view.chance,
        strength=strength_word(view.hops[0].strength),
        ready=view.first_hop.status is Readiness.READY,
        own=True,
        fragile=fragile,
        path=view,
    )
