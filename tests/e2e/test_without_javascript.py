"""The web app with JavaScript switched off in the browser: every action gives a full page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from checks import DESKTOP, PAGES, PHONE, WebPage, horizontal_overflow, person_ids
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LiveServer = Any
SAMPLES = Path(__file__).parent.parent / "data" / "samples"


@pytest.fixture(params=["desktop", "phone"])
def no_js(request: pytest.FixtureRequest, browser: Any) -> Iterator[Page]:
    size = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(java_script_enabled=False, viewport=size)
    page = context.new_page()
    yield page
    assert horizontal_overflow(page) == 0
    context.close()


def _whole_page(page: Page) -> None:
    """A full page with its navigation, not a fragment meant for htmx."""
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_done_on_the_agenda_without_javascript(no_js: Page, demo_copy_server: LiveServer) -> None:
    page = no_js
    page.goto(demo_copy_server.url + "/")
    first = page.locator("ol.agenda > li.agenda-item").first
    name = first.locator("h3").inner_text()
    first.get_by_label(f"How you contacted {name}").select_option("call")
    first.get_by_role("button", name="Done").click()
    _whole_page(page)
    expect(page.locator("#messages")).to_contain_text("Done: logged a call today.")
    expect(page.locator("ol.agenda h3", has_text=name)).to_have_count(0)


def test_let_go_asks_first_and_can_be_undone(no_js: Page, demo_copy_server: LiveServer) -> None:
    page = no_js
    page.goto(demo_copy_server.url + "/")
    page.get_by_role("link", name="Let go of Victor Hale").click()
    _whole_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Let go of Victor Hale?")
    # Keeping him changes nothing.
    page.get_by_role("link", name="Keep Victor Hale").click()
    expect(page.get_by_role("heading", name="Don't force it")).to_be_visible()
    page.get_by_role("link", name="Let go of Victor Hale").click()
    page.get_by_role("button", name="Yes, let go of Victor Hale").click()
    _whole_page(page)
    expect(page.locator("#messages")).to_contain_text("Let go of Victor Hale; the history stays.")
    expect(page.locator("ol.agenda h3", has_text="Victor Hale")).to_have_count(0)
    page.locator("#messages").get_by_role("button", name="Undo").click()
    expect(page.locator("#messages")).to_contain_text("Reminders about Victor Hale are back on.")
    expect(page.locator("ol.agenda h3", has_text="Victor Hale")).to_have_count(1)


def test_the_person_page_shows_the_state_and_resumes(
    no_js: Page, demo_copy_server: LiveServer
) -> None:
    page = no_js
    page.goto(demo_copy_server.url + "/")
    item = page.locator("ol.agenda > li.agenda-item").first
    name = item.locator("h3").inner_text()
    item.get_by_label(f"Snooze {name} for").select_option("30")
    item.get_by_role("button", name="Snooze").click()
    expect(page.locator("#messages")).to_contain_text(f"Snoozed {name} until 2026-07-01.")
    page.locator("#messages").get_by_role("button", name="Undo").click()
    expect(page.locator("ol.agenda h3", has_text=name)).to_have_count(1)
    page.locator("ol.agenda h3", has_text=name).get_by_role("link").click()
    reminders = page.locator("#reminders")
    expect(reminders).to_contain_text("comes up on the agenda")
    page.goto(demo_copy_server.url + "/")
    page.get_by_role("button", name="Pause").first.click()
    expect(page.locator("#messages")).to_contain_text("Paused: no reminders about Victor Hale")
    page.goto(demo_copy_server.url + "/people?q=Victor+Hale")
    page.locator("#results").get_by_role("link", name="Victor Hale").click()
    expect(reminders).to_contain_text("paused")
    reminders.get_by_role("button", name="Resume reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Victor Hale")
    expect(reminders).to_contain_text("comes up on the agenda")


def test_draft_import_and_merge_review_are_pages(no_js: Page, demo_copy_server: LiveServer) -> None:
    page = no_js
    page.goto(demo_copy_server.url + "/paths?to=Contoso")
    page.get_by_role("link", name="Draft the request").first.click()
    _whole_page(page)
    expect(page.locator("textarea")).to_contain_text("Contoso")
    page.goto(demo_copy_server.url + "/import")
    page.get_by_label("Files").set_input_files(str(SAMPLES / "vcard" / "iphone.vcf"))
    page.get_by_role("button", name="Import").click()
    _whole_page(page)
    expect(page.locator(".import-summary")).to_contain_text("Imported")
    expect(page.locator("#merge-review")).to_have_count(1)


@pytest.mark.parametrize("web_page", PAGES, ids=[p.name for p in PAGES])
def test_every_page_is_whole_without_javascript(
    no_js: Page, demo_copy_server: LiveServer, web_page: WebPage
) -> None:
    ids = person_ids(demo_copy_server.url)
    reply = no_js.goto(demo_copy_server.url + web_page.path.format(**ids))
    assert reply is not None and reply.status == web_page.status
    _whole_page(no_js)


CARD = """BEGIN:VCARD
VERSION:3.0
FN:Priya Raman
N:Raman;Priya;;;
EMAIL:priya.raman@example.com
ORG:Northwind Health
END:VCARD
"""
CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Priya,Raman,https://www.linkedin.com/in/priya,,Northwind Health,Data Science Manager,14 Feb 2021
"""


def test_merge_review_without_javascript(
    browser: Any, empty_server: LiveServer, tmp_path: Path
) -> None:
    """The same person from an address book and from LinkedIn: proposed, then merged."""
    (tmp_path / "a.vcf").write_text(CARD, encoding="utf-8")
    (tmp_path / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(empty_server.url + "/import")
    page.get_by_label("Files").set_input_files([str(tmp_path / "a.vcf")])
    page.get_by_role("button", name="Import").click()
    page.get_by_label("Files").set_input_files([str(tmp_path / "Connections.csv")])
    page.get_by_role("button", name="Import").click()
    _whole_page(page)
    review = page.locator("#merge-review")
    expect(review).to_contain_text("Priya Raman")
    review.get_by_role("button", name="Merge Priya Raman into Priya Raman").click()
    _whole_page(page)
    expect(page.locator("#messages")).to_contain_text("Merged Priya Raman into Priya Raman.")
    expect(page.locator("#merge-review")).to_contain_text("No merges to review.")
    assert horizontal_overflow(page) == 0
    context.close()
