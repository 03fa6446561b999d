"""A team server in a real Chromium, on the real PostgreSQL: log in, team reach, ask for an
introduction, accept it, at desktop and phone sizes; every team page fits a phone and
passes axe.

Three members, each with a network imported from real-format files: Alex Morgan (the
sample files, reaching Contoso), Anaïs Dubois and Jo Mueller (one vCard file each).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from answers import ANSWER_WITHIN_S
from checks import PHONE, check_page
from live_server import free_port, running
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sizes import SIZES

from fixed_values import NOW
from kithkin.service.importing import import_files
from kithkin.service.team import (
    Team,
    actor_of,
    add_member,
    member_app,
    open_team,
    publish_reach,
    team_init,
)
from kithkin.web import WebSettings
from kithkin.web.team import create_team_app
from pg_databases import new_pg_database

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "correct horse battery"
PG_ADMIN_URL = os.environ.get(
    "KITHKIN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
ALEX, ANAIS, JO = "alex.morgan@example.com", "anais.dubois@example.fr", "jo@example.com"
# Alex's people: none may reach another member's page before Alex accepts.
ALEX_PEOPLE = ["Wei Chen", "Daniel Okafor", "Priya Raman", "okafor@", "wei.chen"]


@dataclass
class TeamServer:
    url: str
    team: Team
    ids: dict[str, int]


def _member(team: Team, email: str, name: str, files: list[Path]) -> int:
    account = add_member(team, email, name, "member", PASSWORD)
    import_files(member_app(team, account), files, me=[email], region="US")
    publish_reach(team, actor_of(account))
    return account.id


@pytest.fixture(scope="module")
def team_server() -> Iterator[TeamServer]:
    with new_pg_database("kithkin_team_web") as url:
        yield from _serve_team(url)


def _serve_team(url: str) -> Iterator[TeamServer]:
    team_init(url, "admin@example.com", "Ada Admin", PASSWORD, now=NOW)
    team = open_team(url, now=NOW)
    samples = sorted(p for p in (DATA / "samples").rglob("*") if p.is_file() and p.suffix != ".md")
    ids = {
        ALEX: _member(team, ALEX, "Alex Morgan", samples),
        ANAIS: _member(team, ANAIS, "Anaïs Dubois", [DATA / "vcard/monica.vcf"]),
        JO: _member(team, JO, "Jo Mueller", [DATA / "vcard/outlook.vcf"]),
    }
    try:
        with running(create_team_app(team, WebSettings())) as url:
            yield TeamServer(url, team, ids)
    finally:
        team.close()


def _context(browser: Browser, size: dict[str, int]) -> tuple[BrowserContext, list[str]]:
    """A browser of its own per member; console errors and pages that left the machine
    are collected."""
    context = browser.new_context(viewport=size)  # type: ignore[arg-type]
    problems: list[str] = []

    def watch(page: Page) -> None:
        page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(str(e)))

    context.on("page", watch)
    return context, problems


def _log_in(page: Page, base: str, email: str, then: str) -> None:
    page.goto(f"{base}{then}")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}{then}")
    cookie = next(c for c in page.context.cookies() if c["name"] == "kithkin_team_session")
    # Plain HTTP on loopback: not Secure, or the browser would drop it (Secure over HTTPS).
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]


@pytest.mark.parametrize("size", SIZES)
def test_log_in_reach_ask_and_accept(
    browser: Browser, team_server: TeamServer, size: dict[str, int]
) -> None:
    base = team_server.url
    why = f"I am applying for the data role there ({size['width']} px)"

    # Anaïs logs in and asks who of the team reaches Contoso.
    anais_context, anais_problems = _context(browser, size)
    anais = anais_context.new_page()
    _log_in(anais, base, ANAIS, "/team")
    anais.get_by_label("Organisation, person or field").fill("Contoso")
    anais.get_by_role("button", name="Find routes").click()
    route = anais.get_by_role("heading", name="Route 1: through Alex Morgan")
    expect(route).to_be_visible()
    expect(anais.locator("#team-results")).to_contain_text("fragile")
    shown = anais.locator("main").inner_text()
    assert not [p for p in ALEX_PEOPLE if p in shown], shown

    # She asks Alex for the introduction; the request waits for Alex.
    anais.get_by_role("link", name="Ask Alex Morgan for an introduction").click()
    expect(anais.get_by_role("heading", name="Ask Alex Morgan for an introduction")).to_be_visible()
    anais.get_by_label("Why you ask").fill(why)
    anais.get_by_label("Your draft of the introduction").fill("Dear Alex, …")
    anais.get_by_role("button", name="Send the request").click()
    expect(anais).to_have_url(f"{base}/team/requests")
    mine = anais.locator("li.team-request").filter(has_text="Alex Morgan: an introduction to")
    expect(mine.first).to_contain_text("asked")

    # Alex sees it in his agenda and accepts it there.
    alex_context, alex_problems = _context(browser, size)
    alex = alex_context.new_page()
    _log_in(alex, base, ALEX, "/")
    asked = alex.locator("li.team-request").filter(has_text=why)
    expect(asked).to_contain_text("Anaïs Dubois asks you to introduce them to Contoso")
    asked.get_by_role("button", name="Accept").click()
    expect(alex).to_have_url(f"{base}/team/requests")
    expect(alex.locator("li.team-request").filter(has_text="Anaïs Dubois").first).to_contain_text(
        "accepted"
    )

    # Anaïs now sees whom Alex will introduce her to.
    anais.reload()
    accepted = anais.locator("li.team-request").filter(has_text="accepted").first
    expect(accepted).to_contain_text("Alex Morgan will introduce you to:")

    # Jo, a third member, sees none of it.
    jo_context, jo_problems = _context(browser, size)
    jo = jo_context.new_page()
    _log_in(jo, base, JO, "/team/requests")
    expect(jo.get_by_text("Nobody has asked you for an introduction yet.")).to_be_visible()
    jo.goto(f"{base}/team/audit")
    expect(jo.get_by_role("heading", name="Audit log")).to_be_visible()
    assert "Contoso" not in jo.locator("main").inner_text()

    for context in (anais_context, alex_context, jo_context):
        context.close()
    assert anais_problems == alex_problems == jo_problems == []


@pytest.mark.parametrize("size", SIZES)
def test_every_team_page_fits_and_passes_axe(
    browser: Browser, team_server: TeamServer, size: dict[str, int]
) -> None:
    base = team_server.url
    context, problems = _context(browser, size)
    page = context.new_page()
    found: dict[str, list[str]] = {"log in": check_page(page, f"{base}/login")}
    _log_in(page, base, ANAIS, "/team")
    alex = team_server.ids[ALEX]
    pages: list[tuple[str, str, str]] = [
        ("team reach", "/team", "main h1"),
        ("team reach found", "/team?to=Contoso", "#team-results .team-route"),
        ("ask", f"/team/requests/new?teammate={alex}&to=Contoso", "textarea"),
        ("requests", "/team/requests", "main h1"),
        ("audit", "/team/audit", "main h1"),
        ("agenda", "/", "main h1"),
    ]
    for name, path, ready in pages:
        found[name] = check_page(page, f"{base}{path}", ready=ready)
    context.close()
    wrong = {name: p for name, p in found.items() if p}
    assert wrong == {}, wrong
    assert problems == []
    assert size["width"] in (PHONE["width"], 1280)


def test_without_javascript_a_member_logs_in_and_finds_the_team_s_reach(
    browser: Browser, team_server: TeamServer
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    _log_in(page, team_server.url, ANAIS, "/team")
    page.get_by_label("Organisation, person or field").fill("Contoso")
    page.get_by_role("button", name="Find routes").click()
    expect(page).to_have_url(re.compile(r"/team\?to=Contoso"))
    expect(page.get_by_role("heading", name="Route 1: through Alex Morgan")).to_be_visible()
    context.close()


def test_a_member_shares_their_summary_again_through_the_api(team_server: TeamServer) -> None:
    import httpx

    with httpx.Client(
        base_url=team_server.url, follow_redirects=False, timeout=ANSWER_WITHIN_S
    ) as client:
        form = client.get("/login")
        csrf = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        done = client.post("/login", data={"email": ALEX, "password": PASSWORD, "csrf_token": csrf})
        assert done.status_code == 303
        shared = client.post("/api/v1/team/publish", headers={"X-CSRF-Token": csrf})
        assert shared.status_code == 200, shared.text
        assert shared.json()["organisations"] >= 1  # Contoso among them
        refused = client.post("/api/v1/team/publish")  # no CSRF token
        assert refused.status_code == 403


def test_without_a_session_pages_go_to_the_login_page_and_the_api_answers_401(
    team_server: TeamServer,
) -> None:
    import httpx

    with httpx.Client(
        base_url=team_server.url, follow_redirects=False, timeout=ANSWER_WITHIN_S
    ) as client:
        page = client.get("/team?to=Contoso")
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=%2Fteam%3Fto%3DContoso"
        api: Any = client.get("/api/v1/team/reach", params={"to": "Contoso"})
        assert api.status_code == 401 and "log in first" in api.text
        assert client.get("/api/v1/people").status_code == 401


def test_over_tls_the_session_cookie_is_secure(team_server: TeamServer, tmp_path: Path) -> None:
    """``kith serve --team --tls-cert --tls-key``: HTTPS, and a Secure session cookie."""
    import subprocess
    import sys

    import httpx

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    kith = Path(sys.executable).with_name("kith")
    process = subprocess.Popen(
        [
            *(str(kith), "--db", team_server.team.db.url, "--now", "2026-06-01", "serve"),
            *("--team", "--no-browser", "--port", str(port)),
            *("--tls-cert", str(cert), "--tls-key", str(key)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"https://127.0.0.1:{port}"
    try:
        with httpx.Client(
            base_url=base, verify=False, follow_redirects=False, timeout=ANSWER_WITHIN_S
        ) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        out = process.stdout.read() if process.stdout else ""
                        pytest.fail(f"kith serve --team --tls-cert did not start: {out}")
                    time.sleep(0.05)  # a failed connect costs little; a long nap delays the test
            form = client.get("/login")
            csrf = form.text.split('name="csrf_token" value="')[1].split('"')[0]
            done = client.post(
                "/login", data={"email": JO, "password": PASSWORD, "csrf_token": csrf}
            )
            assert done.status_code == 303
            (session,) = [
                h for h in done.headers.get_list("set-cookie") if "kithkin_team_session" in h
            ]
            assert "Secure" in session and "HttpOnly" in session and "SameSite=strict" in session
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)
    assert f"Kithkin is at {base}/" in out
