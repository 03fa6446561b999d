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
    notice, person, department = outlook.parse(DATA / "outlook-cp1252.csv", region="US")
    assert isinstance(notice, Notice) and "cp1252" in notice.text
    # Kithkin keeps no department: said once, with the line that fills it.
    assert isinstance(department, Notice) and department.origin.record == "line 2"
    assert department.text.startswith("dropped column 'Department'")
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


def test_linkedin_without_url_or_email_columns_and_spreadsheet_dates() -> None:
    records = list(linkedin.parse(DATA / "linkedin-no-url.csv"))
    people = [r for r in records if isinstance(r, PersonRecord)]
    priya, robert, prince, ada = people
    assert (priya.given_name, priya.family_name, priya.suffix) == (
        "Priya",
        "Nayak",
        "MSc, MBA, PHR",
    )
    assert priya.display_name == "Priya Nayak" and priya.connected_on == date(2024, 1, 15)
    assert (robert.given_name, robert.nicknames) == ("Robert", ["RC"])
    assert robert.connected_on == date(2018, 1, 8) and robert.emails == [
        ("rc.chen@example.com", "")
    ]
    assert (prince.given_name, prince.family_name, prince.prefix) == ("Prince", "Harris", "")
    # A date no spreadsheet style reads: the connection is kept, its date dropped with a notice.
    assert ada.connection and ada.connected_on is None
    (notice,) = [r for r in records if isinstance(r, Notice)]
    assert notice.origin.record == "line 5" and "Connected On 'sometime'" in notice.text
    assert all(p.connection for p in people)


def test_linkedin_2022_shape_and_day_first_dates(tmp_path: Path) -> None:
    (lena,) = linkedin.parse(DATA / "linkedin-2022.csv")
    assert isinstance(lena, PersonRecord) and lena.connected_on == date(2022, 10, 12)
    assert lena.key == "Lena Fischer" and lena.organisations == [
        OrgRecord("Northwind Health", "Data Engineer")
    ]
    resaved = tmp_path / "Connections.csv"
    resaved.write_text(
        "First Name,Last Name,Company,Position,Connected On\n"
        "Ana,Ruiz,Contoso,CTO,03/04/2021\nBen,Okafor,Contoso,CEO,25/12/2020\n",
        encoding="utf-8",
    )
    ana, _ = linkedin.parse(resaved)
    assert isinstance(ana, PersonRecord) and ana.connected_on == date(2021, 4, 3)


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Prince Harris", ("Prince", "", "Harris", "", "")),
        ("Dr. Smith", ("", "", "Smith", "Dr.", "")),
        ("Doe, John", ("John", "", "Doe", "", "")),
        ("Priya Nayak, MSc, MBA, PHR", ("Priya", "", "Nayak", "", "MSc, MBA, PHR")),
        ("Robert (RC) Chen", ("Robert", "", "Chen", "", "")),
    ],
)
def test_full_names_are_split_with_titles_credentials_and_nicknames(
    full: str, parts: tuple[str, ...]
) -> None:
    from kithkin.ingest.normalise import split_name

    assert split_name(full)[:5] == parts


OUTLOOK_HEADER = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title",'
    '"Business City","Business Country/Region","Assistant\'s Phone","Business Fax",'
    '"Business Phone","Home Fax","Mobile Phone","Pager","Anniversary","Assistant\'s Name",'
    '"Birthday","Children","E-mail Address","E-mail Type","E-mail Display Name",'
    '"Manager\'s Name","Spouse"'
)


def test_outlook_fax_pager_and_the_people_it_names(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(
        OUTLOOK_HEADER + "\r\n"
        '"","Dana","","Whitfield","","Contoso","Legal","Counsel","Leeds","United Kingdom",'
        '"+44 113 496 0001","+44 113 496 0002","+44 113 496 0000","","+44 7700 900123",'
        '"+44 7700 900999","6/10/2001","Sam Reed","0/0/00","Ivy, Leo",'
        '"dana@contoso.example.com","SMTP","Dana Whitfield (dana@contoso.example.com)",'
        '"Priya Raman","Chris Whitfield"\r\n',
        encoding="utf-8",
    )
    dana, department = outlook.parse(path)
    assert isinstance(dana, PersonRecord)
    assert isinstance(department, Notice) and "'Department'" in department.text
    assert dict((label, number) for number, label in dana.phones) == {
        "mobile": "+447700900123",
        "work": "+441134960000",
        "work fax": "+441134960002",
        "pager": "+447700900999",
        "assistant": "+441134960001",
    }
    assert dana.related == [
        Related(name="Chris Whitfield", kind="spouse"),
        Related(name="Priya Raman", kind="manager"),
        Related(name="Sam Reed", kind="assistant"),
        Related(name="Ivy", kind="child"),
        Related(name="Leo", kind="child"),
    ]
    assert dana.notes == "Anniversary: 2001-06-10" and dana.birthday == ""


def test_a_google_relation_written_as_an_address_is_an_address(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "Name,Given Name,Family Name,Relation 1 - Type,Relation 1 - Value\n"
        "Ana Ruiz,Ana,Ruiz,Spouse,ben.okafor@example.org\n",
        encoding="utf-8",
    )
    (ana,) = google.parse(path)
    assert isinstance(ana, PersonRecord)
    assert ana.related == [Related(email="ben.okafor@example.org", kind="spouse")]


def test_an_outlook_company_row_names_the_people_working_there(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(
        OUTLOOK_HEADER + "\r\n"
        '"","","","","","Contoso","","","Leeds","United Kingdom","","","+44 113 496 0000",'
        '"","","","","Sam Reed","","","info@contoso.example.com","SMTP","","",""\r\n',
        encoding="utf-8",
    )
    contoso, sam = outlook.parse(path)
    assert isinstance(contoso, PersonRecord) and contoso.is_organisation
    assert contoso.display_name == "Contoso" and contoso.related == []
    assert isinstance(sam, PersonRecord) and not sam.is_organisation
    assert (sam.given_name, sam.family_name) == ("Sam", "Reed")
    assert sam.organisations == [OrgRecord("Contoso", "assistant")] and sam.emails == []
