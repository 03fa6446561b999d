"""The agenda, one-sided ties and the calendar feed on the demo network, both databases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from fixed_values import NOW
from kithkin.service.app import App
from kithkin.service.network import load_network
from kithkin.store import Settings

NOW_ARG = ("--now", NOW.date().isoformat())
FIRST_KINDS = ("follow up", "overdue")


@pytest.fixture
def db_url(db_url: str, fill_demo: Callable[[str], None]) -> str:
    """The demo network (built once per session and database, copied for this test)."""
    fill_demo(db_url)
    return db_url


def _conference_contacts(db_url: str) -> set[str]:
    app = App(Settings(db_url), fixed_now=NOW)
    try:
        with app.uow() as uow:
            net = load_network(uow)
    finally:
        app.close()
    assert net.me is not None
    return {
        net.people[t.other(net.me)].display_name
        for t in net.ties
        if net.me in (t.person_a, t.person_b)
        and any(k.kind == "met-at:DataConf 2026" for k in t.kinds)
    }


def test_agenda_one_sided_and_calendar_feed_on_the_demo(
    kith: Any, db_url: str, tmp_path: Path
) -> None:
    cards = _conference_contacts(db_url)
    assert len(cards) == 8

    feed = tmp_path / "agenda.ics"
    result = kith(*NOW_ARG, "agenda", "--limit", "20", "--json", "--ics", str(feed))
    assert result.code == 0, result.err
    agenda = json.loads(result.out)
    items = agenda["items"]
    assert len(items) == 20

    # The fresh conference cards and overdue close ties come first, before any other reason.
    first = [i for i in items if _is_first(i)]
    assert items[: len(first)] == first
    follow_ups = {i["name"] for i in first if i["kind"] == "follow up"}
    assert follow_ups == cards
    assert all(
        i["reason"].startswith("met at DataConf 2026 3 days ago")
        for i in first
        if i["kind"] == "follow up"
    )
    assert any(i["kind"] == "overdue" for i in first)
    # The close friends the demo plants as overdue against their own rhythm are all there,
    # ahead of every favour owed.
    overdue = [n for n, i in enumerate(items) if i["kind"] == "overdue"]
    planted = {"Omar Haddad", "Grace Liu", "Tom Becker"}
    assert planted <= {items[n]["name"] for n in overdue}
    owed = [n for n, i in enumerate(items) if i["kind"] == "favour owed"]
    assert max(n for n in overdue if items[n]["name"] in planted) < min(owed, default=99)
    # Other reasons are there too, after them.
    assert {"birthday", "life event", "favour owed"} <= {i["kind"] for i in items[len(first) :]}

    # The one-sided tie is never a nudge; it is offered a pause or letting go.
    assert "Victor Hale" not in {i["name"] for i in items}
    assert "Victor Hale" in {i["name"] for i in agenda["let_go"]}
    one_sided = json.loads(kith(*NOW_ARG, "one-sided", "--json").out)
    victor = next(o for o in one_sided if o["name"] == "Victor Hale")
    assert victor["unanswered_streak"] >= 3
    assert len(victor["unanswered_dates"]) == victor["unanswered_streak"]
    # Six attempts of mine in the last year; the last four never returned.
    assert (victor["unreturned_12m"], victor["attempts_12m"]) == (4, 6)

    # The feed parses back to the same items: same people, order and reasons.
    events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        f"Contact {i['name']}: {i['reason']}" for i in items
    ]
    assert [str(e["DESCRIPTION"]).split("\n")[0] for e in events] == [
        i["suggestion"] for i in items
    ]
    assert [int(str(e["X-KITHKIN-RANK"])) for e in events] == list(range(1, 21))
    assert len({str(e["UID"]) for e in events}) == 20
    assert all(
        e.decoded("DTSTART").isoformat() == i["due"] for e, i in zip(events, items, strict=True)
    )

    # A snooze takes the person out of the agenda and the feed; the text view labels the
    # one-sided tie apart from the nudges.
    snoozed = items[0]["name"]
    assert kith(*NOW_ARG, "agenda", "snooze", snoozed, "--days", "7").code == 0
    text = kith(*NOW_ARG, "agenda", "--limit", "20", "--ics", str(feed)).out
    assert "Victor Hale" in text.split("One-sided ties")[1]
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.read_bytes()).walk("VEVENT")]
    assert not any(snoozed in s for s in summaries)


def _is_first(item: dict[str, Any]) -> bool:
    if item["kind"] == "follow up":
        return True
    return item["kind"] == "overdue" and item["reason"].startswith(("inner tie", "close tie"))
