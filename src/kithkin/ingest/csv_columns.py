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
    "Vorname Yomi": "Given Yomi",
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

_ITALIAN: _Table = {
    "Titolo": "Title",
    "Nome": "First Name",
    "Secondo nome": "Middle Name",
    "Cognome": "Last Name",
    "Titolo straniero": "Suffix",
    "Società": "Company",
    "Reparto": "Department",
    "Posizione": "Job Title",
    "Indirizzo posta elettronica": "E-mail Address",
    "Tipo posta elettronica": "E-mail Type",
    "Nome visualizzato posta elettronica": "E-mail Display Name",
    "Indirizzo posta elettronica 2": "E-mail 2 Address",
    "Tipo posta elettronica 2": "E-mail 2 Type",
    "Nome visualizzato posta elettronica 2": "E-mail 2 Display Name",
    "Indirizzo posta elettronica 3": "E-mail 3 Address",
    "Tipo posta elettronica 3": "E-mail 3 Type",
    "Nome visualizzato posta elettronica 3": "E-mail 3 Display Name",
    "Cellulare": "Mobile Phone",
    "Telefono principale": "Primary Phone",
    "Abitazione": "Home Phone",
    "Abitazione 2": "Home Phone 2",
    "Ufficio": "Business Phone",
    "Ufficio 2": "Business Phone 2",
    "Telefono principale società": "Company Main Phone",
    "Telefono auto": "Car Phone",
    "Altro telefono": "Other Phone",
    "Richiamata automatica": "Callback",
    "Radiotelefono": "Radio Phone",
    "Telefono TTY/TDD": "TTY/TDD Phone",
    "Fax (uff.)": "Business Fax",
    "Fax (ab.)": "Home Fax",
    "Altro fax": "Other Fax",
    "Cercapersone": "Pager",
    "Telefono assistente": "Assistant's Phone",
    "Compleanno": "Birthday",
    "Anniversario": "Anniversary",
    "Categorie": "Categories",
    "Pagina Web": "Web Page",
    "Nome coniuge": "Spouse",
    "Figli": "Children",
    "Nome assistente": "Assistant's Name",
    "Nome manager": "Manager's Name",
    "Città (uff.)": "Business City",
    "Provincia (uff.)": "Business State",
    "Paese (uff.)": "Business Country/Region",
    "Città (ab.)": "Home City",
    "Provincia (ab.)": "Home State",
    "Paese (ab.)": "Home Country/Region",
    "Altra città": "Other City",
    "Altra provincia": "Other State",
    "Altro paese": "Other Country/Region",
    "Iniziali": "Initials",
    "Priorità": "Priority",
    "Riservatezza": "Sensitivity",
    "Sesso": "Gender",
}

# Brazil's Outlook keeps some English names (Birthday, Spouse, E-mail Address).
_PORTUGUESE_BRAZIL: _Table = {
    "Tratamento": "Title",
    "Primeiro nome": "First Name",
    "Segundo nome": "Middle Name",
    "Sobrenome": "Last Name",
    "Sufixo": "Suffix",
    "Empresa": "Company",
    "Departamento": "Department",
    "Cargo": "Job Title",
    "Tipo de email": "E-mail Type",
    "Nome para exibição do email": "E-mail Display Name",
    "Endereço de email 2": "E-mail 2 Address",
    "Tipo de email 2": "E-mail 2 Type",
    "Nome para exibição do email 2": "E-mail 2 Display Name",
    "Endereço de email 3": "E-mail 3 Address",
    "Tipo de email 3": "E-mail 3 Type",
    "Nome para exibição do email 3": "E-mail 3 Display Name",
    "Telefone celular": "Mobile Phone",
    "Telefone principal": "Primary Phone",
    "Telefone residencial": "Home Phone",
    "Telefone residencial 2": "Home Phone 2",
    "Telefone comercial": "Business Phone",
    "Telefone comercial 2": "Business Phone 2",
    "Telefone principal da empresa": "Company Main Phone",
    "Telefone do carro": "Car Phone",
    "Outro telefone": "Other Phone",
    "Retorno de chamada": "Callback",
    "Radiofone": "Radio Phone",
    "Telefone TTY/TDD": "TTY/TDD Phone",
    "Fax comercial": "Business Fax",
    "Fax residencial": "Home Fax",
    "Outro fax": "Other Fax",
    "Telefone do assistente": "Assistant's Phone",
    "Datas especiais": "Anniversary",
    "Anotações": "Notes",
    "Categorias": "Categories",
    "Página da Web": "Web Page",
    "Filhos": "Children",
    "Nome do assistente": "Assistant's Name",
    "Nome do gerenciador": "Manager's Name",
    "País/Região da Empresa": "Business Country/Region",
    "Cidade do endereço residencial": "Home City",
    "Estado": "Home State",
    "País/Região de Residência": "Home Country/Region",
    "Cidade": "Other City",
    "Outro Estado": "Other State",
    "Outro País/Região": "Other Country/Region",
    "Iniciais": "Initials",
    "Prioridade": "Priority",
    "Sensibilidade": "Sensitivity",
    "Sexo": "Gender",
}

_PORTUGUESE_PORTUGAL: _Table = {
    "Título": "Title",
    "Primeiro nome": "First Name",
    "Outros nomes/apelidos": "Middle Name",
    "Apelido": "Last Name",
    "Sufixo": "Suffix",
    "Empresa": "Company",
    "Departamento": "Department",
    "Cargo": "Job Title",
    "Endereço de correio electrónico": "E-mail Address",
    "Tipo de correio electrónico": "E-mail Type",
    "Nome a apresentar para o correio electrónico": "E-mail Display Name",
    "Endereço do correio electrónico 2": "E-mail 2 Address",
    "Tipo de correio electrónico 2": "E-mail 2 Type",
    "Nome a apresentar para o correio electrónico 2": "E-mail 2 Display Name",
    "Endereço do correio electrónico 3": "E-mail 3 Address",
    "Tipo de correio electrónico 3": "E-mail 3 Type",
    "Nome a apresentar para o correio electrónico 3": "E-mail 3 Display Name",
    "Telemóvel": "Mobile Phone",
    "Telefone principal": "Primary Phone",
    "Telefone da residência": "Home Phone",
    "2º telefone da residência": "Home Phone 2",
    "Telefone da empresa": "Business Phone",
    "2º telefone da empresa": "Business Phone 2",
    "Telefone principal da empresa": "Company Main Phone",
    "Telefone do carro": "Car Phone",
    "Outro telefone": "Other Phone",
    "Tel. de resposta": "Callback",
    "Radiotelefone": "Radio Phone",
    "Telefone TTY/TDD": "TTY/TDD Phone",
    "Fax da empresa": "Business Fax",
    "Fax da residência": "Home Fax",
    "Outro fax": "Other Fax",
    "RDIS": "ISDN",
    "Telefone do assistente": "Assistant's Phone",
    "Data de nascimento": "Birthday",
    "Aniversário": "Anniversary",
    "Notas": "Notes",
    "Categorias": "Categories",
    "Página na Web": "Web Page",
    "Cônjuge": "Spouse",
    "Filhos": "Children",
    "Nome do assistente": "Assistant's Name",
    "Nome do gestor": "Manager's Name",
    "Localidade da empresa": "Business City",
    "Distrito da empresa": "Business State",
    "País/Região da Empresa": "Business Country/Region",
    "Localidade da residência": "Home City",
    "Distrito da residência": "Home State",
    "País da Residência/Região": "Home Country/Region",
    "Localidade do outro endereço": "Other City",
    "Distrito do outro endereço": "Other State",
    "Outro País/Região": "Other Country/Region",
    "Iniciais": "Initials",
    "Prioridade": "Priority",
    "Confidencialidade": "Sensitivity",
    "Sexo": "Gender",
}

# Thunderbird's address book export (US and UK builds), read as Outlook's columns; its
# birthday comes in three columns (Birth Year, Birth Month, Birth Day).
_THUNDERBIRD: _Table = {
    "Display Name": "Name",
    "Primary Email": "E-mail Address",
    "Secondary Email": "E-mail 2 Address",
    "Work Phone": "Business Phone",
    "Fax Number": "Business Fax",
    "Pager Number": "Pager",
    "Mobile Number": "Mobile Phone",
    "Home State": "Home State",
    "Home County": "Home State",
    "Home Country": "Home Country/Region",
    "Work City": "Business City",
    "Work State": "Business State",
    "Work County": "Business State",
    "Work Country": "Business Country/Region",
    "Organization": "Company",
    "Organisation": "Company",
    "Web Page 1": "Web Page",
    "Web Page 2": "Personal Web Page",
}

# German Thunderbird: its "Geburtstag" is the day of the birthday, not the birthday
# (German Outlook's): the whole header decides which is meant.
_THUNDERBIRD_GERMAN: _Table = {
    "Vorname": "First Name",
    "Nachname": "Last Name",
    "Anzeigename": "Name",
    "Spitzname": "Nickname",
    "Primäre E-Mail-Adresse": "E-mail Address",
    "Sekundäre E-Mail-Adresse": "E-mail 2 Address",
    "Tel. dienstlich": "Business Phone",
    "Tel. privat": "Home Phone",
    "Fax-Nummer": "Business Fax",
    "Pager-Nummer": "Pager",
    "Mobil-Tel.-Nr.": "Mobile Phone",
    "Privat: Ort": "Home City",
    "Privat: Bundesland": "Home State",
    "Privat: Land": "Home Country/Region",
    "Dienstlich: Ort": "Business City",
    "Dienstlich: Bundesland": "Business State",
    "Dienstlich: Land": "Business Country/Region",
    "Arbeitstitel": "Job Title",
    "Abteilung": "Department",
    "Organisation": "Company",
    "Webseite 1": "Web Page",
    "Webseite 2": "Personal Web Page",
    "Geburtsjahr": "Birth Year",
    "Geburtsmonat": "Birth Month",
    "Geburtstag": "Birth Day",
    "Notizen": "Notes",
}

# German Windows Live Mail (and Windows Contacts), separated by ';'.
_WINDOWS_MAIL_GERMAN: _Table = {
    "Vorname": "First Name",
    "Nachname": "Last Name",
    "2. Vorname": "Middle Name",
    "Spitzname": "Nickname",
    "E-Mail-Adresse": "E-mail Address",
    "Ort (privat)": "Home City",
    "Bundesland (privat)": "Home State",
    "Land/Region (privat)": "Home Country/Region",
    "Telefon (privat)": "Home Phone",
    "Fax (privat)": "Home Fax",
    "Mobiltelefon": "Mobile Phone",
    "Webseite (privat)": "Personal Web Page",
    "Ort (geschäftlich)": "Business City",
    "Bundesland (geschäftlich)": "Business State",
    "Land/Region (geschäftlich)": "Business Country/Region",
    "Webseite (geschäftlich)": "Web Page",
    "Telefon (geschäftlich)": "Business Phone",
    "Fax (geschäftlich)": "Business Fax",
    "Firma": "Company",
    "Position": "Job Title",
    "Abteilung": "Department",
    "Notizen": "Notes",
}

# Whose column names: (the summary's words, its table, the names that say a header is
# in it (for a language, its given or family name), whether its dates are day first
# when the file does not decide).
OUTLOOK: dict[str, tuple[str, _Table, frozenset[str], bool]] = {
    "Thunderbird": (
        "Thunderbird's column names",
        _THUNDERBIRD,
        frozenset({"Primary Email"}),
        False,
    ),
    "German Thunderbird": (
        "German Thunderbird's column names",
        _THUNDERBIRD_GERMAN,
        frozenset({"Primäre E-Mail-Adresse", "Anzeigename"}),
        True,
    ),
    "German Windows Live Mail": (
        "German Windows Live Mail's column names",
        _WINDOWS_MAIL_GERMAN,
        frozenset({"2. Vorname", "Ort (privat)"}),
        True,
    ),
    "German": (
        "German Outlook's column names",
        _GERMAN,
        frozenset({"Vorname", "Nachname"}),
        True,
    ),
    "French": (
        "French Outlook's column names",
        _FRENCH,
        frozenset({"Prénom", "Nom"}),
        True,
    ),
    "Spanish": (
        "Spanish Outlook's column names",
        _SPANISH,
        frozenset({"Nombre", "Apellidos"}),
        True,
    ),
    "Italian": (
        "Italian Outlook's column names",
        _ITALIAN,
        frozenset({"Nome", "Cognome"}),
        True,
    ),
    "Brazilian Portuguese": (
        "Brazilian Portuguese Outlook's column names",
        _PORTUGUESE_BRAZIL,
        frozenset({"Primeiro nome", "Sobrenome"}),
        True,
    ),
    "European Portuguese": (
        "European Portuguese Outlook's column names",
        _PORTUGUESE_PORTUGAL,
        frozenset({"Primeiro nome", "Apelido"}),
        True,
    ),
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
        "Non specificato",
        "Não especificado",
    }
)


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
