"""Kithkin's own CSV (``kith export csv``) → one PersonRecord per row.

Lists hold one item per line of their cell; labels and roles are on the same
lines as the addresses, numbers and organisations they belong to. A cell the
export began with a quote (so that a spreadsheet shows it as text) has exactly
that one quote taken off again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import zip_longest
from pathlib import Path

from kithkin.ingest import normalise
from kithkin.ingest.contacts_csv import finish
from kithkin.ingest.csv_rows import records
from kithkin.ingest.records import BadRecord, OrgRecord, Origin, PersonRecord, Record

SOURCE = "kithkin"
COLUMNS = (
    "id",
    "name",
    "given name",
    "middle name",
    "family name",
    "prefix",
    "suffix",
    "nicknames",
    "emails",
    "email labels",
    "phones",
    "phone labels",
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


def is_header(cells: list[str]) -> bool:
    return tuple(cells[:3]) == COLUMNS[:3] and "emails" in cells and "me" in cells


def parse(path: Path, *, me: Sequence[str] = (), region: str = "US") -> Iterator[Record]:
    """Every row of the file, in order."""
    for row, values in records(path, is_header, "Kithkin CSV export"):
        origin = Origin(SOURCE, str(path), f"line {row.line}")
        if row.error:
            yield BadRecord(origin, row.error)
            continue
        yield finish(
            _person({k: _unquote(v) for k, v in values.items()}, origin, region), exact_names=True
        )


def _unquote(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def _lines(cell: str) -> list[str]:
    return [line for line in cell.replace("\r\n", "\n").split("\n") if line.strip()]


def _pairs(values: dict[str, str], items: str, labels: str) -> list[tuple[str, str]]:
    firsts = _lines(values.get(items, ""))
    seconds = values.get(labels, "").replace("\r\n", "\n").split("\n")
    return [(a, b or "") for a, b in zip_longest(firsts, seconds[: len(firsts)])]


def _person(values: dict[str, str], origin: Origin, region: str) -> PersonRecord:
    record = PersonRecord(
        origin=origin,
        key="",
        display_name=normalise.text(values.get("name", "")),
        given_name=normalise.text(values.get("given name", "")),
        middle_name=normalise.text(values.get("middle name", "")),
        family_name=normalise.text(values.get("family name", "")),
        prefix=normalise.text(values.get("prefix", "")),
        suffix=normalise.text(values.get("suffix", "")),
        nicknames=[normalise.text(n) for n in _lines(values.get("nicknames", ""))],
        location=normalise.text(values.get("location", "")),
        birthday=normalise.birthday(values.get("birthday", "")),
        circles=[c for c in map(normalise.circle, _lines(values.get("circles", ""))) if c],
        skills=[normalise.text(s) for s in _lines(values.get("skills", ""))],
        links=[x for x in map(normalise.link, _lines(values.get("links", ""))) if x],
        notes=values.get("notes", "").replace("\r\n", "\n").strip(),
        lists_ties=True,  # the CSV has no ties: being in it ties nobody to me
    )
    for address, label in _pairs(values, "emails", "email labels"):
        if address := normalise.email(address):
            record.emails.append((address, normalise.label(label)))
    for number, label in _pairs(values, "phones", "phone labels"):
        if number := normalise.phone(number, region):
            record.phones.append((number, normalise.label(label)))
    for org, role in _pairs(values, "organisation", "role"):
        if org := normalise.organisation(org):
            record.organisations.append(OrgRecord(name=org, title=normalise.text(role)))
    return record
