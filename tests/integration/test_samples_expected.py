"""``../shared/samples/EXPECTED.md`` as a test: importing every sample gives exactly that network.

Runs on SQLite and PostgreSQL, through the CLI as a user would type it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kithkin.model import Channel, Interaction
from kithkin.service.app import App
from kithkin.service.backup import backup_data

# The samples are kept in the repository, byte for byte (tests/data/samples), so this
# runs on any clone; KITHKIN_SAMPLES points at another copy, such as ../shared/samples.
SAMPLES = Path(os.environ.get("KITHKIN_SAMPLES", Path(__file__).parents[1] / "data" / "samples"))
ME = "alex.morgan@example.com"
TWELVE = {
    "Priya Raman",
    "Tomás Herrera",
    "Wei Chen",
    "Daniel Okafor",
    "Margaret Lindqvist",
    "Sam Patel",
    "Chris Doyle",
    "Christopher Doyle",
    "Jordan Blake",
    "Keiko Sato",
    "Lena Fischer",
    "Rachel Kim",
}


def sample_files() -> list[str]:
    return sorted(str(p) for p in SAMPLES.rglob("*") if p.is_file() and p.suffix != ".md")


def import_samples(kith: Any) -> dict[str, Any]:
    result = kith("import", *sample_files(), "--me", ME, "--region", "US", "--json")
    assert result.code == 0, result.err
    summary: dict[str, Any] = json.loads(result.out)
    return summary


def accept_all_but_doyle(kith: Any) -> list[dict[str, Any]]:
    """Accept every proposed merge except Chris/Christopher Doyle; returns what is left."""
    while True:
        proposals = json.loads(kith("merge", "--review", "--json").out)
        todo = [p for p in proposals if "Doyle" not in p["a"]["name"] + p["b"]["name"]]
        if not todo:
            return list(proposals)
        first = todo[0]
        assert kith("merge", f"#{first['a']['id']}", f"#{first['b']['id']}").code == 0


def test_importing_every_sample_gives_what_expected_md_says(kith: Any, app: App) -> None:
    # One import per database: the checks below share it, since an import is the slow part.
    import_samples(kith)
    left = accept_all_but_doyle(kith)
    people = [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith("person", "list", "--json").out)["rows"]
    ]
    network = {"people": {p["display_name"]: p for p in people}, "left": left}
    check_people(network)
    check_acquaintances(kith, network)
    check_ties(kith)
    check_interactions(app, network)


def _show(kith: Any, name: str) -> dict[str, Any]:
    result = kith("person", "show", name, "--json")
    assert result.code == 0, result.err
    shown: dict[str, Any] = json.loads(result.out)
    return shown


def _kinds(kith: Any, a: str, b: str) -> dict[str, Any]:
    (tie,) = [t for t in _show(kith, a)["ties"] if t["other_name"] == b]
    return dict(tie)


def _interactions(app: App) -> tuple[list[Interaction], dict[int, str]]:
    with app.uow() as uow:
        names = {p.id: p.display_name for p in uow.people.all() if p.id is not None}
        return uow.activity.interactions(), names


def check_people(network: dict[str, Any]) -> None:
    people = network["people"]
    assert set(people) == TWELVE | {"Alex Morgan"}
    assert len(people) == 13
    assert people["Alex Morgan"]["is_me"]
    # The proposal that was not accepted is still open, between two different people.
    (left,) = network["left"]
    assert {left["a"]["name"], left["b"]["name"]} == {"Chris Doyle", "Christopher Doyle"}
    assert people["Chris Doyle"]["id"] != people["Christopher Doyle"]["id"]
    # Same phone written two ways: one Chris; two addresses and one phone: one Daniel.
    assert [p["number"] for p in people["Chris Doyle"]["phones"]] == ["+14155550177"]
    daniel = {e["address"] for e in people["Daniel Okafor"]["emails"]}
    assert daniel == {"dan.okafor@example.com", "daniel.okafor@contoso.example.com"}
    peggy = {e["address"] for e in people["Margaret Lindqvist"]["emails"]}
    assert "peggy.lindqvist@example.net" in peggy
    assert "Peggy" in people["Margaret Lindqvist"]["nicknames"]


def check_acquaintances(kith: Any, network: dict[str, Any]) -> None:
    """No bulk sender; LinkedIn-only people are acquaintances: a tie, no interaction."""
    every_address = {e["address"] for p in network["people"].values() for e in p["emails"]}
    assert not any("northwind.example.com" in a for a in every_address)
    jordan = _show(kith, "Jordan Blake")
    assert jordan["interactions"] == 0
    (tie,) = jordan["ties"]
    assert tie["other_name"] == "Alex Morgan" and "linkedin" in tie["kinds"]


def check_ties(kith: Any) -> None:
    assert "neighbour" in _kinds(kith, "Margaret Lindqvist", "Daniel Okafor")["kinds"]
    wei_daniel = _kinds(kith, "Wei Chen", "Daniel Okafor")
    assert "colleague" in wei_daniel["kinds"]
    assert wei_daniel["source"] != "inferred"  # Nextcloud states it with RELATED
    for a, b in (("Priya Raman", "Lena Fischer"), ("Tomás Herrera", "Rachel Kim")):
        tie = _kinds(kith, a, b)
        assert tie["kinds"] == ["colleague"]
        assert tie["source"] == "inferred" and tie["confidence"] < 1.0
    assert not [t for t in _show(kith, "Chris Doyle")["ties"] if t["other_name"] != "Alex Morgan"]


def check_interactions(app: App, network: dict[str, Any]) -> None:
    ids = {name: p["id"] for name, p in network["people"].items()}
    me = ids["Alex Morgan"]
    interactions, names = _interactions(app)

    def with_(name: str) -> list[Interaction]:
        return [i for i in interactions if ids[name] in i.participants]

    priya = with_("Priya Raman")
    coffees = [i for i in priya if i.channel is Channel.IN_PERSON]
    assert len(coffees) == 6
    assert sorted({i.when.month for i in coffees}) == [1, 2, 3, 4, 5, 6]
    mails = [i for i in priya if i.channel is Channel.EMAIL]
    assert [(names[i.initiator or 0], i.answered) for i in mails] == [
        ("Alex Morgan", True),
        ("Priya Raman", None),
    ]
    wei_daniel = [i for i in with_("Wei Chen") if ids["Daniel Okafor"] in i.participants]
    assert [(i.when.date().isoformat(), i.channel) for i in wei_daniel] == [
        ("2026-03-12", Channel.IN_PERSON),
        ("2026-03-13", Channel.EMAIL),
        ("2026-03-13", Channel.EMAIL),
    ]
    assert wei_daniel[1].initiator == me and wei_daniel[1].answered is True
    assert wei_daniel[2].initiator == ids["Wei Chen"]
    (dinner,) = [i for i in with_("Margaret Lindqvist") if ids["Daniel Okafor"] in i.participants]
    assert dinner.when.date().isoformat() == "2026-03-22"
    tomas = with_("Tomás Herrera")
    assert [names[i.initiator or 0] for i in tomas] == ["Tomás Herrera", "Alex Morgan"]
    assert tomas[0].answered is True
    sam = with_("Sam Patel")
    assert [(i.channel, i.initiator, i.answered) for i in sam] == [(Channel.EMAIL, me, False)] * 3
    assert len(interactions) == 17  # and so no cancelled lunch, no conference


def test_importing_twice_changes_nothing(kith: Any, app: App) -> None:
    first = import_samples(kith)
    assert first["totals"]["added"] > 0
    with app.uow() as uow:
        before = backup_data(uow)
    again = import_samples(kith)
    with app.uow() as uow:
        after = backup_data(uow)
    assert after == before
    totals = again["totals"]
    assert totals["added"] == totals["merged"] == totals["updated"] == totals["proposed"] == 0
    assert totals["interactions"] == totals["ties"] == 0
    assert totals["unchanged"] > 0


def test_one_sided_is_unreturned_effort_on_the_samples(kith: Any) -> None:
    """Priya accepts every monthly coffee Alex sends the invitation for and answers his
    mail: not one-sided. Sam never answers three e-mails: one-sided, and says so."""
    import_samples(kith)
    accept_all_but_doyle(kith)
    now = ("--now", "2026-07-01")
    found = json.loads(kith(*now, "one-sided", "--json").out)
    assert [o["name"] for o in found] == ["Sam Patel"]
    assert found[0]["reasons"][0].startswith("your last 3 contacts went unanswered")
    priya = json.loads(kith(*now, "ready", "Priya Raman", "--ask", "advice", "--json").out)
    assert not any("one-sided" in r or "unanswered" in r for r in priya["reasons"])
    sam = json.loads(kith(*now, "ready", "Sam Patel", "--ask", "intro", "--json").out)
    assert sam["status"] == "not appropriate"
    assert any(
        r.startswith("one-sided: your last 3 contacts went unanswered") for r in sam["reasons"]
    )

    def strength(name: str) -> dict[str, Any]:
        shown: dict[str, Any] = json.loads(kith(*now, "person", "show", name, "--json").out)
        return dict(shown["relationship"])

    # Sending the invitations is no sign of a one-way tie: nothing damps Priya's strength.
    p, s = strength("Priya Raman"), strength("Sam Patel")
    assert not any(w in r for r in p["reasons"] for w in ("unanswered", "reached out", "started"))
    assert p["strength"] > 0.5 > s["strength"]
    assert any("unanswered" in r for r in s["reasons"])
