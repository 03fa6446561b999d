"""The must-shows of the demo network, on SQLite and PostgreSQL.

The demo plants a friend of a friend at the dream company (Alex → Leo Martins →
Priya Shah at Contoso) and an aunt's neighbour who could mentor (Alex → May
Parker → Ben Okafor, Principal Data Engineer).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def db_url(db_url: str, fill_demo: Callable[[str], None]) -> str:
    """The demo network (built once per session and database, copied for this test)."""
    fill_demo(db_url)
    return db_url


def test_demo_must_shows(kith: Any) -> None:
    # Three checks on one copy of the demo network.
    friend_of_a_friend_chain_ranks_first_to_the_dream_company(kith)
    mentor_search_finds_the_aunts_neighbour_through_the_aunt(kith)
    intro_draft_goes_to_the_first_hop_and_every_fact_has_a_source(kith)


def friend_of_a_friend_chain_ranks_first_to_the_dream_company(demo: Any) -> None:
    out = demo("--now", "2026-06-01", "path", "--to", "Contoso", "--json")
    assert out.code == 0, out.err
    result = json.loads(out.out)
    assert result["target_kind"] == "organisation"
    first = result["paths"][0]
    assert [h["to_name"] for h in first["hops"]] == ["Leo Martins", "Priya Shah"]
    assert first["first_hop"]["status"] == "ready"
    assert "Engineering Manager" in first["target_why"]
    assert all(h["why"] for h in first["hops"])
    assert len(result["paths"]) >= 2, "weaker routes to Contoso are shown too"
    assert {p["hops"][0]["to_name"] for p in result["paths"][1:]} != {"Leo Martins"}


def mentor_search_finds_the_aunts_neighbour_through_the_aunt(demo: Any) -> None:
    out = demo("--now", "2026-06-01", "mentors", "--field", "data engineering", "--json")
    assert out.code == 0, out.err
    mentors = json.loads(out.out)
    ben = next(m for m in mentors if m["name"] == "Ben Okafor")
    assert [h["to_name"] for h in ben["path"]["hops"]] == ["May Parker", "Ben Okafor"]
    assert ben["seniority"] == "principal"
    assert "aunt" in ben["path"]["hops"][0]["kinds"]


def intro_draft_goes_to_the_first_hop_and_every_fact_has_a_source(demo: Any) -> None:
    out = demo("--now", "2026-06-01", "intro", "draft", "--to", "Contoso", "--json")
    assert out.code == 0, out.err
    result = json.loads(out.out)
    assert result["draft"]["to_name"] == "Leo Martins"
    assert result["text"].startswith("Hi Leo,")
    assert "Priya Shah" in result["text"]
    for sentence in result["draft"]["sentences"]:
        assert sentence["facts"], sentence["text"]
        for fact in sentence["facts"]:
            assert fact["value"] in sentence["text"]
            assert fact["source"]
