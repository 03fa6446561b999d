"""The map's legend: exactly the circles drawn, each a box that hides or shows it; labels apart."""

from __future__ import annotations

import re
from typing import Any

import pytest
from checks import SIZES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LiveServer = Any


@pytest.fixture(params=sorted(SIZES))
def map_page(request: pytest.FixtureRequest, browser: Any, demo_server: LiveServer) -> Any:
    context = browser.new_context(viewport=SIZES[request.param])
    page = context.new_page()
    page.goto(demo_server.url + "/map")
    page.wait_for_selector("#map[data-drawn]", state="attached", timeout=60_000)
    yield page
    context.close()


def _hidden_people(page: Any) -> int:
    count: int = page.evaluate(
        "() => { const { graph, renderer } = window.kithkinMap;"
        " return graph.nodes().filter(n => renderer.getNodeDisplayData(n).hidden).length; }"
    )
    return count


def _circle_members(page: Any, box: Any) -> int:
    text = box.locator("xpath=following-sibling::label").inner_text()
    return int(re.search(r"\((\d+)\)$", text).group(1))  # type: ignore[union-attr]


def test_the_legend_lists_the_circles_drawn_and_filters_the_map(map_page: Any) -> None:
    page = map_page
    status = page.locator("#map-status")
    circles = int(re.search(r"(\d+) circles", status.inner_text()).group(1))  # type: ignore[union-attr]
    boxes = page.locator("#map-circles input[type=checkbox]")
    named = page.locator("#map-circles input[data-circle]:not([data-circle='0'])")
    expect(named).to_have_count(circles)
    names = [
        page.locator(f"label[for='{b.get_attribute('id')}']").inner_text() for b in named.all()
    ]
    assert len(set(names)) == len(names), names  # no two circles called the same
    assert _hidden_people(page) == 0

    first = boxes.first
    members = _circle_members(page, first)
    page.get_by_role("checkbox", name=page.locator("label[for='circle-1']").inner_text()).uncheck()
    page.wait_for_function(
        f"() => window.kithkinMap.graph.nodes().filter("
        f"n => window.kithkinMap.renderer.getNodeDisplayData(n).hidden).length === {members}"
    )
    total = int(re.search(r"of (\d+) people", status.inner_text()).group(1))  # type: ignore[union-attr]
    expect(status).to_contain_text(f"{total - members} of {total} people shown")
    first.check()
    page.wait_for_function(
        "() => window.kithkinMap.graph.nodes().every("
        "n => !window.kithkinMap.renderer.getNodeDisplayData(n).hidden)"
    )
    expect(status).not_to_contain_text("shown")


def test_map_labels_do_not_overlap(map_page: Any) -> None:
    boxes: list[dict[str, float]] = map_page.evaluate("() => window.kithkinMap.labelBoxes()")
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"]
            )
            assert apart, (a, b)
