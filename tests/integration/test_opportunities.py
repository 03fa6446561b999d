"""Recording job openings through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest


def test_add_list_and_remove_an_opportunity(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan").code == 0
    added = kith(
        "opportunity",
        "add",
        "Contoso",
        "Platform Engineer",
        "--url",
        "https://contoso.example/jobs/42",
        "--json",
    )
    assert added.code == 0, added.err
    opp = json.loads(added.out)
    assert (opp["organisation"], opp["role"]) == ("Contoso", "Platform Engineer")
    (listed,) = json.loads(kith("opportunity", "list", "--json").out)
    assert listed["url"] == "https://contoso.example/jobs/42"
    assert kith("opportunity", "remove", str(opp["id"]), "--yes").code == 0
    assert json.loads(kith("opportunity", "list", "--json").out) == []


def test_bad_url_and_unknown_id_are_one_line_errors(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan").code == 0
    bad = kith("opportunity", "add", "Contoso", "Platform Engineer", "--url", "contoso/jobs")
    assert bad.code == 2 and "https://" in bad.err
    assert json.loads(kith("opportunity", "list", "--json").out) == []
    missing = kith("opportunity", "remove", "7", "--yes")
    assert missing.code == 3 and "#7" in missing.err


@pytest.mark.parametrize(
    "args",
    [
        ("opportunity", "remove", "{n}", "--yes"),
        ("path", "--opportunity", "{n}"),
        ("ask", "outcome", "{n}", "accepted"),
        ("person", "show", "#{n}"),
    ],
)
def test_an_id_too_large_to_store_is_nobody(kith: Any, args: tuple[str, ...]) -> None:
    # Past 32 bits (and past 64, which SQLite's driver cannot even bind): not found,
    # one line, exit 3, rather than a driver's overflow.
    assert kith("init", "--me", "Alex Morgan").code == 0
    for n in (2**31, 10**20):
        done = kith(*(a.format(n=n) for a in args))
        assert done.code == 3, done.err
        assert len(done.err.strip().splitlines()) == 1 and f"#{n}" in done.err
