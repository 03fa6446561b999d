"""Every sample export in ``shared/samples``: exactly the records its EXPECTED.md implies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from kithkin.ingest.detect import parse_file
from kithkin.ingest.records import (
    InteractionRecord,
    Notice,
    OrgRecord,
    PersonRecord,
    Record,
    Related,
    Skipped,
)
from kithkin.model import Channel

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copied from shared/samples
ME = ("Alex.Morgan@example.com",)


def _records(relative: str) -> list[Record]:
    return list(parse_file(SAMPLES / relative, me=ME, region="US"))


def _people(relative: str) -> dict[str, PersonRecord]:
    # Columns Kithkin keeps no field for (a department, a street) are said once per file.
    records = [r for r in _records(relative) if not (isinstance(r, Notice) and "Kithkin" in r.text)]
    assert all(isinstance(r, PersonRecord) for r in records), records
    return {r.display_name: r for r in records if isinstance(r, PersonRecord)}


def test_linkedin_connections_after_the_notes_preamble() -> None:
    people = _people("linkedin/Connections.csv")
    assert list(people) == [
        "Priya Raman",
        "Tomás Herrera",
        "Wei Chen",
        "Jordan Blake",
        "Keiko Sato",
        "Christopher Doyle",
        "Lena Fischer",
        "Sam Patel",
    ]
    priya = people["Priya Raman"]
    assert priya.key == "https://www.linkedin.com/in/priya-raman-4b1a2"
    assert priya.origin.record == "line 5"
    assert priya.emails == []
    assert priya.organisations == [OrgRecord("Northwind Health", "Data Science Manager")]
    assert priya.connected_on == date(2021, 2, 14)
    assert people["Tomás Herrera"].emails == [("tomas.herrera@example.org", "")]
    assert people["Tomás Herrera"].organisations[0].name == "Fabrikam, Inc."
    assert people["Lena Fischer"].connected_on == date(2025, 10, 11)
    assert people["Christopher Doyle"].organisations == [
        OrgRecord("Tailspin Toys", "Sales Director")
    ]


def test_google_contacts_with_bom_labels_and_multiline_address() -> None:
    people = _people("google/contacts.csv")
    assert list(people) == [
        "Priya Raman",
        "Daniel Okafor",
        "Margaret Lindqvist",
        "Sam Patel",
        "Chris Doyle",
    ]
    priya = people["Priya Raman"]
    assert priya.circles == ["college", "friends"]  # without "* myContacts"
    assert priya.emails == [("priya.raman@example.com", "home")]
    assert priya.phones == [("+14155550134", "mobile")]
    assert priya.birthday == "1991-07-09"
    dan = people["Daniel Okafor"]
    assert dan.nicknames == ["Dan"]
    assert dan.emails == [("dan.okafor@example.com", "home")]
    assert dan.phones == [("+14155550199", "mobile")]
    assert dan.location == "Springfield, IL, US"
    assert dan.organisations == [OrgRecord("Contoso Ltd", "Senior Software Engineer")]
    peggy = people["Margaret Lindqvist"]
    assert peggy.origin.record == "line 5"  # Daniel's quoted address spans lines 3 and 4
    assert peggy.birthday == "--03-22"
    assert peggy.phones == [("+14155550101", "home"), ("+14155550102", "mobile")]
    assert peggy.circles == ["family"]
    assert people["Chris Doyle"].phones == [("+14155550177", "mobile")]
    assert people["Sam Patel"].emails == [("sam@wideworld.example.com", "work")]


def test_outlook_contacts_with_empty_dates() -> None:
    people = _people("outlook/contacts.csv")
    assert list(people) == ["Tomas Herrera", "Wei Chen", "Rachel Kim"]
    assert people["Tomas Herrera"].phones == [("+34612345678", "mobile")]
    assert people["Wei Chen"].phones == [("+12065550147", "work")]
    rachel = people["Rachel Kim"]
    assert rachel.birthday == ""  # 0/0/00
    assert rachel.organisations == [OrgRecord("Fabrikam, Inc.", "Engineering Manager")]
    assert rachel.emails == [("rachel.kim@fabrikam.example.com", "")]
    assert rachel.notes == "My manager at Fabrikam"


def test_iphone_vcard_groups_related_names_and_year_less_birthday() -> None:
    people = _people("vcard/iphone.vcf")
    assert list(people) == ["Priya Raman", "Margaret Lindqvist", "Chris Doyle"]
    priya = people["Priya Raman"]
    assert priya.emails == [("priya.raman@example.com", "other")]  # item1.X-ABLabel
    assert priya.phones == [("+14155550134", "mobile")]
    assert priya.organisations == [OrgRecord("Northwind Health", "Data Science Manager")]
    peggy = people["Margaret Lindqvist"]
    assert peggy.nicknames == ["Peggy"]
    assert peggy.birthday == "--03-22"  # X-APPLE-OMIT-YEAR=1604
    assert peggy.related == [Related(name="Daniel Okafor", kind="neighbour")]
    assert peggy.notes == "Mom's sister. Knows everyone on Elm Street, and half of Springfield."
    assert people["Chris Doyle"].phones == [("+14155550177", "mobile")]


def test_android_vcard_quoted_printable_with_soft_line_break() -> None:
    people = _people("vcard/android.vcf")
    assert list(people) == ["Tomás Herrera", "Daniel Okafor"]
    tomas = people["Tomás Herrera"]
    assert (tomas.given_name, tomas.family_name) == ("Tomás", "Herrera")
    assert tomas.organisations == [OrgRecord("Fabrikam, Inc.")]
    dan = people["Daniel Okafor"]
    assert dan.phones == [("+14155550199", "mobile")]
    assert dan.emails == [("daniel.okafor@contoso.example.com", "work")]
    assert dan.notes == "Aunt Peggy's neighbour. Happy to talk about mentoring (platform team)."


def test_nextcloud_vcard_4() -> None:
    (wei,) = _people("vcard/nextcloud.vcf").values()
    assert wei.key == "6f1c2d8e-5b7a-4c1e-9a3f-2d4e5f6a7b8c"
    assert wei.phones == [("+12065550147", "mobile")]  # tel: URI
    assert wei.birthday == "--04-15"
    assert wei.circles == ["mentors", "work"]
    assert wei.related == [Related(name="Daniel Okafor", kind="colleague")]
    assert wei.organisations == [OrgRecord("Contoso Ltd", "Director of Engineering")]


def test_calendar_meetings_recurrence_and_skips() -> None:
    records = _records("calendar/alex-morgan.ics")
    meetings = [r for r in records if isinstance(r, InteractionRecord)]
    coffees = [m for m in meetings if m.note == "Coffee with Priya"]
    assert [c.when.date() for c in coffees] == [
        date(2026, 1, 10),
        date(2026, 2, 14),
        date(2026, 3, 14),
        date(2026, 4, 11),
        date(2026, 5, 9),
        date(2026, 6, 13),
    ]
    assert coffees[0].when == datetime(2026, 1, 10, 16, 30, tzinfo=UTC)  # 08:30 in Los Angeles
    assert coffees[3].when == datetime(2026, 4, 11, 15, 30, tzinfo=UTC)  # daylight saving time
    assert len({c.key for c in coffees}) == 6
    assert all(c.key.startswith("coffee-priya-2026@google.com/") for c in coffees)
    assert {p.email for p in coffees[0].parties} == {
        "alex.morgan@example.com",
        "priya.raman@example.com",
    }
    chat = next(m for m in meetings if m.key == "platform-chat-7781@contoso.example.com")
    assert chat.when == datetime(2026, 3, 12, 17, 0, tzinfo=UTC)
    assert chat.channel is Channel.IN_PERSON
    assert chat.initiator is not None and chat.initiator.email == "wei.chen@contoso.example.com"
    dinner = next(m for m in meetings if m.key == "peggy-bday-2026@google.com")
    assert dinner.when.date() == date(2026, 3, 22)  # all day, in the calendar's zone
    assert {(p.email, p.name) for p in dinner.parties} == {
        ("alex.morgan@example.com", "Alex Morgan"),
        ("peggy.lindqvist@example.net", "Margaret Lindqvist"),
        ("dan.okafor@example.com", "Daniel Okafor"),
    }
    assert len(meetings) == 8
    assert not any("sam@" in p.email for m in meetings for p in m.parties)  # cancelled lunch
    # Who met whom is the meetings' participants, and nothing else: the network infers
    # "met together" from them when read.
    assert {p.email for p in chat.parties} >= {
        "wei.chen@contoso.example.com",
        "daniel.okafor@contoso.example.com",
    }
    assert all(isinstance(r, InteractionRecord | Skipped) for r in records)
    skipped = {r.reason for r in records if isinstance(r, Skipped)}
    assert skipped == {"event without attendees", "cancelled event"}


def test_mbox_direction_answers_threads_and_bulk_mail() -> None:
    records = _records("mail/alex-morgan.mbox")
    mails = {r.key: r for r in records if isinstance(r, InteractionRecord)}
    assert len(mails) == 9
    assert all(m.channel is Channel.EMAIL for m in mails.values())
    first = mails["a1b2c3@mail.example.com"]
    assert first.answered is True
    assert first.initiator is not None and first.initiator.email == "alex.morgan@example.com"
    reply = mails["p9q8r7@mail.example.com"]
    assert reply.in_reply_to == "a1b2c3@mail.example.com"
    assert reply.initiator is not None
    assert (reply.initiator.email, reply.initiator.name) == ("priya.raman@example.com", "Priya R.")
    assert [
        mails[k].answered
        for k in ("s1@mail.example.com", "s2@mail.example.com", "s3@mail.example.com")
    ] == [False, False, False]
    assert mails["t1@mail.example.com"].answered is True
    tomas = mails["th1@example.org"]
    assert tomas.initiator is not None and tomas.initiator.name == "Tomás Herrera"
    assert tomas.note == "Reference for my new role 🙏"
    assert tomas.answered is None  # not mine: whether I answered is not this file's to say
    assert tomas.when == datetime(2026, 4, 18, 7, 0, tzinfo=UTC)
    assert mails["th2@mail.example.com"].in_reply_to == "th1@example.org"
    (bulk,) = [r for r in records if isinstance(r, Skipped)]
    assert bulk.reason == "bulk mail (List-Id)"
    assert not any("northwind" in p.email for m in mails.values() for p in m.parties)
    # Wei and Daniel on my thank-you and on Wei's reply: the messages say so, no tie record.
    both = {"wei.chen@contoso.example.com", "daniel.okafor@contoso.example.com"}
    assert sum(both <= {p.email for p in m.parties} for m in mails.values()) == 2
    assert all(isinstance(r, InteractionRecord | Skipped) for r in records)
