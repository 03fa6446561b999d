"""A form that is refused keeps what was typed and says what is wrong beside the field;
a new question replaces the old answer. In a real Chromium, with and without JavaScript,
on a laptop and a phone screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from answers import answered
from playwright.sync_api import Browser, Page, expect
from sizes import SIZES

from kithkin.service.overview import person_timeline
from kithkin.service.resolve import resolve_person

pytestmark = pytest.mark.browser

LiveServer = Any
SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def _open_ben(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/people?q=Ben+Okafor")
    page.locator("#results").get_by_role("link", name="Ben Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ben Okafor")


def _ben_timeline(server: LiveServer) -> list[Any]:
    with server.app.uow(write=False) as uow:
        ben = resolve_person(uow, "Ben Okafor")
    return person_timeline(server.app, ben)


def _ben_latest(server: LiveServer) -> Any:
    return _ben_timeline(server)[0]


@pytest.mark.parametrize("size", SIZES)
def test_a_date_nobody_can_read_keeps_the_call_and_the_note(
    page: Page, demo_fresh_server: LiveServer, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)  # type: ignore[arg-type]
    _open_ben(page, demo_fresh_server)
    page.get_by_label("How").select_option("call")
    page.locator("#it-when").fill("next blursday")
    page.locator("#it-note").fill("Talked about his move to Lisbon")
    page.get_by_label("They reached out").check()
    with answered(page):
        page.get_by_role("button", name="Log interaction").click()

    when = page.locator("#it-when")
    expect(page.locator("#it-when-error")).to_contain_text("cannot read the date 'next blursday'")
    expect(when).to_have_attribute("aria-describedby", "it-when-error")
    expect(when).to_have_attribute("aria-invalid", "true")
    expect(when).to_be_focused()
    # Nothing else was reset: only the date needs fixing.
    expect(when).to_have_value("next blursday")
    expect(page.get_by_label("How")).to_have_value("call")
    expect(page.locator("#it-note")).to_have_value("Talked about his move to Lisbon")
    expect(page.get_by_label("They reached out")).to_be_checked()
    timeline = _ben_timeline(demo_fresh_server)
    assert all(e.note != "Talked about his move to Lisbon" for e in timeline)

    when.fill("yesterday")
    with answered(page):
        page.get_by_role("button", name="Log interaction").click()
    expect(page.locator("#relationship .flash")).to_contain_text("Logged a call on 2026-05-31")
    latest = _ben_latest(demo_fresh_server)
    assert (latest.kind, latest.note, latest.direction) == (
        "call",
        "Talked about his move to Lisbon",
        "to me",
    )
    # Logged: the form starts afresh for the next one.
    expect(page.locator("#it-when-error")).to_have_count(0)
    expect(page.locator("#it-note")).to_have_value("")
    expect(when).not_to_have_attribute("aria-invalid", "true")
    assert page.problems == []  # type: ignore[attr-defined]
    assert page.error_statuses == [422]  # type: ignore[attr-defined]


def test_without_javascript_the_refused_form_comes_back_filled_in(
    browser: Browser, demo_fresh_server: LiveServer
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _open_ben(page, demo_fresh_server)
        page.get_by_label("Kind").select_option("advice")
        page.get_by_label("Direction").select_option("received")
        page.locator("#fv-when").fill("the twelfth of never")
        page.locator("#fv-note").fill("How to run the reading group")
        with page.expect_navigation():
            page.get_by_role("button", name="Record favour").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ben Okafor")
        expect(page.locator("#fv-when-error")).to_contain_text("cannot read the date")
        expect(page.locator("#fv-when")).to_have_value("the twelfth of never")
        expect(page.get_by_label("Kind")).to_have_value("advice")
        expect(page.get_by_label("Direction")).to_have_value("received")
        expect(page.locator("#fv-note")).to_have_value("How to run the reading group")
        page.locator("#fv-when").fill("2026-05-20")
        with page.expect_navigation():
            page.get_by_role("button", name="Record favour").click()
        expect(page.locator(".flash").first).to_contain_text("Recorded a advice received")
        latest = _ben_latest(demo_fresh_server)
        assert (latest.kind, latest.note, latest.direction) == (
            "advice",
            "How to run the reading group",
            "to me",
        )
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_new_path_search_replaces_the_old_results(
    page: Page, demo_server: LiveServer, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)  # type: ignore[arg-type]
    page.goto(demo_server.url + "/paths")
    target = page.get_by_label("Who or what do you want to reach?")
    target.fill("Contoso")
    with answered(page, "GET"):
        page.get_by_role("button", name="Find paths").click()
    results = page.locator("#paths-results")
    expect(results.locator(".path").first).to_be_visible()

    target.fill("Zyxwv Holdings")
    page.get_by_label("It is").select_option("organisation")
    with answered(page, "GET"):
        page.get_by_role("button", name="Find paths").click()
    expect(results).to_contain_text("no one in your network matches the organisation")
    expect(results.locator(".path")).to_have_count(0)  # Contoso's paths are gone
    expect(target).to_have_value("Zyxwv Holdings")
    assert page.problems == []  # type: ignore[attr-defined]


def test_a_failed_import_does_not_leave_the_old_summary(
    page: Page, empty_server: LiveServer, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(empty_server.url + "/import")
    page.get_by_label("Files").set_input_files(str(SAMPLES / "vcard" / "iphone.vcf"))
    with answered(page):
        page.get_by_role("button", name="Import").click()
    summary = page.locator(".import-summary")
    expect(summary).to_contain_text("Imported")

    broken = tmp_path / "broken.vcf"
    broken.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name at all\r\nEND:VCARD\r\n")
    page.get_by_label("Files").set_input_files(str(broken))
    with answered(page):
        page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-result")).to_contain_text("broken.vcf")
    expect(page.locator("#import-result")).not_to_contain_text("iphone.vcf")
    assert page.problems == []  # type: ignore[attr-defined]
