"""What a path search aims at: the people who count as a person, an organisation,
a role, a skill or an opportunity, each with why they count."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from kithkin.insight.network import Network
from kithkin.model import Person
from kithkin.model.keys import organisation_key

PAST_STAFF_COST = math.log(2)  # a former employee opens half as many doors


class TargetKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    ROLE = "role"
    SKILL = "skill"
    OPPORTUNITY = "opportunity"


@dataclass(frozen=True)
class TargetMatch:
    """A person who counts as the target, the extra cost of ending there, and why."""

    person: int
    cost: float
    why: str


@lru_cache(maxsize=1 << 15)  # every search folds every name and organisation again
def fold(text: str) -> str:
    """Case, punctuation and spacing folded away: "Contoso, Inc." is "contoso inc"."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
    return " ".join(cleaned.split())


def _contains(haystack: str, needle: str) -> bool:
    """Whole-word containment on folded text."""
    return f" {needle} " in f" {haystack} "


def by_organisation(network: Network, name: str) -> list[TargetMatch]:
    """Current staff, and past staff at a higher cost: at the organisation (one
    ``organisation_key``, so "Globex, Inc." finds "Globex Corporation") or at one
    whose name holds it as whole words ("Northwind" finds "Northwind Health")."""
    key = organisation_key(name)
    found: dict[int, TargetMatch] = {}
    for pid, p in network.people.items():
        if pid == network.me:
            continue
        for a in p.affiliations:
            org = organisation_key(a.organisation)
            if not key or not (org == key or _contains(org, key)):
                continue
            role = f"{a.role} at {a.organisation}" if a.role else f"at {a.organisation}"
            match = (
                TargetMatch(pid, 0.0, role)
                if a.current
                else TargetMatch(pid, PAST_STAFF_COST, f"formerly {role}")
            )
            if pid not in found or match.cost < found[pid].cost:
                found[pid] = match
    return sorted(found.values(), key=lambda m: (m.cost, m.person))


def by_role(network: Network, role: str) -> list[TargetMatch]:
    key = fold(role)
    found: dict[int, TargetMatch] = {}
    for pid, p in network.people.items():
        if pid == network.me or not key:
            continue
        for a in p.affiliations:
            if a.role and _contains(fold(a.role), key):
                cost = 0.0 if a.current else PAST_STAFF_COST
                why = f"{a.role} at {a.organisation}" + ("" if a.current else " (past)")
                if pid not in found or cost < found[pid].cost:
                    found[pid] = TargetMatch(pid, cost, why)
    return sorted(found.values(), key=lambda m: (m.cost, m.person))


def expertise(person: Person, field: str) -> str:
    """Where a person's expertise in ``field`` shows: a skill, then a role; "" if nowhere."""
    key = fold(field)
    if not key:
        return ""
    for s in person.skills:
        if _contains(fold(s), key) or _contains(key, fold(s)):
            return f"skill: {s}"
    for a in person.affiliations:
        if a.role and _contains(fold(a.role), key):
            return f"{a.role} at {a.organisation}" + ("" if a.current else " (past)")
    return ""


def by_skill(network: Network, field: str) -> list[TargetMatch]:
    found = []
    for pid, p in network.people.items():
        if pid == network.me:
            continue
        why = expertise(p, field)
        if why:
            cost = 0.0 if why.startswith("skill") else 0.2
            found.append(TargetMatch(pid, cost, why))
    return sorted(found, key=lambda m: (m.cost, m.person))


def by_person(network: Network, person: int) -> list[TargetMatch]:
    p = network.people.get(person)
    if p is None or person == network.me:
        return []
    return [TargetMatch(person, 0.0, p.headline or p.display_name)]


def by_opportunity(network: Network, organisation: str, role: str) -> list[TargetMatch]:
    """Staff of the opening's organisation; those in a role like the opening's come first."""
    words = set(fold(role).split())
    out = []
    for m in by_organisation(network, organisation):
        person = network.people[m.person]
        roles = {w for a in person.affiliations for w in fold(a.role).split()}
        close = bool(words & roles)
        out.append(TargetMatch(m.person, m.cost + (0.0 if close else 0.1), m.why))
    return out


def name_matches(network: Network, text: str) -> list[int]:
    """People whose display name or nickname is exactly ``text`` (folded)."""
    key = fold(text)
    return sorted(
        pid
        for pid, p in network.people.items()
        if pid != network.me and (fold(p.display_name) == key or key in map(fold, p.nicknames))
    )


def names_organisation(network: Network, text: str) -> bool:
    """Whether ``text`` is the name of an organisation someone in the network is at."""
    key = organisation_key(text)
    return bool(key) and any(
        organisation_key(a.organisation) == key
        for pid, p in network.people.items()
        if pid != network.me
        for a in p.affiliations
    )


def guess(network: Network, text: str) -> tuple[TargetKind, list[TargetMatch]]:
    """Organisation (when ``text`` names one) > person name > organisation, role or skill
    containing it: the first kind with any match. An organisation comes before a person
    of the same name: a company card is no one to be introduced to."""
    if names_organisation(network, text):
        return TargetKind.ORGANISATION, by_organisation(network, text)
    people = name_matches(network, text)
    if len(people) == 1:
        return TargetKind.PERSON, by_person(network, people[0])
    for kind, finder in (
        (TargetKind.ORGANISATION, by_organisation),
        (TargetKind.ROLE, by_role),
        (TargetKind.SKILL, by_skill),
    ):
        found = finder(network, text)
        if found:
            return kind, found
    return TargetKind.PERSON, []
