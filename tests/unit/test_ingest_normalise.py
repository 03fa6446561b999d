"""Normal forms of addresses, phones, names, labels and dates."""

from __future__ import annotations

from datetime import date

import pytest

from kithkin.ingest import normalise


def test_email_is_lower_case_without_mailto() -> None:
    assert normalise.email(" MAILTO:Priya.Raman@Example.COM ") == "priya.raman@example.com"
    assert normalise.email("<Wei@Contoso.example.com>") == "wei@contoso.example.com"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(415) 555-0101", "US", "+14155550101"),
        ("415.555.0101", "US", "+14155550101"),
        ("+1 415-555-0134", "US", "+14155550134"),
        ("tel:+1-206-555-0147", "US", "+12065550147"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("04 72 00 00 00", "US", "04 72 00 00 00"),  # not a US number: kept as written
        ("call me", "US", "call me"),
        ("", "US", ""),
        # Without a region a national number has no country: kept as written, never +1.
        ("0554221894", "", "0554221894"),
        ("(415) 555-0101", "", "(415) 555-0101"),
        ("+91 97467 49455", "", "+919746749455"),
        # Extensions are kept, in RFC 3966's spelling.
        ("+1 415 555 0100;ext=102", "", "+14155550100;ext=102"),
        ("(415) 555-0100 x102", "US", "+14155550100;ext=102"),
        ("tel:+1-415-555-0100;ext=7", "", "+14155550100;ext=7"),
    ],
)
def test_phone_to_e164_or_as_written(raw: str, region: str, expected: str) -> None:
    assert normalise.phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Neighbor", "neighbour"),
        ("_$!<Friend>!$_", "friend"),
        ("Neighbors", "neighbour"),
        ("co-worker", "colleague"),
        ("_$!<Sister>!$_", "sister"),
        ("children", "child"),
        ("boss", "boss"),
    ],
)
def test_relation_labels_become_singular_kinds(raw: str, kind: str) -> None:
    assert normalise.relation_kind(raw) == kind


@pytest.mark.parametrize(
    ("raw", "omit_year", "expected"),
    [
        ("1991-07-09", False, "1991-07-09"),
        ("19910709", False, "1991-07-09"),
        ("--0415", False, "--04-15"),
        ("--03-22", False, "--03-22"),
        ("1604-03-22", True, "--03-22"),
        ("1604-03-22", False, "--03-22"),
        ("7/9/1991", False, "1991-07-09"),
        ("30.11.1979", False, "1979-11-30"),  # a German Outlook's export: day first
        ("15.13.1990", False, ""),
        ("0/0/00", False, ""),
        ("1991-02-30", False, ""),
        ("soon", False, ""),
    ],
)
def test_birthdays_with_and_without_a_year(raw: str, omit_year: bool, expected: str) -> None:
    assert normalise.birthday(raw, omit_year=omit_year) == expected


def test_names_organisations_labels_and_connection_dates() -> None:
    assert normalise.split_name('Dr. Margaret "Peggy" Lindqvist') == (
        "Margaret",
        "",
        "Lindqvist",
        "Dr.",
        "",
        ["Peggy"],
    )
    assert normalise.organisation("  Northwind Health; ") == "Northwind Health"
    assert normalise.label("_$!<Other>!$_") == "other"
    assert normalise.label("CELL") == "mobile"
    assert normalise.circle(" School:Lycée du Parc ") == "school:Lycée du Parc"
    assert normalise.connected_date("12 Oct 2025") == date(2025, 10, 12)
    assert normalise.connected_date("someday") is None
