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
from kithkin.model import Person, TieSource
from kithkin.service.app import App

VCARD_VERSIONS = ("3.0", "4.0")
# A spreadsheet runs a cell beginning with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "name",
    "given name",
    "family name",
    "nicknames",
    "emails",
    "phones",
    "organisation",
    "role",
    "location",
    "birthday",
    "circles",
    "skills",
    "links",
    "notes",
    "me",
)


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


# -- vCard -------------------------------------------------------------------------


def _esc(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
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


def vcard(person: Person, version: str, related: list[tuple[str, str]]) -> str:
    """One card; ``related`` are (name, kind) of the people this one is tied to."""
    lines = ["BEGIN:VCARD", f"VERSION:{version}", "PRODID:-//Kithkin//Kithkin//EN"]
    if person.id is not None:
        lines.append(f"UID:kithkin-person-{person.id}")
    lines.append(f"FN:{_esc(person.display_name)}")
    n = (person.family_name, person.given_name, person.middle_name, person.prefix, person.suffix)
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
        lines.append(f"URL:{link}")
    expertise = "EXPERTISE" if version == "4.0" else "X-EXPERTISE"  # RFC 6715 is for 4.0
    lines += [f"{expertise}:{_esc(skill)}" for skill in person.skills]
    if person.notes:
        lines.append(f"NOTE:{_esc(person.notes)}")
    for i, (name, kind) in enumerate(related, start=1):
        if version == "4.0":
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
        people = uow.people.all()
        ties = uow.ties.all()
    names = {p.id: p.display_name for p in people}
    me = next((p.id for p in people if p.is_me), None)
    related: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for tie in ties:
        if me in (tie.person_a, tie.person_b):
            continue
        for k in tie.kinds:
            if k.source is not TieSource.INFERRED:
                related[tie.person_a].append((names[tie.person_b], k.kind))
                related[tie.person_b].append((names[tie.person_a], k.kind))
    text = "".join(vcard(p, version, related.get(p.id or 0, [])) for p in people)
    write_atomic(path, text.encode())
    return ExportResult(str(path), f"vcard {version}", len(people))


# -- CSV ---------------------------------------------------------------------------


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ tab or CR gets a quote."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_row(p: Person) -> list[str]:
    current = p.current_affiliations[:1]
    return [
        str(p.id),
        p.display_name,
        p.given_name,
        p.family_name,
        "; ".join(p.nicknames),
        "; ".join(e.address for e in p.emails),
        "; ".join(ph.number for ph in p.phones),
        current[0].organisation if current else "",
        current[0].role if current else "",
        p.location,
        p.birthday.iso() if p.birthday else "",
        "; ".join(p.circles),
        "; ".join(p.skills),
        "; ".join(p.links),
        p.notes,
        "yes" if p.is_me else "",
    ]


def export_csv(app: App, path: Path) -> ExportResult:
    with app.uow(write=False) as uow:
        people = uow.people.all()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in people:
        writer.writerow([safe_cell(cell) for cell in csv_row(p)])
    # A BOM so that spreadsheets read the file as UTF-8.
    write_atomic(path, ("\ufeff" + buffer.getvalue()).encode())
    return ExportResult(str(path), "csv", len(people))
