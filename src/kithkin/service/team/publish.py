"""What a member shares with the team: the shared summary, worked out from their own network.

The summary says only *that* the member reaches something and how well: per
organisation (and per field of expertise) the member's first tie on the best path
in words ("strong", "moderate", "weak"), the hops, the chance of that path, and
whether the first tie is ready for the ask. People are shared only as keyed hashes
of their names and addresses, so a teammate can ask "who reaches Priya Shah?" and
match without the team ever holding a list of names. Never notes, interactions,
mail, contact details, or who the people on the path are.

Hidden people (and everyone in a hidden circle) neither count as a target nor
carry a path: a route through them is left out of the summary.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from kithkin.errors import InvalidInput, NotFound
from kithkin.insight.hops import WILLING, PathView, describe
from kithkin.insight.mentors import best_paths
from kithkin.insight.network import Network
from kithkin.insight.paths import RankedPath
from kithkin.insight.readiness import NEEDS
from kithkin.insight.targets import PAST_STAFF_COST, fold
from kithkin.model import AskKind, Readiness
from kithkin.model.keys import email_key, organisation_key
from kithkin.service.read_model.path_graph import PathContext, path_context
from kithkin.service.resolve import resolve_person
from kithkin.service.team.team import Team, TeamActor, member_app, require
from kithkin.store.team_records import SharedRow

STRONG, MODERATE = 0.5, 0.25  # first-tie strength from which it is said to be strong, moderate


@dataclass(frozen=True)
class PublishedSummary:
    organisations: int
    people: int
    fields: int
    hidden_people: int


def strength_word(strength: float) -> str:
    """A tie's strength in the words the team sees."""
    if strength >= STRONG:
        return "strong"
    if strength >= MODERATE:
        return "moderate"
    return "weak"


def person_keys(key: str, names: Iterable[str], emails: Iterable[str]) -> set[str]:
    """Keyed hashes of a person's folded names and normalised addresses."""
    raw = {f"n:{fold(n)}" for n in names if fold(n)}
    raw |= {f"e:{e}" for e in (email_key(x) for x in emails) if e}
    return {hmac.new(key.encode(), r.encode(), hashlib.sha256).hexdigest() for r in raw}


def query_keys(key: str, text: str) -> set[str]:
    """The hashes a typed name or address is looked up by."""
    return person_keys(key, [] if "@" in text else [text], [text] if "@" in text else [])


def _hidden_people(network: Network, hidden: list[tuple[str, str]]) -> set[int]:
    people = {int(ref) for kind, ref in hidden if kind == "person" and ref.isdigit()}
    circles = {fold(ref) for kind, ref in hidden if kind == "circle"}
    if circles:
        people |= {
            pid for pid, p in network.people.items() if circles & {fold(c) for c in p.circles}
        }
    return people


def publish_reach(team: Team, actor: TeamActor) -> PublishedSummary:
    """Work out the actor's shared summary again from their own network, and publish it."""
    require(actor, "admin", "member")
    app = member_app(team, actor)
    with team.uow(actor, write=False) as tuow:
        hidden = tuow.shared.hidden(actor.account_id)
    key = team.db.hash_key()
    with app.uow(write=False) as uow:
        ctx = path_context(app, uow) if uow.people.me() is not None else None
    orgs: list[SharedRow] = []
    people: list[SharedRow] = []
    fields: list[SharedRow] = []
    secret: set[int] = set()
    if ctx is not None:
        secret = _hidden_people(ctx.network, hidden)
        orgs, people, fields = _summary(ctx, actor.account_id, secret, key)
    with team.uow(actor) as tuow:
        tuow.shared.replace(actor.account_id, orgs, people, fields, team.now())
        tuow.audit.add(
            actor.account_id,
            "summary.published",
            actor.account_id,
            f"{len(orgs)} organisations, {len(people)} people, {len(fields)} fields shared",
            team.now(),
        )
        tuow.commit()
    return PublishedSummary(len(orgs), len(people), len(fields), len(secret))


def _summary(
    ctx: PathContext, member: int, secret: set[int], key: str
) -> tuple[list[SharedRow], list[SharedRow], list[SharedRow]]:
    network, graph, me = ctx.network, ctx.graph, ctx.me
    everyone = [pid for pid in network.people if pid != me and pid not in secret]
    paths = {
        pid: path
        for pid, path in best_paths(graph, me, everyone).items()
        if not secret.intersection(path.people)
    }
    verdict = ctx.verdict(AskKind.INTRO)
    needs = NEEDS[AskKind.INTRO.size]
    # The organisations' best paths first: their first ties get the full readiness check
    # (and keep it, for the people below who share a first tie).
    orgs_first: dict[str, tuple[str, list[tuple[RankedPath, float]]]] = {}
    for pid, path in paths.items():
        for a in network.people[pid].affiliations:
            # "Globex, Inc." is Globex, as everywhere (model.keys).
            if org_key := organisation_key(a.organisation):
                entry = orgs_first.setdefault(org_key, (a.organisation, []))
                entry[1].append((path, 0.0 if a.current else PAST_STAFF_COST))
    orgs = [_organisation(ctx, member, k, name, found) for k, (name, found) in orgs_first.items()]
    checked = ctx.kept.verdicts

    def first_tie(path: RankedPath) -> tuple[str, bool, float]:
        me_, first = path.people[0], path.people[1]
        link = graph.link(me_, first)
        strength = link.strength if link is not None else 0.0
        if strength < needs and (me_, first, AskKind.INTRO.size.value) not in checked:
            # Too weak for the ask: never ready, whatever else the full check would find.
            # It is not run for each of thousands of acquaintances (it takes milliseconds
            # per tie); the team is told the least such a tie could be worth.
            return strength_word(strength), False, WILLING[Readiness.NOT_APPROPRIATE]
        status = verdict(me_, first).status
        return strength_word(strength), status is Readiness.READY, WILLING[status]

    people: dict[str, SharedRow] = {}
    fields: dict[str, SharedRow] = {}
    for pid, path in paths.items():
        person = network.people[pid]
        word, ready, willing = first_tie(path)
        hops = len(path.people) - 1
        chance = round(path.probability * willing, 4)
        for h in person_keys(key, [person.display_name, *person.nicknames], _emails(person)):
            _keep(people, SharedRow(member, h, "", word, hops, chance, ready))
        # Fields of expertise, as a single user's mentor search finds them: skills and
        # current roles.
        for skill in [*person.skills, *(a.role for a in person.affiliations if a.current)]:
            if fold(skill):
                _keep(fields, SharedRow(member, fold(skill), skill, word, hops, chance, ready))
    return orgs, list(people.values()), list(fields.values())


def _emails(person: object) -> list[str]:
    return [e.address for e in getattr(person, "emails", [])]


def _keep(into: dict[str, SharedRow], row: SharedRow) -> None:
    old = into.get(row.key)
    if old is None or row.chance > old.chance:
        into[row.key] = row


def _organisation(
    ctx: PathContext, member: int, key: str, name: str, found: list[tuple[RankedPath, float]]
) -> SharedRow:
    """The organisation's best path ranked as a single user's paths are (by the chance of
    the whole chain, every hop's readiness weighed); current staff before former."""
    best_cost = min(cost for _, cost in found)
    candidates = sorted(
        (path for path, cost in found if cost == best_cost), key=lambda p: -p.probability
    )
    verdict, outcomes = ctx.verdict(AskKind.INTRO), ctx.outcomes()
    view: PathView | None = None
    for path in candidates:
        # A chain's chance is at most its ties' probability: once that is below the best
        # chance found, no further staff member can win (their hops are not checked).
        if view is not None and path.probability < view.chance:
            break
        (seen,) = describe(
            ctx.graph, ctx.network, [path], {}, AskKind.INTRO.value, verdict, outcomes, k=1,
            shortcuts=False,
        )  # fmt: skip
        if view is None or seen.chance > view.chance:
            view = seen
    assert view is not None
    return SharedRow(
        member,
        key,
        name,
        strength_word(view.hops[0].strength),
        len(view.hops),
        view.chance,
        view.first_hop.status is Readiness.READY,
    )


def hide_person(team: Team, actor: TeamActor, person: str | int) -> int:
    """Keep a person of the actor's network out of what the team sees (from the next
    publish on, which this runs)."""
    app = member_app(team, actor)
    with app.uow(write=False) as uow:
        pid = resolve_person(uow, person, exact=True)
        me = uow.people.me()
        if me is not None and pid == me.id:
            raise InvalidInput("you are never shared with the team; hide someone else")
    _hide(team, actor, "person", str(pid))
    return pid


def hide_circle(team: Team, actor: TeamActor, circle: str) -> None:
    name = " ".join(circle.split())
    if not name:
        raise InvalidInput("name the circle to hide, e.g. family")
    _hide(team, actor, "circle", name)


def _hide(team: Team, actor: TeamActor, kind: str, ref: str) -> None:
    with team.uow(actor) as tuow:
        tuow.shared.hide(actor.account_id, kind, ref)
        tuow.audit.add(actor.account_id, f"hidden.{kind}", actor.account_id, ref, team.now())
        tuow.commit()
    publish_reach(team, actor)


def unhide(team: Team, actor: TeamActor, kind: str, ref: str) -> None:
    if kind not in ("person", "circle"):
        raise InvalidInput("unhide a person or a circle")
    if kind == "person":
        app = member_app(team, actor)
        with app.uow(write=False) as uow:
            ref = str(resolve_person(uow, ref if not ref.isdigit() else int(ref), exact=True))
    else:
        ref = " ".join(ref.split())
    with team.uow(actor) as tuow:
        if not tuow.shared.unhide(actor.account_id, kind, ref):
            raise NotFound(f"no {kind} '{ref}' is hidden from the team")
        tuow.audit.add(actor.account_id, f"unhidden.{kind}", actor.account_id, ref, team.now())
        tuow.commit()
    publish_reach(team, actor)


def hidden_from_team(team: Team, actor: TeamActor) -> list[tuple[str, str]]:
    with team.uow(actor, write=False) as tuow:
        return tuow.shared.hidden(actor.account_id)
