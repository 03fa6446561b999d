#!/usr/bin/env python3
"""Screenshots of the real web app for the docs: a demo network, a real server, real Chromium.

Builds the demo network with a fixed date into a temporary SQLite file, starts
``kith serve`` on it, drives headless Chromium through the pages and writes
PNGs into docs/img/. Run from the repository root:

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
KITH = Path(sys.executable).with_name("kith")
NOW = "2026-06-01"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"kith serve stopped: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def shoot(page: Page, base: str, out: Path) -> list[Path]:
    made: list[Path] = []

    def save(name: str, full_page: bool = False) -> None:
        path = out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        made.append(path)

    page.goto(base + "/")
    page.get_by_role("heading", name="This week").wait_for()
    save("agenda")

    page.goto(base + "/people?sort=strength")
    page.locator("#results table").wait_for()
    save("people")

    # May Parker: family, and the neighbour of someone worth meeting; a relationship with history.
    page.goto(base + "/people?q=May+Parker")
    page.locator("#results").get_by_role("link", name="May Parker").click()
    page.get_by_role("heading", name="May Parker").wait_for()
    save("person", full_page=True)

    page.goto(base + "/paths")
    page.get_by_label("Who or what do you want to reach?").fill("Contoso")
    page.get_by_label("I want").select_option("referral")
    page.get_by_role("button", name="Find paths").click()
    first = page.locator("section.path").first
    first.wait_for(timeout=60_000)
    first.get_by_role("link", name="Draft the request").click()
    first.locator("textarea").wait_for(timeout=60_000)
    first.scroll_into_view_if_needed()
    save("paths", full_page=True)

    # May's neighbour, the planted mentor, with the draft asking May for an introduction.
    page.goto(base + "/mentors?field=data+engineering")
    mentor = page.locator("li.mentor").first
    mentor.get_by_role("link", name="Draft a request for advice").click()
    mentor.locator("textarea").wait_for(timeout=60_000)
    save("mentors", full_page=True)

    page.goto(base + "/map")
    page.locator("#map[data-drawn]").wait_for(timeout=60_000)
    page.wait_for_timeout(500)  # let sigma finish its first frame
    save("map")

    page.goto(base + "/import")
    save("import")

    page.goto(base + "/report")
    page.get_by_role("heading", name="People per tier").wait_for()
    page.wait_for_function(
        "() => { const i = document.querySelector('.chart img'); return i && i.complete; }"
    )
    save("report-page", full_page=True)
    return made


def shoot_phone(page: Page, base: str, out: Path) -> list[Path]:
    """The same app at 390 px, as on a phone held upright."""
    made: list[Path] = []

    def save(name: str) -> None:
        path = out / f"{name}-phone.png"
        page.screenshot(path=str(path))
        made.append(path)

    page.goto(base + "/")
    page.get_by_role("heading", name="This week").wait_for()
    save("agenda")
    page.goto(base + "/people?sort=strength")
    page.locator("#results table").wait_for()
    page.locator("#results .count").scroll_into_view_if_needed()
    save("people")
    page.goto(base + "/map")
    page.locator("#map[data-drawn]").wait_for(state="attached", timeout=60_000)
    page.locator("#map").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let sigma finish its first frame
    save("map")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kithkin-shots-") as tmp:
        db = str(Path(tmp) / "demo.db")
        subprocess.run(
            [str(KITH), "--db", db, "--now", NOW, "demo"], check=True, stdout=subprocess.DEVNULL
        )
        port = free_port()
        server = subprocess.Popen(
            [str(KITH), "--db", db, "--now", NOW, "serve", "--no-browser", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz", server)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                made = shoot(page, base, args.out)
                phone = browser.new_page(viewport={"width": 390, "height": 844})
                made += shoot_phone(phone, base, args.out)
                for path in made:
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                browser.close()
        finally:
            server.terminate()
            server.communicate(timeout=30)


if __name__ == "__main__":
    main()
