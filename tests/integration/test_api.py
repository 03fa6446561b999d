"""The JSON API under /api/v1 through FastAPI's TestClient, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from fixed_values import ONE_DATABASE
from kithkin.model import Channel
from kithkin.service import activity
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.service.ties import add_tie
from kithkin.web import WebSettings, create_app


def make_client(app: App, web: WebSettings | None = None) -> Any:
    with warnings.catch_warnings():
        # Starlette's TestClient warns about its httpx transport on import; not our code.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    # TestClient's requests name the host "testserver"; the real server never answers to it.
    web = web or WebSettings()
    local = dataclasses.replace(web, allowed_hosts=(*web.allowed_hosts, "testserver"))
    return TestClient(create_app(app, local))


@pytest.fixture
def client(app: App) -> Iterator[Any]:
    with make_client(app) as c:
        c.headers["X-CSRF-Token"] = c.get("/api/v1/csrf").json()["token"]
        yield c


def _network(app: App) -> None:
    init_network(app, "Alex Morgan", ["alex@example.com"])
    add_person(app, PersonChanges(name="May Parker", circles=["family"]))
    add_person(
        app,
        PersonChanges(
            name="Ben Okafor",
            organisation="Globex",
            role="Senior Engineer",
            circles=["neighbours"],
            skills=["data engineering"],
        ),
    )
    add_tie(app, "me", "May Parker", ["aunt"])
    add_tie(app, "May Parker", "Ben Okafor", ["neighbour"])
    activity.log_interaction(
        app, Channel.CALL, ["May Parker"], when=app.now() - timedelta(days=7), note="birthday call"
    )


def _id(client: Any, name: str) -> int:
    (found,) = client.get("/api/v1/people", params={"q": name}).json()["rows"][:1]
    assert found["person"]["display_name"] == name
    return int(found["person"]["id"])


def _names(page: dict[str, Any]) -> list[str]:
    return [row["person"]["display_name"] for row in page["rows"]]


def test_routes_are_ready_before_the_first_request(app: App, monkeypatch: Any) -> None:
    # FastAPI makes each route's pydantic models on the first request its router sees,
    # unless start-up already did: the first page a user opens must not pay for all.
    from pydantic import TypeAdapter

    made: list[object] = []
    original = TypeAdapter.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(args[0] if args else None)
        original(self, *args, **kwargs)

    init_network(app, "Alex Morgan", ["alex@example.com"])
    with make_client(app) as c:
        monkeypatch.setattr(TypeAdapter, "__init__", counted)
        assert c.get("/healthz").status_code == 200
        assert c.get("/api/v1/people").status_code == 200
        assert c.get("/report").status_code == 200
    assert made == []


def test_status_tells_an_empty_network_from_a_full_one(client: Any, app: App) -> None:
    assert client.get("/api/v1/status").json() == {"people": 0, "me": None, "empty": True}
    _network(app)
    assert client.get("/api/v1/status").json() == {"people": 3, "me": "Alex Morgan", "empty": False}


def test_people_search_filter_and_page(client: Any, app: App) -> None:
    _network(app)
    everyone = client.get("/api/v1/people").json()
    assert everyone["total"] == 3
    assert _names(everyone) == [
        "Alex Morgan",
        "Ben Okafor",
        "May Parker",
    ]
    family = client.get("/api/v1/people", params={"circle": "family"}).json()
    assert _names(family) == ["May Parker"]
    globex = client.get("/api/v1/people", params={"organisation": "globex"}).json()
    assert _names(globex) == ["Ben Okafor"]
    skill = client.get("/api/v1/people", params={"q": "data engineering"}).json()
    assert _names(skill) == ["Ben Okafor"]
    page = client.get("/api/v1/people", params={"limit": 1, "offset": 1}).json()
    assert (page["total"], _names(page)) == (3, ["Ben Okafor"])


def test_person_shows_ties_across_circles(client: Any, app: App) -> None:
    _network(app)
    shown = client.get(f"/api/v1/people/{_id(client, 'Ben Okafor')}").json()
    assert shown["person"]["circles"] == ["neighbours"]
    (tie,) = shown["ties"]
    assert (tie["other_name"], tie["kinds"]) == ("May Parker", ["neighbour"])
    assert shown["circles_reached"] == ["family"]


def test_logging_an_interaction_and_a_favour_shows_in_the_timeline(client: Any, app: App) -> None:
    _network(app)
    may = _id(client, "May Parker")
    made = client.post(
        f"/api/v1/people/{may}/interactions",
        json={
            "channel": "video",
            "when": "3 days ago",
            "they_initiated": True,
            "note": "caught up",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["when"].startswith("2026-05-29")
    fav = client.post(
        f"/api/v1/people/{may}/favours",
        json={"kind": "advice", "given_by_me": False, "when": "yesterday"},
    )
    assert fav.status_code == 201
    timeline = client.get(f"/api/v1/people/{may}/timeline").json()
    assert [(e["what"], e["kind"], e["direction"]) for e in timeline] == [
        ("favour", "advice", "to me"),
        ("interaction", "video", "to me"),
        ("interaction", "call", "from me"),
    ]
    assert timeline[1]["note"] == "caught up"
    assert client.get(f"/api/v1/people/{may}").json()["interactions"] == 2


def test_errors_are_statuses_with_one_clear_message(client: Any, app: App) -> None:
    _network(app)
    missing = client.get("/api/v1/people/999")
    assert missing.status_code == 404
    assert "no person #999" in missing.json()["detail"]
    may = _id(client, "May Parker")
    bad_date = client.post(
        f"/api/v1/people/{may}/interactions",
        json={"channel": "call", "when": "the day after never"},
    )
    assert bad_date.status_code == 422
    assert "cannot read the date" in bad_date.json()["detail"]
    bad_channel = client.post(f"/api/v1/people/{may}/interactions", json={"channel": "pigeon"})
    assert bad_channel.status_code == 422
    assert client.get(f"/api/v1/people/{may}").json()["interactions"] == 1


def test_writes_need_the_csrf_token(client: Any, app: App) -> None:
    _network(app)
    may = _id(client, "May Parker")
    url = f"/api/v1/people/{may}/interactions"
    token = client.headers.pop("X-CSRF-Token")
    refused = client.post(url, json={"channel": "call"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert (
        client.post(url, json={"channel": "call"}, headers={"X-CSRF-Token": "x" * 43}).status_code
        == 403
    )
    cross = client.post(
        url,
        json={"channel": "call"},
        headers={"X-CSRF-Token": token, "Origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    assert client.get(f"/api/v1/people/{may}").json()["interactions"] == 1
    assert (
        client.post(url, json={"channel": "call"}, headers={"X-CSRF-Token": token}).status_code
        == 201
    )


@ONE_DATABASE
def test_a_token_without_its_cookie_is_refused(app: App) -> None:
    _network(app)
    with make_client(app) as first, make_client(app) as second:
        token = first.get("/api/v1/csrf").json()["token"]
        refused = second.post(
            "/api/v1/people/2/favours",
            json={"kind": "gift", "given_by_me": True},
            headers={"X-CSRF-Token": token},
        )
        assert refused.status_code == 403


@ONE_DATABASE
def test_only_local_host_names_are_answered(client: Any) -> None:
    # A page on the internet that rebinds its DNS name to 127.0.0.1 still sends its own Host.
    assert client.get("/api/v1/status", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/v1/status", headers={"Host": "127.0.0.1:8765"}).status_code == 200


@ONE_DATABASE
def test_security_headers_on_every_response(client: Any) -> None:
    for url in ("/", "/api/v1/status", "/static/css/kithkin.css", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
    cookie = client.cookies.jar
    assert any(c.name == "kithkin_csrf" and c.has_nonstandard_attr("HttpOnly") for c in cookie)


def test_demo_builds_once_into_an_empty_database(client: Any) -> None:
    made = client.post("/api/v1/demo")
    assert made.status_code == 201, made.text
    summary = made.json()
    assert summary["people"] > 200 and summary["me"] == "Alex Morgan"
    assert client.get("/api/v1/status").json()["people"] == summary["people"]
    again = client.post("/api/v1/demo")
    assert again.status_code == 422
    assert "already holds" in again.json()["detail"]


@ONE_DATABASE
def test_openapi_schema_lists_the_api_and_no_page(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/v1/people", "/api/v1/people/{person_id}", "/api/v1/circles"} <= paths
    assert all(p.startswith("/api/v1/") or p == "/healthz" for p in paths)
    assert client.get("/docs").status_code == 404  # its assets would come from a CDN


def test_people_by_strength_and_tier_with_the_relationship(client: Any, app: App) -> None:
    _network(app)
    by_strength = client.get("/api/v1/people", params={"sort": "strength"}).json()
    assert _names(by_strength) == ["Alex Morgan", "May Parker", "Ben Okafor"]
    may = by_strength["rows"][1]["relationship"]
    assert may["strength"] > 0 and may["last_contact"].startswith("2026-05-25")
    assert by_strength["rows"][2]["relationship"] is None  # no tie with me
    same_tier = client.get("/api/v1/people", params={"tier": may["tier"]}).json()
    assert _names(same_tier) == ["May Parker"]
    shown = client.get(f"/api/v1/people/{_id(client, 'May Parker')}").json()
    assert shown["relationship"]["tier"] == may["tier"]
    assert set(shown["relationship"]["readiness"]) == {"small", "medium", "large"}
    assert client.get("/api/v1/people", params={"tier": "closest"}).status_code == 422
