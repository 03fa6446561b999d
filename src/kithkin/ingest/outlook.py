"""Outlook contacts CSV → PersonRecords.

Outlook names every phone by its column (``Mobile Phone``, ``Business Phone``…),
separates categories with ``;`` and writes ``0/0/00`` for an empty date.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from kithkin.ingest import csv_columns, normalise
from kithkin.ingest.contacts_csv import Cells, add_email, add_phone, location, parse_contacts
from kithkin.ingest.records import OrgRecord, PersonRecord, Record, Related

SOURCE = "outlook"
_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_PHONES = {
    "Mobile Phone": "mobile",
    "Primary Phone": "",
    "Home Phone": "home",
    "Home Phone 2": "home",
    "Business Phone": "work",
    "Business Phone 2": "work",
    "Company Main Phone": "work",
    "Car Phone": "car",
    "Other Phone": "other",
    "Callback": "other",
    "Radio Phone": "other",
    "TTY/TDD Phone": "other",
    "Business Fax": "work fax",
    "Home Fax": "home fax",
    "Other Fax": "fax",
    "Pager": "pager",
    "ISDN": "isdn",
    "Assistant's Phone": "assistant",
}
# People Outlook keeps a name of on a contact: each becomes a stated tie.
_RELATED = {
    "Spouse": "spouse",
    "Manager's Name": "manager",
    "Assistant's Name": "assistant",
    "Children": "child",
}


def _is_header(cells: list[str]) -> bool:
    # Some programs that write Outlook's columns give one Name instead of its parts.
    names = {"First Name", "Last Name", "Name"} & set(cells)
    return bool(names) and "E-mail Address" in cells


def parse(path: Path, *, me: Sequence[str] = (), region: str = "") -> Iterator[Record]:
    """Every contact row of the file, in order; its header in English or in the language
    of another Outlook (``csv_columns``), its fields separated by commas, ';' or tabs."""
    return parse_contacts(
        path, SOURCE, _is_header, "Outlook contacts CSV", _person, region, _quiet, localised=True
    )


# Columns that say nothing a person would miss: how Outlook files or shows a contact,
# the type of an address that is read, and flags with Outlook's defaults.
_QUIET = {
    "Given Yomi",
    "Given Name Yomi",
    "Surname Yomi",
    "Family Name Yomi",
    "Company Yomi",
    "Initials",
    "E-mail Type",
    "E-mail 2 Type",
    "E-mail 3 Type",
    "E-mail Display Name",
    "E-mail 2 Display Name",
    "E-mail 3 Display Name",
}

# Google's system groups, which its Outlook CSV export writes as categories.
_NOT_CIRCLES = {"mycontacts", "starred"}


def _quiet(column: str, value: str) -> bool:
    # Outlook writes "Normal", "False" and "Unspecified" (priority, privacy, gender; in
    # German "Normal", "Aus", "Nicht angegeben"…) in every row it exports: a default,
    # not something the contact says.
    return column in _QUIET or value in csv_columns.OUTLOOK_DEFAULTS or value == "0/0/00"


def _person(values: Cells, region: str) -> PersonRecord:
    get = values.get
    record = PersonRecord(
        origin=values.origin,
        key="",
        display_name="",
        given_name=normalise.text(get("First Name")),
        middle_name=normalise.text(get("Middle Name")),
        family_name=normalise.text(get("Last Name")),
        prefix=normalise.text(get("Title")),
        suffix=normalise.text(get("Suffix")),
        birthday=values.date("Birthday") or _birth(values),
        notes=get("Notes").replace("\r\n", "\n"),
    )
    full = normalise.text(get("Name"))
    if full and not (record.given_name or record.family_name):
        given, middle, family, prefix, suffix, nicknames = normalise.split_name(full)
        record.given_name, record.middle_name, record.family_name = given, middle, family
        record.prefix, record.suffix = record.prefix or prefix, record.suffix or suffix
        record.nicknames += nicknames
    record.display_name = full  # the name the program shows (Thunderbird's Display Name)
    if get("Nickname"):
        record.nicknames.append(normalise.text(get("Nickname")))
    for column in _EMAILS:
        add_email(values, record, column, get(column), "")
    for column, label in _PHONES.items():
        add_phone(values, record, column, get(column), label, region)
    company = normalise.organisation(get("Company"))
    if company:
        record.organisations.append(OrgRecord(name=company, title=normalise.text(get("Job Title"))))
    for column in ("Web Page", "Personal Web Page", "Business Web Page"):  # the last: WLM
        link = values.link(column)
        if link and link not in record.links:
            record.links.append(link)
    for raw in get("Categories").split(";"):
        circle = normalise.circle(raw.strip().removeprefix("* "))
        if circle and circle not in _NOT_CIRCLES and circle not in record.circles:
            record.circles.append(circle)
    for column, kind in _RELATED.items():
        for name in get(column).split(","):  # Outlook joins children with commas
            if normalise.text(name):
                record.related.append(Related(name=normalise.text(name), kind=kind))
    anniversary = values.date("Anniversary")
    if anniversary:
        record.notes = "\n".join(n for n in (record.notes, f"Anniversary: {anniversary}") if n)
    for place in ("Home", "Business", "Other"):
        country = values.first(f"{place} Country/Region", f"{place} Country")  # Google's
        record.location = location(get(f"{place} City"), get(f"{place} State"), country)
        if record.location:
            break
    # Some programs write a whole address in one column ("999 Super Way, Super, CA").
    for place in ("Home", "Business", "Other"):
        if record.location:
            break
        record.location = normalise.text(get(f"{place} Address"))
    return record


def _birth(values: Cells) -> str:
    """Thunderbird's birthday, written in three columns (the year may be empty)."""
    year, month, day = values.get("Birth Year"), values.get("Birth Month"), values.get("Birth Day")
    if not (month and day):
        return ""
    written = (
        f"{year}-{month.zfill(2)}-{day.zfill(2)}" if year else f"--{month.zfill(2)}-{day.zfill(2)}"
    )
    found = normalise.birthday(written)
    if not found:
        values.drop("Birth Month", "not a date", f"{year} {month} {day}".strip())
    return found
