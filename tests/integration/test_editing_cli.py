"""Editing, removing and undoing through ``kith``, as a user types it, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from typing import Any


def _setup(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan", "--email", "alex@example.com").code == 0
    assert kith("person", "add", "Ann Lee", "--org", "Globex", "--role", "Engineer").code == 0
    assert kith("person", "add", "Ben Okafor", "--circle", "neighbours").code == 0
    assert kith("person", "add", "Cleo Park").code == 0


def _json(kith: Any, *args: str) -> Any:
    result = kith(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_person_edit_org_ends_the_old_job_and_jobs_are_edited(kith: Any) -> None:
    _setup(kith)
    assert kith("person", "edit", "Ann Lee", "--org", "Contoso").code == 0
    found = _json(kith, "person", "job", "list", "Ann Lee")
    assert [(j["organisation"], j["current"]) for j in found] == [
        ("Globex", False),
        ("Contoso", True),
    ]
    assert kith("person", "job", "edit", "Ann Lee", "1", "--start", "2019-03-01").code == 0
    assert _json(kith, "person", "job", "list", "Ann Lee")[0]["start"] == "2019-03-01"
    bad = kith("person", "job", "edit", "Ann Lee", "1", "--end", "2018-01-01")
    assert bad.code != 0 and "before it starts" in bad.err
    assert "Traceback" not in bad.err
    missing = kith("person", "job", "remove", "Ann Lee", "7", "--yes")
    assert missing.code == 3 and "has no job 7" in missing.err


def test_notes_are_dated_and_several(kith: Any) -> None:
    _setup(kith)
    assert kith("person", "edit", "Ann Lee", "--notes", "Met at PyCon").code == 0
    assert kith("person", "note", "add", "Ann Lee", "Moving to Lisbon").code == 0
    notes = _json(kith, "person", "note", "list", "Ann Lee")
    assert [n["text"] for n in notes] == ["Met at PyCon", "Moving to Lisbon"]
    shown = kith("person", "show", "Ann Lee")
    assert "Met at PyCon" in shown.out and "Moving to Lisbon" in shown.out
    second = str(notes[1]["id"])
    assert kith("person", "note", "edit", second, "Moved to Lisbon").code == 0
    assert kith("person", "note", "remove", second, "--yes").code == 0
    assert [n["text"] for n in _json(kith, "person", "note", "list", "Ann Lee")] == ["Met at PyCon"]


def test_remove_asks_first_and_undo_brings_back(kith: Any, monkeypatch: Any) -> None:
    _setup(kith)
    logged = _json(kith, "log", "call", "Ann Lee", "--when", "2026-05-20", "--note", "catch-up")
    listed = _json(kith, "interaction", "list", "--person", "Ann Lee")
    assert [row["interaction"]["id"] for row in listed] == [logged["id"]]
    assert listed[0]["with_names"] == ["Ann Lee"]
    # Without --yes the question is asked; answering no keeps it.
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    refused = kith("interaction", "remove", str(logged["id"]))
    assert refused.code != 0 and "Remove interaction" in refused.out
    assert len(_json(kith, "interaction", "list")) == 1
    done = kith("interaction", "remove", str(logged["id"]), "--yes")
    assert done.code == 0 and "kith undo" in done.out
    assert _json(kith, "interaction", "list") == []
    undone = kith("undo")
    assert undone.code == 0 and "removed the call of 2026-05-20 with Ann Lee" in undone.out
    assert _json(kith, "interaction", "list")[0]["interaction"]["note"] == "catch-up"
    again = kith("undo")
    assert again.code == 3 and "nothing to undo" in again.err


def test_undo_after_another_write_is_refused_in_one_line(kith: Any) -> None:
    _setup(kith)
    logged = _json(kith, "log", "email", "Ben Okafor", "--when", "2026-05-21")
    assert kith("interaction", "remove", str(logged["id"]), "--yes").code == 0
    assert kith("circle", "add", "friends", "Cleo Park").code == 0
    refused = kith("undo")
    assert refused.code == 2
    assert "only the very last change can be undone" in refused.err
    assert len(refused.err.strip().splitlines()) <= 2  # the line, and at most a hint


def test_interactions_favours_and_asks_are_edited(kith: Any) -> None:
    _setup(kith)
    it = _json(kith, "log", "in-person", "Ann Lee", "--when", "2026-05-10")
    edited = _json(
        kith, "interaction", "edit", str(it["id"]), "--channel", "video", "--with", "Ben Okafor"
    )
    assert edited["channel"] == "video"
    listed = _json(kith, "interaction", "list", "--person", "Ben Okafor")
    assert listed[0]["with_names"] == ["Ben Okafor"]
    fav = _json(kith, "give", "advice", "Ann Lee", "--when", "2026-05-11")
    assert _json(kith, "favour", "edit", str(fav["id"]), "--kind", "intro")["kind"] == "intro"
    favours = _json(kith, "favour", "list")
    assert favours[0]["given_by_me"] is True and favours[0]["other_name"] == "Ann Lee"
    ask = _json(kith, "ask", "add", "Ann Lee", "--for", "an intro to Contoso")
    got = _json(kith, "ask", "edit", str(ask["id"]), "--outcome", "accepted")
    assert got["outcome"] == "accepted"
    assert kith("ask", "remove", str(ask["id"]), "--yes").code == 0
    assert _json(kith, "ask", "list") == []
    assert kith("favour", "remove", str(fav["id"]), "--yes").code == 0
    assert _json(kith, "favour", "list") == []
    gone = kith("favour", "edit", "999", "--kind", "gift")
    assert gone.code == 3 and "no favour #999" in gone.err


def test_ties_circles_goals_and_opportunities_are_edited(kith: Any) -> None:
    _setup(kith)
    assert kith("tie", "add", "Ben Okafor", "Cleo Park", "--kind", "neighbour").code == 0
    tie = _json(
        kith, "tie", "edit", "Cleo Park", "Ben Okafor", "--kind", "friend", "--closeness", "4"
    )
    assert [k["kind"] for k in tie["kinds"]] == ["friend"] and tie["closeness"] == 4
    assert kith("circle", "rename", "neighbours", "street").code == 0
    circles = {c["circle"]: c["people"] for c in _json(kith, "circle", "list")}
    assert circles.get("street") == 1 and "neighbours" not in circles
    assert kith("goal", "add", "work at Contoso").code == 0
    goal = _json(kith, "goal", "edit", "1", "--text", "work at Initech")
    assert goal["target"] == "Initech"
    assert kith("opportunity", "add", "Contoso", "Platform Engineer").code == 0
    opp = _json(kith, "opportunity", "edit", "1", "--role", "Staff Engineer")
    assert opp["role"] == "Staff Engineer"
    bad = kith("opportunity", "edit", "1", "--url", "not a link")
    assert bad.code == 2 and "web address" in bad.err
