"""Creating, correcting, removing and undoing in a real headless Chromium, at a desktop
and a phone size: add a person and a tie between two others, edit a job, remove an
interaction and bring it back with Undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kithkin.model import Channel
from kithkin.service.activity import log_interaction
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person, show_person
from kithkin.service.setup import init_network

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
LiveServer = Any


@pytest.fixture
def small_server(empty_server: LiveServer) -> LiveServer:
    """A small network written through the running server's own app."""
    app: App = empty_server.app
    now = app.now()
    init_network(app, "Alex Morgan", ["alex@example.com"])
    add_person(app, PersonChanges(name="Ann Lee", organisation="Globex", role="Engineer"))
    add_person(app, PersonChanges(name="Ben Okafor", circles=["neighbours"]))
    log_interaction(app, Channel.CALL, ["Ann Lee"], when=now - timedelta(days=3), note="catch-up")
    return empty_server


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[Page]:
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    pg.problems = problems  # type: ignore[attr-defined]
    yield pg
    context.close()


def _fits(page: Page) -> None:
    """Nothing on the page is wider than the window (no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None and width <= viewport["width"], width
    assert page.problems == []  # type: ignore[attr-defined]


def _person_id(server: LiveServer, name: str) -> int:
    pid = show_person(server.app, name).person.id
    assert pid is not None
    return pid


def test_add_a_person_and_a_tie_between_two_others(sized: Page, small_server: LiveServer) -> None:
    page = sized
    page.goto(small_server.url + "/people")
    page.get_by_role("link", name="Add a person").click()
    expect(page.get_by_role("heading", name="Add a person")).to_be_visible()
    page.get_by_label("Name").fill("Cleo Park")
    page.get_by_label("E-mail addresses").fill("cleo@example.org")
    page.get_by_label("Circles").fill("school")
    _fits(page)
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("heading", name="Cleo Park")).to_be_visible()
    page.get_by_role("link", name="Add a tie").click()
    expect(page.get_by_label("One person")).to_have_value(
        f"#{_person_id(small_server, 'Cleo Park')}"
    )
    page.get_by_label("One person").fill("Ann Lee")
    page.get_by_label("The other person").fill("Ben Okafor")
    page.get_by_label("Kinds").fill("neighbour")
    page.get_by_label("Closeness").select_option("3")
    _fits(page)
    page.get_by_role("button", name="Add tie").click()
    expect(page.get_by_role("heading", name="Ann Lee")).to_be_visible()
    expect(page.locator("ul.ties")).to_contain_text("Ben Okafor")
    _fits(page)


def test_edit_a_job(sized: Page, small_server: LiveServer) -> None:
    page = sized
    ann = _person_id(small_server, "Ann Lee")
    page.goto(f"{small_server.url}/people/{ann}")
    page.get_by_role("link", name="Edit, correct or remove").click()
    expect(page.get_by_role("heading", name="Edit Ann Lee")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Edit the job at Globex").click()
    page.get_by_label("Role").fill("Staff Engineer")
    page.get_by_label("Started").fill("2019-03-01")
    page.get_by_label("Ended").fill("2024-01-31")
    page.get_by_role("button", name="Save").click()
    jobs = page.locator("section", has=page.get_by_role("heading", name="Jobs"))
    expect(jobs).to_contain_text("Globex — Staff Engineer")
    expect(jobs).to_contain_text("2019-03-01 to 2024-01-31")
    # A date the app cannot read: the form comes back with what was typed, and says why.
    page.get_by_role("link", name="Edit the job at Globex").click()
    page.get_by_label("Ended").fill("next blursday")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("next blursday")
    expect(page.get_by_label("Role")).to_have_value("Staff Engineer")
    expect(page.get_by_label("Ended")).to_have_value("next blursday")
    _fits(page)


def test_remove_an_interaction_and_undo(sized: Page, small_server: LiveServer) -> None:
    page = sized
    ann = _person_id(small_server, "Ann Lee")
    page.goto(f"{small_server.url}/people/{ann}/history")
    interactions = page.locator("section", has=page.get_by_role("heading", name="Interactions"))
    expect(interactions).to_contain_text("catch-up")
    interactions.get_by_role("link", name="Remove the call").click()
    # Asked first, on a page of its own (works without JavaScript).
    expect(page.get_by_role("heading", name="Remove the call of 2026-05-29?")).to_be_visible()
    _fits(page)
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("heading", name="Removed the call of 2026-05-29")).to_be_visible()
    page.get_by_role("link", name="Back to editing").click()
    expect(interactions).to_contain_text("No interactions logged.")
    # The editing page offers Undo for the last change too.
    page.get_by_role("button", name="Undo").click()
    expect(
        page.get_by_role("heading", name="Undone: removed the call of 2026-05-29")
    ).to_be_visible()
    _fits(page)
    page.goto(f"{small_server.url}/people/{ann}/history")
    expect(interactions).to_contain_text("catch-up")
