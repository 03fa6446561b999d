"""The generated people around the story: colleagues, classmates, cousins, runners….

Each circle gets its share of people, a mix of cadences with me (weekly down to
dormant, or none at all), ties among its members, and links across circles so
the circles overlap as real ones do.
"""

from __future__ import annotations

import dataclasses

from kithkin.model import Affiliation, Channel, ExchangeKind
from kithkin.service.demo.builder import (
    DORMANT,
    ME,
    MONTHLY,
    QUARTERLY,
    THREE_WEEKLY,
    TWICE_A_YEAR,
    YEARLY,
    Cadence,
    Plan,
)
from kithkin.service.demo.cast import DREAM_COMPANY, ELSEWHERE, MAPLE_STREET, Cast
from kithkin.service.demo.names import (
    BUSINESS_ROLES,
    CITIES,
    ENGINEERING_ROLES,
    OUTSIDE_JOBS,
    SKILLS_BY_ROLE,
)

# (how many, cadence with me or None for a tie without contact)
Spec = list[tuple[int, Cadence | None]]

FAVOUR_NOTES = {
    ExchangeKind.INTRO: "an introduction",
    ExchangeKind.REFERRAL: "a referral",
    ExchangeKind.ADVICE: "advice over coffee",
    ExchangeKind.RECOMMENDATION: "a recommendation",
    ExchangeKind.HELP: "a hand with a weekend project",
    ExchangeKind.GIFT: "a small gift",
}


def populate(plan: Plan, cast: Cast) -> None:
    """Fill every circle around the named people, then tie the circles together."""
    fam = _family(plan, cast)
    friends = _friends(plan, cast)
    elm = _people(plan, 10, ["neighbours:Elm Court"])
    _with_me(plan, elm, [(3, MONTHLY), (5, QUARTERLY), (2, YEARLY)], "neighbour", "neighbour")
    plan.knit(elm, "neighbour", 3)
    _maple_street(plan, cast)
    globex = _work(
        plan,
        "Globex",
        40,
        10,
        [(4, TWICE_A_YEAR), (8, YEARLY), (16, DORMANT), (12, None)],
        cast.globex,
        degree=5,
    )
    umbrella = _work(
        plan,
        "Umbrella",
        38,
        6,
        [(6, QUARTERLY), (8, YEARLY), (14, DORMANT), (10, None)],
        cast.umbrella,
        degree=5,
    )
    northwind = _work(
        plan,
        "Northwind",
        36,
        3,
        [(5, Cadence(14)), (8, MONTHLY), (12, QUARTERLY), (11, None)],
        cast.northwind,
        degree=6,
    )
    rachel = cast.northwind[0]
    plan.gather(northwind, 14, (3, 6), Channel.VIDEO, "team sync", host=rachel, always=(ME,))
    _initech(plan, cast, globex, umbrella)
    _contoso(plan, cast)
    runners = _runners(plan, cast)
    school = _school(plan, cast)
    _overlap(plan, friends, school, globex, umbrella, northwind, runners, elm)
    _across(plan, fam + friends + elm + globex + umbrella + northwind + runners + school)
    _third_party_contact(
        plan, set(fam + friends + elm + globex + umbrella + northwind + runners + school)
    )


# -- people ---------------------------------------------------------------------------
def _outside(plan: Plan) -> list[Affiliation]:
    role, org = plan.rng.choice(OUTSIDE_JOBS)
    return [Affiliation(org, role)] if org else []


def _job(plan: Plan, org: str, years: int, stayed: float) -> tuple[list[Affiliation], list[str]]:
    """A role at ``org`` since about ``years`` ago; some have moved on since."""
    pool = ENGINEERING_ROLES * 2 + BUSINESS_ROLES
    role = plan.rng.choice(pool)
    skills = SKILLS_BY_ROLE[role] if plan.rng.random() < 0.7 else []
    start = plan.day(years + plan.rng.randint(0, 4), plan.rng.randint(1, 12))
    if plan.rng.random() < stayed:
        return [Affiliation(org, role, start)], skills
    left = plan.day(plan.rng.randint(1, max(1, years)), plan.rng.randint(1, 12))
    moved = [Affiliation(plan.rng.choice(ELSEWHERE), plan.rng.choice(pool), left)]
    return [Affiliation(org, role, start, left, current=False), *moved], skills


def _people(plan: Plan, n: int, circles: list[str], family: str | None = None) -> list[int]:
    """``n`` new people outside tech (nurses, teachers, chefs…) in ``circles``."""
    out = []
    for _ in range(n):
        out.append(
            plan.someone(
                circles,
                _outside(plan),
                family=family,
                location=plan.rng.choice(CITIES),
                age=plan.rng.randint(25, 70),
            )
        )
    return out


def _with_me(plan: Plan, members: list[int], spec: Spec, kind: str, style: str) -> None:
    """Tie me to each member at a cadence drawn from ``spec``, in member order."""
    cadences = [c for count, c in spec for _ in range(count)]
    cadences += [None] * (len(members) - len(cadences))
    for person, cadence in zip(members, cadences, strict=False):
        close = None if cadence is None or cadence.gap > 30 else (4 if cadence.gap <= 21 else 3)
        plan.tie(ME, person, kind, closeness=close)
        if cadence is None:
            continue
        mine = dataclasses.replace(
            cadence, my_share=plan.rng.uniform(0.4, 0.6), answer_rate=plan.rng.uniform(0.85, 1.0)
        )
        plan.keep_up(ME, person, mine, style)
        if cadence.gap <= 90 and plan.rng.random() < 0.4:
            kind_of = plan.rng.choice(list(ExchangeKind))
            giver, taker = (ME, person) if plan.rng.random() < 0.5 else (person, ME)
            plan.favour(giver, taker, kind_of, plan.rng.randint(5, 700), FAVOUR_NOTES[kind_of])


# -- circles --------------------------------------------------------------------------
def _family(plan: Plan, cast: Cast) -> list[int]:
    crowd: list[int] = []
    for surname, n in (("Morgan", 6), ("Parker", 5), (None, 7)):
        crowd += _people(plan, n, ["family"], family=surname)
    _with_me(
        plan,
        crowd,
        [(2, MONTHLY), (5, QUARTERLY), (5, TWICE_A_YEAR), (4, YEARLY)],
        "cousin",
        "family",
    )
    for person in crowd:
        for relative in plan.rng.sample(cast.family, 2):
            plan.tie(person, relative, "family")
    plan.knit(crowd, "family", 2)
    grace = cast.family[6]  # lives far away and is overdue: not at the dinners
    everyone = [p for p in cast.family + crowd if p != grace]
    plan.gather(everyone, 110, (4, 9), Channel.IN_PERSON, "family dinner", host=ME)
    return crowd


def _friends(plan: Plan, cast: Cast) -> list[int]:
    crowd = _people(plan, 26, ["friends"])
    _with_me(
        plan,
        crowd,
        [(3, THREE_WEEKLY), (7, MONTHLY), (7, QUARTERLY), (5, YEARLY)],
        "friend",
        "friend",
    )
    plan.knit(cast.friends + crowd, "friend", 3)
    leo = cast.friends[0]
    for _ in range(3):  # Leo's other friends, met at his parties
        pal = plan.someone(["friends"], _outside(plan), location="Portland")
        plan.tie(leo, pal, "friend", closeness=4)
        plan.keep_up(leo, pal, MONTHLY, "friend")
        crowd.append(pal)
    for friend in plan.rng.sample(crowd[:20], 8):  # partners, known through the friend
        partner = plan.someone(["friends"], _outside(plan), location="Portland")
        plan.tie(friend, partner, "partner", closeness=5)
        plan.tie(ME, partner, "friend")
        plan.keep_up(ME, partner, YEARLY, "friend")
        crowd.append(partner)
    return crowd


def _maple_street(plan: Plan, cast: Cast) -> None:
    may, ben = cast.maple_street
    street = _people(plan, 9, [MAPLE_STREET])
    for person in street:
        if plan.rng.random() < 0.7:
            plan.tie(may, person, "neighbour")
        if plan.rng.random() < 0.5:
            plan.tie(ben, person, "neighbour")
    plan.knit(street, "neighbour", 3)
    # Block parties and the tool library: May and Ben, with a few neighbours, never Alex.
    plan.gather(
        street, 75, (2, 5), Channel.EVENT, "Maple Street block party", host=may, always=(ben,)
    )
    plan.gather(
        street, 60, (1, 2), Channel.IN_PERSON, "tool library afternoon", host=ben, always=(may,)
    )


def _work(
    plan: Plan, org: str, n: int, years: int, spec: Spec, named: list[int], degree: float
) -> list[int]:
    """``n`` colleagues at ``org`` from about ``years`` ago, knitted with the ``named`` ones."""
    circle = f"work:{org}"
    crowd = []
    stayed = 0.9 if org == "Northwind" else 0.5
    for _ in range(n):
        affiliations, skills = _job(plan, org, years, stayed)
        crowd.append(
            plan.someone(
                [circle],
                affiliations,
                skills=skills,
                location=plan.rng.choice(CITIES),
                age=plan.rng.randint(24, 60),
            )
        )
    _with_me(plan, crowd, spec, "colleague", "work" if org == "Northwind" else "former")
    plan.knit(named + crowd, "colleague", degree)
    return crowd


def _initech(plan: Plan, cast: Cast, globex: list[int], umbrella: list[int]) -> None:
    """Ben's colleagues; four came from Globex or Umbrella, so his world meets Alex's."""
    ben = cast.initech[0]
    crowd = []
    for i in range(10):
        came_from = "Globex" if i < 3 else ("Umbrella" if i == 3 else "")
        affiliations, skills = _job(plan, "Initech", 2, 1.0)
        circles = ["work:Initech"]
        if came_from:
            circles.append(f"work:{came_from}")
            affiliations.insert(
                0, Affiliation(came_from, "Data Engineer", plan.day(9), plan.day(3), current=False)
            )
        person = plan.someone(
            circles,
            affiliations,
            skills=skills,
            location=plan.rng.choice(CITIES),
            age=plan.rng.randint(26, 55),
        )
        crowd.append(person)
        if came_from:
            old = globex if came_from == "Globex" else umbrella
            for former in plan.rng.sample(old, 3):
                plan.tie(person, former, "colleague")
    for person in crowd[:7]:
        plan.tie(ben, person, "colleague")
    plan.knit(crowd, "colleague", 3)
    _with_me(plan, crowd[:4], [(1, YEARLY), (1, DORMANT), (1, DORMANT)], "colleague", "former")
    plan.gather(crowd[:7], 30, (1, 3), Channel.IN_PERSON, "design review", host=ben)
    cast.initech += crowd


def _contoso(plan: Plan, cast: Cast) -> None:
    priya = cast.contoso[0]
    team = []
    for _ in range(5):
        affiliations, skills = _job(plan, DREAM_COMPANY, 2, 1.0)
        team.append(
            plan.someone([f"work:{DREAM_COMPANY}"], affiliations, skills=skills, location="Seattle")
        )
    for person in team:
        plan.tie(priya, person, "colleague")
    plan.knit(team + cast.contoso[1:], "colleague", 2)


def _runners(plan: Plan, cast: Cast) -> list[int]:
    crowd = _people(plan, 24, ["community:Riverside Runners"])
    kind = "met-at:Riverside Runners"
    _with_me(plan, crowd, [(2, THREE_WEEKLY), (4, MONTHLY), (6, QUARTERLY)], kind, "community")
    plan.knit(cast.runners + crowd, "friend", 3)
    for runner in crowd:
        if plan.rng.random() < 0.4:
            plan.tie(cast.runners[0], runner, kind)
    # Omar is overdue, so he is not in the runs Alex logged lately.
    plan.gather(crowd, 14, (3, 7), Channel.EVENT, "Saturday long run", host=ME)
    return crowd


def _school(plan: Plan, cast: Cast) -> list[int]:
    crowd = []
    for _ in range(42):
        if plan.rng.random() < 0.5:
            affiliations, skills = _job(plan, plan.rng.choice(ELSEWHERE), 4, 0.7)
        else:
            affiliations, skills = _outside(plan), []
        crowd.append(
            plan.someone(
                ["school:State U"],
                affiliations,
                skills=skills,
                location=plan.rng.choice(CITIES),
                age=plan.rng.randint(31, 36),
            )
        )
    _with_me(
        plan,
        crowd,
        [(2, MONTHLY), (6, TWICE_A_YEAR), (10, YEARLY), (12, DORMANT)],
        "classmate",
        "school",
    )
    plan.knit(cast.school + crowd, "classmate", 4)
    plan.gather(crowd, 365, (8, 14), Channel.EVENT, "State U reunion", host=ME)
    return crowd


# -- across circles -------------------------------------------------------------------
def _overlap(
    plan: Plan,
    friends: list[int],
    school: list[int],
    globex: list[int],
    umbrella: list[int],
    northwind: list[int],
    runners: list[int],
    elm: list[int],
) -> None:
    """People in two circles at once, as in life."""

    def join(members: list[int], n: int, circle: str, kind: str) -> None:
        for person in plan.rng.sample(members, n):
            plan.people[person].circles.append(circle)
            plan.tie(ME, person, kind)

    join(school, 2, "work:Globex", "colleague")
    join(school, 4, "friends", "friend")
    join(globex, 3, "work:Umbrella", "colleague")
    join(umbrella, 2, "work:Northwind", "colleague")
    join(runners, 3, "neighbours:Elm Court", "neighbour")
    join(friends[:20], 2, "community:Riverside Runners", "met-at:Riverside Runners")
    join(elm, 2, "friends", "friend")


def _across(plan: Plan, everyone: list[int]) -> None:
    """Friendships that cut across circles: a runner who knows a classmate, and so on."""
    added = 0
    while added < 40:
        a, b = plan.rng.sample(everyone, 2)
        if not plan.linked(a, b) and plan.people[a].circles != plan.people[b].circles:
            plan.tie(a, b, "friend")
            added += 1


def _third_party_contact(plan: Plan, crowd: set[int]) -> None:
    """Some of the crowd's own ties get contact of their own, so they carry evidence."""
    for a, b in sorted(plan.ties):
        if ME in (a, b) or a not in crowd or b not in crowd or plan.rng.random() > 0.2:
            continue
        cadence = plan.rng.choice([QUARTERLY, TWICE_A_YEAR, YEARLY])
        plan.keep_up(a, b, cadence, "friend")
