"""The demo's planted relationships come out as the story says, on both databases."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from fixed_values import NOW
from kithkin.model import Tier
from kithkin.service.app import App
from kithkin.service.relationships import (
    find_with_relationships,
    list_by_relationship,
    people_page,
)

NOW_ARG = ("--now", NOW.isoformat())


@pytest.fixture
def db_url(db_url: str, fill_demo: Callable[[str], None]) -> str:
    """The demo network (built once per session and database, copied for this test)."""
    fill_demo(db_url)
    return db_url


def test_strong_friend_ready_business_cards_acquaintances_one_sided_not_ready(
    app: App, kith: Any
) -> None:
    leo = json.loads(kith(*NOW_ARG, "ready", "Leo Martins", "--ask", "intro", "--json").out)
    assert leo["status"] == "ready"
    assert leo["tier"] == "inner" and not leo["acquaintance"]
    assert leo["strength"] >= 0.8
    assert leo["reasons"][0] == f"strength {leo['strength']:.2f}, enough for a medium ask"
    assert any(r.startswith("met in person") for r in leo["reasons"])
    # He calls more often than I do and I host more of our meetings: every attempt either
    # of us made came back, and hosting is no attempt (insight.effort).
    assert any(r.endswith("all returned") for r in leo["reasons"]), leo["reasons"]
    assert not any("unanswered" in r for r in leo["reasons"])

    victor = json.loads(kith(*NOW_ARG, "ready", "Victor Hale", "--ask", "intro", "--json").out)
    assert victor["status"] == "not appropriate"
    assert victor["reasons"][0].startswith("one-sided: your last 4 contacts went unanswered")
    assert victor["suggestions"] == [
        "pause: don't push; give them room and let them reach out next"
    ]

    listed = [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith(*NOW_ARG, "person", "list", "--acquaintances", "--json").out)[
            "rows"
        ]
    ]
    cards = [p for p in listed if "community:DataConf" in p["circles"]]
    assert len(cards) == 8
    for card in cards:
        rel = card["relationship"]
        assert rel["acquaintance"] and rel["tier"] == "acquaintance"
        assert rel["reason"] == "acquaintance: met at DataConf 2026, no real interaction since"
    shown = kith(*NOW_ARG, "person", "show", cards[0]["display_name"])
    assert "(acquaintance)" in shown.out
    table = kith(*NOW_ARG, "person", "list", "--circle", "community:DataConf").out
    rows = [line for line in table.splitlines() if "DataConf" in line and "│" in line]
    assert len(rows) == 8 and all("acquaintance" in line for line in rows)


@pytest.mark.parametrize(
    ("q", "filters"),
    [
        ("engineer", {}),
        ("engineer", {"sort": "strength"}),
        ("a", {"circle": "work"}),
        ("data", {"tier": Tier.ACTIVE, "offset": 2, "limit": 5}),
        ("nobody by this name", {}),
    ],
)
def test_a_search_page_lists_those_found_in_their_order_as_when_everyone_was_listed_first(
    app: App, q: str, filters: dict[str, Any]
) -> None:
    """A search makes a row only for the people it found; the page is the one made by
    listing everyone (filtered) and keeping those found, in the search's order."""
    page = people_page(app, q, **filters)
    everyone = list_by_relationship(
        app,
        circle=filters.get("circle"),
        tier=filters.get("tier"),
        sort="strength" if filters.get("sort") == "strength" else "name",
    )
    rank = {row.person.id: n for n, (row, _) in enumerate(find_with_relationships(app, q, 500))}
    kept = sorted((r for r in everyone if r.person.id in rank), key=lambda r: rank[r.person.id])
    offset, limit = filters.get("offset", 0), filters.get("limit")
    assert page.total == len(kept)
    assert page.rows == kept[offset : None if limit is None else offset + limit]
    assert q == "nobody by this name" or page.rows
