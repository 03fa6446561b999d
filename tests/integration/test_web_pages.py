"""The HTML pages through TestClient, on SQLite and PostgreSQL: forms work without JavaScript,
user text is escaped, uploads are limited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_api import make_client

from fixed_values import ONE_DATABASE
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person
from kithkin.service.setup import init_network
from kithkin.web import WebSettings

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def browser_like(app: App) -> Iterator[Any]:
    """A client that behaves like a browser without JavaScript: cookie, then the form's token."""
    with make_client(app) as c:
        c.get("/")
        yield c


def _token(client: Any) -> str:
    return str(client.get("/api/v1/csrf").json()["token"])


def test_first_page_offers_the_demo_and_import(browser_like: Any) -> None:
    page = browser_like.get("/").text
    assert "Load the demo network" in page and 'href="/import"' in page
    assert 'name="csrf_token"' in page


def test_demo_form_without_javascript_redirects_to_the_agenda(browser_like: Any) -> None:
    made = browser_like.post(
        "/demo", data={"csrf_token": _token(browser_like)}, follow_redirects=False
    )
    assert made.status_code == 303 and made.headers["location"] == "/"
    assert "This week" in browser_like.get("/").text


@ONE_DATABASE
def test_form_without_token_is_refused_with_a_page(browser_like: Any, app: App) -> None:
    init_network(app, "Alex Morgan", [])
    refused = browser_like.post("/demo", data={})
    assert refused.status_code == 403
    assert "CSRF" in refused.text and "<html" in refused.text


def test_user_text_is_escaped_everywhere(browser_like: Any, app: App) -> None:
    init_network(app, "Alex Morgan", [])
    person = add_person(app, PersonChanges(name=SCRIPT, notes='"><img src=x onerror=alert(2)>'))
    for url in (f"/people/{person.id}", "/people", "/people?q=script"):
        html = browser_like.get(url).text
        assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html


def test_log_interaction_form_without_javascript(browser_like: Any, app: App) -> None:
    init_network(app, "Alex Morgan", [])
    ben = add_person(app, PersonChanges(name="Ben Okafor"))
    done = browser_like.post(
        f"/people/{ben.id}/interactions",
        data={
            "channel": "call",
            "when": "yesterday",
            "note": "hello",
            "csrf_token": _token(browser_like),
        },
    )
    assert done.status_code == 200
    assert "Logged a call on 2026-05-31" in done.text and "<html" in done.text
    again = browser_like.post(
        f"/people/{ben.id}/interactions",
        data={"channel": "carrier pigeon", "csrf_token": _token(browser_like)},
    )
    assert again.status_code == 422 and "channel" in again.text


def test_uploads_are_limited_in_type_count_and_size(app: App) -> None:
    web = WebSettings(max_upload_bytes=2000, max_upload_files=2)
    with make_client(app, web) as c:
        c.headers["X-CSRF-Token"] = _token(c)
        card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed Quinn\r\nEND:VCARD\r\n"
        wrong = c.post("/api/v1/import", files=[("files", ("notes.exe", b"MZ"))])
        assert wrong.status_code == 422 and "not a file Kithkin reads" in wrong.json()["detail"]
        many = c.post("/api/v1/import", files=[("files", (f"{i}.vcf", card)) for i in range(3)])
        assert many.status_code == 422 and "at most 2 files" in many.json()["detail"]
        big = c.post("/api/v1/import", files=[("files", ("big.vcf", card * 100))])
        assert big.status_code == 413
        ok = c.post("/api/v1/import", files=[("files", ("../../zed.vcf", card))])
        assert ok.status_code == 200, ok.text
        (f,) = ok.json()["files"]
        assert (f["file"], f["added"]) == ("zed.vcf", 1)
        assert c.get("/api/v1/people", params={"q": "Zed Quinn"}).json()["total"] == 1


def test_after_an_import_without_me_the_home_page_asks_who_i_am(browser_like: Any) -> None:
    token = _token(browser_like)
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed Quinn\r\nEND:VCARD\r\n"
    imported = browser_like.post(
        "/import", files=[("files", ("a.vcf", card))], data={"csrf_token": token}
    )
    assert imported.status_code == 200 and "Imported" in imported.text
    assert "Who are you?" in browser_like.get("/").text
    made = browser_like.post(
        "/me", data={"name": "Alex Morgan", "csrf_token": token}, follow_redirects=True
    )
    assert made.status_code == 200 and "This week" in made.text
    assert browser_like.get("/api/v1/status").json()["me"] == "Alex Morgan"


def test_a_stranger_page_offers_a_warm_path_not_a_command(browser_like: Any, app: App) -> None:
    init_network(app, "Alex Morgan", [])
    stranger = add_person(app, PersonChanges(name="Sam Stranger & Co"))
    page = browser_like.get(f"/people/{stranger.id}").text
    assert "no tie with you" in page
    assert 'href="/paths?to=Sam%20Stranger%20%26%20Co&amp;kind=person"' in page
    assert "kith " not in page.split("<main", 1)[1]  # pages speak of pages, not commands
