"""Agenda, paths, map, import and report in a real headless Chromium."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from answers import answered
from PIL import Image
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LiveServer = Any
SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def _clean(page: Any) -> None:
    assert page.problems == [], page.problems
    assert page.error_statuses == []


def test_agenda_done_in_place(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.url + "/")
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    items = page.locator("ol.agenda > li.agenda-item")
    first = items.first
    name = first.locator("h3").inner_text()
    count = items.count()
    with answered(page):
        first.get_by_role("button", name="Done").click()
    expect(page.locator("ol.agenda .flash").first).to_contain_text("Done: logged a message today")
    assert items.count() == count  # replaced in place, the rest untouched
    page.reload()
    expect(page.locator("ol.agenda h3", has_text=name)).to_have_count(0)
    _clean(page)


def test_find_a_path_and_draft_the_intro(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.url + "/paths")
    page.get_by_label("Who or what do you want to reach?").fill("Contoso")
    page.get_by_role("button", name="Find paths").click()
    first = page.locator("section.path").first
    expect(first).to_be_visible(timeout=30_000)
    chain = first.locator("ol.chain")
    expect(chain.locator(".node").first).to_have_text("You")
    expect(chain.locator(".link.weakest")).to_have_count(1)
    expect(chain.locator(".link.weakest")).to_contain_text("weakest link")
    assert "to=Contoso" in page.url  # the search is a link that can be shared or bookmarked
    first.get_by_role("link", name="Draft the request").click()
    draft = first.locator("textarea")
    expect(draft).to_be_visible(timeout=30_000)
    hop = chain.locator(".node a").first.inner_text().split()[0]
    expect(draft).to_contain_text(f"Hi {hop}")
    _clean(page)


def test_the_map_draws_people_and_opens_one(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.url + "/map")
    status = page.locator("#map-status")
    expect(status).to_contain_text("people", timeout=30_000)
    drawn = int(page.locator("#map").get_attribute("data-drawn") or 0)
    assert drawn > 200
    # The WebGL canvas really holds coloured dots: count non-background pixels in a screenshot.
    shot = Image.open(io.BytesIO(page.locator("#map").screenshot())).convert("RGB")
    colours = {c for _, c in shot.getcolors(maxcolors=1_000_000) or []}
    saturated = [c for c in colours if _spread(c) > 80]
    assert len(saturated) > 50, "the circles' colours are on the canvas"
    pixels = sum(n for n, c in shot.getcolors(maxcolors=1_000_000) or [] if _spread(c) > 80)
    assert pixels > 2000
    expect(page.locator("#map-brokers li")).not_to_have_count(0)
    # Clicking a person on the canvas opens their page.
    node = page.evaluate(
        """() => {
          const {graph, renderer} = window.kithkinMap;
          const id = graph.nodes().find(n => graph.getNodeAttribute(n, 'size') > 5);
          const pos = renderer.graphToViewport(graph.getNodeAttributes(id));
          return {id, x: pos.x, y: pos.y};
        }"""
    )
    box = page.locator("#map").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
    expect(page).to_have_url(f"{demo_server.url}/people/{node['id']}", timeout=10_000)
    _clean(page)


def test_import_a_file_and_see_the_summary(page: Page, empty_server: LiveServer) -> None:
    page.goto(empty_server.url + "/import")
    page.get_by_label("Files").set_input_files(str(SAMPLES / "vcard" / "iphone.vcf"))
    page.get_by_role("button", name="Import").click()
    summary = page.locator(".import-summary")
    expect(summary).to_contain_text("Imported", timeout=30_000)
    expect(summary.locator("td").first).to_have_text("iphone.vcf")
    added = int(summary.locator(".stats div", has_text="added").locator("dd").inner_text())
    assert added > 0
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.locator("#results .count")).to_contain_text(str(added))
    _clean(page)


def test_report_shows_the_figures_and_the_chart(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.url + "/report")
    expect(page.get_by_role("heading", name="People per tier")).to_be_visible()
    learned = page.locator("section", has=page.get_by_role("heading", name="What strength learned"))
    expect(learned).to_contain_text("Your contacts fade over about")
    expect(learned).to_contain_text("whom did I see last")
    chart = page.get_by_role("img", name="Charts of the same figures")
    expect(chart).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('.chart img');"
        " return i.complete && i.naturalWidth > 0; }",
        timeout=30_000,
    )
    _clean(page)


def _spread(colour: object) -> int:
    """How far an RGB colour is from grey (0 for white, grey and black)."""
    assert isinstance(colour, tuple)
    return int(max(colour)) - int(min(colour))
