"""Which text encoding a file is in, and its lines decoded: one answer for every format.

Contact, calendar and mail files come in whatever their program wrote: UTF-8
(with or without a byte-order mark), UTF-16 or UTF-32 (Windows "Unicode"
exports, with a BOM or without), or a legacy code page (Windows-1252, Greek
cp1253/ISO-8859-7, Cyrillic cp1251/KOI8-R, Hebrew cp1255…). The BOM decides
when there is one; else UTF-8 when the bytes are UTF-8; else charset-normalizer
guesses among the legacy code pages from the lines that hold non-ASCII bytes,
and the guess is named so the summary can say what was assumed.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

SNIFF_BYTES = 65536
# The code pages a contact file is realistically in when it is not Unicode, in the
# order a tie is broken: Western first, as older Windows and Outlook exports are.
LEGACY = (
    "cp1252",
    "cp1250",
    "cp1251",
    "koi8_r",
    "cp1253",
    "iso8859_7",
    "cp1255",
    "iso8859_8",
    "cp1254",
    "cp1257",
    "cp1256",
    "iso8859_5",
    "mac_roman",
)
_SCRIPTS = {
    "cp1250": "Central European",
    "cp1251": "Cyrillic",
    "koi8_r": "Cyrillic",
    "iso8859_5": "Cyrillic",
    "cp1253": "Greek",
    "iso8859_7": "Greek",
    "cp1255": "Hebrew",
    "iso8859_8": "Hebrew",
    "cp1254": "Turkish",
    "cp1257": "Baltic",
    "cp1256": "Arabic",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: its BOM starts the same
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", ""),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


@dataclass(frozen=True, slots=True)
class Encoding:
    codec: str  # a Python codec name
    label: str = ""  # what to tell the user; empty for plain UTF-8
    guessed: bool = False

    @property
    def wide(self) -> bool:
        """UTF-16/32: lines cannot be cut at the byte b"\\n"."""
        return self.codec.startswith(("utf-16", "utf-32"))


UTF8 = Encoding("utf-8")


def detect(head: bytes) -> Encoding:
    """The encoding of a file that starts with ``head`` (read ``SNIFF_BYTES`` of it)."""
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, label)
    wide = _wide_without_bom(head)
    if wide is not None:
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return _legacy(head)
    return UTF8


def _wide_without_bom(head: bytes) -> Encoding | None:
    """UTF-16/32 without a BOM: mostly-ASCII text leaves a NUL beside every letter."""
    sample = head[:4096]
    if len(sample) < 8 or sample.count(0) < len(sample) // 4:
        return None
    if sample[1::4].count(0) == sample[2::4].count(0) == sample[3::4].count(0) > len(sample) // 5:
        return Encoding("utf-32-le", "UTF-32", guessed=True)
    if sample[0::4].count(0) == sample[1::4].count(0) == sample[2::4].count(0) > len(sample) // 5:
        return Encoding("utf-32-be", "UTF-32", guessed=True)
    if sample[1::2].count(0) > len(sample) // 3:
        return Encoding("utf-16-le", "UTF-16", guessed=True)
    if sample[0::2].count(0) > len(sample) // 3:
        return Encoding("utf-16-be", "UTF-16", guessed=True)
    return None


def _legacy(head: bytes) -> Encoding:
    # Imported here: only files that are not UTF-8 pay for loading it.
    from charset_normalizer import from_bytes

    # The ASCII lines (property names, addresses) say nothing and dilute the guess.
    sample = b"\n".join(line for line in head.splitlines() if not line.isascii())
    order = {name: i for i, name in enumerate(LEGACY)}
    ranked = []
    for match in from_bytes(sample, cp_isolation=list(LEGACY)):
        # Code pages that read the sample alike (cp1250 and cp1252 for "Müller") go
        # by LEGACY's order.
        alike = [codecs.lookup(e).name.replace("-", "_") for e in match.could_be_from_charset]
        name = min(alike or ["cp1252"], key=lambda e: order.get(e, len(LEGACY)))
        ranked.append(
            (round(match.chaos, 2), -round(match.coherence, 2), order.get(name, 99), name)
        )
    codec = min(ranked)[3] if ranked else "cp1252"
    if codec not in order or (codec == "mac_roman" and _letters_in_cp1252(sample)):
        # Windows' code page when it reads every non-ASCII byte as a letter (Primäre,
        # für): classic Mac OS files are rare, and Mac Roman reads ä as ‰.
        codec = "cp1252"
    script = _SCRIPTS.get(codec, "Western")
    return Encoding(codec, f"{script} ({codec.replace('_', '-')})", guessed=True)


def _letters_in_cp1252(sample: bytes) -> bool:
    text = sample.decode("cp1252", errors="replace")
    return all(ch.isalpha() for ch in text if not ch.isascii())


def describe(encoding: Encoding) -> str:
    """A line for the summary when the file was not plain UTF-8, else ""."""
    if not encoding.label:
        return ""
    how = "guessed from its bytes" if encoding.guessed else "from its byte-order mark"
    return f"read as {encoding.label}, {how}"


def decode_line(raw: bytes, encoding: Encoding) -> str:
    """One line of an 8-bit file: UTF-8 when it is (files mix them), else the file's code page."""
    if encoding.codec in ("utf-8", "utf-8-sig"):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    if raw.isascii():
        return raw.decode("ascii")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(encoding.codec, errors="replace")


# A line's own charset (vCard 2.1 ``N;CHARSET=WINDOWS-1251:…``), when it names one.
LineCharset = Callable[[bytes], str | None]


def numbered_lines(
    stream: BinaryIO, encoding: Encoding, charset: LineCharset | None = None
) -> Iterator[tuple[int, str]]:
    """(line number from 1, text without its line ending) of every physical line.

    ``charset``, given the raw bytes of a line of an 8-bit file, may name the
    code page that line declares; undecodable bytes become U+FFFD, never an error.
    """
    if encoding.wide:
        text = io.TextIOWrapper(stream, encoding=encoding.codec, errors="replace", newline="")
        try:
            for number, line in enumerate(text, 1):
                yield number, line.rstrip("\r\n")
        finally:
            text.detach()  # the caller closes the stream it opened
        return
    first = True
    for number, raw in enumerate(stream, 1):
        raw = raw.rstrip(b"\r\n")
        if first:
            raw, first = raw.removeprefix(codecs.BOM_UTF8), False
        own = charset(raw) if charset is not None and not raw.isascii() else None
        if own:
            try:
                yield number, raw.decode(own, errors="replace")
                continue
            except (LookupError, ValueError):  # an unknown name, or one with a NUL in it
                pass
        yield number, decode_line(raw, encoding)


def decode_text(head: bytes) -> str:
    """A chunk of a file (its first bytes) as text, for sniffing its format."""
    encoding = detect(head)
    text = head.decode(encoding.codec, errors="replace")
    return text.lstrip("\ufeff")


def open_text(stream: BinaryIO) -> tuple[io.TextIOWrapper, Encoding]:
    """A binary stream as text in its own encoding (the stream is read from its start)."""
    encoding = detect(stream.read(SNIFF_BYTES))
    stream.seek(0)
    # utf-8-sig: a BOM the sniff missed is still no character of the first line.
    codec = "utf-8-sig" if encoding.codec == "utf-8" else encoding.codec
    return io.TextIOWrapper(stream, encoding=codec, errors="replace", newline=""), encoding
