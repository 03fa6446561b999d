"""Advice a person can trust, on a network built from real-format exports.

The network (``tests/data/advice``): an iPhone vCard export, a LinkedIn CSV, a Google
Calendar export and an mbox. Jo Park's aunt Rosa has been Ravi Menon's neighbour for
fifteen years and they meet often; Jo met Ravi twice for coffee and then e-mailed him
twice without an answer. Jo sends the invitation for the family dinner at Rosa's every
other Sunday and for a monthly coffee with Lena; Victor never answers; Omar asked Jo
for a reference and Jo replied; Kim met Jo four times in ten days eight months ago.

Runs on SQLite and PostgreSQL, through the CLI as a user would type it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parents[1] / "data" / "advice"
NOW = ("--now", "2026-06-01")


def _ok(kith: Any, *args: str) -> str:
    done = kith(*NOW, *args)
    assert done.code == 0, (args, done.err)
    out: str = done.out
    return out


def _network(kith: Any) -> None:
    # Contacts first, before there is a 'me': naming me then makes my own card me.
    _ok(kith, "import", str(DATA / "contacts.vcf"), str(DATA / "Connections.csv"))
    _ok(kith, "init", "--me", "Jo Park", "--email", "jo.park@example.net")
    _ok(
        kith,
        "import",
        str(DATA / "calendar.ics"),
        str(DATA / "mail.mbox"),
        "--me",
        "jo.park@example.net",
    )
    _ok(kith, "tie", "add", "me", "Rosa Park", "--kind", "aunt", "--closeness", "5")
    # What Jo knows of others meeting without her: the neighbours' coffees, Dana's calls.
    for day in ("2025-12-14", "2026-01-25", "2026-03-08", "2026-04-19", "2026-05-17"):
        _ok(kith, "log", "in-person", "Rosa Park", "Ravi Menon", "--without-me", "--when", day)
    for day in ("2026-03-16", "2026-04-20", "2026-05-11", "2026-05-25"):
        _ok(kith, "log", "video", "Dana Kim", "Ravi Menon", "--without-me", "--when", day)


def _paths(kith: Any, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(_ok(kith, "path", *args, "--json"))["paths"]
    return found


def _chain(path: dict[str, Any]) -> list[str]:
    return [h["to_name"] for h in path["hops"]]


def test_advice_on_a_network_from_real_exports(kith: Any) -> None:
    _network(kith)
    me = json.loads(_ok(kith, "person", "show", "me", "--json"))["person"]
    assert me["display_name"] == "Jo Park" and me["id"] == 1  # the imported card is me
    people = [r["person"] for r in json.loads(_ok(kith, "person", "list", "--json"))["rows"]]
    assert sum(p["display_name"] == "Jo Park" for p in people) == 1

    aunt_first(kith)
    one_sided_is_unreturned_effort(kith)
    writes_keep_facts_true(kith)
    short_old_history_leans_on_the_tier(kith)
    asks_teach(kith)  # last: it records asks


def aunt_first(kith: Any) -> None:
    paths = _paths(kith, "--to-person", "Ravi Menon")
    # The aunt's neighbour: a ready aunt who knows him well beats a direct ask that has to
    # wait for an answer, and the direct ask and another route are still offered.
    assert _chain(paths[0]) == ["Rosa Park", "Ravi Menon"]
    assert [h["verdict"]["status"] for h in paths[0]["hops"]] == ["ready", "ready"]
    direct = next(p for p in paths if _chain(p) == ["Ravi Menon"])
    assert direct["first_hop"]["status"] == "cultivate first"
    assert paths[0]["chance"] > direct["chance"]
    assert len({p["hops"][0]["to_id"] for p in paths}) == len(paths) == 3  # by first hop
    # Every hop carries its verdict in words too.
    text = _ok(kith, "path", "--to-person", "Ravi Menon")
    assert "Rosa Park asks: ready" in text and "you ask: cultivate first" in text
    # The organisation, not a person of that name, when --to names one.
    _ok(kith, "person", "add", "Globex")
    assert json.loads(_ok(kith, "path", "--to", "Globex", "--json"))["target_kind"] == (
        "organisation"
    )


def one_sided_is_unreturned_effort(kith: Any) -> None:
    found = json.loads(_ok(kith, "one-sided", "--json"))
    # Victor never answered; the aunt hosts every dinner I send the invitation for, Lena
    # accepts every coffee, and my reply to Omar's request is not an unanswered attempt.
    assert [o["name"] for o in found] == ["Victor Stone"]
    assert found[0]["reasons"][0].startswith("your last 3 contacts went unanswered")
    omar = json.loads(_ok(kith, "ready", "Omar Díaz", "--json"))
    assert not any("unanswered" in r for r in omar["reasons"])
    for name in ("Rosa Park", "Lena Ortiz"):
        ready = json.loads(_ok(kith, "ready", name, "--ask", "advice", "--json"))
        assert ready["status"] == "ready", (name, ready["reasons"])
        assert not any("one-sided" in r for r in ready["reasons"])
    # Nor do the invitations damp the aunt's strength: she is one of the closest.
    rosa = json.loads(_ok(kith, "person", "show", "Rosa Park", "--json"))["relationship"]
    assert rosa["tier"] == "inner" and rosa["strength"] > 0.8
    assert not any("started" in r or "unanswered" in r for r in rosa["reasons"])


def writes_keep_facts_true(kith: Any) -> None:
    # A misspelled name on a write is refused with the candidate, and nothing is stored.
    before = json.loads(_ok(kith, "person", "show", "Rosa Park", "--json"))["interactions"]
    refused = kith(*NOW, "log", "call", "Rosa Prak")
    assert refused.code != 0 and "Rosa Park (#" in refused.err
    assert refused.err.count("\n") == 1
    # Something that has not happened yet is not contact.
    future = kith(*NOW, "log", "call", "Rosa Park", "--when", "2030-01-01")
    assert future.code != 0 and "in the future" in future.err
    assert future.err.count("\n") == 1
    after = json.loads(_ok(kith, "person", "show", "Rosa Park", "--json"))["interactions"]
    assert after == before
    # Two others meeting makes no tie of mine.
    _ok(kith, "person", "add", "Noor Haddad")
    _ok(kith, "log", "in-person", "Rosa Park", "Noor Haddad", "--without-me")
    noor = json.loads(_ok(kith, "person", "show", "Noor Haddad", "--json"))
    assert "Jo Park" not in {t["other_name"] for t in noor["ties"]}
    assert noor["relationship"]["strength"] == 0.0


def short_old_history_leans_on_the_tier(kith: Any) -> None:
    kim = json.loads(_ok(kith, "person", "show", "Kim Lee", "--json"))["relationship"]
    # Four meetings in ten days eight months ago are no "every 3 days".
    assert kim["cadence_note"] == "not enough history yet"
    assert kim["cadence_days"] > 30
    rosa = json.loads(_ok(kith, "person", "show", "Rosa Park", "--json"))["relationship"]
    assert rosa["cadence_note"] == "" and 10 <= rosa["cadence_days"] <= 20  # every other week


def asks_teach(kith: Any) -> None:
    def ranking() -> list[list[str]]:
        return [_chain(p) for p in _paths(kith, "--to-person", "Ravi Menon")]

    before = ranking()
    assert before[0] == ["Rosa Park", "Ravi Menon"]
    _ok(kith, "ask", "add", "Rosa Park", "--for", "an intro to Ravi Menon", "--when", "3 weeks ago")
    _ok(kith, "ask", "outcome", "1", "declined")
    after = _paths(kith, "--to-person", "Ravi Menon")
    # The declined route drops below another; the reasons say why and for how long.
    assert _chain(after[0]) == ["Dana Kim", "Ravi Menon"]
    rosa = next(p for p in after if _chain(p)[0] == "Rosa Park")
    assert rosa["learned"] == [
        "you asked Rosa Park for an intro to Ravi Menon 3 weeks ago; declined"
    ]
    ready = json.loads(_ok(kith, "ready", "Rosa Park", "--json"))
    assert ready["status"] == "cultivate first"
    assert any("the tie rests 6 months" in r for r in ready["reasons"])
    # A yes lifts the same route above where it started.
    _ok(kith, "ask", "outcome", "1", "accepted")
    lifted = _paths(kith, "--to-person", "Ravi Menon")
    assert _chain(lifted[0]) == ["Rosa Park", "Ravi Menon"]
    first = _paths(kith, "--to-person", "Ravi Menon")[0]
    assert first["chance"] > next(p for p in after if _chain(p)[0] == "Rosa Park")["chance"]


def test_company_cards_and_plans_from_real_exports(kith: Any) -> None:
    """An iPhone company card (X-ABShowAs:COMPANY) and a Nextcloud KIND:org card become
    organisations with their own phone, e-mail and address, never people; a dinner in
    the calendar for next week is a plan, skipped and counted, not contact."""
    cards = [str(DATA / n) for n in ("contacts.vcf", "companies.vcf", "nextcloud-org.vcf")]
    summary = json.loads(_ok(kith, "import", *cards, "--json"))
    assert summary["totals"]["added"] == 7  # the people of contacts.vcf, no one more
    _ok(kith, "init", "--me", "Jo Park", "--email", "jo.park@example.net")
    people = [r["person"] for r in json.loads(_ok(kith, "person", "list", "--json"))["rows"]]
    assert not {"Globex", "Initech"} & {p["display_name"] for p in people}
    globex = _ok(kith, "org", "show", "Globex")
    for fact in ("hello@globex.example", "+13125550100", "Chicago", "Ravi Menon"):
        assert fact in globex
    assert "+15125550199" in _ok(kith, "org", "show", "Initech")
    # --to names the organisation, and says so when nobody known works there.
    assert json.loads(_ok(kith, "path", "--to", "Globex", "--json"))["target_kind"] == (
        "organisation"
    )
    nobody = kith(*NOW, "path", "--to", "Initech")
    assert nobody.code != 0 and nobody.err.count("\n") == 1
    assert "Initech is an organisation in your network, but you know no one" in nobody.err

    plans = json.loads(
        _ok(kith, "import", str(DATA / "plans.ics"), "--me", "jo.park@example.net", "--json")
    )
    assert plans["totals"]["interactions"] == 0
    assert plans["files"][0]["skipped"] == {"planned event (after the import)": 1}
    rosa = json.loads(_ok(kith, "person", "show", "Rosa Park", "--json"))
    assert rosa["interactions"] == 0
