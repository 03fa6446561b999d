"""A person's inferred ties shown as one line per organisation or circle, in the CLI and
on the web page, while --json and the API keep every tie."""

from __future__ import annotations

import json
import re
from typing import Any

from test_api import make_client

from kithkin.service.app import App
from kithkin.service.people import show_person

COLLEAGUES = ["Bo Chen", "Cy Dutta", "Dee Evans", "Eli Fox"]


def _network(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan").code == 0
    for name, org in [
        ("Ana Lima", "Globex Corporation"),
        ("Bo Chen", "Globex"),
        ("Cy Dutta", "Globex, Inc."),
        ("Dee Evans", "The Globex Corporation"),
        ("Eli Fox", "Globex"),
        ("Fay Gold", "Initech"),
    ]:
        assert kith("person", "add", name, "--org", org).code == 0
    assert kith("tie", "add", "Ana Lima", "Fay Gold", "--kind", "friend").code == 0


def test_inferred_colleagues_are_one_line_and_json_keeps_each(kith: Any) -> None:
    _network(kith)
    shown = kith("person", "show", "Ana Lima")
    assert shown.code == 0
    lines = [line.strip() for line in shown.out.splitlines()]
    assert "Inferred ties (4; --json lists each)" in lines
    # Four spellings of one employer: one line, the first three names and the rest counted.
    (line,) = [x for x in lines if "colleague" in x]
    assert line == (
        "4 colleagues at Globex Corporation (inferred): Bo Chen, Cy Dutta, Dee Evans and 1 more"
    )
    assert "Eli Fox" not in shown.out
    assert "Ties (1)" in lines and any(x.startswith("Fay Gold") for x in lines)

    every = json.loads(kith("person", "show", "Ana Lima", "--json").out)
    inferred = [t for t in every["ties"] if t["source"] == "inferred"]
    assert sorted(t["other_name"] for t in inferred) == COLLEAGUES
    assert all(t["tie_id"] is None and t["kinds"] == ["colleague"] for t in inferred)
    (group,) = every["inferred_groups"]
    assert group["title"] == "4 colleagues at Globex Corporation"
    assert sorted(m["name"] for m in group["people"]) == COLLEAGUES


def test_every_inferred_tie_is_in_exactly_one_line_of_the_demo(demo_app: App) -> None:
    view = show_person(demo_app, "Leo Martins")
    inferred = [t for t in view.ties if t.source == "inferred"]
    assert len(view.stored_ties) + len(inferred) == len(view.ties)
    assert len(view.inferred_groups) < len(inferred)  # dozens of classmates, a few lines
    grouped = [(m.id, g.kind) for g in view.inferred_groups for m in g.people]
    assert sorted(grouped) == sorted((t.other_id, t.kinds[0]) for t in inferred)
    for g in view.inferred_groups:
        assert g.title.startswith(f"{len(g.people)} ")


def test_the_web_page_shows_the_lines_and_the_api_every_tie(demo_app: App) -> None:
    view = show_person(demo_app, "Leo Martins")
    pid = view.person.id
    with make_client(demo_app) as client:
        page = client.get(f"/people/{pid}").text
        api = client.get(f"/api/v1/people/{pid}").json()
    lines = re.findall(r'<li class="inferred-group">\s*<strong>([^<]+)</strong>', page)
    assert lines == [g.title for g in view.inferred_groups]
    # Each inferred person is linked under their line, surest first; none has a row of their own.
    blocks = re.findall(r'<li class="inferred-group">(.*?)</li>', page, re.S)
    for g, block in zip(view.inferred_groups, blocks, strict=True):
        linked = [int(i) for i in re.findall(r'href="/people/(\d+)"', block)]
        assert linked == [m.id for m in g.people]
    stored_rows = page.count('<li>\n            <a href="/people/')
    assert stored_rows == len(view.stored_ties)
    assert len(api["ties"]) == len(view.ties)
    assert [g["title"] for g in api["inferred_groups"]] == lines
