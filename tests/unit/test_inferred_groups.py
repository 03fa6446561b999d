"""A person's inferred ties in lines: one per kind and organisation (every spelling of
it), circle or group meetings."""

from __future__ import annotations

from kithkin.insight.inference import InferredTie
from kithkin.model import Affiliation, Person
from kithkin.service.people import inferred_groups

NAMES = {2: "Bo", 3: "Cy", 4: "Dee", 5: "Eli", 6: "Fay"}


def test_spellings_of_one_employer_are_one_line_named_as_the_person_writes_it() -> None:
    ana = Person(display_name="Ana", id=1, affiliations=[Affiliation("Globex, Inc.")])
    ties = [
        InferredTie(1, 2, "colleague", 0.45, "", "organisation", "Globex Corporation"),
        InferredTie(1, 3, "colleague", 0.6, "", "organisation", "Globex"),
        InferredTie(1, 4, "family", 0.6, "", "circle", "family"),
        InferredTie(1, 5, "family", 0.6, "", "circle", "family"),
        InferredTie(1, 6, "met-together", 0.35, "", "meetings", ""),
    ]
    groups = inferred_groups(ana, ties, NAMES)
    assert [(g.title, [m.name for m in g.people]) for g in groups] == [
        ("2 colleagues at Globex, Inc.", ["Cy", "Bo"]),  # the surest first
        ("2 family members in the circle family", ["Dee", "Eli"]),
        ("1 person in the same meetings or messages", ["Fay"]),
    ]


def test_one_organisation_with_two_kinds_is_two_lines() -> None:
    ana = Person(display_name="Ana", id=1)
    ties = [
        InferredTie(2, 1, "classmate", 0.3, "", "organisation", "State U"),
        InferredTie(1, 3, "colleague", 0.4, "", "organisation", "State U"),
    ]
    groups = inferred_groups(ana, ties, NAMES)
    assert sorted(g.title for g in groups) == ["1 classmate at State U", "1 colleague at State U"]
