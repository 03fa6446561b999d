"""Values every database keeps: an over-long record is a bad record on SQLite and on
PostgreSQL alike, control characters are taken out with a warning, numbers are finite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kithkin.service.app import App

GOOD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Wei Chen\r\nEMAIL:wei@example.com\r\nEND:VCARD\r\n"
LONG_NAME = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{'Bartholomew ' * 40}\r\nEND:VCARD\r\n"
LONG_UID = f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{'u' * 600}\r\nFN:Ada Long\r\nEND:VCARD\r\n"
LONG_EMAIL = (
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ed Mail\r\nEMAIL:{'e' * 330}@example.com\r\nEND:VCARD\r\n"
)
CONTROLS = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nu\x00ll Byte\x1b\r\nNOTE:a\\nb\x07\r\nEND:VCARD\r\n"
LAST = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Fischer\r\nEND:VCARD\r\n"


def test_an_over_long_record_is_a_bad_record_on_every_database(
    kith: Any, app: App, tmp_path: Path
) -> None:
    cards = tmp_path / "long.vcf"
    cards.write_text(GOOD + LONG_NAME + LONG_UID + LONG_EMAIL + LAST, encoding="utf-8")
    refused = kith("import", str(cards))
    assert refused.code == 4
    assert "a name is at most 300 characters" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    result = kith("import", str(cards), "--skip-bad", "--json")
    assert result.code == 0, result.err
    (summary,) = json.loads(result.out)["files"]
    assert summary["added"] == 2 and len(summary["bad"]) == 3
    assert any("line 6" in bad and "at most 300" in bad for bad in summary["bad"])
    assert any("at most 500" in bad for bad in summary["bad"])
    assert any("an e-mail address is at most 320" in bad for bad in summary["bad"])
    with app.uow() as uow:
        assert sorted(p.display_name for p in uow.people.all()) == ["Lena Fischer", "Wei Chen"]


def test_control_characters_are_taken_out_with_a_warning(
    kith: Any, app: App, tmp_path: Path
) -> None:
    cards = tmp_path / "controls.vcf"
    cards.write_bytes(CONTROLS.encode())
    result = kith("import", str(cards), "--json")
    assert result.code == 0, result.err
    (summary,) = json.loads(result.out)["files"]
    assert any("control characters removed from name, notes" in n for n in summary["notes"])
    with app.uow() as uow:
        (person,) = uow.people.all()
    assert (person.display_name, person.notes) == ("Null Byte", "a\nb")


def test_a_favour_weighs_a_finite_amount(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan").code == 0
    assert kith("person", "add", "Wei Chen").code == 0
    for weight in ("inf", "1e309"):
        result = kith("give", "intro", "Wei Chen", "--weight", weight)
        assert result.code == 2
        assert result.err.strip() == "error: a favour's weight must be a finite number, not inf"
    assert json.loads(kith("give", "intro", "Wei Chen", "--weight", "1e300", "--json").out)
