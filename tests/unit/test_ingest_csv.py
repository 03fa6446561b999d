"""LinkedIn, Google and Outlook CSV files beyond the samples."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kithkin.errors import ImportFailed
from kithkin.ingest import google, linkedin, outlook
from kithkin.ingest.records import BadRecord, Notice, OrgRecord, PersonRecord, Related, Skipped

DATA = Path(__file__).resolve().parents[1] / "data" / "csv"


def test_linkedin_bad_row_is_named_by_line_and_the_rest_come_through() -> None:
    records = list(linkedin.parse(DATA / "linkedin-broken.csv"))
    assert [(type(r).__name__, r.origin.record) for r in records] == [
        ("PersonRecord", "line 2"),
        ("BadRecord", "line 3"),
        ("Skipped", "line 4"),
        ("PersonRecord", "line 5"),
    ]
    ada, bad, hidden, carol = records
    assert isinstance(ada, PersonRecord) and isinstance(carol, PersonRecord)
    assert ada.connected_on == date(2025, 10, 12)  # older exports write 10/12/25
    assert isinstance(bad, BadRecord) and "8 fields where the header has 7" in bad.reason
    assert isinstance(hidden, Skipped) and hidden.reason == "connection without a name"
    assert carol.organisations == [OrgRecord("Air Force, US", "Pilot")]


def test_outlook_csv_in_windows_1252_with_a_multiline_note() -> None:
    notice, person = outlook.parse(DATA / "outlook-cp1252.csv", region="US")
    assert isinstance(notice, Notice) and "cp1252" in notice.text
    assert isinstance(person, PersonRecord)
    assert person.display_name == "Jürgen Müller"
    assert person.prefix == "Herr" and person.nicknames == ["Jürgi"]
    assert person.emails == [("j.mueller@fabrikam.example.com", ""), ("juergen@example.de", "")]
    assert person.phones == [("+4915123456789", "mobile"), ("+13125550188", "work")]
    assert person.birthday == "1979-11-30"
    assert person.circles == ["work", "customers"]
    assert person.location == "Berlin, Germany"
    assert person.notes == "Met at the trade fair\nin Köln"


def test_legacy_google_csv_with_joined_values_and_relations() -> None:
    (person,) = google.parse(DATA / "google-legacy.csv", region="US")
    assert isinstance(person, PersonRecord)
    assert person.emails == [
        ("ingrid@studio.example.com", "work"),
        ("ingrid@home.example.se", "home"),
    ]
    assert person.phones == [("+46701234567", "mobile")]
    assert person.circles == ["film club"]  # no * Starred, no * myContacts
    assert person.related == [Related(name="Britt Bergman", kind="sister")]
    assert person.organisations == [OrgRecord("Studio AB", "Actress")]


def test_a_csv_without_the_expected_header_fails_with_the_file_named() -> None:
    with pytest.raises(ImportFailed, match=r"google-legacy\.csv: not a LinkedIn"):
        list(linkedin.parse(DATA / "google-legacy.csv"))
