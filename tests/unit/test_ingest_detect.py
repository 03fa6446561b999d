"""Telling formats apart, and failing clearly on what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithkin.errors import ImportFailed
from kithkin.ingest import detect
from kithkin.ingest.detect import FORMATS, detect_format, estimate_records, parse_file
from kithkin.ingest.records import BadRecord, InteractionRecord, PersonRecord, Skipped

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("samples/linkedin/Connections.csv", "linkedin"),
        ("samples/google/contacts.csv", "google"),
        ("samples/outlook/contacts.csv", "outlook"),
        ("samples/vcard/android.vcf", "vcard"),
        ("samples/calendar/alex-morgan.ics", "ics"),
        ("samples/mail/alex-morgan.mbox", "mail"),
        ("mail/maildir", "mail"),
        ("mail/single.eml", "mail"),
        ("csv/linkedin-broken.csv", "linkedin"),
        ("csv/google-legacy.csv", "google"),
        ("csv/outlook-cp1252.csv", "outlook"),
    ],
)
def test_detects_every_real_format(relative: str, expected: str) -> None:
    assert detect_format(DATA / relative) == expected


def test_content_decides_when_the_extension_says_nothing(tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((DATA / "samples/vcard/iphone.vcf").read_bytes())
    assert detect_format(renamed) == "vcard"
    records = list(parse_file(renamed, me=["ALEX.MORGAN@example.com "]))
    assert next(r.display_name for r in records if isinstance(r, PersonRecord)) == "Priya Raman"


def test_unknown_and_missing_files_fail_with_a_clear_message(tmp_path: Path) -> None:
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"notes.txt: cannot tell .* --format \(vcard"):
        detect_format(unknown)
    stray = tmp_path / "numbers.csv"
    stray.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"numbers\.csv: a CSV file whose header"):
        detect_format(stray)
    with pytest.raises(ImportFailed, match="no such file"):
        detect_format(tmp_path / "gone.vcf")
    with pytest.raises(ImportFailed, match="not a Maildir"):
        detect_format(tmp_path)
    with pytest.raises(ImportFailed, match="unknown format 'pdf'"):
        parse_file(unknown, "pdf")
    assert set(FORMATS) == {"vcard", "linkedin", "google", "outlook", "kithkin", "ics", "mail"}


def test_a_file_named_vcf_that_holds_no_card_fails(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text("this is not a vCard\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no BEGIN:VCARD"):
        list(parse_file(path, "vcard"))


def test_a_gmail_download_without_extension_is_mail(tmp_path: Path) -> None:
    message = tmp_path / "original_msg"
    message.write_bytes(
        b"Delivered-To: alex.morgan@example.com\r\nReceived: by 2002:a05 with SMTP id x;\r\n"
        b"From: Wei Chen <wei.chen@contoso.example.com>\r\nTo: alex.morgan@example.com\r\n"
        b"Date: Fri, 13 Mar 2026 15:05:00 -0700\r\nMessage-ID: <gm1@contoso.example.com>\r\n"
        b"\r\nbody\r\n"
    )
    assert detect_format(message) == "mail"
    (record,) = parse_file(message, me=["alex.morgan@example.com"])
    assert isinstance(record, InteractionRecord) and record.key == "gm1@contoso.example.com"


def _items(path: Path, fmt: str) -> int:
    """What a progress bar counts: cards and rows (people), or events and messages."""
    item = InteractionRecord if fmt in ("ics", "mail") else PersonRecord
    return sum(isinstance(r, (item, Skipped, BadRecord)) for r in parse_file(path, fmt))


@pytest.mark.parametrize(
    "relative",
    [
        "samples/vcard/iphone.vcf",
        "vcard/truncated.vcf",
        "samples/mail/alex-morgan.mbox",
        "mail/malformed.mbox",
        "mail/single.eml",
        "mail/maildir",
    ],
)
def test_estimate_counts_cards_and_messages_exactly(relative: str) -> None:
    path = DATA / relative
    fmt = detect_format(path)
    assert estimate_records(path, fmt) == _items(path, fmt)


@pytest.mark.parametrize(
    "relative", ["samples/linkedin/Connections.csv", "samples/google/contacts.csv"]
)
def test_estimate_of_a_csv_is_its_lines(relative: str) -> None:
    # Header, LinkedIn's notes and quoted line breaks count too: a little high.
    path = DATA / relative
    fmt = detect_format(path)
    assert _items(path, fmt) <= estimate_records(path, fmt) <= _items(path, fmt) + 4


def test_estimate_sees_marks_split_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana {}\r\nEND:VCARD\r\n"
    path = tmp_path / "many.vcf"
    path.write_text("".join(card.format(i) for i in range(50)), encoding="utf-8")
    for size in (3, 7, 11, 64):  # every way a mark can straddle two reads
        monkeypatch.setattr(detect, "_COUNT_CHUNK", size)
        assert estimate_records(path, "vcard") == 50
