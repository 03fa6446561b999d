"""Contact files as real programs write them, through ``kith import`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"
EVOLUTION = DATA / "corpus" / "vcard" / "John_Doe_EVOLUTION.vcf"  # from ez-vcard's tests


def _people(kith: Any) -> dict[str, dict[str, Any]]:
    listed = [r["person"] for r in json.loads(kith("person", "list", "--json").out)["rows"]]
    return {
        p["display_name"]: json.loads(kith("person", "show", f"#{p['id']}", "--json").out)["person"]
        for p in listed
    }


def _numbers(person: dict[str, Any]) -> list[str]:
    return sorted(p["number"] for p in person["phones"])


def test_without_a_region_national_numbers_are_kept_as_written(kith: Any) -> None:
    result = kith("import", str(EVOLUTION), "--json")
    assert result.code == 0, result.err
    john = _people(kith)["Mr. John Richter, James Doe Sr."]
    assert _numbers(john) == ["905-555-1234", "905-666-1234"]  # no invented +1


def test_the_region_comes_from_the_option_or_the_stored_setting(kith: Any, tmp_path: Path) -> None:
    assert kith("init", "--region", "CA").code == 0
    assert kith("import", str(EVOLUTION)).code == 0
    john = _people(kith)["Mr. John Richter, James Doe Sr."]
    assert _numbers(john) == ["+19055551234", "+19056661234"]
    bad = kith("import", str(EVOLUTION), "--region", "Canada")
    assert bad.code != 0 and "not a phone region" in bad.err and "Traceback" not in bad.err


def test_the_region_comes_from_my_own_numbers(kith: Any, tmp_path: Path) -> None:
    assert kith("init", "--me", "Asha Menon", "--email", "asha@example.in").code == 0
    mine = tmp_path / "me.vcf"
    mine.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Asha Menon\r\nEMAIL:asha@example.in\r\n"
        "TEL;TYPE=CELL:+91 98470 12345\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert kith("import", str(mine)).code == 0
    friend = tmp_path / "friend.vcf"
    friend.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Nair;Vineeth\r\nTEL;CELL:09746749455\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert kith("import", str(friend)).code == 0
    assert _numbers(_people(kith)["Vineeth Nair"]) == ["+919746749455"]


def test_evolution_spouse_manager_and_assistant_become_stated_ties(kith: Any) -> None:
    result = kith("import", str(EVOLUTION), "--me", "me@example.org", "--json")
    assert result.code == 0, result.err
    people = _people(kith)
    assert {"Maria", "Big Blue", "Little Red"} <= set(people)
    john = people["Mr. John Richter, James Doe Sr."]
    assert john["notes"].endswith("Anniversary: 1980-03-22")
    assert john["affiliations"][0]["organisation"] == "IBM"
    assert john["affiliations"][0]["role"] == "Money Counter"
    shown = json.loads(kith("person", "show", f"#{john['id']}", "--json").out)
    kinds = {t["other_name"]: t["kinds"] for t in shown["ties"]}
    assert kinds["Maria"] == ["spouse"] and kinds["Big Blue"] == ["manager"]
    assert kinds["Little Red"] == ["assistant"]


def test_an_odd_line_is_a_warning_naming_file_line_and_property(kith: Any, tmp_path: Path) -> None:
    path = tmp_path / "wab.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Ito;Ken\r\nFN:Ken Ito\r\n"
        "X-WAB-WEDDING_ANNIVERSARY:20010610\r\nBDAY:sometime in spring\r\n"
        "EMAIL;INTERNET:ken.ito@example.jp\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = kith("import", str(path))
    assert result.code == 0, result.err
    assert f"warning: {path}: line 6 (card 1): dropped BDAY: not a date" in result.out
    ken = _people(kith)["Ken Ito"]
    assert ken["notes"] == "Anniversary: 2001-06-10"
    summary = json.loads(kith("import", str(path), "--json", "--dry-run").out)
    assert summary["files"][0]["warnings"] == [
        f"{path}: line 6 (card 1): dropped BDAY: not a date: 'sometime in spring'"
    ]


GOOGLE_ODD = (
    "First Name,Last Name,Birthday,Labels,E-mail 1 - Label,E-mail 1 - Value,"
    "Website 1 - Label,Website 1 - Value,Event 1 - Label,Event 1 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Shoe Size\r\n"
    "Lena,Vogel,15.13.1990,* myContacts,Work,lena@vogel.example.de,"
    "Profile,call me maybe,Anniversary,2012-05-04,Mobile,+49 151 23456789,42\r\n"
    "Paul,Kern,,* myContacts,Home,paul at home,Blog,https://kern.example.de,,,"
    "Mobile,Handy,43\r\n"
)


def test_csv_fields_that_cannot_be_read_are_warned_about_with_file_line_and_column(
    kith: Any, tmp_path: Path
) -> None:
    path = tmp_path / "google.csv"
    path.write_text(GOOGLE_ODD, encoding="utf-8")
    summary = json.loads(kith("import", str(path), "--json").out)
    assert summary["files"][0]["warnings"] == [
        f"{path}: line 2: dropped Birthday: not a date: '15.13.1990'",
        f"{path}: line 2: dropped Website 1 - Value: not a web address: 'call me maybe'",
        f"{path}: line 3: dropped E-mail 1 - Value: not an e-mail address: 'paul at home'",
        f"{path}: line 3: dropped Phone 1 - Value: not a phone number: 'Handy'",
        f"{path}: line 2: dropped column 'Shoe Size': Kithkin does not keep it "
        "(filled on this line and 1 more row)",
    ]
    people = _people(kith)
    lena, paul = people["Lena Vogel"], people["Paul Kern"]  # both kept, the odd values not
    assert lena["birthday"] is None and lena["links"] == []
    assert lena["notes"] == "Anniversary: 2012-05-04"  # a Google event is kept in the notes
    assert paul["emails"] == [] and paul["links"] == ["https://kern.example.de"]
    assert paul["phones"] == [] and [p["number"] for p in lena["phones"]] == ["+4915123456789"]


def test_a_link_that_is_no_web_address_is_warned_about(kith: Any, tmp_path: Path) -> None:
    path = tmp_path / "card.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEMAIL:ana@example.es\r\n"
        "URL:see my home page\r\nURL:https://ana.example.es\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    summary = json.loads(kith("import", str(path), "--json").out)
    assert summary["files"][0]["warnings"] == [
        f"{path}: line 5 (card 1): dropped URL: not a web address: 'see my home page'"
    ]
    assert _people(kith)["Ana Ruiz"]["links"] == ["https://ana.example.es"]


FAMILY = """BEGIN:VCARD
VERSION:3.0
N:Sharma;Anita;;;
FN:Anita Sharma
TEL;TYPE=HOME:+91 484 234 5678
EMAIL:anita.sharma@example.in
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Sharma;Rohan;;;
FN:Rohan Sharma
TEL;TYPE=HOME:+91 484 234 5678
END:VCARD
BEGIN:VCARD
VERSION:3.0
ORG:Lakeside Stores
FN:Lakeside Stores
EMAIL;TYPE=WORK:info@lakeside.example.in
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Varghese;Joseph;;;
FN:Joseph Varghese
EMAIL;TYPE=WORK:info@lakeside.example.in
END:VCARD
"""
LATER = """BEGIN:VCARD
VERSION:3.0
UID:7d2c1f0e-phone-export
N:Sharma;Anita;;;
FN:Anita R. Sharma
NICKNAME:Ani
EMAIL:Anita.Sharma@example.in
END:VCARD
"""


def test_shared_numbers_and_role_addresses_propose_and_merges_keep_the_name(
    kith: Any, tmp_path: Path
) -> None:
    first = tmp_path / "family.vcf"
    first.write_text(FAMILY, encoding="utf-8")
    summary = json.loads(kith("import", str(first), "--json").out)
    assert summary["totals"]["added"] == 4 and summary["totals"]["merged"] == 0
    proposals = json.loads(kith("merge", "--review", "--json").out)
    evidence = sorted(p["evidence"] for p in proposals)
    assert evidence == [
        "same e-mail info@lakeside.example.in (a shared address)",
        "same phone +914842345678",
    ]
    later = tmp_path / "later.vcf"
    later.write_text(LATER, encoding="utf-8")
    summary = json.loads(kith("import", str(later), "--json").out)
    assert summary["totals"]["merged"] == 1
    anita = _people(kith)["Anita Sharma"]
    assert anita["nicknames"] == ["Ani", "Anita R. Sharma"]
    (logged,) = json.loads(kith("merge", "--log", "--json").out)
    assert logged["kept_id"] == anita["id"] and logged["how"] == "vcard import"
    assert logged["what"] == (
        f"{later}: line 1 (card 1): 'Anita R. Sharma', same e-mail anita.sharma@example.in"
    )
    shown = kith("merge", "--log").out
    assert "into Anita Sharma" in shown and "'Anita R. Sharma', same e-mail" in shown


COMPANIES = """BEGIN:VCARD
VERSION:3.0
N:;;;;
FN:
PRODID:-//Apple Inc.//Mac OS X 10.12.6//EN
ORG:Lakeside Stores;
TEL;type=WORK;type=VOICE:+91 484 234 5678
item1.EMAIL;type=INTERNET:info@lakeside.example.in
ADR;TYPE=WORK:;;MG Road;Kochi;Kerala;682016;India
X-ABShowAs:COMPANY
END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:org
FN:Northwind Health
ORG:Northwind Health
EMAIL:contact@northwind.example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Varghese;Joseph;;;
FN:Joseph Varghese
ORG:Lakeside Stores
TITLE:Owner
END:VCARD
"""


def test_organisation_cards_become_organisations_with_their_details(
    kith: Any, tmp_path: Path
) -> None:
    path = tmp_path / "companies.vcf"
    path.write_text(COMPANIES, encoding="utf-8")
    summary = json.loads(kith("import", str(path), "--json").out)
    assert summary["totals"]["organisations"] == 2 and summary["totals"]["added"] == 1
    assert set(_people(kith)) == {"Joseph Varghese"}  # no person named after a company
    shop = json.loads(kith("org", "show", "lakeside stores", "--json").out)
    assert shop["phones"] == [["+914842345678", "work"]]
    assert shop["emails"] == [["info@lakeside.example.in", ""]]
    assert shop["location"] == "Kochi, Kerala, India"
    assert shop["domain"] == "lakeside.example.in"
    assert shop["people"] == [[_people(kith)["Joseph Varghese"]["id"], "Joseph Varghese", "Owner"]]
    again = json.loads(kith("import", str(path), "--json").out)
    assert again["totals"]["organisations"] == 0 and again["totals"]["unchanged"] == 3
    missing = kith("org", "show", "Globex")
    assert missing.code != 0 and "no organisation named 'Globex'" in missing.err


CONTACT_PEOPLE = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.5.1//EN
N:Okafor;Chidi;;Dr.;
FN:Chidi Okafor
ORG:Harbour Clinic;
TITLE:Practice Manager
TEL;type=WORK;type=VOICE:+44 113 496 0000
EMAIL;type=INTERNET;type=WORK:desk@harbourclinic.example.org.uk
X-ABShowAs:COMPANY
END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:org
FN:Northwind Health
ORG:Northwind Health
RELATED;TYPE=contact;VALUE=text:Maria Anders
X-ASSISTANT:Tom Berg
EMAIL:contact@northwind.example.com
END:VCARD
"""


def test_a_company_card_naming_its_contact_person_creates_that_person_working_there(
    kith: Any, tmp_path: Path
) -> None:
    assert kith("init", "--me", "Me Myself", "--email", "me@example.org").code == 0
    path = tmp_path / "companies.vcf"
    path.write_text(CONTACT_PEOPLE, encoding="utf-8")
    summary = json.loads(kith("import", str(path), "--json").out)
    assert summary["totals"]["organisations"] == 2 and summary["totals"]["added"] == 3
    people = _people(kith)
    chidi = people["Chidi Okafor"]
    assert (chidi["prefix"], chidi["given_name"], chidi["family_name"]) == (
        "Dr.",
        "Chidi",
        "Okafor",
    )
    assert [(a["organisation"], a["role"]) for a in chidi["affiliations"]] == [
        ("Harbour Clinic", "Practice Manager")
    ]
    assert chidi["emails"] == [] and chidi["phones"] == []  # the card's are the clinic's
    clinic = json.loads(kith("org", "show", "harbour clinic", "--json").out)
    assert clinic["phones"] == [["+441134960000", "work"]]
    northwind = json.loads(kith("org", "show", "northwind health", "--json").out)
    assert sorted((p[1], p[2]) for p in northwind["people"]) == [
        ("Maria Anders", ""),
        ("Tom Berg", "assistant"),
    ]
    me = next(p for p in people.values() if p["display_name"] == "Me Myself")
    mine = {
        t["other_name"]
        for t in json.loads(kith("person", "show", f"#{me['id']}", "--json").out)["ties"]
    }
    assert {"Chidi Okafor", "Maria Anders"} <= mine and "Tom Berg" not in mine
    again = json.loads(kith("import", str(path), "--json").out)
    assert again["totals"]["added"] == 0 and again["totals"]["organisations"] == 0
