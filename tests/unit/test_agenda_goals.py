"""Reading a goal's target from its words, or from an explicit option."""

from __future__ import annotations

import pytest

from kithkin.errors import InvalidInput
from kithkin.service.goals import parse_goal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("work at Contoso", ("organisation", "Contoso")),
        ("Get a job at Fabrikam, Inc.", ("organisation", "Fabrikam, Inc")),
        ("join Northwind", ("organisation", "Northwind")),
        ("meet Grace Liu", ("person", "Grace Liu")),
        ("become a data engineering lead", ("role", "data engineering lead")),
        ("learn Rust", ("skill", "Rust")),
    ],
)
def test_parse_goal_phrases(text: str, expected: tuple[str, str]) -> None:
    assert parse_goal(text) == expected


def test_parse_goal_options_win_and_only_one() -> None:
    assert parse_goal("anything", skill="Kafka") == ("skill", "Kafka")
    with pytest.raises(InvalidInput):
        parse_goal("x", org="A", person="B")
