"""Agenda, paths and the map through the API, on the demo network, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from test_api import make_client

from kithkin.service.app import App


@pytest.fixture
def db_url(db_url: str, fill_demo: Callable[[str], None]) -> str:
    """The demo network (built once per session and database, copied for this test)."""
    fill_demo(db_url)
    return db_url


def test_agenda_paths_and_map_on_the_demo(app: App) -> None:
    with make_client(app) as client:
        client.headers["X-CSRF-Token"] = client.get("/api/v1/csrf").json()["token"]
        _agenda(client)
        _paths(client)
        _map(client)


def _agenda(client: Any) -> None:
    agenda = client.get("/api/v1/agenda").json()
    assert agenda["items"], "the demo plants people to contact this week"
    first = agenda["items"][0]
    assert first["reason"] and first["name"]
    snoozed = client.post(f"/api/v1/agenda/{first['person']}/snooze", json={"days": 30})
    assert snoozed.status_code == 200, snoozed.text
    assert snoozed.json()["snoozed_until"] == "2026-07-01"
    after = client.get("/api/v1/agenda").json()
    assert first["person"] not in {i["person"] for i in after["items"]}
    assert client.post("/api/v1/agenda/999999/pause").status_code == 404


def _paths(client: Any) -> None:
    found = client.get("/api/v1/paths", params={"to": "Contoso", "ask": "intro"}).json()
    assert found["target_kind"] == "organisation"
    assert found["paths"], "the demo has a friend of a friend at Contoso"
    best = found["paths"][0]
    assert 0 <= best["weakest"] < len(best["hops"])
    assert best["hops"][0]["from_name"] == "Alex Morgan"
    intro = client.get("/api/v1/paths/intro", params={"to": "Contoso", "path": 1}).json()
    assert intro["draft"]["to_id"] == best["hops"][0]["to_id"]
    assert best["hops"][0]["to_name"].split()[0] in intro["text"]
    assert client.get("/api/v1/paths", params={"to": "Contoso", "k": 0}).status_code == 422


def _map(client: Any) -> None:
    data = client.get("/api/v1/map").json()
    nodes = data["nodes"]
    n = len(nodes["id"])
    assert n > 200 and all(len(nodes[k]) == n for k in ("name", "x", "y", "circle", "strength"))
    assert len(set(zip(nodes["x"], nodes["y"], strict=True))) > n * 0.9  # people do not pile up
    assert data["edges"]["a"] and max(data["edges"]["a"] + data["edges"]["b"]) < n
    assert data["brokers"] and set(data["brokers"]) <= set(nodes["id"])
    me = nodes["id"].index(data["me"])
    assert (nodes["x"][me], nodes["y"][me]) == (0.0, 0.0)
    colours = {c["colour"] for c in data["circles"] if c["size"] >= 3}
    assert len(colours) >= 5
