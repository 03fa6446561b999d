"""vCard files beyond the samples: broken and truncated cards, Monica 4.0, Outlook 2.1."""

from __future__ import annotations

from pathlib import Path

from kithkin.ingest import vcard
from kithkin.ingest.records import Notice, OrgRecord, PersonRecord, Related, Skipped

DATA = Path(__file__).resolve().parents[1] / "data" / "vcard"


def test_a_line_that_is_no_property_is_dropped_with_a_notice_and_the_card_kept() -> None:
    records = list(vcard.parse(DATA / "broken.vcf"))
    assert [type(r) for r in records] == [PersonRecord, Notice, PersonRecord, PersonRecord]
    notice = records[1]
    assert isinstance(notice, Notice)
    assert notice.origin.record == "line 10 (card 2)"
    assert "this line lost its property name" in notice.message()
    ada, betty, charles = records[0], records[2], records[3]
    assert isinstance(ada, PersonRecord) and isinstance(charles, PersonRecord)
    assert isinstance(betty, PersonRecord) and betty.emails == [("betty@example.org", "")]
    assert ada.emails == [("ada@example.org", "")]
    assert charles.phones == [("+442079460018", "work")]


def test_cards_cut_short_are_read_up_to_where_they_stop_with_a_notice() -> None:
    records = list(vcard.parse(DATA / "truncated.vcf"))
    assert [(type(r).__name__, r.origin.record) for r in records] == [
        ("Notice", "line 1 (card 1)"),
        ("PersonRecord", "line 1 (card 1)"),
        ("PersonRecord", "line 5 (card 2)"),
        ("Notice", "line 10 (card 3)"),
        ("PersonRecord", "line 10 (card 3)"),
    ]
    grace = records[1]
    assert isinstance(grace, PersonRecord) and grace.emails == [("grace@example.org", "")]


def test_monica_vcard_4_with_uris_related_and_escapes() -> None:
    records = list(vcard.parse(DATA / "monica.vcf", region="US"))
    (card,) = [r for r in records if isinstance(r, PersonRecord)]
    assert [n.text for n in records if isinstance(n, Notice)] == [
        # Monica points at the other person's card, which this file does not hold.
        "dropped RELATED: names nobody by name or address: "
        "'urn:uuid:0d8c7b9e-1f2a-4b3c-8d4e-5f6a...'",
        "dropped GENDER: Kithkin does not keep it (here only)",
    ]
    assert isinstance(card, PersonRecord)
    assert card.key == "a3f7c1de-2b5e-4f0a-9c1d-7e8f9a0b1c2d"
    assert (card.prefix, card.given_name, card.middle_name, card.family_name, card.suffix) == (
        "Dr.",
        "Anaïs",
        "Marie",
        "Dubois-Leclerc",
        "PhD",
    )
    assert card.nicknames == ["Ana", "Nini"]
    assert card.emails == [("anais.dubois@example.fr", "home"), ("anais@labo.example.fr", "work")]
    # A French national number is not a US number: kept as written, not given a wrong +1.
    assert card.phones == [("+33612345678", "mobile"), ("04 72 00 00 00", "work")]
    assert card.birthday == "1985-02-03"
    assert card.location == "Lyon, France"
    assert card.circles == ["lyon friends", "school:Lycée du Parc"]
    assert card.links == ["https://anais.example.fr"]
    assert card.related == [
        Related(email="julien@example.fr", kind="spouse"),
        Related(name="Camille Martin", kind="friend"),
    ]  # the urn:uuid: one names nobody we can find
    assert card.notes == (
        "Met at the Lyon data meetup.\nLoves climbing; ask about the long routes at Ceüse."
    )


def test_outlook_vcard_2_1_in_windows_1252() -> None:
    notice, card, department = vcard.parse(DATA / "outlook.vcf", region="US")
    assert isinstance(department, Notice) and "dropped ORG unit" in department.text
    assert isinstance(notice, Notice) and isinstance(card, PersonRecord)
    assert notice.text == "read as Western (cp1252), guessed from its bytes"
    assert card.display_name == "Jürgen Müller"
    assert card.organisations == [OrgRecord("Fabrikam, Inc.", "Account Manager")]
    assert card.phones == [("+13125550188", "work"), ("+4915123456789", "mobile")]
    assert card.emails == [("j.mueller@fabrikam.example.com", "")]
    assert card.location == "Berlin, Germany"


def test_a_card_with_nothing_to_name_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty-card.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:just a note\r\nEND:VCARD\r\n")
    (record,) = vcard.parse(path)
    assert isinstance(record, Skipped)
    assert record.reason == "card without a name, email or phone"


def test_unindented_base64_photo_of_vcard_2_1_is_skipped_not_fatal() -> None:
    yuki, ken = vcard.parse(DATA / "android-photo.vcf", region="US")
    assert isinstance(yuki, PersonRecord) and isinstance(ken, PersonRecord)
    assert yuki.phones == [("+819012345678", "mobile")]
    assert ken.emails == [("ken.ito@example.jp", "")]


def test_outlook_and_wab_properties_pairs_escapes_and_extensions(tmp_path: Path) -> None:
    path = tmp_path / "outlook-2016.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Whitfield;Dana;;;\r\nFN:Dana Whitfield\r\n"
        "ORG:Contoso;Legal\r\nTITLE:Counsel\r\nORG:Leeds Law School\r\nTITLE:Visiting Lecturer\r\n"
        "TEL;TYPE=WORK,FAX:+44 113 496 0002\r\nTEL;TYPE=WORK:+44 113 496 0000;ext=102\r\n"
        "X-MS-SPOUSE;TYPE=N:Chris Whitfield\r\nX-MS-MANAGER;TYPE=N:Priya Raman\r\n"
        "X-MS-ASSISTANT;TYPE=N:Sam Reed\r\nX-SPOUSE:Chris Whitfield\r\n"
        "X-WAB-WEDDING_ANNIVERSARY:20010610\r\n"
        "RELATED;TYPE=friend:ben.okafor@example.org\r\nRELATED;TYPE=co-worker:urn:uuid:42\r\n"
        'NOTE:Says \\"hello\\" \\; files in C:\\Users\\dana\r\nEND:VCARD\r\n',
        encoding="utf-8",
    )
    related, dana, department = vcard.parse(path)
    assert isinstance(related, Notice) and related.origin.record == "line 17 (card 1)"
    assert related.text == "dropped RELATED: names nobody by name or address: 'urn:uuid:42'"
    assert isinstance(department, Notice) and "dropped ORG unit" in department.text
    assert isinstance(dana, PersonRecord)
    assert dana.organisations == [
        OrgRecord("Contoso", "Counsel"),
        OrgRecord("Leeds Law School", "Visiting Lecturer"),
    ]
    assert dana.phones == [("+441134960002", "work fax"), ("+441134960000;ext=102", "work")]
    assert dana.related == [
        Related(name="Chris Whitfield", kind="spouse"),
        Related(name="Priya Raman", kind="manager"),
        Related(name="Sam Reed", kind="assistant"),
        Related(email="ben.okafor@example.org", kind="friend"),  # an address, not a name
    ]
    assert dana.notes == 'Says "hello" ; files in C:\\Users\\dana\nAnniversary: 2001-06-10'


def test_kind_org_with_only_a_formatted_name_is_an_organisation(tmp_path: Path) -> None:
    path = tmp_path / "org.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Northwind Health\r\n"
        "TEL;VALUE=uri;TYPE=work:tel:+1-206-555-0100\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    (card,) = vcard.parse(path)
    assert isinstance(card, PersonRecord) and card.is_organisation
    assert card.display_name == "Northwind Health" and card.given_name == ""
    assert card.phones == [("+12065550100", "work")]


def test_an_email_that_is_no_address_is_dropped_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "card.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ken Ito\r\nEMAIL;TYPE=WORK:n/a\r\n"
        "EMAIL:MAILTO:Ken.Ito@example.jp\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    notice, ken = vcard.parse(path)
    assert isinstance(notice, Notice) and isinstance(ken, PersonRecord)
    assert (
        notice.message() == f"{path}: line 4 (card 1): dropped EMAIL: not an e-mail address: 'n/a'"
    )
    assert ken.emails == [("ken.ito@example.jp", "")]


def test_a_photo_folded_over_many_megabytes_is_read_in_one_pass(tmp_path: Path) -> None:
    # 8 MB of base64 folded every 75 octets: joining folds one at a time re-copies the
    # growing value at every fold (minutes at this size); one join reads it at once.
    folds = "".join(f"\r\n {'QUJD' * 18}" for _ in range(8 * 1024 * 1024 // 72))
    path = tmp_path / "photo.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:QUJD{folds}\r\n"
        "EMAIL:ada@example.org\r\nEND:VCARD\r\n",
        encoding="ascii",
    )
    (ada,) = [r for r in vcard.parse(path) if isinstance(r, PersonRecord)]
    assert ada.display_name == "Ada Lovelace"
    assert ada.emails == [("ada@example.org", "")]


CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "vcard"


def test_a_group_or_a_place_is_no_person_and_a_groups_members_form_a_circle() -> None:
    group = list(vcard.parse(CORPUS / "vobject-vcard40_group.vcf"))
    skipped = [r for r in group if isinstance(r, Skipped)]
    assert [s.reason for s in skipped] == ["card of a group (KIND:group), not a person"]
    (kid,) = [r for r in group if isinstance(r, PersonRecord)]
    assert kid.emails == [("kid@example.com", "")] and kid.circles == ["the doe family"]
    dropped = [r.text for r in group if isinstance(r, Notice)]
    assert len(dropped) == 2 and all("dropped MEMBER: names nobody" in d for d in dropped)
    (place,) = vcard.parse(CORPUS / "vobject-vcard40_location.vcf")
    assert isinstance(place, Skipped)
    assert place.reason == "card of a place (KIND:location), not a person"


def test_a_title_without_its_organisation_is_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "card.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEMAIL:ana@example.es\r\n"
        "TITLE:Head of Research\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    dropped, ana = vcard.parse(path)
    assert isinstance(ana, PersonRecord) and ana.organisations == []
    assert isinstance(dropped, Notice) and dropped.origin.record == "line 5 (card 1)"
    assert dropped.text == "dropped TITLE: no ORG it belongs to: 'Head of Research'"
