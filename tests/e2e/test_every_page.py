"""Every page at desktop and phone sizes: no sideways scroll, no serious axe-core violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from answers import answered
from checks import (
    EMPTY_PAGES,
    OWNERLESS_PAGES,
    PAGES,
    SIZES,
    WebPage,
    check_page,
    person_ids,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LiveServer = Any
SAMPLES = Path(__file__).parent.parent / "data" / "samples"


@pytest.fixture(scope="module")
def ids(demo_server: LiveServer) -> dict[str, int]:
    return person_ids(demo_server.url)


def _sized(browser: Any, size: str) -> Iterator[Any]:
    context = browser.new_context(viewport=SIZES[size])
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(params=sorted(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    yield from _sized(browser, request.param)


@pytest.mark.parametrize("web_page", PAGES, ids=[p.name for p in PAGES])
def test_page_fits_and_passes_axe(
    sized_page: Any, demo_server: LiveServer, ids: dict[str, int], web_page: WebPage
) -> None:
    url = demo_server.url + web_page.path.format(**ids)
    assert check_page(sized_page, url, web_page.ready, web_page.status) == []


@pytest.mark.parametrize("web_page", EMPTY_PAGES, ids=[p.name for p in EMPTY_PAGES])
def test_empty_network_pages_fit_and_pass_axe(
    sized_page: Any, empty_server: LiveServer, web_page: WebPage
) -> None:
    url = empty_server.url + web_page.path
    assert check_page(sized_page, url, web_page.ready, web_page.status) == []


def test_pages_before_the_owner_is_known_fit_and_pass_axe(
    sized_page: Any, empty_server: LiveServer
) -> None:
    page = sized_page
    page.goto(empty_server.url + "/import")
    page.get_by_label("Files").set_input_files(str(SAMPLES / "vcard" / "iphone.vcf"))
    with answered(page):
        page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-summary")).to_contain_text("Imported")
    for web_page in OWNERLESS_PAGES:
        url = empty_server.url + web_page.path
        assert check_page(page, url, web_page.ready, web_page.status) == [], web_page.name


def test_sources_with_a_server_fit_and_pass_axe(
    sized_page: Any, demo_copy_server: LiveServer
) -> None:
    page = sized_page
    page.goto(demo_copy_server.url + "/sources")
    if page.locator("table.stack").count() == 0:  # the other size may have added it
        page.get_by_label("Address book or calendar URL").fill(
            "https://dav.example.org/addressbooks/alex/contacts/"
        )
        page.get_by_label("User").fill("alex")
        page.get_by_label("or environment variable").fill("KITHKIN_DAV_PASSWORD")
        page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("table.stack")).to_contain_text("dav.example.org")
    assert check_page(page, demo_copy_server.url + "/sources") == []


def test_removing_a_source_asks_first(sized_page: Any, demo_fresh_server: LiveServer) -> None:
    page = sized_page
    page.goto(demo_fresh_server.url + "/sources")
    page.get_by_label("Address book or calendar URL").fill("https://dav.example.org/cards/")
    page.get_by_label("User").fill("alex")
    page.get_by_label("or environment variable").fill("KITHKIN_DAV_PASSWORD")
    page.get_by_role("button", name="Add", exact=True).click()
    sources = page.locator("table.stack")
    expect(sources).to_contain_text("dav.example.org")
    name = sources.locator("tbody tr td").first.inner_text().strip()
    page.get_by_role("link", name=f"Remove {name}").click()
    # Asked first, on a page of its own; Cancel keeps the source.
    expect(page.get_by_role("heading", name=f"Stop syncing {name}?")).to_be_visible()
    assert check_page(page, page.url) == []
    page.get_by_role("link", name="Cancel").click()
    expect(sources).to_contain_text("dav.example.org")
    page.get_by_role("link", name=f"Remove {name}").click()
    page.get_by_role("button", name="Remove the source").click()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    expect(page.locator("table.stack")).to_have_count(0)


def _focused(page: Any) -> str:
    """The focused element as tag, class and text, to say where keyboard focus went."""
    found: str = page.evaluate(
        "() => { const e = document.activeElement;"
        " return `${e.tagName.toLowerCase()}.${e.className} ${e.textContent.trim()}`; }"
    )
    return found


def test_keyboard_focus_follows_agenda_actions(
    sized_page: Any, demo_copy_server: LiveServer
) -> None:
    page = sized_page
    page.goto(demo_copy_server.url + "/")
    first = page.locator("ol.agenda > li.agenda-item").first
    name = first.locator("h3").inner_text()
    first.get_by_role("button", name="Done").focus()
    with answered(page):
        page.keyboard.press("Enter")
    expect(page.locator("ol.agenda .flash").first).to_be_focused()
    assert _focused(page).startswith("p.flash ok Done: logged a message today.")
    expect(page.locator("ol.agenda h3", has_text=name)).to_have_count(0)

    # Letting go asks first, in place; focus lands on the question, then on what was done.
    page.get_by_role("link", name="Let go of Victor Hale").focus()
    with answered(page, "GET"):
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Let go of Victor Hale?")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Yes, let go of Victor Hale")).to_be_focused()
    with answered(page):
        page.keyboard.press("Enter")
    expect(page.locator(".flash", has_text="Let go of Victor Hale")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    with answered(page):
        page.keyboard.press("Enter")
    expect(
        page.locator(".flash", has_text="Reminders about Victor Hale are back on")
    ).to_be_focused()


def test_resume_from_the_person_page_in_place(
    sized_page: Any, demo_copy_server: LiveServer
) -> None:
    page = sized_page
    page.goto(demo_copy_server.url + "/")
    item = page.locator("ol.agenda > li.agenda-item").first
    name = item.locator("h3").inner_text()
    item.get_by_label(f"Snooze {name} for").select_option("90")
    with answered(page):
        item.get_by_role("button", name="Snooze").click()
    expect(page.locator(".flash", has_text=f"Snoozed {name} until 2026-08-30.")).to_be_focused()
    page.goto(demo_copy_server.url + "/people?q=" + name.replace(" ", "+"))
    page.locator("#results").get_by_role("link", name=name).click()
    reminders = page.locator("#reminders")
    expect(reminders).to_contain_text("snoozed")
    expect(reminders).to_contain_text("until 2026-08-30")
    with answered(page):
        reminders.get_by_role("button", name="Resume reminders").click()
    expect(page.locator(".flash", has_text=f"Reminders about {name} are back on.")).to_be_focused()
    expect(reminders).to_contain_text("comes up on the agenda")
    assert check_page(page, page.url) == []
