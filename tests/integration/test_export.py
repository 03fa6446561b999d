"""Exports: vCard that re-imports to the same people, formula-safe CSV, atomic files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from kithkin.model import Person
from kithkin.service.app import App
from kithkin.service.export import with_notes
from kithkin.service.importing import import_files
from kithkin.store import Settings

PEOPLE = [
    (
        "May Parker",
        "--email",
        "may@example.org",
        "--phone",
        "+14155550101",
        "--birthday",
        "--03-22",
        "--circle",
        "family",
        "--nickname",
        "Aunt May",
        "--location",
        "Queens, NY, US",
        "--notes",
        "Knows everyone on the street, and half of Queens;\nbakes on Sundays",
    ),
    (
        "Ben Okafor",
        "--email",
        "ben@globex.example.com",
        "--email",
        "ben.okafor@example.net",
        "--org",
        "Globex, Inc.",
        "--role",
        "Senior Engineer",
        "--birthday",
        "1988-11-02",
        "--circle",
        "neighbours",
        "--circle",
        "work:Globex",
        "--link",
        "https://example.org/ben",
    ),
    ("Émile Zoë Brontë", "--phone", "+33612345678", "--circle", "school:Lycée"),
]


def _populate(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan", "--email", "alex@example.com").code == 0
    for args in PEOPLE:
        assert kith("person", "add", *args).code == 0, args
    assert kith("tie", "add", "May Parker", "Ben Okafor", "--kind", "neighbour").code == 0


def _comparable(p: Person) -> dict[str, Any]:
    return {
        "name": p.display_name,
        "given": p.given_name,
        "family": p.family_name,
        "nicknames": sorted(p.nicknames),
        "emails": sorted(e.address for e in p.emails),
        "phones": sorted(ph.number for ph in p.phones),
        "work": [(a.organisation, a.role) for a in p.current_affiliations],
        "birthday": p.birthday.iso() if p.birthday else None,
        "circles": sorted(p.circles),
        "links": p.links,
        "location": p.location,
        "notes": p.notes,
    }


def _everyone(app: App) -> dict[str, dict[str, Any]]:
    """Everyone but me, their dated notes read as one (a card has one note)."""
    with app.uow() as uow:
        people = with_notes(uow.people.all(), uow.edits.all_notes())
        return {p.display_name: _comparable(p) for p in people if not p.is_me}


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_export_reimports_to_the_same_people(
    kith: Any, app: App, tmp_path: Path, version: str
) -> None:
    _populate(kith)
    out = tmp_path / "everyone.vcf"
    result = kith("export", "vcard", "--version", version, "-o", str(out))
    assert result.code == 0, result.err
    other = App(Settings(f"sqlite:///{tmp_path / 'other.db'}"))
    try:
        summary = import_files(other, [out], me=["alex@example.com"])
        assert not summary.failed
        assert _everyone(other) == _everyone(app)
        with other.uow() as uow:
            (tie,) = [t for t in uow.ties.all() if t.kinds]
            assert [k.kind for k in tie.kinds] == ["neighbour"]
        # Importing the same export into the database it came from changes no one.
        again = json.loads(kith("import", str(out), "--json").out)
        assert again["totals"]["added"] == 0
    finally:
        other.close()


def test_csv_export_is_safe_in_a_spreadsheet(kith: Any, tmp_path: Path) -> None:
    _populate(kith)
    assert kith("person", "add", '=HYPERLINK("http://evil")', "--notes", "@SUM(A1)").code == 0
    out = tmp_path / "people.csv"
    assert kith("export", "csv", "-o", str(out)).code == 0
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    by_name = {r["name"].lstrip("'"): r for r in rows}
    evil = by_name['=HYPERLINK("http://evil")']
    assert evil["name"].startswith("'=") and evil["notes"] == "'@SUM(A1)"
    assert by_name["May Parker"]["phones"] == "'+14155550101"
    assert by_name["Ben Okafor"]["organisation"] == "Globex, Inc."
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_exports_replace_files_whole_and_refuse_missing_folders(kith: Any, tmp_path: Path) -> None:
    _populate(kith)
    out = tmp_path / "backup.json"
    out.write_text("old contents")
    assert kith("export", "json", "-o", str(out)).code == 0
    assert json.loads(out.read_text())["format"] == "kithkin-backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []
    result = kith("export", "vcard", "-o", str(tmp_path / "nowhere" / "x.vcf"))
    assert result.code == 2 and "does not exist" in result.err
    assert kith("export", "vcard", "--version", "2.1", "-o", str(tmp_path / "x.vcf")).code == 2
