"""``kith export vcard|csv``: the network out again, in formats other programs read.

Files are written atomically (a temporary file beside the target, then a
rename), so an interrupted export never leaves half a file behind.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kithkin.errors import InvalidInput
from kithkin.ingest.kithkin_csv import COLUMNS as KITHKIN_CSV_COLUMNS
from kithkin.ingest.normalise import split_name
from kithkin.model import Person, PersonNote, TieSource
from kithkin.service.app import App

VCARD_VERSIONS = ("3.0", "4.0")
# A spreadsheet runs a cell beginning with one of these as a formula, the full-width
# and small forms included (some read them as their ASCII twins).
FORMULA_SIGNS = frozenset("=+-@＝＋－＠﹦﹢﹣﹫")
CSV_COLUMNS = KITHKIN_CSV_COLUMNS


@dataclass
class ExportResult:
    path: str
    format: str
    people: int


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def with_notes(people: list[Person], notes: dict[int, list[PersonNote]]) -> list[Person]:
    """People whose one note field holds all they carry, for formats with one note: a
    card's own note, then the dated notes oldest first, a blank line between."""
    for p in people:
        dated = [n.text for n in notes.get(p.id or 0, [])]
        if dated:
            p.notes = "\n\n".join([p.notes, *dated] if p.notes else dated)
    return people


# -- vCard -------------------------------------------------------------------------


def _esc(value: str) -> str:
    """A property value escaped per RFC 6350 3.4 (and RFC 2426 for 3.0): a backslash,
    comma, semicolon or line break in a value can never end it or start another."""
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 6350 3.2)."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = len(ch.encode())
        if size + width > 75:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def _param(label: str) -> str:
    cleaned = "".join(ch for ch in label if ch.isalnum() or ch in "-_ ").strip().replace(" ", "-")
    return f";TYPE={cleaned}" if cleaned else ""


def vcard(person: Person, version: str, related: list[tuple[str, str, str]]) -> str:
    """One card; ``related`` are (name, e-mail address or "", kind or "") of the people
    this one is tied to, one entry per kind."""
    lines = ["BEGIN:VCARD", f"VERSION:{version}", "PRODID:-//Kithkin//Kithkin//EN"]
    if person.id is not None:
        lines.append(f"UID:kithkin-person-{person.id}")
    lines.append(f"FN:{_esc(person.display_name)}")
    n = (person.family_name, person.given_name, person.middle_name, person.prefix, person.suffix)
    if not any(n):  # a name known only as written: its parts, for programs that show N
        given, middle, family, prefix, suffix, _ = split_name(person.display_name)
        n = (family, given, middle, prefix, suffix)
    lines.append("N:" + ";".join(_esc(part) for part in n))
    if person.nicknames:
        lines.append("NICKNAME:" + ",".join(_esc(x) for x in person.nicknames))
    for e in person.emails:
        lines.append(f"EMAIL{_param(e.label)}:{_esc(e.address)}")
    for p in person.phones:
        lines.append(f"TEL{_param(p.label)}:{_esc(p.number)}")
    for i, a in enumerate(sorted(person.affiliations, key=lambda a: not a.current)):
        lines.append(f"ORG:{_esc(a.organisation)}")
        if i == 0 and a.role:
            lines.append(f"TITLE:{_esc(a.role)}")
    if person.location:
        lines.append(f"ADR:;;;{_esc(person.location)};;;")
    if person.birthday is not None:
        b = person.birthday
        if b.year is not None:
            lines.append(f"BDAY:{b.iso()}")
        elif version == "4.0":
            lines.append(f"BDAY:--{b.month:02d}{b.day:02d}")
        else:  # vCard 3 has no year-less date; Apple's convention is understood widely
            lines.append(f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{b.month:02d}-{b.day:02d}")
    if person.circles:
        lines.append("CATEGORIES:" + ",".join(_esc(c) for c in person.circles))
    for link in person.links:
        lines.append(f"URL:{_esc(link)}")
    expertise = "EXPERTISE" if version == "4.0" else "X-EXPERTISE"  # RFC 6715 is for 4.0
    lines += [f"{expertise}:{_esc(skill)}" for skill in person.skills]
    if person.notes:
        lines.append(f"NOTE:{_esc(person.notes)}")
    for i, (name, address, kind) in enumerate(related, start=1):
        if address:  # an address finds the one person it belongs to; a name may find several
            lines.append(f"RELATED{_param(kind)}:mailto:{_esc(address)}")
        elif version == "4.0":
            lines.append(f"RELATED{_param(kind)};VALUE=text:{_esc(name)}")
        else:
            lines.append(f"item{i}.X-ABRELATEDNAMES:{_esc(name)}")
            if kind:
                lines.append(f"item{i}.X-ABLabel:{_esc(kind)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def export_vcard(app: App, path: Path, version: str = "3.0") -> ExportResult:
    if version not in VCARD_VERSIONS:
        raise InvalidInput(f"vCard version must be 3.0 or 4.0, not '{version}'")
    with app.uow(write=False) as uow:
        people = with_notes(uow.people.all(), uow.edits.all_notes())
        ties = uow.ties.all()
    by_id = {p.id: p for p in people}
    related: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for tie in ties:
        kinds = [k.kind for k in tie.kinds if k.source is not TieSource.INFERRED]
        if not kinds and tie.source is TieSource.INFERRED:
            continue  # worked out again from the data on import, not stated
        kinds = kinds or [""]
        for one, other in ((tie.person_a, tie.person_b), (tie.person_b, tie.person_a)):
            if by_id[one].is_me:
                continue  # my ties are on the other person's card
            them = by_id[other]
            address = them.emails[0].address if them.emails else ""
            related[one] += [(them.display_name, address, kind) for kind in kinds]
    text = "".join(vcard(p, version, related.get(p.id or 0, [])) for p in people)
    write_atomic(path, text.encode())
    return ExportResult(str(path), f"vcard {version}", len(people))


# -- CSV ---------------------------------------------------------------------------


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs: one that starts (after any white
    space or line breaks) with a formula sign, or with the quote itself, gets a leading
    quote; ``kith import`` takes exactly one off again."""
    if value.lstrip(" \t\r\n\u3000")[:1] in FORMULA_SIGNS or value[:1] in ("'", "\t", "\r", "\n"):
        return "'" + value
    return value


def _lines(values: list[str]) -> str:
    return "\n".join(values)  # one item per line in the cell: no item holds a line break


def csv_row(p: Person) -> list[str]:
    current = p.current_affiliations
    return [
        str(p.id),
        p.display_name,
        p.given_name,
        p.middle_name,
        p.family_name,
        p.prefix,
        p.suffix,
        _lines(p.nicknames),
        _lines([e.address for e in p.emails]),
        _lines([e.label for e in p.emails]) if any(e.label for e in p.emails) else "",
        _lines([ph.number for ph in p.phones]),
        _lines([ph.label for ph in p.phones]) if any(ph.label for ph in p.phones) else "",
        _lines([a.organisation for a in current]),
        _lines([a.role for a in current]) if any(a.role for a in current) else "",
        p.location,
        p.birthday.iso() if p.birthday else "",
        _lines(p.circles),
        _lines(p.skills),
        _lines(p.links),
        p.notes,
        "yes" if p.is_me else "",
    ]


def export_csv(app: App, path: Path) -> ExportResult:
    with app.uow(write=False) as uow:
        people = with_notes(uow.people.all(), uow.edits.all_notes())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in people:
        writer.writerow([safe_cell(cell) for cell in csv_row(p)])
    # A BOM so that spreadsheets read the file as UTF-8.
    write_atomic(path, ("\ufeff" + buffer.getvalue()).encode())
    return ExportResult(str(path), "csv", len(people))
