"""The Sources page and /api/v1/sources, against a real Radicale."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from kithkin.service.app import App
from kithkin.web import WebSettings, create_app
from sync.sync_servers import PASSWORD, SAMPLES, Radicale, cards


@pytest.fixture
def client(app: App) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test transport's own notices
        from fastapi.testclient import TestClient
    web = WebSettings()
    local = dataclasses.replace(web, allowed_hosts=(*web.allowed_hosts, "testserver"))
    with TestClient(create_app(app, local)) as c:
        c.headers["X-CSRF-Token"] = c.get("/api/v1/csrf").json()["token"]
        yield c


def test_sources_api_and_page(
    client: Any, radicale: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITH_TEST_PASSWORD", PASSWORD)
    book = radicale.make("contacts", "addressbook")
    for n, card in enumerate(cards(SAMPLES / "vcard" / "iphone.vcf")):
        assert radicale.put(f"{book}{n}.vcf", card)
    added = client.post(
        "/api/v1/sources",
        json={
            "kind": "carddav",
            "url": radicale.base,
            "user": radicale.user,
            "name": "phone",
            "password_env": "KITH_TEST_PASSWORD",
        },
    )
    assert added.status_code == 200, added.text
    assert added.json()["password"] == "$KITH_TEST_PASSWORD"
    refused = client.post(
        "/api/v1/sources", json={"kind": "ftp", "url": "x", "user": "u", "password_env": "X"}
    )
    assert refused.status_code == 422 and "unknown source kind 'ftp'" in refused.text
    run = client.post("/api/v1/sources/sync").json()
    assert run["failed"] == [] and run["sources"][0]["changes"]["fetched"] == 3
    added_people = run["sources"][0]["changes"]["added"]  # the cards and a related name
    assert added_people >= 3
    listed = client.get("/api/v1/sources").json()
    assert listed[0]["name"] == "phone" and listed[0]["last_changes"]["added"] == added_people
    assert PASSWORD not in client.get("/api/v1/sources").text
    page = client.get("/sources")
    assert page.status_code == 200
    assert "phone" in page.text and f"{added_people} added" in page.text
    again = client.post("/sources/sync", data={"csrf_token": client.headers["X-CSRF-Token"]})
    assert "nothing new" in again.text
    gone = client.delete("/api/v1/sources/phone")
    assert gone.status_code == 200
    assert client.get("/api/v1/sources").json() == []
