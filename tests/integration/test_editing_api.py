"""Creating, correcting, removing and undoing through /api/v1, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from test_api import make_client

from fixed_values import ONE_DATABASE
from kithkin.model import AskKind, Channel, ExchangeKind
from kithkin.service import activity
from kithkin.service.app import App
from kithkin.service.circles import add_to_circle
from kithkin.service.setup import init_network


@pytest.fixture
def client(app: App) -> Iterator[Any]:
    init_network(app, "Alex Morgan", ["alex@example.com"])
    with make_client(app) as c:
        c.headers["X-CSRF-Token"] = c.get("/api/v1/csrf").json()["token"]
        yield c


def _add(client: Any, **fields: Any) -> dict[str, Any]:
    made = client.post("/api/v1/people", json=fields)
    assert made.status_code == 201, made.text
    result: dict[str, Any] = made.json()
    return result


def test_a_person_and_a_tie_between_two_others(client: Any) -> None:
    ann = _add(client, name="Ann Lee", organisation="Globex", role="Engineer", note="Met at PyCon")
    ben = _add(client, name="Ben Okafor", circles=["neighbours"])
    tie = client.post("/api/v1/ties", json={"a": ann["id"], "b": ben["id"], "kinds": ["colleague"]})
    assert tie.status_code == 201, tie.text
    shown = client.get(f"/api/v1/people/{ann['id']}").json()
    assert [t["other_name"] for t in shown["ties"]] == ["Ben Okafor"]
    assert [n["text"] for n in shown["notes"]] == ["Met at PyCon"]
    edited = client.patch(
        f"/api/v1/ties/{ben['id']}/{ann['id']}", json={"kinds": ["friend"], "closeness": 4}
    )
    assert edited.status_code == 200 and edited.json()["closeness"] == 4
    assert client.delete(f"/api/v1/ties/{ann['id']}/{ben['id']}").json() == {"removed": "tie"}
    assert client.post("/api/v1/undo").json()["what"].startswith("removed the tie")
    shown = client.get(f"/api/v1/people/{ann['id']}").json()
    assert shown["ties"][0]["kinds"] == ["friend"]


def test_editing_the_organisation_ends_the_old_job(client: Any) -> None:
    ann = _add(client, name="Ann Lee", organisation="Globex")
    assert client.patch(f"/api/v1/people/{ann['id']}", json={"organisation": "Contoso"}).is_success
    found = client.get(f"/api/v1/people/{ann['id']}/jobs").json()
    assert [(j["organisation"], j["current"]) for j in found] == [
        ("Globex", False),
        ("Contoso", True),
    ]
    changed = client.patch(f"/api/v1/people/{ann['id']}/jobs/1", json={"start": "2020-01-15"})
    assert changed.json()["start"] == "2020-01-15"
    bad = client.patch(f"/api/v1/people/{ann['id']}/jobs/1", json={"end": "next blursday"})
    assert bad.status_code == 422 and "next blursday" in bad.json()["detail"]
    assert client.delete(f"/api/v1/people/{ann['id']}/jobs/9").status_code == 404


def test_an_interaction_is_edited_removed_and_undone(client: Any, app: App) -> None:
    ann = _add(client, name="Ann Lee")
    it = activity.log_interaction(
        app, Channel.CALL, [ann["id"]], when=app.now() - timedelta(days=2), note="catch-up"
    )
    path = f"/api/v1/interactions/{it.id}"
    edited = client.patch(path, json={"channel": "video", "note": "demo"})
    assert edited.status_code == 200 and edited.json()["channel"] == "video"
    assert client.delete(path).status_code == 200
    assert client.get(path).status_code == 404
    assert "removed the video" in client.get("/api/v1/undo").json()["what"]
    assert client.post("/api/v1/undo").status_code == 200
    assert client.get(path).json()["note"] == "demo"
    assert client.get("/api/v1/undo").json() == {"what": None}
    assert client.post("/api/v1/undo").status_code == 404


def test_undo_after_a_write_that_keeps_no_undo_is_refused(client: Any, app: App) -> None:
    ann = _add(client, name="Ann Lee")
    fav = activity.record_favour(app, ExchangeKind.ADVICE, ann["id"], True)
    assert client.delete(f"/api/v1/favours/{fav.id}").status_code == 200
    add_to_circle(app, "friends", [f"#{ann['id']}"])  # a write that keeps no undo of its own
    refused = client.post("/api/v1/undo")
    assert refused.status_code == 422 and "very last change" in refused.json()["detail"]


def test_asks_goals_opportunities_circles_and_notes(client: Any, app: App) -> None:
    ann = _add(client, name="Ann Lee", circles=["friends"])
    ask = activity.record_ask(app, f"#{ann['id']}", AskKind.INTRO, "an intro to Bo")
    got = client.patch(f"/api/v1/asks/{ask.id}", json={"outcome": "accepted"})
    assert got.json()["outcome"] == "accepted"
    goal = client.post("/api/v1/goals", json={"text": "work at Contoso"}).json()
    changed = client.patch(f"/api/v1/goals/{goal['id']}", json={"text": "work at Initech"})
    assert changed.json()["target"] == "Initech"
    opp = client.post(
        "/api/v1/opportunities", json={"organisation": "Contoso", "role": "Engineer"}
    ).json()
    assert client.patch(f"/api/v1/opportunities/{opp['id']}", json={"role": "Lead"}).is_success
    assert client.get("/api/v1/opportunities").json()[0]["role"] == "Lead"
    renamed = client.patch("/api/v1/circles/friends", json={"name": "close friends"})
    assert renamed.json() == {"circle": "close friends"}
    note = client.post(f"/api/v1/people/{ann['id']}/notes", json={"text": "Likes climbing"})
    assert client.patch(f"/api/v1/notes/{note.json()['id']}", json={"text": "Climbs"}).is_success
    notes = client.get(f"/api/v1/people/{ann['id']}/notes").json()
    assert [n["text"] for n in notes] == ["Climbs"]
    empty = client.post(f"/api/v1/people/{ann['id']}/notes", json={"text": " "})
    assert empty.status_code == 422


@ONE_DATABASE
def test_writes_need_the_csrf_token(app: App) -> None:
    init_network(app, "Alex Morgan", ["alex@example.com"])
    with make_client(app) as c:
        assert c.post("/api/v1/people", json={"name": "Eve"}).status_code == 403
        assert c.post("/api/v1/undo").status_code == 403


def test_a_circle_whose_name_holds_a_slash_through_the_api(client: Any, app: App) -> None:
    ann = _add(client, name="Ann Lee")
    add_to_circle(app, "work/2019", [f"#{ann['id']}"])
    renamed = client.patch("/api/v1/circles/work/2019", json={"name": "work/2020"})
    assert renamed.json() == {"circle": "work/2020"}, renamed.text
    assert client.delete("/api/v1/circles/work%2F2020").json() == {"circle": "work/2020"}
