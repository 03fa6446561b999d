"""How contact CSVs name their columns and separate their fields, whatever language
and country wrote them.

Outlook writes its column names in the language it is installed in: a German
Outlook writes ``Vorname;Nachname;E-Mail-Adresse``, a French one ``Prénom,Nom,
Adresse de messagerie``. The readers know Outlook's English names; here the
localised names are turned into them. The language is decided once per file from
the whole header: only a header that names the given or family name in that
language is read as it (so ``Partner`` and ``Position`` in an English file keep
their English meaning, and are not read as German ``Spouse`` and ``Job Title``).

The names themselves are in ``column_names``.

Spreadsheets re-save a CSV with the separator of their country: ``;`` in much
of Europe, a tab from "Unicode text". The separator is the one under which the
file's header row is found.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence

from kithkin.ingest import normalise
from kithkin.ingest.column_names import OUTLOOK, OUTLOOK_DEFAULTS

__all__ = [
    "DELIMITERS",
    "OUTLOOK",
    "OUTLOOK_DEFAULTS",
    "day_first",
    "delimiter",
    "is_date_column",
    "outlook_in_english",
    "outlook_language",
]

# Candidates in the order a tie is broken: the comma is what the programs write.
DELIMITERS = (",", ";", "\t")
_HEADER_ROWS = 30  # a LinkedIn export has a few lines of notes before its header


def outlook_language(header: Sequence[str]) -> str:
    """The language whose Outlook column names ``header`` is written in (or
    ``Thunderbird`` for its export); "" for Outlook's English.

    Decided by the whole header: a language whose given- or family-name column is
    there, and which names more of the header's columns than any other."""
    names = {name.strip() for name in header}
    best, best_count = "", 0
    for language, (_, table, markers, _) in OUTLOOK.items():
        if not names & markers:
            continue
        count = len(names & table.keys())
        if count > best_count:
            best, best_count = language, count
    return best


def outlook_in_english(header: Sequence[str]) -> list[str]:
    """``header`` with the columns of its language (``outlook_language``) named as an
    English Outlook names them; other columns as written."""
    language = outlook_language(header)
    if not language:
        return [name.strip() for name in header]
    table = OUTLOOK[language][1]
    seen: dict[str, int] = {}
    english: list[str] = []
    for raw in header:
        name = raw.strip()
        found = table.get(name)
        if isinstance(found, tuple):
            nth = seen.get(name, 0)
            seen[name] = nth + 1
            found = found[min(nth, len(found) - 1)]
        english.append(found or name)
    return english


def delimiter(
    head: str, is_header: Callable[[list[str]], bool], columns: Callable[[list[str]], list[str]]
) -> str:
    """The separator under which one of the first rows of ``head`` is the header
    (``is_header`` of its ``columns``); a comma when none is."""
    for candidate in DELIMITERS:
        reader = csv.reader(io.StringIO(head), delimiter=candidate)
        try:
            for number, cells in enumerate(reader):
                if number >= _HEADER_ROWS:
                    break
                if is_header(columns([c.strip() for c in cells])):
                    return candidate
        except csv.Error:  # the head may end inside a quoted field: not this one
            continue
    return ","


# The columns holding a date, in the English names: Outlook's and Google's.
_DATE_COLUMN = re.compile(r"^(Birthday|Anniversary|Event \d+ - Value)$")


def is_date_column(column: str) -> bool:
    return _DATE_COLUMN.match(column) is not None


def day_first(values: Iterable[str], default: bool) -> bool:
    """Whether this file's numeric dates put the day first (30/11/1979): decided by its
    dates that can be read one way only; ``default`` when none decides (or they
    disagree), never row by row."""
    order = normalise.numeric_order(list(values))
    return default if order is None else order
