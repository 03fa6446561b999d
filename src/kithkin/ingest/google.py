"""Google Contacts CSV (current export, and the older "Google CSV" headers) → PersonRecords.

Google joins several values of one field with `` ::: `` (labels, and two
addresses under one label), writes a BOM and CRLF, and quotes multi-line
addresses. Labels become circles, without the system ``* myContacts``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from kithkin.ingest import normalise
from kithkin.ingest.contacts_csv import Cells, add_email, add_phone, location, parse_contacts
from kithkin.ingest.records import OrgRecord, PersonRecord, Record, Related

SOURCE = "google"
_JOIN = " ::: "
_NUMBERED = re.compile(
    r"^(E-mail|Phone|Website|Relation|Address|Event|Custom Field) (\d+) - (\w+)$"
)
# System groups that say nothing about who someone is.
_NOT_CIRCLES = {"mycontacts", "starred", "other contacts", "imported"}


def _is_header(cells: list[str]) -> bool:
    has_name = "First Name" in cells or "Given Name" in cells or "Name" in cells
    return has_name and any(_NUMBERED.match(c) for c in cells)


def parse(path: Path, *, me: Sequence[str] = (), region: str = "") -> Iterator[Record]:
    """Every contact row of the file, in order."""
    return parse_contacts(path, SOURCE, _is_header, "Google Contacts CSV", _person, region, _quiet)


# Columns that say nothing a person would miss: how to pronounce or file a name, the
# photo's web address, and the type of a numbered field whose value is read or empty.
_QUIET = {
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Yomi Name",
    "Given Name Yomi",
    "Additional Name Yomi",
    "Family Name Yomi",
    "File As",
    "Photo",
}
_QUIET_PARTS = re.compile(r"^(Address|Organization) \d+ - (Label|Type|Yomi Name)$|Yomi$")


def _quiet(column: str, value: str) -> bool:
    return column in _QUIET or _QUIET_PARTS.search(column) is not None


def _person(values: Cells, region: str) -> PersonRecord:
    record = PersonRecord(
        origin=values.origin,
        key="",
        display_name="",
        given_name=normalise.text(values.first("First Name", "Given Name")),
        middle_name=normalise.text(values.first("Middle Name", "Additional Name")),
        family_name=normalise.text(values.first("Last Name", "Family Name")),
        prefix=normalise.text(values.get("Name Prefix")),
        suffix=normalise.text(values.get("Name Suffix")),
        birthday=values.date("Birthday"),
        notes=values.get("Notes").replace("\r\n", "\n"),
    )
    full = normalise.text(values.get("Name"))
    if full and not (record.given_name or record.family_name):
        given, middle, family, prefix, suffix, nicknames = normalise.split_name(full)
        record.given_name, record.middle_name, record.family_name = given, middle, family
        record.prefix, record.suffix = record.prefix or prefix, record.suffix or suffix
        record.nicknames += nicknames
    record.display_name = full
    nicknames = [n for n in map(normalise.text, values.get("Nickname").split(_JOIN)) if n]
    record.nicknames = [*nicknames, *(n for n in record.nicknames if n not in nicknames)]
    org = normalise.organisation(values.first("Organization Name", "Organization 1 - Name"))
    if org:
        title = normalise.text(values.first("Organization Title", "Organization 1 - Title"))
        record.organisations.append(OrgRecord(name=org, title=title))
    record.circles = _circles(values.first("Labels", "Group Membership"))
    _numbered(values, record, region)
    return record


def _circles(labels: str) -> list[str]:
    circles: list[str] = []
    for raw in labels.split(_JOIN):
        name = raw.strip().removeprefix("* ")
        circle = normalise.circle(name)
        if circle and circle not in _NOT_CIRCLES and circle not in circles:
            circles.append(circle)
    return circles


def _numbered(values: Cells, record: PersonRecord, region: str) -> None:
    """E-mail N, Phone N, Website N, Relation N, Address N, Event N and Custom Field N."""
    fields: dict[tuple[str, str], dict[str, str]] = {}
    for column in values.columns():
        match = _NUMBERED.match(column)
        if match:
            kind, number, part = match.groups()
            fields.setdefault((kind, number), {})["Label" if part == "Type" else part] = column
    for (kind, number), columns in fields.items():
        if kind == "Address":
            if not record.location:
                record.location = _address(values, number)
            continue
        column = columns.get("Value", "")
        if not column:
            continue
        labels = [
            v.strip().removeprefix("* ") for v in values.get(columns.get("Label", "")).split(_JOIN)
        ]
        parts = [v.strip() for v in values.get(column).split(_JOIN) if v.strip()]
        label = labels[0]
        # Several values under one column carry either one label each or one between them.
        if len(labels) != len(parts):
            labels = [label] * len(parts)
        pairs = list(zip(parts, labels, strict=True))
        if kind == "E-mail":
            for value, its_label in pairs:
                add_email(values, record, column, value, its_label)
        elif kind == "Phone":
            for value, its_label in pairs:
                add_phone(values, record, column, value, its_label, region)
        elif kind == "Website":
            links = [values.link(column, v) for v in parts]
            record.links += [v for v in links if v and v not in record.links]
        elif kind == "Relation":
            kind_of = normalise.relation_kind(label)
            for value in parts:
                if normalise.looks_like_address(value):  # an address names nobody
                    record.related.append(Related(email=normalise.email(value), kind=kind_of))
                else:
                    record.related.append(Related(name=normalise.text(value), kind=kind_of))
        else:  # Event (an anniversary, a custom date) and Custom Field: kept in the notes
            record.notes = "\n".join(n for n in (record.notes, *_note(values, column, pairs)) if n)


def _note(values: Cells, column: str, pairs: list[tuple[str, str]]) -> list[str]:
    """``Label: value`` lines for the notes; an event's date in ISO form when it reads as one."""
    lines = []
    for value, label in pairs:
        if column.startswith("Event"):
            value = normalise.birthday(value, day_first=values.day_first) or value
        lines.append(f"{label.capitalize() or 'Note'}: {value}")
    return lines


def _address(values: Cells, number: str) -> str:
    prefix = f"Address {number} - "
    place = location(
        values.get(prefix + "City"), values.get(prefix + "Region"), values.get(prefix + "Country")
    )
    formatted = values.get(prefix + "Formatted")  # read: it holds what the parts hold
    return place or normalise.text(formatted)
