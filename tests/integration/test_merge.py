"""Merging by hand and by review, and unmerging back to exactly what was there."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from kithkin.service.app import App
from kithkin.service.backup import backup_data

CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Priya Raman
N:Raman;Priya;;;
EMAIL:priya.raman@example.com
ORG:Northwind Health
CATEGORIES:College
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Lena Fischer
N:Fischer;Lena;;;
EMAIL:lena@example.net
ORG:Northwind Health
END:VCARD
"""
CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Priya,Raman,https://www.linkedin.com/in/priya,,Northwind Health,Data Science Manager,14 Feb 2021
Chris,Doyle,https://www.linkedin.com/in/chris,,Tailspin Toys,Sales,11 Oct 2025
"""
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:coffee-1
DTSTART:20260110T163000Z
DTEND:20260110T173000Z
SUMMARY:Coffee
ORGANIZER;CN=Alex Morgan:mailto:alex@example.com
ATTENDEE;CN=Alex Morgan:mailto:alex@example.com
ATTENDEE;CN=Priya Raman:mailto:priya.raman@example.com
ATTENDEE;CN=Lena Fischer:mailto:lena@example.net
END:VEVENT
END:VCALENDAR
"""


def _network(kith: Any, tmp_path: Path) -> None:
    files = []
    for name, text in (("a.vcf", CARDS), ("Connections.csv", CONNECTIONS), ("c.ics", CALENDAR)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    assert kith("import", *files, "--me", "alex@example.com").code == 0


def _tables(app: App) -> dict[str, Any]:
    with app.uow() as uow:
        tables: dict[str, Any] = backup_data(uow)["tables"]
    tables.pop("merge_log")
    return tables


def _people(kith: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for p in [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith("person", "list", "--json").out)["rows"]
    ]:
        out.setdefault(p["display_name"], []).append(p)
    return out


def test_merge_moves_everything_and_unmerge_restores_every_row(
    kith: Any, app: App, tmp_path: Path
) -> None:
    _network(kith, tmp_path)
    priyas = _people(kith)["Priya Raman"]
    assert len(priyas) == 2
    kept, other = sorted(p["id"] for p in priyas)
    assert kith("give", "advice", f"#{other}", "--note", "to the LinkedIn record").code == 0
    # Both records are tied to Lena: the card by the coffee, the LinkedIn record as stated.
    assert kith("tie", "add", f"#{other}", "Lena Fischer", "--kind", "colleague").code == 0
    before = _tables(app)
    merged = json.loads(kith("merge", f"#{kept}", f"#{other}", "--json").out)
    priya = json.loads(kith("person", "show", f"#{kept}", "--json").out)
    assert len(_people(kith)["Priya Raman"]) == 1
    assert "https://www.linkedin.com/in/priya" in priya["person"]["links"]
    assert priya["person"]["circles"] == ["college"]
    kinds = {k for t in priya["ties"] for k in t["kinds"]}
    assert {"linkedin", "colleague"} <= kinds
    lena = [t for t in priya["ties"] if t["other_name"] == "Lena Fischer"]
    assert len(lena) == 1  # the two records' ties to Lena folded into one
    with app.uow() as uow:
        favours = uow.activity.exchanges()
        fields = {p.field for p in uow.sources.provenance("person", kept)}
    assert [f.receiver for f in favours] == [kept]
    assert {"links", "emails"} <= fields  # provenance of both records survives the merge

    undone = kith("unmerge", "--id", str(merged["merge_id"]))
    assert undone.code == 0, undone.err
    assert _tables(app) == before


def test_review_accepts_rejects_and_skips(
    kith: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _network(kith, tmp_path)
    proposals = json.loads(kith("merge", "--review", "--json").out)
    assert len(proposals) == 1 and "same name" in proposals[0]["evidence"]
    monkeypatch.setattr("sys.stdin", io.StringIO("r\n"))
    reviewed = kith("merge", "--review")
    assert reviewed.code == 0 and "same name 'Priya Raman'" in reviewed.out
    assert json.loads(kith("merge", "--review", "--json").out) == []
    assert len(_people(kith)["Priya Raman"]) == 2
    # A rejected pair is not proposed again when the file comes back.
    assert kith("import", str(tmp_path / "Connections.csv")).code == 0
    assert json.loads(kith("merge", "--review", "--json").out) == []


def test_accept_all_and_the_errors_a_user_can_make(kith: Any, tmp_path: Path) -> None:
    _network(kith, tmp_path)
    done = json.loads(kith("merge", "--review", "--accept-all", "--json").out)
    assert [(d["kept_name"], d["merged_name"]) for d in done] == [("Priya Raman", "Priya Raman")]
    assert kith("merge", "Lena Fischer").code == 2
    assert kith("merge", "Lena Fischer", "Lena Fischer").code == 2
    assert kith("unmerge", "Lena Fischer").code == 3
    assert kith("unmerge", "--id", "99").code == 3
    assert kith("unmerge", "Priya Raman").code == 0
    assert len(_people(kith)["Priya Raman"]) == 2


def test_an_unmerge_waits_for_a_later_merge_that_moved_its_rows(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan").code == 0
    ids = {}
    for name in ("Wei Chen", "Wei C.", "Daniel Okafor", "Dan Okafor"):
        made = json.loads(kith("person", "add", name, "--json").out)
        ids[name] = f"#{made['id']}"
    assert kith("tie", "add", ids["Wei C."], ids["Dan Okafor"], "--kind", "colleague").code == 0
    assert kith("merge", ids["Wei Chen"], ids["Wei C."]).code == 0  # its rows hold Dan's tie
    assert kith("merge", ids["Daniel Okafor"], ids["Dan Okafor"]).code == 0  # moves that tie
    refused = kith("unmerge", "Wei Chen")
    assert refused.code == 2 and "undo it first" in refused.err
    assert kith("unmerge", "Daniel Okafor").code == 0
    assert kith("unmerge", "Wei Chen").code == 0
    assert set(_people(kith)) >= {"Wei Chen", "Wei C.", "Daniel Okafor", "Dan Okafor"}
