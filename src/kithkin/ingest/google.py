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
from kithkin.ingest.contacts_csv import add_email, add_phone, location, parse_contacts
from kithkin.ingest.records import OrgRecord, Origin, PersonRecord, Record, Related

SOURCE = "google"
_JOIN = " ::: "
_NUMBERED = re.compile(r"^(E-mail|Phone|Website|Relation|Address) (\d+) - (Label|Type|Value)$")
# System groups that say nothing about who someone is.
_NOT_CIRCLES = {"mycontacts", "starred", "other contacts", "imported"}


def _is_header(cells: list[str]) -> bool:
    has_name = "First Name" in cells or "Given Name" in cells or "Name" in cells
    return has_name and any(_NUMBERED.match(c) for c in cells)


def parse(path: Path, *, me: Sequence[str] = (), region: str = "") -> Iterator[Record]:
    """Every contact row of the file, in order."""
    return parse_contacts(path, SOURCE, _is_header, "Google Contacts CSV", _person, region)


def _get(values: dict[str, str], *columns: str) -> str:
    for column in columns:
        value = values.get(column, "").strip()
        if value:
            return value
    return ""


def _person(values: dict[str, str], origin: Origin, region: str) -> PersonRecord:
    record = PersonRecord(
        origin=origin,
        key="",
        display_name="",
        given_name=normalise.text(_get(values, "First Name", "Given Name")),
        middle_name=normalise.text(_get(values, "Middle Name", "Additional Name")),
        family_name=normalise.text(_get(values, "Last Name", "Family Name")),
        prefix=normalise.text(_get(values, "Name Prefix")),
        suffix=normalise.text(_get(values, "Name Suffix")),
        birthday=normalise.birthday(_get(values, "Birthday")),
        notes=_get(values, "Notes").replace("\r\n", "\n"),
    )
    full = normalise.text(_get(values, "Name"))
    if full and not (record.given_name or record.family_name):
        given, middle, family, prefix, suffix, nicknames = normalise.split_name(full)
        record.given_name, record.middle_name, record.family_name = given, middle, family
        record.prefix, record.suffix = record.prefix or prefix, record.suffix or suffix
        record.nicknames += nicknames
    record.display_name = full
    record.nicknames = [n for n in map(normalise.text, _get(values, "Nickname").split(_JOIN)) if n]
    org = normalise.organisation(_get(values, "Organization Name", "Organization 1 - Name"))
    if org:
        title = normalise.text(_get(values, "Organization Title", "Organization 1 - Title"))
        record.organisations.append(OrgRecord(name=org, title=title))
    record.circles = _circles(_get(values, "Labels", "Group Membership"))
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


def _numbered(values: dict[str, str], record: PersonRecord, region: str) -> None:
    """E-mail N, Phone N, Website N, Relation N and Address N columns."""
    fields: dict[tuple[str, str], dict[str, str]] = {}
    for column, value in values.items():
        match = _NUMBERED.match(column)
        if match:
            kind, number, part = match.groups()
            fields.setdefault((kind, number), {})["Label" if part == "Type" else part] = value
    for (kind, number), field in fields.items():
        labels = [v.strip().removeprefix("* ") for v in field.get("Label", "").split(_JOIN)]
        parts = [v.strip() for v in field.get("Value", "").split(_JOIN) if v.strip()]
        label = labels[0]
        # Several values under one column carry either one label each or one between them.
        if len(labels) != len(parts):
            labels = [label] * len(parts)
        pairs = zip(parts, labels, strict=True)
        if kind == "E-mail":
            for value, its_label in pairs:
                add_email(record, value, its_label)
        elif kind == "Phone":
            for value, its_label in pairs:
                add_phone(record, value, its_label, region)
        elif kind == "Website":
            links = [normalise.link(v) for v in parts]
            record.links += [v for v in links if v and v not in record.links]
        elif kind == "Relation":
            kind_of = normalise.relation_kind(label)
            for value in parts:
                if normalise.looks_like_address(value):  # an address names nobody
                    record.related.append(Related(email=normalise.email(value), kind=kind_of))
                else:
                    record.related.append(Related(name=normalise.text(value), kind=kind_of))
        elif kind == "Address" and not record.location:
            record.location = _address(values, number)


def _address(values: dict[str, str], number: str) -> str:
    prefix = f"Address {number} - "
    place = location(
        values.get(prefix + "City", ""),
        values.get(prefix + "Region", ""),
        values.get(prefix + "Country", ""),
    )
    return place or normalise.text(values.get(prefix + "Formatted", ""))
