"""A real server (uvicorn on 127.0.0.1 and a free port) and a real headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from answers import ANSWER_WITHIN_MS
from live_server import running

from kithkin.service.app import App
from kithkin.service.login import set_password
from kithkin.service.people import PersonChanges, add_person
from kithkin.store import Settings
from kithkin.web import WebSettings, create_app

# Debian's Chromium headless shell: the same Blink and V8 as /usr/bin/chromium, built from
# the same source package, without the desktop browser's user interface that the new
# headless mode starts and draws (Playwright runs its own downloaded copy of the same shell
# for headless tests). The full browser takes twice the CPU for the same pages; set
# KITHKIN_TEST_CHROMIUM=/usr/bin/chromium to run the tests in it.
CHROMIUM = os.environ.get("KITHKIN_TEST_CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_NAME = "<script>alert(1)</script>"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # the same fixed day as the other tests


@dataclass
class LiveServer:
    url: str
    app: App
    password: str | None = None  # the password it asks for, when one is set


def serve(
    app: App, web: WebSettings | None = None, password: str | None = None
) -> Iterator[LiveServer]:
    """Run the web app with uvicorn in a thread until the test is done with it."""
    try:
        with running(create_app(app, web)) as url:
            yield LiveServer(url, app, password)
    finally:
        app.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_sqlite: Path) -> Path:
    """The demo network plus a person whose name is a script, built once.

    A copy of the session's demo network (the integration tests copy it too), so that a
    process running both kinds of test builds the demo once."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(demo_sqlite, path)
    app = App(Settings(f"sqlite:///{path}"), fixed_now=NOW)
    add_person(app, PersonChanges(name=XSS_NAME, notes="<img src=x onerror=alert(2)>"))
    app.close()
    return path


@pytest.fixture(scope="session")
def demo_server(demo_db: Path) -> Iterator[LiveServer]:
    yield from serve(App(Settings(f"sqlite:///{demo_db}"), fixed_now=NOW))


@pytest.fixture(scope="module")
def demo_copy_server(
    demo_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A copy of the demo network for one test module, whose writes no other test sees."""
    path = tmp_path_factory.mktemp("demo-copy") / "demo.db"
    shutil.copy(demo_db, path)
    yield from serve(App(Settings(f"sqlite:///{path}"), fixed_now=NOW))


@pytest.fixture
def demo_fresh_server(demo_db: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The demo network in a copy of its own for one test, whose writes the next test
    must not see."""
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    yield from serve(App(Settings(f"sqlite:///{db}"), fixed_now=NOW))


@pytest.fixture
def locked_server(demo_db: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The demo network served with a password set, as ``kith serve --set-password`` does."""
    db = tmp_path / "locked.db"
    shutil.copy(demo_db, db)
    settings = Settings(f"sqlite:///{db}")
    password = "correct horse battery"
    login = set_password(settings, password)
    yield from serve(App(settings, fixed_now=NOW), WebSettings(login=login), password)


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[LiveServer]:
    yield from serve(App(Settings(f"sqlite:///{tmp_path / 'empty.db'}"), fixed_now=NOW))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests are required in CI and {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium-headless-shell)")
    from playwright.sync_api import expect, sync_playwright

    # Every expect() polls until its condition holds; Playwright's default gives up after
    # 5 s, which a page that rescores the network on a busy machine can outlast. The bound
    # only stops a test whose condition never holds, so a passing test waits no longer.
    expect.set_options(timeout=ANSWER_WITHIN_MS)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context per test; any console error or failed request fails the test."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ANSWER_WITHIN_MS)  # clicks and waits: the same bound as expect()
    pg = context.new_page()
    problems: list[str] = []
    statuses: list[int] = []
    # Chromium also logs every 4xx as a console error; those are checked by status instead.
    pg.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    pg.on("response", lambda r: statuses.append(r.status) if r.status >= 400 else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on(
        "request",
        lambda r: (
            problems.append(f"left the machine: {r.url}")
            if not r.url.startswith(("http://127.0.0.1", "data:", "about:"))
            else None
        ),
    )
    pg.problems = problems  # type: ignore[attr-defined]
    pg.error_statuses = statuses  # type: ignore[attr-defined]
    yield pg
    context.close()
