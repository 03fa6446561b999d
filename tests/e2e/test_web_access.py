"""Who may read the network over HTTP: the password and its login page, the rate limit on
wrong passwords, ``Cache-Control: no-store`` on personal data, and the ``/agenda.ics`` feed
a calendar app subscribes to. A real uvicorn server, real HTTP and a real Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from answers import ANSWER_WITHIN_S
from icalendar import Calendar
from live_server import free_port
from playwright.sync_api import Page, expect
from sizes import SIZES

from kithkin.service.agenda import build

pytestmark = pytest.mark.browser

LiveServer = Any  # conftest's live server: url, app and the password it asks for
PASSWORD = "correct horse battery"  # what the locked_server fixture sets


def _csrf(client: httpx.Client, base: str) -> str:
    token: str = client.get(f"{base}/login").text.split('name="csrf_token" value="')[1][:43]
    return token


def _log_in(client: httpx.Client, base: str, password: str) -> httpx.Response:
    return client.post(
        f"{base}/login",
        data={"password": password, "next": "/people", "csrf_token": _csrf(client, base)},
    )


@pytest.mark.parametrize("size", SIZES)
def test_a_password_sends_the_browser_to_the_login_page_first(
    page: Page, locked_server: LiveServer, size: dict[str, int]
) -> None:
    assert locked_server.password == PASSWORD
    page.set_viewport_size(size)  # type: ignore[arg-type]
    page.goto(f"{locked_server.url}/people")
    expect(page).to_have_url(f"{locked_server.url}/login?next=%2Fpeople")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    password = page.get_by_label("Password")
    password.fill("not the password")
    password.press("Enter")
    # The error sits beside the field and is announced with it.
    error = page.locator("#password-error")
    expect(error).to_have_text("that is not the password; type it again")
    expect(page.get_by_label("Password")).to_have_attribute("aria-describedby", "password-error")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{locked_server.url}/people")
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "kithkin_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(f"{locked_server.url}/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert page.problems == []  # type: ignore[attr-defined]


def test_five_wrong_passwords_within_15_minutes_make_the_address_wait(
    locked_server: LiveServer,
) -> None:
    base = locked_server.url
    with httpx.Client(timeout=ANSWER_WITHIN_S) as client:
        for _ in range(5):
            assert _log_in(client, base, "guess").status_code == 401
        # The sixth try is refused before the password is even checked, the right one too.
        blocked = _log_in(client, base, PASSWORD)
        assert blocked.status_code == 429
        assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
        assert "too many wrong passwords from this address" in blocked.text
        assert "kithkin_session" not in client.cookies
        # HTTP Basic auth counts the same tries: no way around the wait.
        feed = httpx.get(f"{base}/agenda.ics", auth=("me", PASSWORD), timeout=ANSWER_WITHIN_S)
        assert feed.status_code == 429


def test_a_right_password_opens_the_pages_and_a_forged_session_does_not(
    locked_server: LiveServer,
) -> None:
    base = locked_server.url
    with httpx.Client(timeout=ANSWER_WITHIN_S) as client:
        assert client.get(f"{base}/api/v1/status").status_code == 401
        assert client.get(f"{base}/people").headers["location"] == "/login?next=%2Fpeople"
        assert _log_in(client, base, PASSWORD).headers["location"] == "/people"
        assert client.get(f"{base}/api/v1/status").json()["me"] == "Alex Morgan"
    forged = {"kithkin_session": "eyJ2IjoxfQ.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"}
    assert (
        httpx.get(f"{base}/api/v1/status", cookies=forged, timeout=ANSWER_WITHIN_S).status_code
        == 401
    )
    # After logging in, only a page of this server is the next page.
    with httpx.Client(timeout=ANSWER_WITHIN_S) as client:
        token = _csrf(client, base)
        away = client.post(
            f"{base}/login",
            data={"password": PASSWORD, "next": "//evil.example/", "csrf_token": token},
        )
        assert away.headers["location"] == "/"


def test_personal_data_is_never_cached_but_static_files_are(demo_server: LiveServer) -> None:
    base = demo_server.url
    for path in ["/", "/people", "/paths?to=Contoso", "/api/v1/agenda", "/agenda.ics", "/nope"]:
        response = httpx.get(base + path, timeout=ANSWER_WITHIN_S)
        assert response.headers["cache-control"] == "no-store", path
    css = httpx.get(f"{base}/static/css/kithkin.css", timeout=ANSWER_WITHIN_S)
    assert css.status_code == 200 and "no-store" not in css.headers.get("cache-control", "")


def test_the_agenda_feed_is_the_agenda_as_calendar_events(demo_server: LiveServer) -> None:
    feed = httpx.get(f"{demo_server.url}/agenda.ics", timeout=ANSWER_WITHIN_S)
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    agenda = build(demo_server.app)
    assert [str(e["summary"]) for e in events] == [
        f"Contact {item.name}: {item.reason}" for item in agenda.items
    ]
    assert len(events) > 3
    # A calendar app checks a subscription with HEAD: the same headers, no body.
    head = httpx.head(f"{demo_server.url}/agenda.ics", timeout=ANSWER_WITHIN_S)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "text/calendar; charset=utf-8"


def test_with_a_password_the_feed_takes_it_by_basic_auth(locked_server: LiveServer) -> None:
    url = f"{locked_server.url}/agenda.ics"
    refused = httpx.get(url, timeout=ANSWER_WITHIN_S)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith('Basic realm="Kithkin"')
    assert httpx.get(url, auth=("me", "wrong password"), timeout=ANSWER_WITHIN_S).status_code == 401
    feed = httpx.get(url, auth=("me", PASSWORD), timeout=ANSWER_WITHIN_S)
    assert feed.status_code == 200
    assert Calendar.from_ical(feed.content).walk("VEVENT")


# -- kith serve, as a user starts it ----------------------------------------------------


def _kith(*args: str, typed: Path | None = None) -> subprocess.Popen[str]:
    """``kith`` in its own process; ``typed`` holds what the user types at its prompts."""
    kith = Path(sys.executable).with_name("kith")
    env = {k: v for k, v in os.environ.items() if k != "KITHKIN_DATABASE_URL"}
    with typed.open() if typed else open(os.devnull) as stdin:
        return _popen([str(kith), *args], stdin, env)


def _popen(argv: list[str], stdin: Any, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        argv,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def _wait_up(process: subprocess.Popen[str], base: str) -> None:
    """Until ``kith serve`` answers its liveness probe; the bound only stops one that never does."""
    deadline = time.monotonic() + 120
    while True:
        try:
            assert httpx.get(f"{base}/healthz", timeout=ANSWER_WITHIN_S).json() == {"ok": True}
            return
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("kith serve did not start")
            time.sleep(0.05)  # a failed connect costs little; a long nap delays the test


@pytest.fixture
def k_db(tmp_path: Path, schema_sqlite: Path) -> str:
    """A database with the schema and no rows, as ``kith`` leaves a new one: these tests
    are about the password, and test_serve.py starts ``kith serve`` on a new file."""
    shutil.copyfile(schema_sqlite, tmp_path / "k.db")
    return str(tmp_path / "k.db")


def test_serving_beyond_this_machine_without_a_password_is_refused(
    tmp_path: Path, k_db: str
) -> None:
    process = _kith("--db", k_db, "serve", "--host", "0.0.0.0", "--no-browser")
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert "serving on 0.0.0.0 lets other machines reach your network; set a password" in out
    assert "Traceback" not in out and "Kithkin is at" not in out
    assert not (tmp_path / "k.db.login").exists()


def test_serve_with_a_new_password_answers_only_after_login(tmp_path: Path, k_db: str) -> None:
    port = free_port()
    typed = tmp_path / "typed.txt"
    typed.write_text(f"{PASSWORD}\n{PASSWORD}\n")
    process = _kith(
        "--db",
        k_db,
        "serve",
        "--host",
        "0.0.0.0",
        "--allow-host",
        "laptop.example",
        "--set-password",
        "--no-browser",
        "--port",
        str(port),
        typed=typed,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(process, base)
        assert (
            httpx.get(f"{base}/", timeout=ANSWER_WITHIN_S).headers["location"] == "/login?next=%2F"
        )
        # The host check stays on: the allowed name answers, any other is refused.
        named = httpx.get(
            f"{base}/login", headers={"Host": f"laptop.example:{port}"}, timeout=ANSWER_WITHIN_S
        )
        assert named.status_code == 200
        assert (
            httpx.get(
                f"{base}/login", headers={"Host": "evil.example"}, timeout=ANSWER_WITHIN_S
            ).status_code
            == 400
        )
        with httpx.Client(timeout=ANSWER_WITHIN_S) as client:
            assert _log_in(client, base, PASSWORD).status_code == 303
            assert client.get(f"{base}/").status_code == 200
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)
    login_file = tmp_path / "k.db.login"
    assert "Password set" in out and str(login_file) in out
    assert oct(login_file.stat().st_mode & 0o777) == "0o600"
    assert PASSWORD not in login_file.read_text() and "$argon2id$" in login_file.read_text()


def test_a_short_password_is_refused_and_nothing_is_served(tmp_path: Path, k_db: str) -> None:
    typed = tmp_path / "typed.txt"
    typed.write_text("short\nshort\n")
    process = _kith("--db", k_db, "serve", "--set-password", "--no-browser", typed=typed)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 2
    assert "the password is 5 characters long; use at least 8" in out
    assert "Kithkin is at" not in out and not (tmp_path / "k.db.login").exists()


def test_undo_has_a_page_of_its_own_since_back_shows_no_kept_page(
    demo_copy_server: LiveServer,
) -> None:
    page = httpx.get(f"{demo_copy_server.url}/undo", timeout=ANSWER_WITHIN_S)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    # The last change to the test network: the person whose name is a script was added.
    assert "<h1>Undo: added" in page.text and 'action="/undo"' in page.text
    assert "<script>alert(1)</script>" not in page.text


def test_a_restart_does_not_forget_the_wrong_passwords(tmp_path: Path, k_db: str) -> None:
    typed = tmp_path / "typed.txt"
    typed.write_text(f"{PASSWORD}\n{PASSWORD}\n")
    db = k_db
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = ["--db", db, "serve", "--no-browser", "--port", str(port)]
    first = _kith(*serve, "--set-password", typed=typed)
    try:
        _wait_up(first, base)
        with httpx.Client(timeout=ANSWER_WITHIN_S) as client:
            for _ in range(5):
                assert _log_in(client, base, "guess").status_code == 401
    finally:
        first.terminate()
        first.communicate(timeout=30)
    second = _kith(*serve)  # the same login file, a new process
    try:
        _wait_up(second, base)
        with httpx.Client(timeout=ANSWER_WITHIN_S) as client:
            blocked = _log_in(client, base, PASSWORD)
        assert blocked.status_code == 429
        assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
        assert (
            httpx.get(
                f"{base}/agenda.ics", auth=("me", PASSWORD), timeout=ANSWER_WITHIN_S
            ).status_code
            == 429
        )
    finally:
        second.terminate()
        second.communicate(timeout=30)
    kept = tmp_path / "k.db.login.failures"  # beside the login file, owner-only
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert "guess" not in kept.read_text()  # the times of the tries, never what was typed
