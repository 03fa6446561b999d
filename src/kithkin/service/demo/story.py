"""The named people of the demo and the situations planted around them.

The story follows the founding article: Alex Morgan wants to join Contoso; the
way in is a friend of a friend (Leo Martins → Priya Shah); a mentor lives next
door to Alex's aunt (May Parker → Ben Okafor); a stack of DataConf business
cards was never followed up; one former colleague (Victor Hale) no longer
answers; and a few close friends are overdue a call. ``docs/demo.md`` lists
each of them with the command that shows it.
"""

from __future__ import annotations

from datetime import timedelta

from kithkin.model import (
    Affiliation,
    AskKind,
    AskOutcome,
    Birthday,
    Channel,
    Email,
    ExchangeKind,
    Person,
)
from kithkin.service.demo.builder import ME, QUARTERLY, TWICE_A_YEAR, WEEKLY, Cadence, Plan
from kithkin.service.demo.careers import contoso, work
from kithkin.service.demo.cast import DATACONF_CARDS, DREAM_COMPANY, MAPLE_STREET, Cast
from kithkin.service.demo.cast import person as _person


def plant(plan: Plan) -> Cast:
    """Add me and every named person, with the ties and history the story needs."""
    cast = Cast()
    y = plan.year
    me = plan.add(
        Person(
            display_name="Alex Morgan",
            emails=[Email("alex.morgan@example.com", "personal")],
            is_me=True,
            location="Portland",
            birthday=Birthday(3, 14, y - 33),
            skills=["sql", "analytics", "python"],
            affiliations=[
                Affiliation(
                    "State U", "BSc Computer Science", plan.day(14), plan.day(10, 6), current=False
                ),
                Affiliation(
                    "Globex", "Data Analyst", plan.day(10, 7), plan.day(6, 3), current=False
                ),
                Affiliation(
                    "Umbrella", "Analytics Engineer", plan.day(6, 4), plan.day(3, 2), current=False
                ),
                Affiliation("Northwind", "Senior Data Analyst", plan.day(3, 3)),
            ],
            notes="Wants to move into data engineering, ideally at Contoso.",
        )
    )
    assert me == ME
    _family(plan, cast)
    _friends(plan, cast)
    _maple_street(plan, cast)
    work(plan, cast)
    contoso(plan, cast)
    _dataconf(plan)
    return cast


def _family(plan: Plan, cast: Cast) -> None:
    y, soon = plan.year, plan.now.date() + timedelta(days=4)
    fam = ["family"]
    helen = _person(plan, "Helen Morgan", fam, birthday=Birthday(5, 2, y - 62))
    david = _person(plan, "David Morgan", fam, Affiliation("Adventure Works", "Civil Engineer"))
    nina = _person(
        plan,
        "Nina Morgan",
        fam,
        Affiliation("Riverside Hospital", "Nurse"),
        birthday=Birthday(soon.month, min(soon.day, 28) if soon.month == 2 else soon.day, y - 30),
    )
    may = _person(
        plan,
        "May Parker",
        [*fam, MAPLE_STREET],
        Affiliation("Lincoln Elementary", "Teacher", current=False),
        location="Maple Street, Portland",
        skills=("gardening",),
        notes="Alex's aunt, Helen's sister; knows everyone on Maple Street.",
    )
    lily = _person(
        plan,
        "Lily Parker",
        [*fam, "friends"],
        Affiliation("Proseware Studio", "Graphic Designer"),
        skills=("design",),
    )
    daniel = _person(
        plan, "Daniel Parker", fam, Affiliation("Lucerne Legal", "Lawyer"), location="Seattle"
    )
    grace = _person(
        plan, "Grace Liu", fam, Affiliation("Woodgrove Bank", "Accountant"), location="Denver"
    )
    frank = _person(plan, "Frank Morgan", fam, location="Denver")
    ruth = _person(plan, "Ruth Morgan", fam, birthday=Birthday(11, 30, y - 88))
    since = plan.day(33, 3, 14)
    plan.tie(ME, helen, "mother", closeness=5, since=since)
    plan.tie(ME, david, "father", closeness=4, since=since)
    plan.tie(ME, nina, "sister", closeness=5, since=plan.day(30))
    plan.tie(ME, may, "aunt", closeness=4, since=since)
    plan.tie(ME, lily, "cousin", "friend", closeness=4, since=plan.day(31))
    plan.tie(ME, daniel, "cousin", closeness=3, since=plan.day(29))
    plan.tie(ME, grace, "cousin", closeness=4, since=plan.day(32))
    plan.tie(ME, frank, "uncle", closeness=2, since=since)
    plan.tie(ME, ruth, "grandmother", closeness=4, since=since)
    for a, b, kind in [
        (helen, david, "spouse"),
        (helen, nina, "parent"),
        (david, nina, "parent"),
        (helen, may, "sibling"),
        (may, lily, "parent"),
        (may, daniel, "parent"),
        (lily, daniel, "sibling"),
        (nina, lily, "cousin"),
        (nina, daniel, "cousin"),
        (helen, lily, "aunt"),
        (david, frank, "sibling"),
        (frank, grace, "parent"),
        (ruth, david, "parent"),
        (ruth, frank, "parent"),
        (ruth, nina, "grandparent"),
        (ruth, grace, "grandparent"),
        (nina, grace, "cousin"),
    ]:
        plan.tie(a, b, kind)
    plan.keep_up(ME, helen, WEEKLY, "family")
    plan.keep_up(ME, nina, WEEKLY, "family")
    plan.keep_up(ME, david, Cadence(14), "family")
    plan.keep_up(ME, may, Cadence(14, my_share=0.5), "family")
    plan.keep_up(ME, lily, Cadence(30), "friend")
    plan.keep_up(ME, daniel, QUARTERLY, "family")
    plan.keep_up(
        ME, grace, Cadence(30, last=135, answer_rate=1.0), "family"
    )  # overdue: a month's rhythm, silent since
    plan.keep_up(ME, frank, TWICE_A_YEAR, "family")
    plan.keep_up(ME, ruth, Cadence(21, my_share=0.6), "family")
    plan.keep_up(helen, may, Cadence(10), "family")  # the sisters talk without Alex
    plan.favour(may, ME, ExchangeKind.GIFT, 200, "jam and cuttings from her garden")
    plan.favour(ME, may, ExchangeKind.HELP, 150, "set up her new laptop")
    plan.favour(nina, ME, ExchangeKind.HELP, 400, "looked after the flat while I travelled")
    plan.favour(ME, nina, ExchangeKind.HELP, 90, "helped her move")
    cast.family = [helen, david, nina, may, lily, daniel, grace, frank, ruth]
    cast.maple_street = [may]


def _friends(plan: Plan, cast: Cast) -> None:
    y = plan.year
    leo = _person(
        plan,
        "Leo Martins",
        ["friends", "school:State U"],
        Affiliation("Tailspin Toys", "Senior Product Manager"),
        skills=("product management",),
        notes="Best friend since State U.",
    )
    tom = _person(plan, "Tom Becker", ["friends"], Affiliation("Fourth Coffee", "Chef"))
    omar = _person(
        plan,
        "Omar Haddad",
        ["friends", "community:Riverside Runners"],
        Affiliation("Relecloud", "Site Reliability Engineer"),
        skills=("kubernetes",),
    )
    sofia = _person(
        plan,
        "Sofia Alvarez",
        ["friends"],
        Affiliation("Woodgrove Bank", "Data Science Manager"),
        skills=("machine learning", "data science"),
    )
    plan.tie(ME, leo, "friend", "classmate", closeness=5, since=plan.day(14))
    plan.tie(ME, tom, "friend", closeness=4, since=plan.day(8))
    plan.tie(ME, omar, "friend", "met-at:Riverside Runners", closeness=4, since=plan.day(5))
    plan.tie(ME, sofia, "friend", closeness=3, since=plan.day(7))
    # Leo: about weekly, in person and on the phone, each starting in turn, always answered.
    plan.keep_up(ME, leo, Cadence(6, my_share=0.5, answer_rate=1.0, alternate=True), "inner")
    plan.keep_up(
        ME, tom, Cadence(21, last=63, answer_rate=1.0), "friend"
    )  # overdue: every ~3 weeks, 9 weeks silent
    plan.keep_up(
        ME, omar, Cadence(14, last=49, answer_rate=1.0), "friend"
    )  # overdue: fortnightly, 7 weeks silent
    plan.keep_up(ME, sofia, Cadence(30), "friend")
    for days, giver, kind, note in [
        (640, leo, ExchangeKind.ADVICE, "talked through my Umbrella offer"),
        (560, ME, ExchangeKind.HELP, "helped him move flats"),
        (420, leo, ExchangeKind.INTRO, "introduced me to the PDX data meetup organisers"),
        (330, ME, ExchangeKind.RECOMMENDATION, "wrote him a recommendation for Tailspin"),
        (200, leo, ExchangeKind.GIFT, "birthday present"),
        (120, ME, ExchangeKind.GIFT, "birthday present"),
        (60, ME, ExchangeKind.ADVICE, "reviewed his team's metrics dashboard"),
        (35, leo, ExchangeKind.HELP, "lent me his car for a week"),
    ]:
        plan.favour(giver, leo if giver == ME else ME, kind, days, note)
    plan.ask(
        leo,
        AskKind.ADVICE,
        "advice on moving from analytics into data engineering",
        160,
        AskOutcome.ACCEPTED,
        "long dinner; he said to find a senior data engineer as mentor",
    )
    plan.favour(
        sofia, ME, ExchangeKind.REFERRAL, 298, "referred me for the Woodgrove data role", weight=3.0
    )
    plan.ask(
        sofia,
        AskKind.REFERRAL,
        "a referral for the data role at Woodgrove Bank",
        300,
        AskOutcome.ACCEPTED,
        "she referred me; I withdrew after the first round",
    )
    priya = _person(
        plan,
        "Priya Shah",
        [f"work:{DREAM_COMPANY}"],
        Affiliation(DREAM_COMPANY, "Engineering Manager", plan.day(4, 1)),
        Affiliation(
            "Tailspin Toys",
            "Senior Software Engineer",
            plan.day(9, 1),
            plan.day(4, 1),
            current=False,
        ),
        skills=("engineering management", "data platforms", "hiring"),
        location="Seattle",
        birthday=Birthday(8, 21, y - 36),
        notes="Leo's friend from Tailspin Toys; runs a data platform team.",
    )
    plan.tie(leo, priya, "friend", closeness=5, since=plan.day(9))
    plan.keep_up(leo, priya, Cadence(8, answer_rate=1.0, alternate=True), "inner")
    cast.friends = [leo, tom, omar, sofia, cast.family[4]]
    cast.runners = [omar]
    cast.school = [leo]
    cast.contoso = [priya]


def _maple_street(plan: Plan, cast: Cast) -> None:
    may = cast.family[3]
    ben = _person(
        plan,
        "Ben Okafor",
        [MAPLE_STREET, "work:Initech"],
        Affiliation("Initech", "Principal Data Engineer", plan.day(6, 2)),
        Affiliation(
            "Litware", "Senior Data Engineer", plan.day(12, 5), plan.day(6, 1), current=False
        ),
        skills=("data engineering", "distributed systems"),
        location="Maple Street, Portland",
        birthday=Birthday(6, 9, plan.year - 52),
        notes="May's neighbour for fifteen years; mentors junior engineers.",
    )
    plan.tie(may, ben, "neighbour", closeness=4, since=plan.day(15))
    plan.keep_up(may, ben, Cadence(18), "neighbour")
    plan.favour(ben, may, ExchangeKind.HELP, 240, "fixed her garden fence")
    plan.favour(may, ben, ExchangeKind.GIFT, 230, "a jar of plum jam")
    cast.maple_street.append(ben)
    cast.initech = [ben]


def _dataconf(plan: Plan) -> None:
    """Eight business cards from three days ago, never followed up."""
    conf = f"DataConf {plan.year}"
    cards = []
    for role, org in DATACONF_CARDS:
        cards.append(
            plan.someone(
                ["community:DataConf"],
                [Affiliation(org, role)],
                location=plan.rng.choice(["Seattle", "Portland", "Vancouver"]),
            )
        )
    met = (plan.now - timedelta(days=3)).date()
    for card in cards:
        plan.tie(ME, card, f"met-at:{conf}", since=met)
    plan.contact([ME, *cards], 3, Channel.EVENT, None, note=f"{conf}: talks and the hallway track")
