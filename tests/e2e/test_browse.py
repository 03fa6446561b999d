"""The web app in a real headless Chromium, through a real server."""

from __future__ import annotations

from typing import Any

import pytest
from answers import answered
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

XSS_NAME = "<script>alert(1)</script>"  # added to the demo network by conftest
LiveServer = Any


def _clean(page: Any, expected_statuses: tuple[int, ...] = ()) -> None:
    """No script error, no request off the machine, no HTTP error the test did not provoke."""
    assert page.problems == [], page.problems
    assert [s for s in page.error_statuses if s not in expected_statuses] == []


def test_empty_first_page_loads_the_demo(page: Page, empty_server: LiveServer) -> None:
    page.goto(empty_server.url + "/")
    expect(page.get_by_role("link", name="Import your files")).to_be_visible()
    page.get_by_role("button", name="Load the demo network").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("One network, real relationships")
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.locator("#results .count")).to_contain_text("people")
    _clean(page)


def test_search_open_a_person_and_log_an_interaction(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.url + "/people")
    # The full list also links Ben: wait for the search's own answer, or the click may land
    # on a link the swapped-in results are about to replace.
    with answered(page, "GET"):
        page.get_by_label("Search every field").fill("Ben Okafor")
    link = page.locator("#results").get_by_role("link", name="Ben Okafor")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ben Okafor")
    before = page.locator(".timeline li.interaction").count()
    page.get_by_label("How").select_option("video")
    page.get_by_label("When", exact=True).first.fill("2 days ago")
    page.locator("#it-note").fill("Talked about the platform team")
    with answered(page):
        page.get_by_role("button", name="Log interaction").click()
    expect(page.locator("#relationship .flash")).to_contain_text("Logged a video on 2026-05-30")
    expect(page.locator(".timeline")).to_contain_text("Talked about the platform team")
    assert page.locator(".timeline li.interaction").count() == before + 1
    # The form is cleared for the next one.
    expect(page.locator("#it-note")).to_have_value("")
    _clean(page)


def test_a_bad_date_says_what_is_wrong_in_place(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.url + "/people?q=Ben+Okafor")
    page.locator("#results").get_by_role("link", name="Ben Okafor").click()
    page.locator("#it-when").fill("the day after never")
    with answered(page):
        page.get_by_role("button", name="Log interaction").click()
    expect(page.locator("#it-when-error")).to_contain_text("cannot read the date")
    _clean(page, expected_statuses=(422,))


def test_a_script_as_a_name_is_shown_as_text(page: Page, demo_server: LiveServer) -> None:
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(demo_server.url + "/people?q=script")
    link = page.locator("#results").get_by_role("link", name=XSS_NAME)
    expect(link).to_have_text(XSS_NAME)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(XSS_NAME)
    expect(page.locator(".notes")).to_have_text("<img src=x onerror=alert(2)>")
    assert page.locator("main script").count() == 0
    assert page.locator("main img").count() == 0
    assert dialogs == []
    _clean(page)


def test_keyboard_reaches_the_controls_and_enter_submits(
    page: Page, demo_server: LiveServer
) -> None:
    page.goto(demo_server.url + "/people")
    reached: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        )
    assert "Skip to content" in reached[0]
    assert "People" in reached
    assert "q" in reached
    page.locator("#q").focus()
    page.keyboard.type("Okafor")
    page.keyboard.press("Enter")
    expect(page.locator("#results").get_by_role("link", name="Ben Okafor")).to_be_visible()
    # The focused element is visibly outlined.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    _clean(page)


PAGES = [
    "/",
    "/people",
    "/people/2",
    "/circles",
    "/paths?to=Contoso",
    "/map",
    "/import",
    "/report",
    "/sources",
]


def test_every_field_has_an_accessible_name(page: Page, demo_server: LiveServer) -> None:
    for path in PAGES:
        page.goto(demo_server.url + path)
        unnamed = page.evaluate(
            """() => [...document.querySelectorAll(
                  'input:not([type=hidden]), select, textarea, button')]
                .filter(el => {
                  const byLabel = el.labels && [...el.labels].some(l => l.textContent.trim());
                  const aria = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
                  const text = el.tagName === 'BUTTON' && el.textContent.trim();
                  return !(byLabel || aria || text || el.title);
                })
                .map(el => el.outerHTML)"""
        )
        assert unnamed == [], path
    _clean(page)
