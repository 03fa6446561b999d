"""Alex's working life: former colleagues at Globex and Umbrella, the current manager at
Northwind, and the weaker routes into Contoso, so that ranking paths matters."""

from __future__ import annotations

from datetime import timedelta

from kithkin.model import Affiliation, AskKind, AskOutcome, Channel, ExchangeKind
from kithkin.service.demo.builder import DORMANT, ME, TWICE_A_YEAR, Cadence, Plan
from kithkin.service.demo.cast import DREAM_COMPANY, Cast
from kithkin.service.demo.cast import person as _person


def work(plan: Plan, cast: Cast) -> None:
    victor = _person(
        plan,
        "Victor Hale",
        ["work:Globex"],
        Affiliation("Globex", "Director of Engineering", plan.day(12, 1)),
        skills=("engineering management",),
    )
    plan.tie(ME, victor, "colleague", since=plan.day(10, 7))
    # Once a two-way working friendship; for the last year only Alex writes.
    plan.keep_up(ME, victor, Cadence(75, first=730, last=400), "former")
    for days, channel, answered, note in [
        (340, Channel.EMAIL, True, "congratulated him on the promotion"),
        (280, Channel.MESSAGE, True, "asked how the platform migration went"),
        (210, Channel.EMAIL, False, "shared an article on data contracts"),
        (150, Channel.MESSAGE, False, "suggested coffee when I'm downtown"),
        (90, Channel.EMAIL, False, "asked for an intro to the Globex platform team"),
        (30, Channel.MESSAGE, False, "happy new quarter, coffee soon?"),
    ]:
        plan.contact([ME, victor], days, channel, ME, answered, note)
    plan.ask(
        victor,
        AskKind.INTRO,
        "an intro to the Globex platform team",
        90,
        AskOutcome.NO_ANSWER,
        "no reply",
    )
    nadia = _person(
        plan,
        "Nadia Hassan",
        ["work:Umbrella"],
        Affiliation(
            "Umbrella",
            "Senior Data Engineer",
            plan.day(7, 1),
            plan.now.date() - timedelta(days=12),
            current=False,
        ),
        Affiliation("Fabrikam", "Staff Engineer", plan.now.date() - timedelta(days=12)),
        skills=("data engineering", "python"),
    )
    plan.tie(ME, nadia, "colleague", "friend", closeness=4, since=plan.day(6, 4))
    plan.keep_up(ME, nadia, Cadence(24), "friend")
    plan.event(nadia, "job-change", 12, "joined Fabrikam as Staff Engineer")
    plan.favour(nadia, ME, ExchangeKind.ADVICE, 250, "mock system-design interview")
    plan.favour(ME, nadia, ExchangeKind.RECOMMENDATION, 40, "recommended her for Fabrikam")
    plan.ask(
        nadia,
        AskKind.ADVICE,
        "what Fabrikam looks for in senior data engineers",
        5,
        AskOutcome.PENDING,
        "",
    )
    marcus = _person(
        plan,
        "Marcus Reed",
        ["work:Umbrella"],
        Affiliation("Umbrella", "Senior Software Engineer", plan.day(8, 1)),
    )
    plan.tie(ME, marcus, "colleague", since=plan.day(6, 4))
    plan.keep_up(ME, marcus, DORMANT, "former")
    plan.ask(
        marcus,
        AskKind.QUESTION,
        "how Umbrella runs on-call for its data platform",
        500,
        AskOutcome.ACCEPTED,
        "",
    )
    rachel = _person(
        plan,
        "Rachel Nguyen",
        ["work:Northwind"],
        Affiliation("Northwind", "Director of Data", plan.day(5, 1)),
        skills=("data strategy", "engineering management"),
    )
    plan.tie(ME, rachel, "colleague", closeness=3, since=plan.day(3, 3))
    plan.keep_up(ME, rachel, Cadence(14, my_share=0.4), "work")
    plan.ask(
        rachel,
        AskKind.JOB,
        "a move to the data platform team",
        45,
        AskOutcome.DECLINED,
        "no headcount this year",
    )
    cast.globex = [victor]
    cast.umbrella = [nadia, marcus]
    cast.northwind = [rachel]


def contoso(plan: Plan, cast: Cast) -> None:
    """The weaker ways into Contoso, so that ranking paths matters."""
    priya, marcus = cast.contoso[0], cast.umbrella[1]
    elena = _person(
        plan,
        "Elena Petrova",
        [f"work:{DREAM_COMPANY}"],
        Affiliation(DREAM_COMPANY, "Senior Software Engineer", plan.day(3, 5)),
        skills=("distributed systems",),
        location="Seattle",
    )
    plan.tie(marcus, elena, "friend", since=plan.day(11))
    plan.keep_up(marcus, elena, TWICE_A_YEAR, "friend")
    jordan = _person(
        plan,
        "Jordan Blake",
        [f"work:{DREAM_COMPANY}"],
        Affiliation(DREAM_COMPANY, "Solutions Architect", plan.day(2, 6)),
        location="San Francisco",
    )
    summit = f"met-at:Cloud Summit {plan.year - 1}"
    plan.tie(ME, jordan, summit, since=(plan.now - timedelta(days=250)).date())
    plan.contact([ME, jordan], 250, Channel.EVENT, None, note="swapped cards at the Contoso booth")
    plan.tie(priya, elena, "colleague")
    plan.tie(priya, jordan, "colleague")
    cast.contoso += [elena, jordan]
