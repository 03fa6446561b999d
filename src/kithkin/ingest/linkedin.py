"""LinkedIn ``Connections.csv`` → one PersonRecord per connection.

The export starts with a ``Notes:`` preamble before the real header; the
profile URL is the stable key. ``Connected On`` becomes ``connected_on``: a
connection alone is an acquaintance, not a relationship.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from kithkin.ingest import normalise
from kithkin.ingest.csv_rows import records
from kithkin.ingest.records import (
    BadRecord,
    Notice,
    OrgRecord,
    Origin,
    PersonRecord,
    Record,
    Skipped,
)

SOURCE = "linkedin"


def _is_header(cells: list[str]) -> bool:
    return "First Name" in cells and "Last Name" in cells and "URL" in cells


def parse(path: Path, *, me: Sequence[str] = (), region: str = "") -> Iterator[Record]:
    """Every connection of the file, in order."""
    for row, values in records(path, _is_header, "LinkedIn Connections.csv"):
        origin = Origin(SOURCE, str(path), f"line {row.line}")
        if row.notice:
            yield Notice(Origin(SOURCE, str(path), "the whole file"), row.notice)
            continue
        if row.error:
            yield BadRecord(origin, row.error)
            continue
        yield _person(values, origin)


def _person(values: dict[str, str], origin: Origin) -> PersonRecord | Skipped:
    given = normalise.text(values.get("First Name", ""))
    family = normalise.text(values.get("Last Name", ""))
    name = normalise.text(f"{given} {family}")
    url = values.get("URL", "").strip()
    address = normalise.email(values.get("Email Address", ""))
    if not name:
        # LinkedIn blanks out members who left or hid their profile.
        return Skipped(origin, "connection without a name")
    record = PersonRecord(
        origin=origin,
        key=url or address or name,
        display_name=name,
        given_name=given,
        family_name=family,
        connected_on=normalise.connected_date(values.get("Connected On", "")),
    )
    if address:
        record.emails.append((address, ""))
    company = normalise.organisation(values.get("Company", ""))
    if company:
        position = normalise.text(values.get("Position", ""))
        record.organisations.append(OrgRecord(name=company, title=position))
    if url:
        record.links.append(url)
    return record
