"""What the Google and Outlook contact CSV readers share: the row loop and the finishing touches.

A reader looks its columns up through ``Cells``, which remembers what was read:
a column that holds data in a row and that no reader looked at is dropped with
one warning per column and file, naming the first line it fills. A value a
reader cannot use (a date that is no date, a link that is no web address) is
dropped with a warning naming its line and column, and the contact is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kithkin.ingest import csv_columns, normalise
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


@dataclass(slots=True)
class Cells:
    """One row as {column: value}, remembering which columns a reader looked at and
    which values it dropped (as notices)."""

    values: dict[str, str]
    origin: Origin
    read: set[str] = field(default_factory=set)
    notices: list[Notice] = field(default_factory=list)
    day_first: bool = False  # how this file writes its numeric dates (30/11/1979)
    written: dict[str, str] = field(default_factory=dict)  # column -> its name in the file

    def get(self, column: str) -> str:
        """The value of ``column``, trimmed ("" when the file has no such column)."""
        self.read.add(column)
        return self.values.get(column, "").strip()

    def first(self, *columns: str) -> str:
        """The first of ``columns`` that holds a value (all of them count as read)."""
        found = [v for v in map(self.get, columns) if v]
        return found[0] if found else ""

    def columns(self) -> Iterable[str]:
        return self.values.keys()

    def drop(self, column: str, why: str, value: str) -> None:
        """Say that ``value`` of ``column`` is not kept, and why."""
        shown = value if len(value) <= 40 else value[:37] + "..."
        name = self.written.get(column, column)
        self.notices.append(Notice(self.origin, f"dropped {name}: {why}: '{shown}'"))

    def date(self, column: str) -> str:
        """``column`` as an ISO date (``normalise.birthday``); a value that is no date is
        dropped with a notice. Outlook's ``0/0/00`` means no date: nothing to say."""
        raw = self.get(column)
        day = normalise.birthday(raw, day_first=self.day_first)
        if raw and not day and not _NO_DATE.match(raw):
            self.drop(column, "not a date", raw)
        return day

    def link(self, column: str, raw: str | None = None) -> str:
        """``column`` (or ``raw``, one of its values) as a link; else dropped with a notice."""
        value = self.get(column) if raw is None else raw.strip()
        found = normalise.link(value)
        if value and not found:
            self.drop(column, "not a web address", value)
        return found


# Outlook and spreadsheets write an empty date as zeros: 0/0/00, 00.00.0000.
_NO_DATE = re.compile(r"^[0\W]+$")

Build = Callable[[Cells, str], PersonRecord]


class Columns:
    """A file's column names as a reader knows them (``csv_columns.outlook_in_english``
    for Outlook), remembering the language the file's header was written in."""

    def __init__(self, localised: bool) -> None:
        self.localised = localised
        self.language = ""
        self.written: dict[str, str] = {}  # a column's name for the reader -> in the file

    def __call__(self, header: list[str]) -> list[str]:
        if not self.localised:
            return header
        self.language = csv_columns.outlook_language(header)
        named = csv_columns.outlook_in_english(header)
        self.written = {ours: theirs for ours, theirs in zip(named, header, strict=True)}
        return named


def _dates(
    path: Path, is_header: Callable[[list[str]], bool], what: str, names: Columns
) -> tuple[bool, bool]:
    """Whether this file writes its numeric dates day first, from its own dates that can
    be read one way only; else day first when its header is in a language other than
    English (Outlook in French or Spanish writes 30/11/1979), month first otherwise.
    And whether it holds a numeric date at all."""
    written = [
        value
        for _, values in records(path, is_header, what, names)
        for column, value in values.items()
        if value and csv_columns.is_date_column(column)
    ]
    numeric = any(_SLASHED.match(value.strip()) for value in written)
    local = bool(names.language) and csv_columns.OUTLOOK[names.language][3]
    return csv_columns.day_first(written, default=local), numeric


_SLASHED = re.compile(r"^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$")


def parse_contacts(
    path: Path,
    source: str,
    is_header: Callable[[list[str]], bool],
    what: str,
    build: Build,
    region: str,
    quiet: Callable[[str, str], bool] = lambda column, value: False,
    *,
    localised: bool = False,
) -> Iterator[Record]:
    """One record per contact row: ``build`` fills it, ``finish`` names and keys it.

    ``localised``: the header may be in Outlook's other languages (``csv_columns``).
    After the rows, one notice per column that held data no reader looked at
    (unless ``quiet`` says the column carries nothing a person would miss)."""
    names = Columns(localised)
    day_first, numeric = _dates(path, is_header, what, names)
    whole_file = Origin(source, str(path), "the whole file")
    if names.language:
        yield Notice(whole_file, f"read with {csv_columns.OUTLOOK[names.language][0]}")
    if day_first and numeric:
        yield Notice(
            whole_file, "numeric dates read day first (30/11/1979), as the file writes them"
        )
    unread: dict[str, tuple[str, int]] = {}  # column -> (first line it fills, rows)
    for row, values in records(path, is_header, what, names):
        origin = Origin(source, str(path), f"line {row.line}")
        if row.notice:
            yield Notice(whole_file, row.notice)
            continue
        if row.error:
            yield BadRecord(origin, row.error)
            continue
        cells = Cells(values, origin, day_first=day_first, written=names.written)
        record = finish(build(cells, region))
        yield from cells.notices
        people = people_at(record) if isinstance(record, PersonRecord) else []
        for column, value in values.items():
            if value.strip() and column not in cells.read and not quiet(column, value.strip()):
                line, rows = unread.get(column, (origin.record, 0))
                unread[column] = (line, rows + 1)
        yield record
        yield from people
    for column, (line, rows) in unread.items():
        more = f" and {rows - 1} more row{'s' * (rows > 2)}" if rows > 1 else ""
        yield Notice(
            Origin(source, str(path), line),
            f"dropped column '{names.written.get(column, column)}': Kithkin does not keep it "
            f"(filled on this line{more})",
        )


def add_email(cells: Cells, record: PersonRecord, column: str, raw: str, label: str) -> None:
    address = normalise.email(raw)
    if not address:
        return
    if not normalise.looks_like_address(address):
        cells.drop(column, "not an e-mail address", raw.strip())
    elif all(address != existing for existing, _ in record.emails):
        record.emails.append((address, normalise.label(label)))


def add_phone(
    cells: Cells, record: PersonRecord, column: str, raw: str, label: str, region: str
) -> None:
    number = normalise.phone(raw, region)
    if number and not normalise.has_digits(number):
        cells.drop(column, "not a phone number", raw.strip())
    elif number and all(number != existing for existing, _ in record.phones):
        record.phones.append((number, normalise.label(label)))


def finish(record: PersonRecord, exact_names: bool = False) -> PersonRecord | Skipped:
    """Display name from the name parts (else the organisation, email or phone) and a key.

    Credentials and nicknames written inside the name columns are moved to their own
    places, unless the file keeps them there already (``exact_names``: Kithkin's own)."""
    if not exact_names:
        given, family, suffix, nicknames = normalise.clean_name_parts(
            record.given_name, record.family_name
        )
        record.given_name, record.family_name = given, family
        if suffix and suffix not in record.suffix:
            record.suffix = ", ".join(p for p in (record.suffix, suffix) if p)
        record.nicknames += [n for n in nicknames if n not in record.nicknames]
    if not record.display_name:
        record.display_name = normalise.text(
            " ".join((record.given_name, record.middle_name, record.family_name))
        )
    if not record.display_name:
        fallback = [o.name for o in record.organisations[:1]]
        fallback += [e for e, _ in record.emails[:1]] + [p for p, _ in record.phones[:1]]
        if not fallback:
            return Skipped(record.origin, "contact without a name, email or phone")
        record.display_name = fallback[0]
        record.is_organisation = bool(record.organisations)  # a company's row, not a person
    keys = [e for e, _ in record.emails] + [p for p, _ in record.phones]
    record.key = keys[0] if keys else record.display_name
    return record


def people_at(card: PersonRecord) -> list[PersonRecord]:
    """The people an organisation's card names, each a person working there.

    A contact person (vCard ``RELATED;TYPE=contact``, a related name without a kind)
    is someone in the address book: tied to me like any contact. Someone else the
    card names (its manager, an assistant) works there, with that as the role, and
    is tied to nobody. The card itself stays an organisation and keeps its
    addresses and numbers: they are the company's, not the person's.
    """
    if not card.is_organisation:
        return []
    people: list[PersonRecord] = []
    for related in card.related:
        if not (related.name or related.email):
            continue
        contact = related.kind in ("", "contact", "acquaintance")
        given, middle, family, prefix, suffix, nicknames = normalise.split_name(related.name)
        people.append(
            PersonRecord(
                origin=card.origin,
                key=f"{card.key}/{related.email or related.name}",
                display_name=related.name or related.email,
                given_name=given,
                middle_name=middle,
                family_name=family,
                prefix=prefix,
                suffix=suffix,
                nicknames=nicknames,
                emails=[(related.email, "")] if related.email else [],
                organisations=[OrgRecord(card.display_name, "" if contact else related.kind)],
                lists_ties=not contact,
            )
        )
    card.related = []
    return people


def location(*parts: str) -> str:
    return ", ".join(p for p in map(normalise.text, parts) if p)
