"""Every page at desktop and phone sizes: no sideways scroll, no serious axe-core violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from checks import EMPTY_PAGES, PAGES, SIZES, WebPage, check_page, person_ids

pytestmark = pytest.mark.browser

LiveServer = Any


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
