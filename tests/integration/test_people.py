"""People, ties and activity through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest


def _setup(kith: Any) -> None:
    assert kith("init", "--me", "Alex Morgan", "--email", "alex@example.com").code == 0
    assert kith("person", "add", "May Parker", "--circle", "family").code == 0
    assert (
        kith(
            "person",
            "add",
            "Ben Okafor",
            "--org",
            "Globex",
            "--role",
            "Senior Engineer",
            "--circle",
            "neighbours",
            "--skill",
            "data engineering",
        ).code
        == 0
    )
    assert kith("tie", "add", "me", "May Parker", "--kind", "aunt").code == 0
    assert kith("tie", "add", "May Parker", "Ben Okafor", "--kind", "neighbour").code == 0


# From a database without the schema: ``kith init`` builds it, as on a user's first day.
@pytest.mark.unmigrated
def test_person_show_lists_ties_across_circles(kith: Any) -> None:
    _setup(kith)
    shown = json.loads(kith("person", "show", "Ben Okafor", "--json").out)
    assert shown["person"]["circles"] == ["neighbours"]
    (tie,) = shown["ties"]
    assert tie["other_name"] == "May Parker"
    assert tie["kinds"] == ["neighbour"]
    assert shown["circles_reached"] == ["family"]


def test_list_filters_by_circle_and_json_is_parseable(kith: Any) -> None:
    _setup(kith)
    everyone = [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith("person", "list", "--json").out)["rows"]
    ]
    assert {p["display_name"] for p in everyone} == {"Alex Morgan", "May Parker", "Ben Okafor"}
    family = [
        {**r["person"], "relationship": r["relationship"]}
        for r in json.loads(kith("person", "list", "--circle", "family", "--json").out)["rows"]
    ]
    assert [p["display_name"] for p in family] == ["May Parker"]


def test_reads_guess_a_name_writes_need_it_exactly(kith: Any) -> None:
    _setup(kith)
    # A read takes the clear fuzzy winner; a write refuses it and names the candidate.
    assert kith("person", "show", "Ben Okafr").code == 0
    refused = kith("log", "call", "Ben Okafr", "--they-initiated")
    assert refused.code == 3 and "Ben Okafor (#3)" in refused.err
    assert json.loads(kith("person", "show", "#3", "--json").out)["interactions"] == 0
    # Case and accents aside, the name itself (or the e-mail) is enough.
    assert kith("log", "call", "ben OKAFÖR").code == 0
    result = kith("log", "call", "Bem Okafar Smith")
    assert result.code == 3
    assert "Ben Okafor" in result.err
    assert result.err.count("\n") == 1


def test_ambiguous_name_lists_candidates_and_writes_nothing(kith: Any) -> None:
    _setup(kith)
    kith("person", "add", "Chris Doyle")
    kith("person", "add", "Chris Doyle")
    result = kith("log", "call", "Chris Doyle")
    assert result.code == 3
    assert "#4" in result.err and "#5" in result.err
    assert json.loads(kith("person", "show", "#4", "--json").out)["interactions"] == 0


def test_bad_date_is_one_line_and_nothing_written(kith: Any) -> None:
    _setup(kith)
    result = kith("log", "call", "Ben Okafor", "--when", "the day after never")
    assert result.code == 2
    assert "cannot read the date" in result.err
    assert json.loads(kith("person", "show", "Ben", "--json").out)["interactions"] == 0


def test_relative_dates_count_from_now(kith: Any) -> None:
    _setup(kith)
    out = kith(
        "--now", "2026-06-01", "log", "call", "Ben Okafor", "--when", "3 weeks ago", "--json"
    )
    assert json.loads(out.out)["when"].startswith("2026-05-11")


def test_favours_and_asks(kith: Any) -> None:
    _setup(kith)
    assert kith("give", "intro", "Ben Okafor", "--note", "to a meetup organiser").code == 0
    assert kith("receive", "advice", "May Parker").code == 0
    ask = json.loads(kith("ask", "add", "Ben Okafor", "--for", "an intro to Contoso", "--json").out)
    assert kith("ask", "outcome", str(ask["id"]), "accepted").code == 0
    (listed,) = json.loads(kith("ask", "list", "--json").out)
    assert listed["ask"]["outcome"] == "accepted"
    assert kith("ask", "outcome", "999", "accepted").code == 3


def test_db_option_takes_a_postgresql_url(db_url: str, monkeypatch: Any, capsys: Any) -> None:
    from kithkin.cli.main import run

    monkeypatch.delenv("KITHKIN_DATABASE_URL", raising=False)
    try:
        run(["--db", db_url, "init", "--me", "Alex Morgan", "--json"])
    except SystemExit as exc:
        assert not exc.code
    out = json.loads(capsys.readouterr().out)
    assert out["me"]["display_name"] == "Alex Morgan"
    assert out["database"].split("://")[0] == db_url.split("://")[0]


def test_a_typed_phone_is_kept_as_an_import_keeps_it_and_matched(kith: Any, tmp_path: Any) -> None:
    assert kith("init", "--me", "Alex Morgan", "--region", "US").code == 0
    assert kith("person", "add", "Chris Doyle", "--phone", "(415) 555-0177").code == 0
    shown = json.loads(kith("person", "show", "Chris Doyle", "--json").out)
    assert [p["number"] for p in shown["person"]["phones"]] == ["+14155550177"]
    card = tmp_path / "chris.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Chris Doyle\nTEL:+1 415-555-0177\nEND:VCARD\n",
        encoding="utf-8",
    )
    assert kith("import", str(card)).code == 0
    rows = json.loads(kith("person", "list", "--json").out)["rows"]
    assert sorted(r["person"]["display_name"] for r in rows) == ["Alex Morgan", "Chris Doyle"]
