"""Three sources synced, changed and deleted on the servers, synced again: the network
is the one a fresh import of the servers' final contents gives."""

from __future__ import annotations

import mailbox
from pathlib import Path
from typing import Any

import pytest

from kithkin.service import sync
from kithkin.service.app import App
from kithkin.service.importing import ensure_me, import_files
from kithkin.store import Settings
from sync.sync_servers import PASSWORD, SAMPLES, Dovecot, Radicale, cards, events, messages

ME = "alex.morgan@example.com"
LUNCH = (
    b"From: Sam Patel <sam@wideworld.example.com>\r\nTo: Alex Morgan <alex.morgan@example.com>\r\n"
    b"Cc: Wei Chen <wei.chen@contoso.example.com>\r\nSubject: Lunch\r\n"
    b"Date: Tue, 05 May 2026 12:00:00 -0700\r\nMessage-ID: <lunch@wideworld.example.com>\r\n"
    b"\r\nThursday?\r\n"
)


def _network(app: App) -> dict[str, Any]:
    """People, ties and interactions, by names rather than ids."""
    with app.uow() as uow:
        people = uow.people.all()
        name = {p.id: p.display_name for p in people}
        return {
            "people": sorted(
                (
                    p.display_name,
                    p.is_me,
                    tuple(sorted(e.address for e in p.emails)),
                    tuple(sorted(ph.number for ph in p.phones)),
                    tuple(sorted((a.organisation, a.role) for a in p.affiliations)),
                )
                for p in people
            ),
            "ties": sorted(
                tuple(sorted((name[t.person_a], name[t.person_b]))) for t in uow.ties.all()
            ),
            "interactions": sorted(
                (
                    i.when.isoformat(),
                    i.channel.value,
                    tuple(sorted(name[p] for p in i.participants)),
                    i.external_id or "",
                    i.note,
                )
                for i in uow.activity.interactions()
            ),
        }


def _me(app: App) -> None:
    with app.uow() as uow:
        ensure_me(uow, [ME], app.now())
        uow.commit()


def test_synced_changes_give_the_network_a_fresh_import_of_the_final_files_gives(
    app: App, radicale: Radicale, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KITH_TEST_PASSWORD", PASSWORD)
    _me(app)
    # The servers, as a phone and a mail client filled them.
    book = radicale.make("contacts", "addressbook")
    calendar = radicale.make("calendar", "calendar")
    contacts: dict[str, str] = {}
    for path in [SAMPLES / "vcard" / f for f in ("iphone.vcf", "nextcloud.vcf", "android.vcf")]:
        for n, card in enumerate(cards(path)):
            if radicale.put(f"{book}{path.stem}-{n}.vcf", card):
                contacts[f"{book}{path.stem}-{n}.vcf"] = card
    meetings = {
        f"{calendar}{uid}.ics": text
        for uid, text in events(SAMPLES / "calendar" / "alex-morgan.ics").items()
    }
    for href, text in meetings.items():
        assert radicale.put(href, text)
    mail = messages(SAMPLES / "mail" / "alex-morgan.mbox")
    sent = [m for m in mail if b"From: Alex Morgan" in m]
    dovecot.append("INBOX", [m for m in mail if m not in sent])
    dovecot.append("Sent", sent)
    for kind in ("carddav", "caldav"):
        sync.add_source(app, kind, radicale.base, radicale.user, password_env="KITH_TEST_PASSWORD")
    sync.add_source(
        app,
        "imap",
        f"imap://127.0.0.1:{dovecot.port}",
        dovecot.user,
        folders=["INBOX", "Sent"],
        password_env="KITH_TEST_PASSWORD",
    )
    assert sync.sync(app).failed == []

    # Changes on the servers: a card edited, a card deleted, an event moved to other
    # guests, an event deleted, a message expunged, a message arrived.
    priya = next(h for h, c in contacts.items() if "FN:Priya Raman" in c)
    contacts[priya] = contacts[priya].replace("TITLE:Data Science Manager", "TITLE:VP Data")
    radicale.put(priya, contacts[priya])
    chris = next(h for h, c in contacts.items() if "FN:Chris Doyle" in c)
    radicale.delete(chris)
    del contacts[chris]
    hrefs = sorted(meetings)
    changed = next(
        h for h in hrefs if "ATTENDEE" in meetings[h] and "FREQ=MONTHLY" not in meetings[h]
    )
    meetings[changed] = meetings[changed].replace("SUMMARY:", "SUMMARY:Moved: ", 1)
    radicale.put(changed, meetings[changed])
    dropped = next(h for h in hrefs if h != changed and "ATTENDEE" in meetings[h])
    radicale.delete(dropped)
    del meetings[dropped]
    dovecot.expunge("Sent", "s1@mail.example.com")
    mail = [m for m in mail if b"Message-ID: <s1@mail.example.com>" not in m] + [LUNCH]
    dovecot.append("INBOX", [LUNCH])
    report = sync.sync(app)
    assert report.failed == []
    assert all(run.bad == [] for run in report.sources)

    # The same final contents, imported as files into a new database.
    vcf = tmp_path / "contacts.vcf"
    vcf.write_text("".join(contacts.values()), encoding="utf-8")
    ics = []
    for n, text in enumerate(meetings.values()):
        ics.append(tmp_path / f"event-{n}.ics")
        ics[-1].write_text(text, encoding="utf-8")
    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    for message in mail:
        box.add(message)
    box.close()
    fresh = App(Settings(f"sqlite:///{tmp_path / 'fresh.db'}"), fixed_now=app.now())
    try:
        summary = import_files(fresh, [vcf, *ics, tmp_path / "Maildir"], me=[ME], skip_bad=True)
        assert summary.failed == []
        expected = _network(fresh)
    finally:
        fresh.close()
    got = _network(app)
    assert got["people"] == expected["people"]
    assert got["ties"] == expected["ties"]
    assert set(got["interactions"]) - set(expected["interactions"]) == set()
    assert set(expected["interactions"]) - set(got["interactions"]) == set()
    assert got["interactions"] == expected["interactions"]
    assert any("VP Data" in str(p) for p in got["people"])
    assert not any(p[0] == "Chris Doyle" for p in got["people"])
