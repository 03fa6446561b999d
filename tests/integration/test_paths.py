"""``kith path`` targets, asks and errors on a small network, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from kithkin.insight.graph import graph_from_ties
from kithkin.insight.paths import top_paths
from kithkin.service.app import App
from kithkin.service.paths import find_paths
from kithkin.service.ties import add_tie


def _network(kith: Any) -> None:
    steps = [
        ("init", "--me", "Alex Morgan"),
        ("person", "add", "Leo Martins", "--circle", "friends"),
        ("person", "add", "Priya Shah", "--org", "Contoso", "--role", "Engineering Manager"),
        ("person", "add", "Sam Lee", "--org", "Contoso", "--role", "Data Analyst"),
        ("person", "add", "May Parker", "--circle", "family"),
        (
            "person",
            "add",
            "Ben Okafor",
            "--org",
            "Initech",
            "--role",
            "Principal Data Engineer",
            "--skill",
            "data engineering",
        ),
        ("tie", "add", "me", "Leo Martins", "--kind", "friend", "--closeness", "5"),
        ("tie", "add", "Leo Martins", "Priya Shah", "--kind", "friend", "--closeness", "4"),
        ("tie", "add", "me", "Sam Lee", "--kind", "met-at:DataConf"),
        ("tie", "add", "me", "May Parker", "--kind", "aunt", "--closeness", "4"),
        ("tie", "add", "May Parker", "Ben Okafor", "--kind", "neighbour", "--closeness", "3"),
        ("log", "call", "Leo Martins", "--when", "2 weeks ago", "--note", "planning the hike"),
    ]
    for args in steps:
        done = kith(*args)
        assert done.code == 0, (args, done.err)


def _first_chain(kith: Any, *args: str) -> tuple[str, list[str]]:
    out = kith("path", *args, "--json")
    assert out.code == 0, out.err
    result = json.loads(out.out)
    return result["target_kind"], [h["to_name"] for h in result["paths"][0]["hops"]]


def test_targets_asks_drafts_errors_and_store_arrays(kith: Any, app: App) -> None:
    # One small network per database, many questions to it (setting it up is the slow part).
    _network(kith)
    target_kinds_are_guessed_or_given(kith)
    k_and_ask_and_the_text_output(kith)
    intro_draft_cites_the_last_call(kith)
    user_errors_are_one_line(kith)
    tie_arrays_from_the_store_give_the_same_first_path(app)
    a_write_is_seen_by_the_next_query(kith, app)


def target_kinds_are_guessed_or_given(kith: Any) -> None:
    assert _first_chain(kith, "--to", "Contoso") == ("organisation", ["Leo Martins", "Priya Shah"])
    assert _first_chain(kith, "--to", "Priya Shah") == ("person", ["Leo Martins", "Priya Shah"])
    assert _first_chain(kith, "--to", "engineering manager")[0] == "role"
    assert _first_chain(kith, "--to", "data engineering") == ("skill", ["May Parker", "Ben Okafor"])
    assert _first_chain(kith, "--to-person", "Priya Sha")[1][-1] == "Priya Shah"
    # A strong friend and an inferred colleague beat a business card.
    assert _first_chain(kith, "--to-role", "Data Analyst") == (
        "role",
        ["Leo Martins", "Priya Shah", "Sam Lee"],
    )
    assert kith("opportunity", "add", "Contoso", "Engineering Manager").code == 0
    assert _first_chain(kith, "--opportunity", "1")[0] == "opportunity"


def k_and_ask_and_the_text_output(kith: Any) -> None:
    both = json.loads(kith("path", "--to", "Contoso", "-k", "2", "--json").out)
    assert [p["hops"][0]["to_name"] for p in both["paths"]] == ["Leo Martins", "Sam Lee"]
    shown = kith("path", "--to", "Contoso", "--ask", "referral")
    assert shown.code == 0
    assert "weakest link" in shown.out and "Leo Martins" in shown.out
    assert "for referral" in shown.out


def user_errors_are_one_line(kith: Any) -> None:
    nothing = kith("path", "--to", "Umbrella Corporation")
    assert nothing.code == 3 and nothing.err.count("\n") == 1
    two = kith("path", "--to", "Contoso", "--to-org", "Initech")
    assert two.code == 2 and "exactly one target" in two.err
    bad_ask = kith("path", "--to", "Contoso", "--ask", "favour")
    assert bad_ask.code == 2 and "intro, referral or advice" in bad_ask.err
    assert kith("path", "--opportunity", "9").code == 3
    assert kith("intro", "draft", "--to", "Contoso", "--path", "5").code == 3


def intro_draft_cites_the_last_call(kith: Any) -> None:
    out = json.loads(kith("intro", "draft", "--to", "Contoso", "--json").out)
    assert out["draft"]["to_name"] == "Leo Martins"
    assert "planning the hike" in out["text"]


def tie_arrays_from_the_store_give_the_same_first_path(app: App) -> None:
    with app.uow(write=False) as uow:
        ties = uow.tie_arrays()
    assert len(ties.a) == 5
    graph = graph_from_ties(ties.people, ties.a, ties.b, ties.closeness, ties.confidence)
    me, leo, priya = (int(x) for x in ties.people[:3])
    (best,) = top_paths(graph, me, {priya: 0.0}, k=1)
    assert best.people == (me, leo, priya)
    assert np.isnan(ties.closeness).sum() == 1  # the DataConf card had no closeness


def a_write_is_seen_by_the_next_query(kith: Any, app: App) -> None:
    # Each command builds its graph from the data as it is: a write is seen at once.
    assert _first_chain(kith, "--to", "Priya Shah")[1] == ["Leo Martins", "Priya Shah"]
    assert kith("tie", "remove", "Leo Martins", "Priya Shah", "--yes").code == 0
    assert _first_chain(kith, "--to", "Priya Shah")[1] == ["Sam Lee", "Priya Shah"]
    # The same again within one process (one engine, no checkpoint between queries).
    assert find_paths(app, "Priya Shah").paths[0].hops[0].to_name == "Sam Lee"
    add_tie(app, "Leo Martins", "Priya Shah", ["friend"], closeness=5)
    assert find_paths(app, "Priya Shah").paths[0].hops[0].to_name == "Leo Martins"
