"""Exports that an imported file cannot forge: every vCard value escaped, links that are
addresses, CSV cells that never run as formulas; and each export reads back as it was."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from kithkin.model import Person
from kithkin.service.app import App
from kithkin.service.export import safe_cell
from kithkin.store import Settings

# A vCard URL holding an escaped CR LF, then a property, then a whole second card.
FORGED_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Wei Chen\r\nN:Chen;Wei;;;\r\nEMAIL:wei@example.com\r\n"
    "URL:https://example.org/wei\\r\\nEMAIL:attacker@evil.example\\r\\nEND:VCARD"
    "\\r\\nBEGIN:VCARD\\r\\nFN:Mallory Evil\\r\\nEMAIL:mallory@evil.example\r\n"
    "END:VCARD\r\n"
)
# A LinkedIn URL cell with a real CR LF inside its quotes.
FORGED_CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Daniel,Okafor,"https://www.linkedin.com/in/dan\r\nEMAIL:attacker@evil.example\r\n'
    'END:VCARD\r\nBEGIN:VCARD\r\nFN:Mallory Evil",,Contoso Ltd,Engineer,01 Jan 2020\r\n'
)


def _people(url: str) -> dict[str, Person]:
    app = App(Settings(url))
    try:
        with app.uow() as uow:
            return {p.display_name: p for p in uow.people.all()}
    finally:
        app.close()


def _reimport(kith: Any, tmp_path: Path, export: list[str], name: str) -> dict[str, Person]:
    out = tmp_path / name
    result = kith("export", *export, "-o", str(out))
    assert result.code == 0, result.err
    fresh = f"sqlite:///{tmp_path / (name + '.db')}"
    assert (
        kith("--db", fresh, "init", "--me", "Alex Morgan", "--email", "alex@example.com").code == 0
    )
    result = kith("--db", fresh, "import", str(out))
    assert result.code == 0, result.err
    return _people(fresh)


@pytest.mark.parametrize(
    "export", [["vcard", "--version", "3.0"], ["vcard", "--version", "4.0"], ["csv"]]
)
def test_a_forged_link_forges_nothing(
    kith: Any, app: App, tmp_path: Path, export: list[str]
) -> None:
    (tmp_path / "forged.vcf").write_text(FORGED_CARD, encoding="utf-8")
    (tmp_path / "Connections.csv").write_bytes(FORGED_CONNECTIONS.encode())
    assert kith("init", "--me", "Alex Morgan", "--email", "alex@example.com").code == 0
    result = kith("import", str(tmp_path / "forged.vcf"), str(tmp_path / "Connections.csv"))
    assert result.code == 0, result.err
    with app.uow() as uow:
        stored = {p.display_name: p for p in uow.people.all()}
        # A note may hold the same text: it is text, and stays text.
        wei = stored["Wei Chen"]
        wei.notes = "x\r\nEMAIL:attacker@evil.example\nEND:VCARD\rBEGIN:VCARD\nFN:Mallory"
        uow.people.update(wei, app.now())
        uow.commit()
    assert sorted(stored) == ["Alex Morgan", "Daniel Okafor", "Wei Chen"]
    assert stored["Wei Chen"].links == [] and stored["Daniel Okafor"].links == []
    back = _reimport(kith, tmp_path, export, "out." + export[0])
    assert sorted(back) == ["Alex Morgan", "Daniel Okafor", "Wei Chen"]
    assert [e.address for e in back["Wei Chen"].emails] == ["wei@example.com"]
    assert back["Wei Chen"].notes == wei.notes.replace("\r\n", "\n").replace("\r", "\n")
    assert all(not p.emails or "evil" not in p.emails[0].address for p in back.values())


def test_a_link_put_in_the_store_directly_forges_nothing(
    kith: Any, app: App, tmp_path: Path
) -> None:
    assert kith("init", "--me", "Alex Morgan", "--email", "alex@example.com").code == 0
    with app.uow() as uow:  # past the checks of the way in
        uow.people.add(
            Person("Wei Chen", links=["https://example.org/wei\r\nEMAIL:attacker@evil.example"]),
            app.now(),
        )
        uow.commit()
    for version in ("3.0", "4.0"):
        out = tmp_path / f"{version}.vcf"
        assert kith("export", "vcard", "--version", version, "-o", str(out)).code == 0
        text = out.read_text(encoding="utf-8")
        assert "\nEMAIL:attacker" not in text  # the model took the line break out
        back = _reimport(kith, tmp_path, ["vcard", "--version", version], f"again-{version}.vcf")
        assert sorted(back) == ["Alex Morgan", "Wei Chen"] and back["Wei Chen"].emails == []


def test_links_are_checked_on_the_way_in(kith: Any) -> None:
    assert kith("person", "add", "Wei Chen", "--link", "https://example.org/wei").code == 0
    bad = kith("person", "add", "Mallory", "--link", "https://x.example/\r\nEMAIL:a@evil.example")
    assert bad.code == 2 and "is not a link" in bad.err and "\n" not in bad.err.strip()
    assert kith("person", "add", "Mallory", "--link", "javascript:alert(1)").code == 2


CELLS = [
    "=1+1",
    "+14155550101",
    "-2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "\r\n=HYPERLINK(1)",
    " =1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "'quoted",
    "plain",
]


@pytest.mark.parametrize("cell", CELLS)
def test_csv_cells_never_start_a_formula(cell: str) -> None:
    safe = safe_cell(cell)
    if cell == "plain":
        assert safe == cell
    else:
        assert safe == "'" + cell


def test_csv_export_reads_back_with_formula_signs(kith: Any, tmp_path: Path) -> None:
    assert kith("init", "--me", "Alex Morgan", "--email", "alex@example.com").code == 0
    notes = '\r\n=HYPERLINK("http://evil")'
    args = ["--nickname", "＝cmd", "--skill", "+1; -1", "--org", "@Acme", "--role", "-boss"]
    assert kith("person", "add", "=Eve Evil", "--notes", notes, *args).code == 0
    out = tmp_path / "people.csv"
    assert kith("export", "csv", "-o", str(out)).code == 0
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        for cell in row.values():
            assert cell.lstrip(" \t\r\n")[:1] not in set("=+-@＝＋－＠"), cell
    back = _reimport(kith, tmp_path, ["csv"], "again.csv")
    eve = back["=Eve Evil"]
    assert eve.notes == '=HYPERLINK("http://evil")'  # stored trimmed, read back the same
    assert (eve.nicknames, eve.skills) == (["＝cmd"], ["+1; -1"])
    assert [(a.organisation, a.role) for a in eve.affiliations] == [("@Acme", "-boss")]
    assert json.loads(kith("export", "csv", "-o", str(out), "--json").out)["people"] == 2
