"""How contact CSVs name their columns and separate their fields, whatever language
and country wrote them.

Outlook writes its column names in the language it is installed in: a German
Outlook writes ``Vorname;Nachname;E-Mail-Adresse``, a French one ``Prénom,Nom,
Adresse de messagerie``. The readers know Outlook's English names; here the
localised names are turned into them. The language is decided once per file from
the whole header: only a header that names the given or family name in that
language is read as it (so ``Partner`` and ``Position`` in an English file keep
their English meaning, and are not read as German ``Spouse`` and ``Job Title``).

The names below are the ones Outlook writes (Exchange's import tables of Outlook
CSV columns, and real exports' headers); only the columns Kithkin reads, or
knowingly drops in silence, are listed. Outlook in other languages keeps English
names for some columns (the Spanish one writes ``Mobile Phone``): those need no
translation.

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

# Candidates in the order a tie is broken: the comma is what the programs write.
DELIMITERS = (",", ";", "\t")
_HEADER_ROWS = 30  # a LinkedIn export has a few lines of notes before its header

# A localised name read as the English one; a tuple when Outlook writes the same
# name twice, in order (French "Titre" is first the title, then the job title).
_Table = dict[str, str | tuple[str, ...]]

_GERMAN: _Table = {
    "Anrede": "Title",
    "Vorname": "First Name",
    "Weitere Vornamen": "Middle Name",
    "Nachname": "Last Name",
    "Suffix": "Suffix",
    "Firma": "Company",
    "Abteilung": "Department",
    "Position": "Job Title",
    "E-Mail-Adresse": "E-mail Address",
    "E-Mail-Typ": "E-mail Type",
    "E-Mail: Angezeigter Name": "E-mail Display Name",
    "E-Mail 2: Adresse": "E-mail 2 Address",
    "E-Mail 2: Typ": "E-mail 2 Type",
    "E-Mail 2: Angezeigter Name": "E-mail 2 Display Name",
    "E-Mail 3: Adresse": "E-mail 3 Address",
    "E-Mail 3: Typ": "E-mail 3 Type",
    "E-Mail 3: Angezeigter Name": "E-mail 3 Display Name",
    "Mobiltelefon": "Mobile Phone",
    "Haupttelefon": "Primary Phone",
    "Telefon privat": "Home Phone",
    "Telefon (privat)": "Home Phone",
    "Telefon privat 2": "Home Phone 2",
    "Telefon (privat 2)": "Home Phone 2",
    "Telefon geschäftlich": "Business Phone",
    "Telefon geschäftlich 2": "Business Phone 2",
    "Telefon Firma": "Company Main Phone",
    "Autotelefon": "Car Phone",
    "Weiteres Telefon": "Other Phone",
    "Rückmeldung": "Callback",
    "Mobiltelefon 2": "Radio Phone",
    "Telefon für Hörbehinderte": "TTY/TDD Phone",
    "Fax geschäftlich": "Business Fax",
    "Fax privat": "Home Fax",
    "Weiteres Fax": "Other Fax",
    "Telefon Assistent": "Assistant's Phone",
    "Geburtstag": "Birthday",
    "Jahrestag": "Anniversary",
    "Notizen": "Notes",
    "Kategorien": "Categories",
    "Webseite": "Web Page",
    "Partner": "Spouse",
    "Kinder": "Children",
    "Name Assistent": "Assistant's Name",
    "Assistent(in)": "Assistant's Name",
    "Name des/der Vorgesetzten": "Manager's Name",
    "Name des/r Vorgesetzten": "Manager's Name",
    "Ort geschäftlich": "Business City",
    "Region geschäftlich": "Business State",
    "Land/Region geschäftlich": "Business Country/Region",
    "Ort privat": "Home City",
    "Bundesland/Kanton privat": "Home State",
    "Land/Region privat": "Home Country/Region",
    "Weiterer Ort": "Other City",
    "Weiteres/r Bundesland/Kanton": "Other State",
    "Weiteres/e Land/Region": "Other Country/Region",
    "Initialen": "Initials",
    "Vorname Yomi": "Given Name Yomi",
    "Nachname Yomi": "Surname Yomi",
    "Firma Yomi": "Company Yomi",
    "Priorität": "Priority",
    "Vertraulichkeit": "Sensitivity",
    "Geschlecht": "Gender",
    "Privat": "Private",
}

_FRENCH: _Table = {
    "Titre": ("Title", "Job Title"),
    "Prénom": "First Name",
    "Deuxième prénom": "Middle Name",
    "Nom": "Last Name",
    "Suffixe": "Suffix",
    "Surnom": "Nickname",
    "Société": "Company",
    "Service": "Department",
    "Adresse de messagerie": "E-mail Address",
    "Type de messagerie": "E-mail Type",
    "Nom complet de l'adresse de messagerie": "E-mail Display Name",
    "Adresse de messagerie 2": "E-mail 2 Address",
    "Type de messagerie 2": "E-mail 2 Type",
    "Nom complet de l'adresse de messagerie 2": "E-mail 2 Display Name",
    "Adresse de messagerie 3": "E-mail 3 Address",
    "Type de messagerie 3": "E-mail 3 Type",
    "Nom complet de l'adresse de messagerie 3": "E-mail 3 Display Name",
    "Tél. mobile": "Mobile Phone",
    "Téléphone principal": "Primary Phone",
    "Téléphone (domicile)": "Home Phone",
    "Téléphone 2 (domicile)": "Home Phone 2",
    "Téléphone (bureau)": "Business Phone",
    "Téléphone 2 (bureau)": "Business Phone 2",
    "Téléphone société": "Company Main Phone",
    "Téléphone (voiture)": "Car Phone",
    "Téléphone (autre)": "Other Phone",
    "Rappel": "Callback",
    "Radio téléphone": "Radio Phone",
    "Téléphone TDD/TTY": "TTY/TDD Phone",
    "Télécopie (bureau)": "Business Fax",
    "Télécopie (domicile)": "Home Fax",
    "Télécopie (autre)": "Other Fax",
    "Récepteur de radiomessagerie": "Pager",
    "RNIS": "ISDN",
    "Téléphone de l'assistant(e)": "Assistant's Phone",
    "Anniversaire": "Birthday",
    "Anniversaire de mariage ou fête": "Anniversary",
    "Notes": "Notes",
    "Catégories": "Categories",
    "Page Web": "Web Page",
    "Conjoint(e)": "Spouse",
    "Enfants": "Children",
    "Nom de l'assistant(e)": "Assistant's Name",
    "Responsable": "Manager's Name",
    "Ville (bureau)": "Business City",
    "Dép/Région (bureau)": "Business State",
    "Pays (bureau)": "Business Country/Region",
    "Pays/Région (bureau)": "Business Country/Region",
    "Ville (domicile)": "Home City",
    "Dép/Région (domicile)": "Home State",
    "Pays (domicile)": "Home Country/Region",
    "Pays/Région (domicile)": "Home Country/Region",
    "Ville (autre)": "Other City",
    "Dép/Région (autre)": "Other State",
    "Pays (autre)": "Other Country/Region",
    "Pays/Région (autre)": "Other Country/Region",
    "Initiales": "Initials",
    "Priorité": "Priority",
    "Critère de diffusion": "Sensitivity",
    "Sexe": "Gender",
    "Privé": "Private",
}

_SPANISH: _Table = {
    "Nombre": "First Name",
    "Segundo nombre": "Middle Name",
    "Apellidos": "Last Name",
    "Organización": "Company",
    "Puesto": "Job Title",
    "Dirección de correo electrónico": "E-mail Address",
    "Dirección de correo electrónico 2": "E-mail 2 Address",
    "Dirección del correo electrónico 3": "E-mail 3 Address",
    "Tipo de correo electrónico 2": "E-mail 2 Type",
    "Tipo de correo electrónico 3": "E-mail 3 Type",
    "Nombre de pantalla de correo electrónico": "E-mail Display Name",
    "Nombre de pantalla de correo electrónico 2": "E-mail 2 Display Name",
    "Nombre de pantalla de correo electrónico 3": "E-mail 3 Display Name",
    "Particular": "Home Phone",
    "Teléfono del trabajo": "Business Phone",
    "Número de centralita de la organización": "Company Main Phone",
    "Otro teléfono": "Other Phone",
    "Otro fax": "Other Fax",
    "Teléfono principal": "Primary Phone",
    "Radioteléfono": "Radio Phone",
    "Número de teletipo": "TTY/TDD Phone",
    "Devolución de llamada": "Callback",
    "Hijos": "Children",
    "Nombre del director": "Manager's Name",
    "Categorías": "Categories",
    "Página web": "Web Page",
    "Ciudad de trabajo": "Business City",
    "Provincia o estado de trabajo": "Business State",
    "País o región del trabajo": "Business Country/Region",
    "País o región del domicilio": "Home Country/Region",
    "Otra ciudad": "Other City",
    "Otra provincia o estado": "Other State",
    "Otro país o región": "Other Country/Region",
    "Prioridad": "Priority",
    "Confidencialidad": "Sensitivity",
    "Género": "Gender",
}

# language -> (its table, the names that say a header is in it: given or family name)
OUTLOOK: dict[str, tuple[_Table, frozenset[str]]] = {
    "German": (_GERMAN, frozenset({"Vorname", "Nachname"})),
    "French": (_FRENCH, frozenset({"Prénom", "Nom"})),
    "Spanish": (_SPANISH, frozenset({"Nombre", "Apellidos"})),
}

# What Outlook writes, in these languages, for a flag or choice left at its default
# (priority, sensitivity, private, gender): nothing a person would miss.
OUTLOOK_DEFAULTS = frozenset(
    {
        "Normal",
        "False",
        "Unspecified",
        "Aus",
        "Nicht angegeben",
        "Normale",
        "Faux",
        "Non spécifié",
        "Falso",
        "Sin especificar",
    }
)


def outlook_language(header: Sequence[str]) -> str:
    """The language whose Outlook column names ``header`` is written in; "" for English.

    Decided by the whole header: a language whose given- or family-name column is
    there, and which names more of the header's columns than any other."""
    names = {name.strip() for name in header}
    best, best_count = "", 0
    for language, (table, markers) in OUTLOOK.items():
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
    table = OUTLOOK[language][0]
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
