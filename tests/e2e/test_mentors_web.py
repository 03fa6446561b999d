"""Mentors for a field, and a draft request for advice that can be edited and copied:
in a real Chromium on the demo network, on a laptop and a phone screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from answers import ANSWER_WITHIN_S, answered
from playwright.sync_api import Browser, Page, expect
from sizes import SIZES

from kithkin.service.paths import find_mentors

pytestmark = pytest.mark.browser

LiveServer = Any


@pytest.fixture(params=SIZES)
def clip_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page allowed to use the clipboard, as a user's browser is after one click."""
    context = browser.new_context(
        viewport=request.param, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.problems = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def test_mentors_for_a_field_with_fit_seniority_and_path(
    clip_page: Page, demo_server: LiveServer
) -> None:
    page = clip_page
    page.goto(demo_server.url + "/")
    page.get_by_role("link", name="Mentors").click()
    expect(page.get_by_role("heading", name="Mentors", level=1)).to_be_visible()
    page.get_by_label("Field").fill("data engineering")
    with answered(page, "GET"):
        page.get_by_role("button", name="Find mentors").click()

    expected = find_mentors(demo_server.app, "data engineering", 5)
    cards = page.locator("li.mentor")
    expect(cards).to_have_count(len(expected))
    names = [c.get_by_role("heading").get_by_role("link").inner_text() for c in cards.all()]
    assert names == [m.name for m in expected]
    # The planted mentor, May's neighbour, comes first: a principal, two warm hops away.
    ben = cards.first
    expect(ben.get_by_role("heading")).to_contain_text("Ben Okafor")
    expect(ben.locator("dd").nth(0)).to_have_text("100%")
    expect(ben.locator("dd").nth(1)).to_have_text("principal")
    expect(ben.locator("dd").nth(3)).to_contain_text("skill: data engineering")
    chain = ben.locator("ol.chain .node")
    expect(chain).to_have_text(["You", "May Parker", "Ben Okafor"])
    assert "field=data%20engineering" in page.url  # a search that can be bookmarked
    assert page.problems == []  # type: ignore[attr-defined]


def test_copy_an_edited_draft_with_the_keyboard(clip_page: Page, demo_server: LiveServer) -> None:
    page = clip_page
    page.goto(demo_server.url + "/mentors?field=data+engineering")
    ben = page.locator("li.mentor").first
    with answered(page, "GET"):
        ben.get_by_role("link", name="Draft a request for advice").click()
    draft = ben.get_by_role("textbox")
    expect(draft).to_be_visible()
    assert draft.input_value().startswith("Hi May")
    assert "Ben Okafor" in draft.input_value()
    # The draft is the user's to edit; Copy takes what is in the box now.
    draft.press("Control+End")
    draft.type("\nThank you, Alex")
    edited = draft.input_value()
    assert edited.endswith("Thank you, Alex")
    copy = ben.get_by_role("button", name="Copy the draft")
    copy.focus()
    page.keyboard.press("Enter")
    expect(ben.get_by_role("status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == edited
    assert page.problems == []  # type: ignore[attr-defined]


def test_without_javascript_the_draft_opens_on_the_full_page(
    browser: Browser, demo_server: LiveServer
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(demo_server.url + "/mentors")
        page.get_by_label("Field").fill("data engineering")
        page.get_by_role("button", name="Find mentors").click()
        ben = page.locator("li.mentor").first
        ben.get_by_role("link", name="Draft a request for advice").click()
        expect(page.get_by_role("heading", name="Mentors", level=1)).to_be_visible()
        draft = page.locator("li.mentor").first.get_by_role("textbox")
        expect(draft).to_be_editable()
        assert draft.input_value().startswith("Hi May")
        # Copying needs JavaScript: without it the button is not offered.
        expect(page.get_by_role("button", name="Copy the draft")).to_have_count(0)
    finally:
        context.close()


def test_the_mentors_api_gives_what_the_page_shows(demo_server: LiveServer) -> None:
    url = demo_server.url + "/api/v1/mentors"
    got = httpx.get(
        url, params={"field": "data engineering", "limit": 3}, timeout=ANSWER_WITHIN_S
    ).json()
    assert [m["name"] for m in got] == [
        m.name for m in find_mentors(demo_server.app, "data engineering", 3)
    ]
    assert got[0]["seniority"] == "principal" and got[0]["fit"] == 1.0
    assert [h["to_name"] for h in got[0]["path"]["hops"]] == ["May Parker", "Ben Okafor"]
    assert httpx.get(url, timeout=ANSWER_WITHIN_S).status_code == 422
    nobody = httpx.get(url, params={"field": "underwater basket weaving"}, timeout=ANSWER_WITHIN_S)
    assert nobody.status_code == 200 and nobody.json() == []
