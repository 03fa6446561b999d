"""Does every page fit a phone and pass axe-core? One running server against another.

Opens every page of ``tests/e2e/checks.py``'s ``PAGES`` in headless Chromium at
390x844 and 1280x800 on each server given, and prints per page and size: the
page's width in CSS pixels (390 means no sideways scroll at phone size) and how
many serious or critical axe-core violations it has. Run it on two servers over
copies of the same demo database, one the version under test and the other a
baseline (an older checkout), to compare them in one run:

    kith --db demo.db --now 2026-06-01 demo
    kith --db demo.db --now 2026-06-01 serve --no-browser --port 8765 &
    python benchmarks/page_fit.py http://127.0.0.1:8765 [http://127.0.0.1:8766]

A page the baseline does not have (a status other than the one expected) is shown as "—".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "e2e"))

from checks import PAGES, SIZES, horizontal_overflow, person_ids, serious_violations
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader"]


def measure(browser: Any, base: str) -> dict[tuple[str, str], str]:
    """'width px / violations' per (page, size) on the server at ``base``."""
    ids = person_ids(base)
    out: dict[tuple[str, str], str] = {}
    for size, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport)
        for web_page in PAGES:
            reply = page.goto(base + web_page.path.format(**ids))
            if reply is None or reply.status != web_page.status:
                out[(web_page.name, size)] = "—"
                continue
            page.wait_for_selector(web_page.ready, state="attached", timeout=60_000)
            width = viewport["width"] + horizontal_overflow(page)
            out[(web_page.name, size)] = f"{width} px / {len(serious_violations(page))}"
        page.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the server under test")
    parser.add_argument("baseline", nargs="?", help="a server to compare with")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        now = measure(browser, args.url)
        before = measure(browser, args.baseline) if args.baseline else None
        browser.close()
    head = f"{'page':<24} {'size':<8} {'this (width / serious+critical)':<32}"
    print(head + ("baseline" if before else ""))
    for (name, size), value in sorted(now.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        line = f"{name:<24} {size:<8} {value:<32}"
        print(line + (before.get((name, size), "—") if before else ""))


if __name__ == "__main__":
    main()
