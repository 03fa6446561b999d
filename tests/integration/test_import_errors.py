"""Bad records: without --skip-bad a file is all or nothing; with it, the bad ones are listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kithkin.service.app import App
from kithkin.service.backup import backup_data

GOOD_CARD = """BEGIN:VCARD
VERSION:3.0
FN:{name}
N:{family};{given};;;
EMAIL:{email}
END:VCARD
"""
BROKEN_VCF = (
    GOOD_CARD.format(name="Ada Byron", family="Byron", given="Ada", email="ada@example.org")
    # Nothing names or reaches this card's person, and a line is no property: a bad record.
    + "BEGIN:VCARD\nVERSION:3.0\nFN:\nthis line is no property\nEND:VCARD\n"
    + GOOD_CARD.format(name="Alan Turing", family="Turing", given="Alan", email="alan@example.org")
)
LINKEDIN_BAD_ROW = """Notes:
"Some notes"

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Grace,Hopper,https://www.linkedin.com/in/ghopper,,Navy,Admiral,01 Jan 2020
Bad,Row,https://www.linkedin.com/in/bad,,Acme,Boss,01 Jan 2020,extra,fields
Edsger,Dijkstra,https://www.linkedin.com/in/ewd,,UT Austin,Professor,02 Jan 2020
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _snapshot(app: App) -> dict[str, Any]:
    with app.uow() as uow:
        return backup_data(uow)


def _seed(kith: Any, tmp_path: Path) -> None:
    card = GOOD_CARD.format(name="Mary Shelley", family="Shelley", given="Mary", email="m@ex.org")
    assert kith("import", _write(tmp_path, "seed.vcf", card), "--me", "me@ex.org").code == 0


def test_a_broken_card_names_the_line_and_writes_nothing(
    kith: Any, app: App, tmp_path: Path
) -> None:
    _seed(kith, tmp_path)
    before = _snapshot(app)
    path = _write(tmp_path, "broken.vcf", BROKEN_VCF)
    result = kith("import", path, "--me", "me@ex.org")
    assert result.code == 4
    assert f"{path}: line 10" in result.err
    assert result.err.count("\n") == 1
    assert _snapshot(app) == before


def test_a_csv_row_with_extra_fields_stops_the_file(kith: Any, app: App, tmp_path: Path) -> None:
    _seed(kith, tmp_path)
    before = _snapshot(app)
    path = _write(tmp_path, "Connections.csv", LINKEDIN_BAD_ROW)
    result = kith("import", path)
    assert result.code == 4
    assert f"{path}: line 6" in result.err
    assert _snapshot(app) == before


def test_skip_bad_imports_the_good_records_and_lists_the_bad(
    kith: Any, app: App, tmp_path: Path
) -> None:
    vcf = _write(tmp_path, "broken.vcf", BROKEN_VCF)
    csv = _write(tmp_path, "Connections.csv", LINKEDIN_BAD_ROW)
    result = kith("import", vcf, csv, "--me", "me@ex.org", "--skip-bad")
    assert result.code == 0, result.err
    assert "bad record skipped" in result.out and "line 10" in result.out
    summary = json.loads(kith("import", vcf, csv, "--skip-bad", "--json").out)
    assert [len(f["bad"]) for f in summary["files"]] == [1, 1]
    names = {
        p["display_name"]
        for p in [
            {**r["person"], "relationship": r["relationship"]}
            for r in json.loads(kith("person", "list", "--json").out)["rows"]
        ]
    }
    assert {"Ada Byron", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"} <= names
    assert not names & {"Bad Row"}


def test_dry_run_writes_nothing_and_unknown_files_fail_cleanly(
    kith: Any, app: App, tmp_path: Path
) -> None:
    _seed(kith, tmp_path)
    before = _snapshot(app)
    good = BROKEN_VCF.replace("FN:\nthis line is no property", "FN:Broken Card")
    vcf = _write(tmp_path, "good.vcf", good)
    dry = json.loads(kith("import", vcf, "--dry-run", "--json").out)
    assert dry["totals"]["added"] == 3
    assert _snapshot(app) == before
    odd = _write(tmp_path, "notes.txt", "just some words\n")
    result = kith("import", odd)
    assert result.code == 4 and "cannot tell what format" in result.err
    assert kith("import", str(tmp_path / "missing.vcf")).code == 4
    assert kith("import", vcf, "--me", "not-an-address").code == 2
    assert _snapshot(app) == before


def test_hand_edits_survive_a_newer_export(kith: Any, tmp_path: Path) -> None:
    old = GOOD_CARD.format(name="Ada Byron", family="Byron", given="Ada", email="ada@example.org")
    old = old.replace("END:VCARD", "TITLE:Analyst\nORG:Engines Ltd\nNOTE:from the phone\nEND:VCARD")
    path = tmp_path / "phone.vcf"
    path.write_text(old, encoding="utf-8")
    assert kith("import", str(path)).code == 0
    assert kith("person", "edit", "Ada Byron", "--notes", "met at the Royal Society").code == 0
    newer = old.replace("Analyst", "Chief Analyst").replace("from the phone", "changed upstream")
    path.write_text(newer, encoding="utf-8")
    summary = json.loads(kith("import", str(path), "--json").out)
    assert summary["totals"]["updated"] == 1 and summary["totals"]["added"] == 0
    shown = json.loads(kith("person", "show", "Ada Byron", "--json").out)
    ada = shown["person"]
    # The note typed by hand is a dated note of its own, kept; the card's note follows the card.
    assert [n["text"] for n in shown["notes"]] == ["met at the Royal Society"]
    assert ada["notes"] == "changed upstream"
    assert ada["affiliations"][0]["role"] == "Chief Analyst"  # changed upstream: updated
