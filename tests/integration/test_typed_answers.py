"""One answer, one shape: the API declares every answer's schema, and the CLI's
``--json`` prints exactly what the API answers for the same question."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from test_api import _network, make_client

from fixed_values import ONE_DATABASE
from kithkin.service.app import App

NOW_ARG = ("--now", "2026-06-01T12:00:00+00:00")  # the ``app`` fixture's now


@pytest.fixture
def client(app: App) -> Iterator[Any]:
    with make_client(app) as c:
        yield c


@ONE_DATABASE
def test_every_api_route_documents_its_answer(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    missing = []
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in operations.items():
            ok = {k: v for k, v in operation["responses"].items() if k.startswith("2")}
            documented = [
                body
                for answer in ok.values()
                for kind, body in answer.get("content", {}).items()
                if kind != "application/json" or body.get("schema")
            ]
            if not documented:
                missing.append(f"{method.upper()} {path}")
    assert missing == []
    agenda = schema["paths"]["/api/v1/agenda"]["get"]["responses"]["200"]
    assert agenda["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Agenda"
    }


@pytest.mark.parametrize(
    ("cli", "api"),
    [
        (("person", "list", "--limit", "1000"), "/api/v1/people?limit=1000"),
        (
            ("person", "list", "--sort", "strength", "--limit", "2"),
            "/api/v1/people?sort=strength&limit=2",
        ),
        (("person", "show", "#{ben}"), "/api/v1/people/{ben}"),
        (("agenda",), "/api/v1/agenda"),
        (("path", "--to", "Globex"), "/api/v1/paths?to=Globex"),
        (("circle", "list"), "/api/v1/circles"),
    ],
    ids=["people", "people-page", "person", "agenda", "path", "circles"],
)
def test_cli_json_is_the_api_answer(
    app: App, client: Any, kith: Any, cli: tuple[str, ...], api: str
) -> None:
    _network(app)
    ben = client.get("/api/v1/people", params={"q": "Ben Okafor"}).json()["rows"][0]
    ids = {"ben": ben["person"]["id"]}
    printed = kith(*NOW_ARG, *(a.format(**ids) for a in cli), "--json")
    assert printed.code == 0, printed.err
    answered = client.get(api.format(**ids))
    assert answered.status_code == 200
    assert json.loads(printed.out) == answered.json()
    assert answered.json()  # a real answer, not an empty one on both sides
