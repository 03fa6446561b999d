"""The editing pages as plain HTML forms (no JavaScript), through FastAPI's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from test_api import make_client

from fixed_values import ONE_DATABASE
from kithkin.model import AskKind, Channel, ExchangeKind
from kithkin.service import activity, notes
from kithkin.service.app import App
from kithkin.service.goals import add_goal
from kithkin.service.opportunities import add_opportunity
from kithkin.service.people import PersonChanges, add_person, show_person
from kithkin.service.setup import init_network
from kithkin.service.ties import add_tie


@pytest.fixture
def browser(app: App) -> Iterator[Any]:
    init_network(app, "Alex Morgan", ["alex@example.com"])
    add_person(app, PersonChanges(name="Ann Lee", organisation="Globex", circles=["friends"]))
    add_person(app, PersonChanges(name="Ben Okafor"))
    with make_client(app) as c:
        c.get("/")  # the CSRF cookie, as a browser gets it
        yield c


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has a form with the CSRF token"
    return found.group(1)


def _post(client: Any, url: str, **fields: str) -> Any:
    token = _token(client.get(url).text)
    return client.post(url, data={"csrf_token": token, **fields}, follow_redirects=False)


def test_every_editing_page_opens(browser: Any, app: App) -> None:
    ann = show_person(app, "Ann Lee").person.id
    it = activity.log_interaction(app, Channel.CALL, ["Ann Lee"], when=app.now() - timedelta(1))
    fav = activity.record_favour(app, ExchangeKind.ADVICE, "Ann Lee", True)
    ask = activity.record_ask(app, "Ann Lee", AskKind.INTRO, "an intro to Bo")
    note = notes.add_note(app, "Ann Lee", "Likes climbing")
    goal = add_goal(app, "work at Contoso")
    opp = add_opportunity(app, "Contoso", "Engineer")
    add_tie(app, "Ann Lee", "Ben Okafor", ["neighbour"])
    ben = show_person(app, "Ben Okafor").person.id
    for url in [
        "/people/new",
        f"/people/{ann}/history",
        f"/people/{ann}/edit",
        f"/people/{ann}/remove",
        f"/people/{ann}/jobs/new",
        f"/people/{ann}/jobs/1/edit",
        f"/people/{ann}/jobs/1/remove",
        f"/people/{ann}/notes/new",
        f"/notes/{note.id}/edit",
        f"/notes/{note.id}/remove",
        f"/ties/new?a={ann}",
        f"/ties/{ann}/{ben}/edit",
        f"/ties/{ann}/{ben}/remove",
        f"/interactions/{it.id}/edit",
        f"/interactions/{it.id}/remove",
        f"/favours/{fav.id}/edit",
        f"/favours/{fav.id}/remove",
        f"/asks/{ask.id}/edit",
        f"/asks/{ask.id}/remove",
        "/circles/friends/rename",
        "/circles/friends/remove",
        "/goals",
        "/goals/new",
        f"/goals/{goal.id}/edit",
        f"/goals/{goal.id}/remove",
        "/opportunities/new",
        f"/opportunities/{opp.id}/edit",
        f"/opportunities/{opp.id}/remove",
    ]:
        page = browser.get(url)
        assert page.status_code == 200, (url, page.text[:300])
    assert browser.get("/interactions/999/edit").status_code == 404
    assert browser.get(f"/people/{ann}/jobs/5/edit").status_code == 404


def test_add_a_person_then_a_tie_between_two_others(browser: Any, app: App) -> None:
    made = _post(
        browser, "/people/new", name="Cleo Park", emails="cleo@example.org", circles="school"
    )
    assert made.status_code == 303
    cleo = show_person(app, "Cleo Park").person
    assert made.headers["location"] == f"/people/{cleo.id}"
    assert [e.address for e in cleo.emails] == ["cleo@example.org"] and cleo.circles == ["school"]
    tied = _post(
        browser, "/ties/new", a="Cleo Park", b="Ben Okafor", kinds="classmate", closeness="3"
    )
    assert tied.status_code == 303
    (tie,) = show_person(app, "Ben Okafor").ties
    assert (tie.other_name, tie.kinds, tie.closeness) == ("Cleo Park", ["classmate"], 3)


def test_a_refused_form_keeps_what_was_typed(browser: Any, app: App) -> None:
    ann = show_person(app, "Ann Lee").person.id
    refused = _post(
        browser, f"/people/{ann}/jobs/new", organisation="Initech", start="next blursday"
    )
    assert refused.status_code == 422
    assert 'value="Initech"' in refused.text and 'value="next blursday"' in refused.text
    assert "next blursday" in refused.text.split('role="alert"')[1].split("</p>")[0]


def test_edit_the_details_and_end_a_job(browser: Any, app: App) -> None:
    ann = show_person(app, "Ann Lee").person.id
    page = browser.get(f"/people/{ann}/edit").text
    assert 'value="Globex"' in page
    fields = {
        "name": "Ann Lee",
        "emails": "ann@example.org",
        "organisation": "Contoso",
        "role": "Lead",
        "circles": "friends, climbing",
        "note": "Moved teams",
    }
    assert _post(browser, f"/people/{ann}/edit", **fields).status_code == 303
    view = show_person(app, "Ann Lee")
    assert [(j.organisation, j.current) for j in view.jobs] == [
        ("Globex", False),
        ("Contoso", True),
    ]
    assert view.person.circles == ["climbing", "friends"]
    assert [n.text for n in view.notes] == ["Moved teams"]
    assert _post(browser, f"/people/{ann}/jobs/1/edit", organisation="Globex", start="2019-01-01",
                 end="2023-12-31").status_code == 303  # fmt: skip
    assert str(show_person(app, "Ann Lee").jobs[0].start) == "2019-01-01"


def test_remove_asks_first_then_offers_undo(browser: Any, app: App) -> None:
    it = activity.log_interaction(app, Channel.CALL, ["Ann Lee"], when=app.now() - timedelta(2))
    ask = browser.get(f"/interactions/{it.id}/remove")
    assert "Remove the call of" in ask.text and ">Remove</button>" in ask.text
    done = _post(browser, f"/interactions/{it.id}/remove")
    assert done.status_code == 200 and ">Undo</button>" in done.text
    assert browser.get(f"/interactions/{it.id}/edit").status_code == 404
    undone = browser.post(
        "/undo", data={"csrf_token": _token(done.text), "back": "/people"}, follow_redirects=False
    )
    assert undone.status_code == 200 and "Undone: removed the call" in undone.text
    assert browser.get(f"/interactions/{it.id}/edit").status_code == 200


@ONE_DATABASE
def test_a_form_without_the_csrf_token_is_refused(browser: Any, app: App) -> None:
    ann = show_person(app, "Ann Lee").person.id
    assert browser.post(f"/people/{ann}/remove", data={}).status_code == 403
    assert show_person(app, "Ann Lee").person.id == ann


def test_a_circle_whose_name_holds_a_slash_is_renamed_and_removed(browser: Any, app: App) -> None:
    add_person(app, PersonChanges(name="Ann Lee", circles=["class of 2019/20"]))
    circles = browser.get("/circles").text
    assert 'href="/circles/class%20of%202019/20/rename"' in circles
    assert browser.get("/circles/class%20of%202019/20/rename").status_code == 200
    renamed = _post(browser, "/circles/class%20of%202019/20/rename", name="school 2019/20")
    assert renamed.status_code == 303, renamed.text[:300]
    assert "school 2019/20" in browser.get("/circles").text
    removed = _post(browser, "/circles/school%202019/20/remove")
    assert removed.status_code == 200 and "Deleted the circle school 2019/20" in removed.text
    assert "2019/20" not in browser.get("/circles").text


def test_an_inferred_colleague_is_shown_but_offers_nothing_to_edit(browser: Any, app: App) -> None:
    add_person(app, PersonChanges(name="Cy Diaz", organisation="Globex, Inc."))
    ann, cy = show_person(app, "Ann Lee").person.id, show_person(app, "Cy Diaz").person.id
    add_tie(app, "Ann Lee", "Ben Okafor", ["friend"])
    page = browser.get(f"/people/{ann}").text
    assert re.search(f'<a href="/people/{cy}"[^>]*>Cy Diaz</a>', page) and "inferred" in page
    history = browser.get(f"/people/{ann}/history").text
    assert f"/ties/{ann}/{cy}/edit" not in history and f"/ties/{ann}/{cy}/remove" not in history
    assert f"/ties/{ann}/{show_person(app, 'Ben Okafor').person.id}/edit" in history
