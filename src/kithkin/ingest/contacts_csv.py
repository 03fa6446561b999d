"""What the Google and Outlook contact CSV readers share: the row loop and the finishing touches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kithkin.ingest import normalise
from kithkin.ingest.csv_rows import records
from kithkin.ingest.records import BadRecord, Notice, Origin, PersonRecord, Record, Skipped

Build = Callable[[dict[str, str], Origin, str], PersonRecord]


def parse_contacts(
    path: Path,
    source: str,
    is_header: Callable[[list[str]], bool],
    what: str,
    build: Build,
    region: str,
) -> Iterator[Record]:
    """One record per contact row: ``build`` fills it, ``finish`` names and keys it."""
    for row, values in records(path, is_header, what):
        origin = Origin(source, str(path), f"line {row.line}")
        if row.notice:
            yield Notice(Origin(source, str(path), "the whole file"), row.notice)
            continue
        if row.error:
            yield BadRecord(origin, row.error)
            continue
        yield finish(build(values, origin, region))


def add_email(record: PersonRecord, raw: str, label: str) -> None:
    address = normalise.email(raw)
    if address and all(address != existing for existing, _ in record.emails):
        record.emails.append((address, normalise.label(label)))


def add_phone(record: PersonRecord, raw: str, label: str, region: str) -> None:
    number = normalise.phone(raw, region)
    if number and all(number != existing for existing, _ in record.phones):
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


def location(*parts: str) -> str:
    return ", ".join(p for p in map(normalise.text, parts) if p)
