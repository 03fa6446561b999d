"""From an empty database, in any order (import first, say who I am first, or the demo
first), the app ends with one 'me' holding my addresses and my history. A real server on
a new SQLite file, real sample files and a real Chromium, on a laptop and a phone screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from answers import ANSWER_WITHIN_S, answered
from playwright.sync_api import Page, expect
from sizes import SIZES

from kithkin.service.app import App

pytestmark = pytest.mark.browser

LiveServer = Any
SAMPLES = Path(__file__).parent.parent / "data" / "samples"
MBOX = SAMPLES / "mail" / "alex-morgan.mbox"  # Alex Morgan's own mail: in every message
ADDRESS = "alex.morgan@example.com"


def _mes(app: App) -> list[Any]:
    with app.uow(write=False) as uow:
        return [p for p in uow.people.all() if p.is_me]


def _named(app: App, name: str) -> int:
    with app.uow(write=False) as uow:
        return sum(1 for p in uow.people.all() if p.display_name == name)


def _interactions_of_me(app: App) -> int:
    (me,) = _mes(app)
    with app.uow(write=False) as uow:
        return len(uow.activity.interactions(me.id))


def _import(page: Page, server: LiveServer, path: Path) -> None:
    page.goto(server.url + "/import")
    page.get_by_label("Files").set_input_files(str(path))
    with answered(page):
        page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-summary")).to_contain_text("Imported")


@pytest.mark.parametrize("size", SIZES)
def test_import_first_then_this_is_me_adopts_the_imported_person(
    page: Page, empty_server: LiveServer, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)  # type: ignore[arg-type]
    app = empty_server.app
    page.goto(empty_server.url + "/")
    page.get_by_role("link", name="Import your files").click()
    _import(page, empty_server, MBOX)
    people = len(_all(app))
    assert _mes(app) == [] and _named(app, "Alex Morgan") == 1

    page.get_by_role("link", name="Next: say which person is you").click()
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    # The mailbox's owner is in every message: offered first.
    first = page.locator("form.candidate").first
    expect(first).to_contain_text("Alex Morgan")
    expect(first).to_contain_text(ADDRESS)
    first.get_by_role("button", name="This is me: Alex Morgan").click()

    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    (me,) = _mes(app)
    assert me.display_name == "Alex Morgan"
    assert [e.address for e in me.emails] == [ADDRESS]
    assert len(_all(app)) == people  # adopted, not added
    assert _interactions_of_me(app) > 0  # the imported history is mine
    # Later imports of the same mail find me, not a second me.
    _import(page, empty_server, MBOX)
    assert len(_mes(app)) == 1 and _named(app, "Alex Morgan") == 1
    assert page.problems == []  # type: ignore[attr-defined]


def test_import_first_then_name_and_addresses_make_one_me(
    page: Page, empty_server: LiveServer
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    app = empty_server.app
    _import(page, empty_server, MBOX)
    page.goto(empty_server.url + "/")
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    name = page.get_by_label("Your name")
    emails = page.get_by_label("Your e-mail addresses (optional)")
    name.fill("Alex Morgan")
    emails.fill(f"{ADDRESS}, alex@@home")
    page.get_by_role("button", name="This is me", exact=True).click()
    # Refused, with what was typed kept and the error beside the addresses.
    expect(page.locator("#me-email-error")).to_contain_text("'alex@@home' is not an e-mail address")
    expect(emails).to_have_attribute("aria-describedby", "me-email-error")
    expect(name).to_have_value("Alex Morgan")
    expect(emails).to_have_value(f"{ADDRESS}, alex@@home")
    assert _mes(app) == []

    emails.fill(f"{ADDRESS}, alex@home.example")
    page.get_by_role("button", name="This is me", exact=True).click()
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    (me,) = _mes(app)
    assert sorted(e.address for e in me.emails) == [ADDRESS, "alex@home.example"]
    assert _named(app, "Alex Morgan") == 1 and _interactions_of_me(app) > 0
    assert page.problems == []  # type: ignore[attr-defined]
    assert page.error_statuses == [422]  # type: ignore[attr-defined]


def test_say_who_i_am_first_then_import(page: Page, empty_server: LiveServer) -> None:
    app = empty_server.app
    with httpx.Client(base_url=empty_server.url, timeout=ANSWER_WITHIN_S) as client:
        token = client.get("/api/v1/csrf").json()["token"]
        claimed = client.post(
            "/api/v1/me",
            json={"name": "Alex Morgan", "emails": [ADDRESS]},
            headers={"X-CSRF-Token": token},
        )
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["adopted"] is False and claimed.json()["emails"] == [ADDRESS]
    _import(page, empty_server, MBOX)
    (me,) = _mes(app)
    assert me.id == claimed.json()["id"] and _named(app, "Alex Morgan") == 1
    assert _interactions_of_me(app) > 0
    page.goto(empty_server.url + "/")
    expect(page.get_by_role("heading", name="This week")).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_demo_first_then_import_keeps_one_me(
    page: Page, empty_server: LiveServer, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)  # type: ignore[arg-type]
    app = empty_server.app
    page.goto(empty_server.url + "/")
    page.get_by_role("button", name="Load the demo network").click()
    expect(page.get_by_role("heading", name="This week")).to_be_visible(timeout=60_000)
    (me,) = _mes(app)
    _import(page, empty_server, MBOX)
    assert [p.id for p in _mes(app)] == [me.id]
    assert _named(app, "Alex Morgan") == 1
    # The page for saying who I am shows nobody else who is me.
    page.goto(empty_server.url + "/me")
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("You are Alex Morgan")
    expect(page.locator("form.candidate")).to_have_count(0)
    assert page.problems == []  # type: ignore[attr-defined]


def test_an_address_given_to_an_import_and_a_record_it_made_become_one_me(
    empty_server: LiveServer,
) -> None:
    """A me made from the import form's address, then "this is me" on the imported card."""
    app = empty_server.app
    with httpx.Client(base_url=empty_server.url, timeout=ANSWER_WITHIN_S) as client:
        token = client.get("/api/v1/csrf").json()["token"]
        headers = {"X-CSRF-Token": token}
        vcard = (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alexandra Morgan\r\n"
            "EMAIL:alex.work@contoso.example\r\nTEL:+1 415 555 0100\r\nEND:VCARD\r\n"
        )
        files = {"files": ("mine.vcf", vcard.encode(), "text/vcard")}
        with MBOX.open("rb") as mail:
            done = client.post(
                "/api/v1/import",
                files=[("files", ("alex-morgan.mbox", mail.read(), "application/mbox"))],
                data={"me": ADDRESS},
                headers=headers,
            )
        assert done.status_code == 200, done.text
        assert client.post("/api/v1/import", files=files, headers=headers).status_code == 200
        (me,) = _mes(app)
        candidates = client.get("/api/v1/me/candidates", params={"name": "Alexandra Morgan"})
        card = next(c for c in candidates.json() if c["name"] == "Alexandra Morgan")
        claimed = client.post("/api/v1/me", json={"person_id": card["id"]}, headers=headers)
    assert claimed.status_code == 200, claimed.text
    result = claimed.json()
    assert result["id"] == me.id and result["name"] == "Alexandra Morgan"
    assert sorted(result["emails"]) == [ADDRESS, "alex.work@contoso.example"]
    assert result["merged"] == ["Alexandra Morgan"]
    (one,) = _mes(app)
    assert [p.number for p in one.phones] == ["+14155550100"]
    assert _named(app, "Alexandra Morgan") == 1


def _all(app: App) -> list[Any]:
    with app.uow(write=False) as uow:
        return uow.people.all()
