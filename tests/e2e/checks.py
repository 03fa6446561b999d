"""Every page of the web app, and what each must hold at every screen size.

``PAGES`` lists the pages a user can reach; a new page is one more line. A path may
name people by ``{key}`` (``PEOPLE`` maps keys to names in the demo network); the
test looks their ids up through the API, so the list does not depend on ids.
``check_page`` opens a page and checks that it fits the width of the screen and that
axe-core finds no serious or critical violation.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from axe_playwright_python.sync_playwright import Axe

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}

# Impacts that fail a page; "moderate" and "minor" are reported by axe but not held here.
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class WebPage:
    name: str
    path: str  # may hold {key} for a person's id, see PEOPLE
    ready: str = "main h1"  # a selector that is visible once the page is drawn
    status: int = 200


PEOPLE = {
    "may": "May Parker",  # family, a relationship with a long history
    "victor": "Victor Hale",  # a one-sided tie: "Don't force it"
    "omar": "Omar Haddad",  # first on the agenda
    "me": "Alex Morgan",  # the owner's own page
}

PAGES: list[WebPage] = [
    WebPage("agenda", "/"),
    WebPage("people", "/people"),
    WebPage("people search", "/people?q=Acme"),
    WebPage("person", "/people/{may}"),
    WebPage("person, one-sided tie", "/people/{victor}"),
    WebPage("me", "/people/{me}"),
    WebPage("paths", "/paths"),
    WebPage("paths found", "/paths?to=Contoso", ready="#paths-results .path"),
    WebPage("intro draft", "/paths/intro?to=Contoso&path=1", ready="textarea"),
    WebPage("map", "/map", ready="#map[data-drawn]"),
    WebPage("import", "/import"),
    WebPage("report", "/report"),
    WebPage("circles", "/circles"),
    WebPage("sources", "/sources"),
    WebPage("let go, asked first", "/agenda/{victor}/let-go"),
    WebPage("mentors", "/mentors"),
    WebPage("mentors found", "/mentors?field=data+engineering"),
    WebPage("goals and opportunities", "/goals"),
    WebPage("add a person", "/people/new"),
    WebPage("edit a person", "/people/{may}/edit"),
    WebPage("a person's history", "/people/{may}/history"),
    WebPage("add a job", "/people/{may}/jobs/new"),
    WebPage("add a note", "/people/{may}/notes/new"),
    WebPage("remove a person, asked first", "/people/{victor}/remove"),
    WebPage("add a tie", "/ties/new"),
    WebPage("add a goal", "/goals/new"),
    WebPage("add an opportunity", "/opportunities/new"),
    WebPage("no such page", "/no-such-page", status=404),
]

# Pages of a network with nobody in it yet.
EMPTY_PAGES: list[WebPage] = [
    WebPage("welcome", "/"),
    WebPage("import, empty", "/import"),
    WebPage("people, empty", "/people"),
]

# Pages of a network whose files came in before its owner said who they are.
OWNERLESS_PAGES: list[WebPage] = [
    WebPage("who are you", "/"),
    WebPage("people, no owner", "/people"),
]


def person_ids(base_url: str) -> dict[str, int]:
    """The ids of ``PEOPLE`` in the server's network, by the JSON API."""
    ids: dict[str, int] = {}
    for key, name in PEOPLE.items():
        query = urllib.parse.urlencode({"q": name, "limit": 5})
        with urllib.request.urlopen(f"{base_url}/api/v1/people?{query}") as reply:
            rows = json.load(reply)["rows"]
        (match,) = [r["person"]["id"] for r in rows if r["person"]["display_name"] == name]
        ids[key] = match
    return ids


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    width: int = page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
    return width


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    results = Axe().run(page)
    found: list[str] = []
    for v in results.response["violations"]:
        if v.get("impact") in BLOCKING:
            targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
            found.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return found


def check_page(page: Any, url: str, ready: str = "main h1", status: int = 200) -> list[str]:
    """Open ``url`` and list what is wrong: a wrong status, sideways scroll, axe violations."""
    problems: list[str] = []
    reply = page.goto(url)
    if reply is None or reply.status != status:
        problems.append(f"status {reply.status if reply else None}, not {status}")
    page.wait_for_selector(ready, state="visible" if ready != "#map[data-drawn]" else "attached")
    over = horizontal_overflow(page)
    if over > 0:
        problems.append(f"{over} px wider than the {page.viewport_size['width']} px window")
    problems.extend(serious_violations(page))
    return problems
