"""The real-world corpus: every file of ``tests/data/corpus`` imports as ``EXPECTED`` says.

The files come from other projects' test suites (their origin and licence in
``MANIFEST``, contacts in ``MANIFEST-contacts``). Two tests, each on SQLite and
PostgreSQL:

- every file, imported alone into an empty network, gives the outcome that
  ``EXPECTED`` records for it: its counts and skip reasons, or the one line that
  rejects it; never an unexpected error. Each file is imported with ``dry_run``
  into the one database of the test: the import writes everything in its
  transaction and rolls it back, so every file meets the same empty network as in
  a fresh database, and migrations run once per backend instead of once per file
  (a fresh PostgreSQL schema per file would cost minutes).
- a hand-checked subset (every expectation below was read off the file itself)
  is imported for real and its people, addresses, names, numbers and
  interactions are asserted field by field; the network is emptied between files.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kithkin.service import importing
from kithkin.service.app import App
from kithkin.service.import_session import FileSummary
from kithkin.store import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
MANIFESTS = ("MANIFEST", "MANIFEST-contacts")
EXPECTED = CORPUS / "EXPECTED"


def corpus_files() -> list[str]:
    """Every file the manifests name (relative to the corpus folder), in their order."""
    names: list[str] = []
    for manifest in MANIFESTS:
        path = CORPUS / manifest
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                names.append(line.split("\t", 1)[0])
    return names


def outcome(result: FileSummary, file: Path) -> str:
    """``imported …`` with its counts and skip reasons, or ``rejected …`` with its one line."""
    if result.error:
        return "rejected " + result.error.replace(str(file), "{file}")
    skipped = "|".join(f"{reason}:{n}" for reason, n in sorted(result.skipped.items()))
    return (
        f"imported added={result.added} merged={result.merged} "
        f"interactions={result.interactions} ties={result.ties} bad={len(result.bad)} "
        f"warnings={len(result.warnings)} skipped={skipped or '-'}"
    )


def expected() -> dict[str, str]:
    lines = EXPECTED.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def test_the_corpus_is_large_and_every_file_has_its_origin_and_expectation() -> None:
    files = corpus_files()
    on_disk = sorted(
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if p.is_file() and not p.name.startswith(("MANIFEST", "EXPECTED"))
    )
    assert sorted(files) == on_disk  # no file without its origin, no origin without its file
    assert len(files) >= 150
    assert set(expected()) == set(files)


def test_every_corpus_file_imports_as_expected(db_url: str) -> None:
    app = App(Settings(db_url), fixed_now=NOW)
    try:
        wanted = expected()
        got: dict[str, str] = {}
        for name in corpus_files():
            path = CORPUS / name
            summary = importing.import_files(app, [path], skip_bad=True, dry_run=True)
            (result,) = summary.files
            assert "unexpected error" not in result.error, f"{name}: {result.error}"
            assert "Traceback" not in result.error and "\n" not in result.error
            got[name] = outcome(result, path)
        differ = {n: (wanted[n], got[n]) for n in got if got[n] != wanted[n]}
        assert not differ, "\n".join(f"{n}\n  want {w}\n  got  {g}" for n, (w, g) in differ.items())
        with app.uow() as uow:
            assert uow.people.count() == 0  # every import was a dry run
    finally:
        app.close()


@dataclass
class Checked:
    """What one file must leave in an empty network, read off the file by hand."""

    people: dict[str, str]  # address -> display name ("" when the file gives none)
    interactions: int = 0
    # (UTC start, sorted participant addresses) of some of the interactions
    meetings: list[tuple[str, list[str]]] = field(default_factory=list)
    phones: dict[str, list[str]] = field(default_factory=dict)  # address -> stored numbers
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # address -> (given, family)


A, B, C, D = "a@example.com", "b@example.com", "c@example.com", "d@example.com"
LINDSAAR = {"test@lindsaar.net": "Mikel Lindsaar"}
HAND_CHECKED: dict[str, Checked] = {
    # Calendars. A room (CUTYPE=ROOM) and a NON-PARTICIPANT (E@) are never people.
    "ics/libical-calendar.ics": Checked(
        {A: "BIG A", B: "B", C: "C", D: "Hal"},
        2,
        [
            ("1997-07-01T19:00:00", [A, B, C, D]),  # Conference
            ("1997-07-01T18:00:00", [A, B, C, D]),  # Phone Conference, A organizes
        ],
    ),
    "ics/libical-incoming.ics": Checked(
        {A: "BIG A", B: "B", C: "C", D: "Hal"},
        3,
        [
            ("1997-07-01T10:00:00", [A, B, C, D]),  # #I1; replies without DTSTART skipped
            ("1997-07-01T19:00:00", [A, B, C]),  # #I7: C delegated to A, both named
        ],
    ),
    "ics/libical-process-calendar.ics": Checked(
        {
            "bob@cal.softwarestudio.org": "",
            "alice@cal.softwarestudio.org": "Alice",
            "b@example.com": "B",
        },
        2,  # Event 2's DTSTART "19970701T13000Z" is no time: a bad record
        [
            (
                "1997-07-01T12:00:00",
                ["alice@cal.softwarestudio.org", "b@example.com", "bob@cal.softwarestudio.org"],
            ),
        ],
    ),
    "ics/libical-2.ics": Checked(
        {"jdoe@host1.com": "", "jsmith@host1.com": ""},
        1,
        [("1997-03-24T12:30:00", ["jdoe@host1.com", "jsmith@host1.com"])],
    ),
    "ics/icaljs-recur_instances_finite.ics": Checked(
        {
            "jlal@mozilla.com": "James Lal",
            "calmozilla1@gmail.com": "Sahaja Lal",
            "james@lightsofapollo.com": "",  # its CN is its address
            "iam.revelation@gmail.com": "",
        },
        5,  # first Tuesdays Oct-Dec 2012 and two RDATEs
        [("2012-10-02T17:00:00", []), ("2012-11-05T18:00:00", []), ("2012-11-10T18:00:00", [])],
    ),
    "ics/icaljs-multiple_rrules.ics": Checked(
        {"frashed@mozilla.com": "Faramarz Rashed", "jlal@mozilla.com": "James Lal"},
        36,
        [("2012-03-26T18:00:00", ["frashed@mozilla.com", "jlal@mozilla.com"])],
    ),
    "ics/icaljs-recur_instances.ics": Checked(
        {
            "jlal@mozilla.com": "James Lal",
            "calmozilla1@gmail.com": "Sahaja Lal",
            "james@lightsofapollo.com": "",
            "iam.revelation@gmail.com": "",
        },
        # An open monthly series from October 2012 to the import (164 first Tuesdays),
        # three EXDATEs, five RDATEs, two moved occurrences without attendees.
        164,
        [("2023-11-23T09:00:00", [])],
    ),
    "ics/icaljs-google_birthday.ics": Checked({}),  # one attendee, no organizer
    "ics/icalendar-issue_156_RDATE_with_PERIOD_TZID_khal.ics": Checked({}),
    "ics/icalendar-issue_165_missing_event.ics": Checked({}),  # Exchange "MO, TU", nobody
    # Mail: the address in angle brackets, decoded names, bounces and lists create nobody.
    "mail/rubymail-basic_email.eml": Checked(
        {**LINDSAAR, "raasdnil@gmail.com": "Mikel Lindsaar"},
        1,
        [("2008-11-22T04:04:59", ["raasdnil@gmail.com", "test@lindsaar.net"])],
    ),
    "mail/rubymail-raw_email_reply.eml": Checked(
        {"xxxxxxxx@xxx.org": "Testing", "mikel@xxxx.net": "Mikel Lindsaar"},
        1,
        [("2007-11-18T08:56:07", ["mikel@xxxx.net", "xxxxxxxx@xxx.org"])],
    ),
    "mail/rubymail-raw_email_simple.eml": Checked(
        {"mikel@nowhere.com": "Mikel Lindsaar", "mikel@somewhere.com": "Mikel"},
        1,
        [("2007-10-21T09:38:13", ["mikel@nowhere.com", "mikel@somewhere.com"])],
    ),
    "mail/rubymail-raw_email_with_at_display_name.eml": Checked(
        # "Mikel@Lindsaar <raasdnil@gmail.com>": an address-like name is no name.
        {**LINDSAAR, "smith@gmail.com": "", "raasdnil@gmail.com": "", "tom@gmail.com": ""},
        1,
    ),
    "mail/rubymail-raw_email_with_blank_display_name.eml": Checked(
        {**LINDSAAR, "smith@gmail.com": "", "raasdnil@gmail.com": "", "tom@gmail.com": ""},
        1,
    ),
    "mail/rubymail-raw_email_with_bad_date.eml": Checked(
        {"subventive@vodtravel.com": "Darrell Shaw", "sydney@xxxxxxxx.xxx": ""},
        1,
        # "Date: Pn, 29 paX 2007": dated by the first relay, the last Received header.
        [("2007-11-05T09:18:24", ["subventive@vodtravel.com", "sydney@xxxxxxxx.xxx"])],
    ),
    "mail/rubymail-raw_email_double_at_in_header.eml": Checked(
        {"jamis@37signals.com": "Jamis Buck", "willard15georgina@jamis.backpackit.com": ""},
        1,
        [("2005-05-02T22:07:05", [])],
    ),
    "mail/rubymail-header_fields_with_empty_values.eml": Checked(
        {"jorn@prikkprikkprikk.no": "Jørn Støylen", "aftest@adfontesmedier.no": "AF Test"},
        1,
        [("2009-10-30T19:07:42", [])],
    ),
    "mail/rubymail-new_line_in_to_header.eml": Checked(
        {
            "l@gcn-example.com": "",
            "leads@sg.dc.com": "",
            "sag@leads.gs.ry.com": "",
            "sn@example-hotmail.com": "",
            "e-s-a-g-8718@app.ar.com": "",
            "jp@t-exmaple.com": "",
            "cc@c-l-example.com": "",
        },
        1,
        [("2010-10-13T14:53:04", [])],
    ),
    "mail/rubymail-weird_to_header.eml": Checked(
        {"anonymous@i.tp.host": "", "user-example@aol.com": "", "e-s-a-s-2200@app.ar.com": ""},
        1,
        [("2010-10-15T03:25:06", [])],
    ),
    "mail/rubymail-cant_parse_from.eml": Checked(
        {"news@insideapple.apple.com": "Apple", "karl.baum@gmail.com": ""},
        1,
        [("2009-06-12T06:25:02", [])],
    ),
    "mail/cpython-msg_08.eml": Checked(
        {"barry@python.org": "Barry Warsaw", "cravindogs@cravindogs.com": "Dingus Lovers"},
        1,
        [("2001-04-20T23:35:02", ["barry@python.org", "cravindogs@cravindogs.com"])],
    ),
    "mail/rubymail-bad_date_header.eml": Checked({}),  # Precedence: junk
    "mail/rubymail-missing_body.eml": Checked({}),  # To: <Undisclosed-Recipient:@…;>
    "mail/rubymail-raw_email_multiple_from.eml": Checked({}),  # to itself
    "mail/cpython-msg_02.eml": Checked({}),  # a digest from ppp-request@, a list robot
    "mail/cpython-msg_16.eml": Checked({}),  # a bounce from postmaster@ with Return-Path <>
    "mail/cpython-msg_47.eml": Checked({}),  # "27:39:33" is no time; nobody is invented
    "mail/cpython-msg_15.eml": Checked({}),  # "To: XX" is no address
    # Cards: names, numbers and addresses.
    "vcard/vobject-vcard40_full.vcf": Checked(
        {"john.public@example.com": ""},  # display name: the vCard reader's choice
        phones={"john.public@example.com": ["+15555555555", "+15551234567"]},
        names={"john.public@example.com": ("John", "Public")},
    ),
    "vcard/vobject-vcard40_simple.vcf": Checked({}, names={}),
    # Address books other programs wrote (ez-vcard's samples of real exports).
    "vcard/ezvcard-gmail-list.vcf": Checked(
        {
            "asmithk@gmail.com": "Arnold Smith",
            "chrisy55d@yahoo.com": "Chris Beatle",
            "dwhite@gmail.com": "Doug White",
        },
        names={"asmithk@gmail.com": ("Arnold", "Smith"), "dwhite@gmail.com": ("Doug", "White")},
    ),
    "vcard/ezvcard-gmail-single2.vcf": Checked(
        {
            "email@example.com": "VCard Test",
            "homeemail@example.com": "VCard Test",
            "workemail@example.com": "VCard Test",
            "otheremail@example.com": "VCard Test",
            "customcategory@example.com": "VCard Test",
        },
        # Eleven numbers without a country code: kept as written, none invented.
        phones={"email@example.com": [f"55555511{n:02}" for n in range(11, 22)]},
        names={"email@example.com": ("VCard", "Test")},
    ),
    "vcard/folkerkinzel-wab-v2_1.vcf": Checked(
        {
            "privat@folker-kinzel.de": "Maxl",
            "business@folker-kinzel.de": "Maxl",
            "andere@folker-kinzel.de": "Maxl",
        },
        # Six TEL lines hold words ("Handy", "Tel privat"): dropped; one number is kept.
        phones={"privat@folker-kinzel.de": ["0123/579"]},
        names={"privat@folker-kinzel.de": ("Max", "Mustermann")},
    ),
    "vcard/ezvcard-outlook-2007.vcf": Checked(
        {"mike.angstadt@gmail.com": "Mr. Michael Angstadt Jr."},
        phones={
            "mike.angstadt@gmail.com": [
                "(111) 555-1111",
                "(111) 555-2222",
                "(111) 555-4444",
                "(111) 555-3333",
            ]
        },
        names={"mike.angstadt@gmail.com": ("Michael", "Angstadt")},
    ),
    "vcard/libical-test.vcf": Checked(
        {"simon.perreault@viagenie.ca": "Simon Perreault"},
        names={"simon.perreault@viagenie.ca": ("Simon", "Perreault")},
    ),
    # CSV in Outlook's columns with one Name column: split into its parts. The pager of
    # the first row is the mobile of the other two: three people, no merge on it.
    "csv/gpcsolutions-outlook.csv": Checked(
        {
            "adam.glacius@anycom.com": "Adam Glacius",
            "adam.g@example.com": "Adam Glacius",
            "ag@glacius.com": "Adam Glacius",
            "danielireland@restty.com": "Daniel Ireland",
            "duncanamey@dreamt.com": "Duncan Amey",
        },
        phones={
            "adam.glacius@anycom.com": [
                "+1 555 3227 8544",
                "+1 555 3227 8545",
                "+1 555 3227 8546",
                "+1 555 3227 8547",
                "+1 555 3227 8548",
                "+1 555 3227 8549",
                "+1 555 3227 8543",
            ],
            "danielireland@restty.com": ["+1 555 3227 8543"],
            "duncanamey@dreamt.com": ["+1 555 3227 8543"],
        },
        names={
            "adam.glacius@anycom.com": ("Adam", "Glacius"),
            "duncanamey@dreamt.com": ("Duncan", "Amey"),
        },
    ),
    # FolkerKinzel/Contacts.IO's exports from Google, Outlook, Thunderbird and Windows
    # Live Mail. Their phone fields hold labels ("Tel privat", "Handy"): no number kept.
    "csv/fkcontacts-Google.csv": Checked(
        {
            "privat@folker-kinzel.de": "Dr. Max Middle Name Mustermann jr.",
            "ohnelabel2@folker.de": "Dr. Max Middle Name Mustermann jr.",  # joined by :::
            "privat3@folker.de": "Dr. Max Middle Name Mustermann jr.",
        },
        phones={"privat@folker-kinzel.de": []},  # "Tel10" and the labels are no numbers
        names={"privat@folker-kinzel.de": ("Max", "Mustermann")},
    ),
    "csv/fkcontacts-GoogleCreatedOutlook.csv": Checked(
        {"privat@folker-kinzel.de": "Max Middle Name Mustermann"},  # a trailing comma
        phones={"privat@folker-kinzel.de": []},
        names={"andere@folker-kinzel.de": ("Max", "Mustermann")},
    ),
    "csv/fkcontacts-ThunderbirdAnsi.csv": Checked(  # Windows-1252 German Thunderbird
        {"business@folker-kinzel.de": "Dr. Max Middle Name Mustermann jr."},
        phones={"privat@folker-kinzel.de": []},
        names={"privat@folker-kinzel.de": ("Max", "Mustermann")},
    ),
    "csv/fkcontacts-WindowsLiveMail.csv": Checked(
        {"privat@folker-kinzel.de": "Maxl"},  # its Name column
        names={"privat@folker-kinzel.de": ("Max", "Mustermann")},
    ),
    "csv/fkcontacts-Outlook365.csv": Checked(
        # Five people share one number: nobody is merged on it.
        {
            "anita@contoso.com": "Anita Jorgensen",
            "anne-mette@contoso.com": "Anne-Mette Olesen",
            "dorenap@contoso.com": "Dorena Paschke",
            "kemal@contoso.com": "Kemal Celik",
            "shiori@contoso.com": "Shiori Inoue",
            "email3@address.com": "Max Peter Mustermann",
        },
        phones={"anita@contoso.com": ["555-555-1212"], "email@address.com": []},
        names={"email2@address.com": ("Max", "Mustermann")},
    ),
}


def _snapshot(app: App) -> tuple[dict[str, Any], list[Any]]:
    with app.uow() as uow:
        people = uow.people.all()
        interactions = uow.activity.interactions()
    by_id = {p.id: p for p in people}
    emails: dict[str, Any] = {e.address: p for p in people for e in p.emails}
    meetings = [
        (
            it.when.astimezone(UTC).replace(tzinfo=None).isoformat(),
            sorted(e.address for pid in it.participants for e in by_id[pid].emails[:1]),
        )
        for it in interactions
    ]
    return emails, meetings


def test_hand_checked_files_field_by_field(app: App) -> None:
    assert len(HAND_CHECKED) >= 30
    for name, want in HAND_CHECKED.items():
        with app.uow() as uow:
            if uow.people.count():  # emptying costs a TRUNCATE of every table on PostgreSQL
                uow.people.clear_network()
                uow.commit()
        summary = importing.import_files(app, [CORPUS / name], skip_bad=True)
        assert not summary.failed, name
        emails, meetings = _snapshot(app)
        assert set(emails) >= set(want.people), name
        if not want.names and not want.phones:
            assert set(emails) == set(want.people), name
        for address, display in want.people.items():
            person = emails[address]
            if display:
                assert person.display_name == display, (name, address)
            else:  # no name in the file: named from the address, never from someone else
                assert "@" not in person.display_name and person.display_name, (name, address)
        for address, (given, family) in want.names.items():
            assert (emails[address].given_name, emails[address].family_name) == (given, family)
        for address, numbers in want.phones.items():
            assert [ph.number for ph in emails[address].phones] == numbers, (name, address)
        assert len(meetings) == want.interactions, name
        for when, who in want.meetings:
            found = [m for m in meetings if m[0] == when]
            assert found, (name, when, sorted(m[0] for m in meetings)[:5])
            if who:
                assert found[0][1] == who, (name, when)


def write_expected() -> None:
    """Record every file's outcome in EXPECTED; review the difference before committing it."""
    app = App(Settings(f"sqlite:///{sys.argv[1]}"), fixed_now=NOW)
    lines = ["# file\toutcome of `kith import FILE --skip-bad` into an empty network"]
    for name in corpus_files():
        summary = importing.import_files(app, [CORPUS / name], skip_bad=True, dry_run=True)
        lines.append(f"{name}\t{outcome(summary.files[0], CORPUS / name)}")
    app.close()
    EXPECTED.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":  # .venv/bin/python tests/integration/test_corpus.py /tmp/scratch.db
    write_expected()
