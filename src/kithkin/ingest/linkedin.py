"""LinkedIn ``Connections.csv`` → one PersonRecord per connection.

The export starts with a ``Notes:`` preamble before the real header; the
profile URL is the stable key. ``Connected On`` becomes ``connected_on``: a
connection alone is an acquaintance, not a relationship.
"""

from __future__ import annotations

import re
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
_WHAT = "LinkedIn Connections.csv"
_NUMERIC = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]")  # 1/8/18, 25.12.2020


def _is_header(cells: list[str]) -> bool:
    # Exports from 2018 and 2022 have no URL column, some no Email Address either.
    names = "First Name" in cells and "Last Name" in cells
    return names and bool({"URL", "Connected On", "Company", "Position"} & set(cells))


def _day_first(path: Path) -> bool:
    """How this file writes numeric dates, from the dates that can be read one way only."""
    dates: list[str] = []
    for _, values in records(path, _is_header, _WHAT):
        written = values.get("Connected On", "").strip()
        if not written:
            continue
        if not _NUMERIC.match(written):
            return False  # "12 Oct 2025", "2024-01-15": no day-or-month question in this file
        dates.append(written)
    return normalise.numeric_date_order(dates)


# The columns LinkedIn's export has; another column (a tool's "Phone Numbers") is said.
_READ = frozenset(
    {"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}
)


def parse(path: Path, *, me: Sequence[str] = (), region: str = "") -> Iterator[Record]:
    """Every connection of the file, in order; then one notice per column that held data
    Kithkin does not keep, at the first line it fills."""
    day_first = _day_first(path)
    unread: dict[str, tuple[str, int]] = {}  # column -> (first line it fills, rows)
    for row, values in records(path, _is_header, _WHAT):
        origin = Origin(SOURCE, str(path), f"line {row.line}")
        if row.notice:
            yield Notice(Origin(SOURCE, str(path), "the whole file"), row.notice)
            continue
        if row.error:
            yield BadRecord(origin, row.error)
            continue
        for column, value in values.items():
            if value.strip() and column not in _READ:
                line, rows = unread.get(column, (origin.record, 0))
                unread[column] = (line, rows + 1)
        yield from _person(values, origin, day_first)
    for column, (line, rows) in unread.items():
        more = f" and {rows - 1} more row{'s' * (rows > 2)}" if rows > 1 else ""
        yield Notice(
            Origin(SOURCE, str(path), line),
            f"dropped column '{column}': Kithkin does not keep it (filled on this line{more})",
        )


def _person(values: dict[str, str], origin: Origin, day_first: bool) -> list[Record]:
    given, family, suffix, nicknames = normalise.clean_name_parts(
        values.get("First Name", ""), values.get("Last Name", "")
    )
    name = normalise.text(f"{given} {family}")
    written_url = values.get("URL", "").strip()
    url = normalise.link(written_url)
    address = normalise.email(values.get("Email Address", ""))
    if not name:
        # LinkedIn blanks out members who left or hid their profile.
        return [Skipped(origin, "connection without a name")]
    written = values.get("Connected On", "").strip()
    connected_on = normalise.connected_date(written, day_first) if written else None
    notices: list[Record] = []
    if written and connected_on is None:
        notices.append(Notice(origin, f"Connected On '{written}' is not a date: kept without it"))
    if written_url and not url:
        notices.append(Notice(origin, f"dropped URL: not a web address: '{written_url[:40]}'"))
    record = PersonRecord(
        origin=origin,
        key=url or address or name,
        display_name=name,
        given_name=given,
        family_name=family,
        suffix=suffix,
        nicknames=list(nicknames),
        connected_on=connected_on,
        connection=True,
    )
    if address:
        record.emails.append((address, ""))
    company = normalise.organisation(values.get("Company", ""))
    if company:
        position = normalise.text(values.get("Position", ""))
        record.organisations.append(OrgRecord(name=company, title=position))
    if url:
        record.links.append(url)
    return [*notices, record]
