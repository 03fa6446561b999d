"""Encodings: byte-order marks, UTF-16/32 and legacy code pages, read alike by every format."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kithkin.ingest import decode, vcard
from kithkin.ingest.detect import detect_format, parse_file
from kithkin.ingest.records import Notice, PersonRecord

DATA = Path(__file__).resolve().parents[1] / "data"
IPHONE = DATA / "samples" / "vcard" / "iphone.vcf"  # three cards
EVOLUTION = DATA / "corpus" / "vcard" / "John_Doe_EVOLUTION.vcf"
GOOGLE = DATA / "samples" / "google" / "contacts.csv"


def _people(path: Path) -> list[PersonRecord]:
    return [r for r in parse_file(path) if isinstance(r, PersonRecord)]


def _notices(path: Path) -> list[str]:
    """What was said about the encoding (not the fields Kithkin keeps no place for)."""
    notices = [r.text for r in parse_file(path) if isinstance(r, Notice)]
    return [n for n in notices if "Kithkin" not in n]


def test_a_utf8_bom_keeps_the_first_card_of_a_multi_card_file(tmp_path: Path) -> None:
    plain = [p.display_name for p in _people(IPHONE)]
    path = tmp_path / "bom.vcf"
    path.write_bytes(codecs.BOM_UTF8 + IPHONE.read_bytes())
    assert [p.display_name for p in _people(path)] == plain
    assert len(plain) == 3
    assert _notices(path) == []  # UTF-8 with a BOM is nothing to warn about


@pytest.mark.parametrize(
    ("codec", "bom", "label"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16, from its byte-order mark"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16, from its byte-order mark"),
        ("utf-16-le", b"", "UTF-16, guessed from its bytes"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32, from its byte-order mark"),
    ],
)
def test_windows_unicode_exports_are_read(
    tmp_path: Path, codec: str, bom: bytes, label: str
) -> None:
    text = EVOLUTION.read_text(encoding="utf-8")
    path = tmp_path / "unicode.vcf"
    path.write_bytes(bom + text.encode(codec))
    assert detect_format(path) == "vcard"
    (person,) = _people(path)
    assert person.display_name == "Mr. John Richter, James Doe Sr."
    assert person.emails == [("john.doe@ibm.com", "work")]
    assert _notices(path) == [f"read as {label}"]


def test_a_utf16_google_csv_is_read_and_named(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + GOOGLE.read_text("utf-8-sig").encode("utf-16-le"))
    assert [p.display_name for p in _people(path)] == [p.display_name for p in _people(GOOGLE)]
    assert _notices(path) == ["read as UTF-16, from its byte-order mark"]


# Names as address books in these scripts hold them; each file is written in its legacy code page.
LEGACY_CARDS = {
    "cp1253": ("Βαγγέλης Παπαδόπουλος", "Greek (cp1253)"),
    "iso8859_7": ("Βαγγέλης Παπαδόπουλος", "Greek (cp1253)"),  # the same letters, one guess
    "cp1251": ("Сергей Иванович Кузнецов", "Cyrillic (cp1251)"),
    "koi8_r": ("Сергей Иванович Кузнецов", "Cyrillic (koi8-r)"),
    "cp1255": ("שושנה לוינשטיין", "Hebrew (cp1255)"),
}


@pytest.mark.parametrize("codec", sorted(LEGACY_CARDS))
def test_legacy_code_pages_are_guessed_and_named(tmp_path: Path, codec: str) -> None:
    name, label = LEGACY_CARDS[codec]
    given, family = name.split()[0], name.split()[-1]
    note = f"{name}: {family}, {given}. {name}; {given} {family} {given}."
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:2.1\r\nN:{family};{given}\r\nFN:{name}\r\n"
        f"NOTE:{note}\r\nTEL;CELL:+30 69{i} 123 4567\r\nEND:VCARD\r\n"
        for i in range(10, 13)
    )
    path = tmp_path / "legacy.vcf"
    path.write_bytes(cards.encode(codec))
    people = _people(path)
    assert [p.display_name for p in people] == [name] * 3
    assert people[0].family_name == family
    assert _notices(path) == [f"read as {label}, guessed from its bytes"]


def test_a_vcard_21_charset_parameter_decodes_its_own_line(tmp_path: Path) -> None:
    # A UTF-8 file with one 8-bit line in the code page it names, as old phones write.
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=KOI8-R:"
        + "Кузнецов;Сергей".encode("koi8_r")
        + b"\r\nNOTE:"
        + "Zoë".encode()
        + b"\r\nEND:VCARD\r\n"
    )
    (person,) = _people(path)
    assert (person.family_name, person.given_name) == ("Кузнецов", "Сергей")
    assert person.notes == "Zoë"


def test_detect_prefers_the_bom_and_plain_utf8_says_nothing() -> None:
    assert decode.detect(codecs.BOM_UTF32_LE + "a".encode("utf-32-le")).codec == "utf-32"
    assert decode.detect("Zoë".encode()) == decode.UTF8
    assert decode.describe(decode.UTF8) == ""
    assert vcard.SOURCE == "vcard"


def test_every_contact_file_the_manifest_names_is_there_and_yields_people() -> None:
    corpus = DATA / "corpus"
    listed = {
        line.split("\t")[0]
        for line in (corpus / "MANIFEST-contacts").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert listed
    for name in sorted(listed):
        assert (corpus / name).is_file(), name
        records = list(parse_file(corpus / name))
        assert any(isinstance(r, PersonRecord) for r in records), name
