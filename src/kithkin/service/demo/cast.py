"""The shared pieces of the demo story: its fixed names and the cast of named people."""

from __future__ import annotations

from dataclasses import dataclass, field

from kithkin.model import Affiliation, Birthday, Person
from kithkin.service.demo.builder import Plan

MAPLE_STREET = "neighbours:Maple Street"
DREAM_COMPANY = "Contoso"
# Companies people move on to; Contoso is kept out so the routes to it stay the planted ones.
ELSEWHERE = [
    "Adventure Works",
    "Tailspin Toys",
    "Wide World Importers",
    "Alpine Ski House",
    "Woodgrove Bank",
    "Litware",
    "Relecloud",
    "Trey Research",
    "Proseware",
    "Fabrikam",
]
# fmt: off
DATACONF_CARDS = [
    ("Data Engineer", "Litware"), ("Machine Learning Engineer", "Relecloud"),
    ("Developer Advocate", "Trey Research"), ("Analytics Lead", "Wingtip Toys"),
    ("Head of Data", "VanArsdel"), ("Staff Data Engineer", "Proseware"),
    ("Product Manager", "Alpine Ski House"), ("Data Platform Consultant", "Lucerne Consulting"),
]
# fmt: on


@dataclass
class Cast:
    """Indexes of the named people, for the crowd to gather around."""

    family: list[int] = field(default_factory=list)
    friends: list[int] = field(default_factory=list)
    maple_street: list[int] = field(default_factory=list)
    initech: list[int] = field(default_factory=list)
    globex: list[int] = field(default_factory=list)
    umbrella: list[int] = field(default_factory=list)
    northwind: list[int] = field(default_factory=list)
    contoso: list[int] = field(default_factory=list)
    runners: list[int] = field(default_factory=list)
    school: list[int] = field(default_factory=list)


def person(
    plan: Plan,
    name: str,
    circles: list[str],
    *affiliations: Affiliation,
    skills: tuple[str, ...] = (),
    location: str = "Portland",
    birthday: Birthday | None = None,
    notes: str = "",
) -> int:
    return plan.add(
        Person(
            display_name=name,
            circles=circles,
            affiliations=list(affiliations),
            skills=list(skills),
            location=location,
            birthday=birthday,
            notes=notes,
        )
    )
