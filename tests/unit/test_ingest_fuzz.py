"""No input, however malformed, ends in anything but records or a clean ImportFailed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithkin.errors import ImportFailed
from kithkin.ingest.detect import FORMATS, parse_file
from kithkin.ingest.records import (
    BadRecord,
    InteractionRecord,
    Notice,
    PersonRecord,
    Skipped,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SAMPLE_OF = {
    "vcard": SAMPLES / "vcard" / "android.vcf",
    "linkedin": SAMPLES / "linkedin" / "Connections.csv",
    "google": SAMPLES / "google" / "contacts.csv",
    "outlook": SAMPLES / "outlook" / "contacts.csv",
    "kithkin": Path(__file__).resolve().parents[1] / "data" / "csv" / "kithkin-export.csv",
    "ics": SAMPLES / "calendar" / "alex-morgan.ics",
    "mail": SAMPLES / "mail" / "alex-morgan.mbox",
}
RECORD_TYPES = (PersonRecord, InteractionRecord, Skipped, BadRecord, Notice)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_bytes(data: bytes, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input.{fmt}"
        path.write_bytes(data)
        try:
            records = list(parse_file(path, fmt, me=["alex.morgan@example.com"], region="US"))
        except ImportFailed as exc:
            assert str(exc)  # a clean, non-empty message
            return
    assert all(isinstance(r, RECORD_TYPES) for r in records)
    for record in records:
        if isinstance(record, (BadRecord, Notice)):
            assert record.message()


@FUZZ
@given(fmt=st.sampled_from(FORMATS), data=st.binary(max_size=2000))
def test_random_bytes(fmt: str, data: bytes) -> None:
    _parse_bytes(data, fmt)


# Lines that break parsers when they land in the middle of a real file.
_NASTY = [
    b"",
    b"\r\n",
    b":",
    b";;;",
    b'"',
    b"=",
    b"=\r\n",
    b"\x00",
    b"\xff\xfe",
    b"BEGIN:VCARD",
    b"END:VCARD",
    b"BEGIN:VEVENT",
    b"END:VEVENT",
    b"DTSTART:garbage",
    b"RRULE:FREQ=DAILY",
    b"RRULE:FREQ=NONSENSE",
    b"From ",
    b"From: =?utf-8?B?####?=",
    b"Date: 99 Foo 99999",
    b"TEL;VALUE=uri:tel:",
    b"BDAY:--9999",
    b'ATTENDEE;CN="x:mailto:',
    b'a,b,"c',
    b"ENCODING=QUOTED-PRINTABLE:=ZZ=",
    b" folded",
    b"\tfolded",
    "é".encode("latin-1"),
]


@FUZZ
@given(
    fmt=st.sampled_from(FORMATS),
    cuts=st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(_NASTY) | st.binary(max_size=12)),
        max_size=6,
    ),
    drop=st.integers(min_value=0, max_value=50),
)
def test_real_files_with_damage_spliced_in(
    fmt: str, cuts: list[tuple[int, bytes]], drop: int
) -> None:
    data = SAMPLE_OF[fmt].read_bytes()
    for position, junk in cuts:
        at = position % (len(data) + 1)
        data = data[:at] + junk + data[at + drop % 7 :]
    _parse_bytes(data, fmt)
