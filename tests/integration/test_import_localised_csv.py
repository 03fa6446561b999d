"""Outlook CSV in another language, re-saved with ';', through ``kith import`` on SQLite
and PostgreSQL: the people, their numbers as written, the ties its columns name, and
the summary saying how the file was read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"
GERMAN = DATA / "csv" / "outlook-german-semicolon.csv"  # built: German Outlook's columns
GPC = DATA / "corpus" / "csv" / "gpcsolutions-outlook.csv"  # real, Apache-2.0


def _people(kith: Any) -> dict[str, dict[str, Any]]:
    listed = [r["person"] for r in json.loads(kith("person", "list", "--json").out)["rows"]]
    return {
        p["display_name"]: json.loads(kith("person", "show", f"#{p['id']}", "--json").out)
        for p in listed
    }


def test_a_german_outlook_export_with_semicolons(kith: Any) -> None:
    result = kith("import", str(GERMAN), "--me", "me@example.org", "--json")
    assert result.code == 0, result.err
    (summary,) = json.loads(result.out)["files"]
    assert summary["format"] == "outlook"
    warnings = summary["warnings"]
    assert any("read with German Outlook's column names" in w for w in warnings)
    assert any("Western (cp1252)" in w for w in warnings)
    people = _people(kith)
    juergen = people["Jürgen Müller"]
    person = juergen["person"]
    assert sorted(p["number"] for p in person["phones"]) == ["+492211234567", "0151 23456789"]
    assert person["birthday"] == {"year": 1979, "month": 11, "day": 30}
    assert person["affiliations"][0]["organisation"] == "Fabrikam GmbH"
    assert person["affiliations"][0]["role"] == "Vertriebsleiter"
    kinds = {t["other_name"]: t["kinds"] for t in juergen["ties"]}
    assert kinds["Anna Müller"] == ["spouse"] and kinds["Dr. Karl Schmidt"] == ["manager"]
    assert kinds["Lena"] == ["child"] and kinds["Paul"] == ["child"]
    # Importing the same file again changes nothing.
    again = json.loads(kith("import", str(GERMAN), "--json").out)["files"][0]
    assert (again["added"], again["merged"], again["updated"]) == (0, 0, 0)


def test_a_shared_number_in_a_real_file_merges_nobody(kith: Any) -> None:
    # Adam's pager is Daniel's and Duncan's mobile: three people, none absorbed.
    result = kith("import", str(GPC), "--json")
    assert result.code == 0, result.err
    (summary,) = json.loads(result.out)["files"]
    assert (summary["added"], summary["merged"]) == (3, 0)
    assert {"Adam Glacius", "Daniel Ireland", "Duncan Amey"} <= set(_people(kith))
