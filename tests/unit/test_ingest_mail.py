"""Maildir folders, single .eml files and mailboxes as broken as real ones get."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kithkin.ingest import mail
from kithkin.ingest.records import (
    BadRecord,
    InteractionRecord,
    Party,
    Record,
    Skipped,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "mail"
ME = ("alex.morgan@example.com",)


def test_maildir_reads_cur_and_new_and_answers_across_files() -> None:
    records = list(mail.parse(DATA / "maildir", me=ME))
    assert all(isinstance(r, InteractionRecord) for r in records)
    mails = {r.key: r for r in records if isinstance(r, InteractionRecord)}
    assert list(mails) == [
        "ny2026@example.jp",
        "reply-ny@mail.example.com",
        "photos@mail.example.com",
    ]
    new_year = mails["ny2026@example.jp"]
    assert new_year.origin.record == "message cur/1767261600.M1P100.host:2,S (<ny2026@example.jp>)"
    assert new_year.initiator is not None and new_year.initiator.name == "佐藤景子"  # ISO-2022-JP
    assert new_year.note == "Happy New Year"
    assert mails["reply-ny@mail.example.com"].in_reply_to == "ny2026@example.jp"
    assert mails["photos@mail.example.com"].answered is False


def test_single_eml_with_folded_recipients() -> None:
    records = list(mail.parse(DATA / "single.eml", me=ME))
    message = records[0]
    assert isinstance(message, InteractionRecord)
    assert message.note == "Café next week?"
    assert [(p.email, p.name) for p in message.parties] == [
        ("rachel.kim@fabrikam.example.com", "Rachel Kim"),
        ("alex.morgan@example.com", "Alex Morgan"),
        ("tomas.herrera@example.org", "Tomás Herrera"),  # "Herrera, Tomás": family name first
        ("wei.chen@contoso.example.com", "Wei Chen"),
    ]
    assert len(records) == 1  # the message: who was on it together is read from it later


def test_malformed_headers_never_raise_and_each_message_gets_its_reason() -> None:
    records = list(mail.parse(DATA / "malformed.mbox", me=ME))
    summary = [
        (type(r).__name__, r.origin.record.split(" (")[0], getattr(r, "reason", ""))
        for r in records
    ]
    assert summary == [
        ("InteractionRecord", "line 1", ""),
        ("Skipped", "line 9", "automated sender (mailer-daemon@mx.example.com)"),
        ("Skipped", "line 17", "no sender address"),
        ("InteractionRecord", "line 24", ""),
        ("Skipped", "line 33", "message without recipients"),
        ("BadRecord", "line 40", "no mail headers could be read"),
        ("Skipped", "line 46", "automated mail (Auto-Submitted: auto-generated)"),
        ("InteractionRecord", "line 54", ""),
        ("Skipped", "line 63", "no usable date"),
    ]
    dated_by_envelope = records[0]
    assert isinstance(dated_by_envelope, InteractionRecord)
    assert dated_by_envelope.when == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    latin = records[3]
    assert isinstance(latin, InteractionRecord)
    assert latin.initiator is not None and latin.initiator.name == "Latin One été"
    assert latin.note == "=?x-unknown-charset?Q?caf=E9?="  # unknown charset: kept as written
    no_id = records[7]
    assert isinstance(no_id, InteractionRecord) and no_id.key.startswith("no-id-")
    again = list(mail.parse(DATA / "malformed.mbox", me=ME))[7]
    assert isinstance(again, InteractionRecord) and again.key == no_id.key
    assert isinstance(records[5], BadRecord)
    assert all(isinstance(r, Skipped | InteractionRecord | BadRecord) for r in records)


def test_without_me_nothing_is_judged_answered() -> None:
    records = list(mail.parse(DATA / "maildir"))
    assert {r.answered for r in records if isinstance(r, InteractionRecord)} == {None}


def test_a_reply_known_only_by_references_still_answers(tmp_path: Path) -> None:
    path = tmp_path / "thread.mbox"
    path.write_bytes(
        b"From me Mon Jan  5 10:00:00 2026\nFrom: alex.morgan@example.com\n"
        b"To: wei.chen@contoso.example.com\nDate: Mon, 05 Jan 2026 10:00:00 +0000\n"
        b"Message-ID: <ask@example.com>\n\nbody\n\n"
        b"From wei Tue Jan  6 10:00:00 2026\nFrom: wei.chen@contoso.example.com\n"
        b"To: alex.morgan@example.com\nDate: Tue, 06 Jan 2026 10:00:00 +0000\n"
        b"Message-ID: <answer@example.com>\nReferences: <root@example.com> <ask@example.com>\n"
        b"\nbody\n"
    )
    ask, answer = mail.parse(path, me=ME)
    assert isinstance(ask, InteractionRecord) and ask.answered is True
    assert isinstance(answer, InteractionRecord)
    assert (answer.in_reply_to, answer.thread) == ("ask@example.com", "root@example.com")


def _quirks() -> list[Record]:
    return list(mail.parse(DATA / "quirks.mbox", me=("bob@example.com",)))


def test_the_address_in_angle_brackets_is_the_sender_and_family_first_names_are_split() -> None:
    first = _quirks()[0]
    assert isinstance(first, InteractionRecord)
    assert first.initiator == Party("bob@example.com", "")  # not a fake alice@
    assert [(p.email, p.name) for p in first.parties] == [
        ("bob@example.com", ""),
        ("priya.raman@example.com", "Priya Raman"),  # "Raman, Priya"
        ("daniel.okafor@example.com", "Daniel Okafor"),  # unquoted Okafor, Daniel
    ]


def test_bounces_notifications_and_mass_mailings_create_nobody() -> None:
    reasons = [(r.origin.record, r.reason) for r in _quirks() if isinstance(r, Skipped)]
    assert reasons == [
        ("line 10 (<bounce-1@mx.example.com>)", "automated sender (mailer-daemon@mx.example.com)"),
        ("line 22 (<pm-1@example.net>)", "automated sender (postmaster@example.net)"),
        ("line 29 (<null-1@service.example>)", "bounce or notification (Return-Path: <>)"),
        ("line 37 (<dsn-1@shop.example>)", "bounce (delivery status report)"),
        (
            "line 45 (<spam-1@spam.example>)",
            f"mass mailing (more than {mail.MAX_PARTIES} people on one message)",
        ),
    ]


def test_without_a_date_the_first_relay_dates_the_message() -> None:
    last = _quirks()[-1]
    assert isinstance(last, InteractionRecord) and last.key == "no-date-1@example.org"
    assert last.when == datetime(2026, 1, 13, 10, 0, tzinfo=UTC)  # the last Received:, not From_


def test_a_utf8_byte_order_mark_does_not_hide_the_first_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.eml"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "single.eml").read_bytes())
    (with_bom,) = [r for r in mail.parse(path) if isinstance(r, InteractionRecord)]
    (without,) = [r for r in mail.parse(DATA / "single.eml") if isinstance(r, InteractionRecord)]
    assert (with_bom.key, with_bom.when, with_bom.parties) == (
        without.key,
        without.when,
        without.parties,
    )
