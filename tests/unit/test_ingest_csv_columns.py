"""Contact CSVs as Outlook writes them in other languages and spreadsheets re-save them:
localised column names, ';' and tab separators, numeric dates in the file's own order.

The three ``outlook-*`` files in ``tests/data/csv`` are built for these tests (their
column names as German, French and English Outlook write them); the real files from
other projects are in ``tests/data/corpus/csv``.
"""

from __future__ import annotations

from pathlib import Path

from kithkin.ingest import csv_columns, decode, google, linkedin, outlook
from kithkin.ingest.detect import detect_format
from kithkin.ingest.records import Notice, PersonRecord, Record

DATA = Path(__file__).resolve().parents[1] / "data" / "csv"
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "csv"


def _split(records: list[Record]) -> tuple[list[PersonRecord], list[str]]:
    people = [r for r in records if isinstance(r, PersonRecord)]
    notices = [r.text for r in records if isinstance(r, Notice)]
    return people, notices


def test_german_outlook_saved_with_semicolons_in_windows_1252() -> None:
    path = DATA / "outlook-german-semicolon.csv"
    assert detect_format(path) == "outlook"
    (juergen, sabine), notices = _split(list(outlook.parse(path)))
    assert "read with German Outlook's column names" in notices
    assert juergen.display_name == "Jürgen Müller" and juergen.prefix == "Herr"
    assert juergen.organisations[0].name == "Fabrikam GmbH"
    assert juergen.organisations[0].title == "Vertriebsleiter"  # Position: the job title
    assert juergen.emails == [("j.mueller@fabrikam.example", "")]
    # No region given: the national number as written, the international one in E.164.
    assert juergen.phones == [("0151 23456789", "mobile"), ("+492211234567", "work")]
    assert juergen.birthday == "1979-11-30"  # 30.11.1979
    assert juergen.location == "Köln, Deutschland"
    assert juergen.circles == ["kunden", "messe köln"]
    assert juergen.notes == "Auf der Messe getroffen\nruft gern abends an"
    related = {(r.name, r.kind) for r in juergen.related}
    assert related == {
        ("Anna Müller", "spouse"),  # Partner
        ("Dr. Karl Schmidt", "manager"),
        ("Lena", "child"),
        ("Paul", "child"),
    }
    assert sabine.phones == [("030 9876543", "home")]  # "Telefon (privat)"
    assert sabine.birthday == "1985-05-04"
    assert [(r.name, r.kind) for r in sabine.related] == [("Tom Berg", "assistant")]
    # A column Kithkin does not keep is named as the file names it.
    assert notices[-1].startswith("dropped column 'Abteilung': Kithkin does not keep it")
    # Outlook's own defaults (Normal, Aus, Nicht angegeben) are not warned about.
    assert not [n for n in notices if "Priorit" in n or "Geschlecht" in n or "Gender" in n]


def test_french_outlook_titre_twice_and_dates_day_first_for_the_whole_file() -> None:
    path = DATA / "outlook-french.csv"
    assert detect_format(path) == "outlook"
    (helene, jean), notices = _split(list(outlook.parse(path, region="FR")))
    assert "read with French Outlook's column names" in notices
    assert any("day first" in n for n in notices)
    # "Titre" is written twice: first the title, then the job title.
    assert helene.prefix == "Mme"
    assert (helene.organisations[0].name, helene.organisations[0].title) == (
        "Contoso SA",
        "Acheteuse",
    )
    assert helene.nicknames == ["Lénou"]
    assert helene.phones == [("+33612345678", "mobile"), ("+33472000001", "work")]
    assert helene.birthday == "1975-12-25"
    # 05/04/1980 reads both ways; the file writes day first (25/12/1975), so it is April.
    assert jean.birthday == "1980-04-05"
    assert [e for e, _ in jean.emails] == ["jean.martin@example.fr", "jp.martin@example.org"]
    assert [(r.name, r.kind) for r in helene.related] == [("Marc Dupont", "spouse")]


def test_english_partner_and_position_keep_their_english_meaning() -> None:
    path = DATA / "outlook-uk-tab.csv"  # UTF-16, tab-separated, British dates
    assert detect_format(path) == "outlook"
    (oliver, amelia), notices = _split(list(outlook.parse(path)))
    assert not [n for n in notices if "Outlook's column names" in n]
    # Partner and Position are not German Spouse and Job Title in an English file.
    assert [(r.name, r.kind) for r in oliver.related] == [("Emma Hughes", "spouse")]
    assert oliver.organisations[0].title == "Buyer"
    assert any("dropped column 'Partner'" in n for n in notices)
    assert any("dropped column 'Position'" in n for n in notices)
    assert oliver.birthday == "1982-06-23"
    assert oliver.notes == "Anniversary: 2010-03-02"  # 02/03/2010, day first like the rest
    assert amelia.birthday == "1990-04-03"


def test_the_date_order_is_decided_by_the_file_never_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "us.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address,Birthday\n"
        "Ann,Lee,ann@example.com,11/30/1979\n"
        "Bo,Ray,bo@example.com,03/04/1990\n"
        "Cy,Dunn,cy@example.com,30/11/1979\n",  # against the file: no date, and said so
        encoding="utf-8",
    )
    ann, bo, cy = [r for r in outlook.parse(path) if isinstance(r, PersonRecord)]
    # 11/30 and 30/11 disagree: the file does not decide, so Outlook's English order.
    assert (ann.birthday, bo.birthday, cy.birthday) == ("1979-11-30", "1990-03-04", "")
    notices = [r.text for r in outlook.parse(path) if isinstance(r, Notice)]
    assert "dropped Birthday: not a date: '30/11/1979'" in notices


def test_dates_a_spreadsheet_wrote_are_read(tmp_path: Path) -> None:
    path = tmp_path / "resaved.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address,Birthday,Anniversary\n"
        'Ann,Lee,ann@example.com,30-Nov-1979,"Jun 2, 2005"\n'
        "Bo,Ray,bo@example.com,25-12-1980,\n",  # dashes, the day first: 25 is no month
        encoding="utf-8",
    )
    ann, bo = [r for r in outlook.parse(path) if isinstance(r, PersonRecord)]
    assert ann.birthday == "1979-11-30" and ann.notes == "Anniversary: 2005-06-02"
    assert bo.birthday == "1980-12-25"


def test_a_google_csv_reads_its_dates_in_one_order(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_text(
        "First Name,Last Name,Birthday,Labels,E-mail 1 - Label,E-mail 1 - Value,"
        "Event 1 - Label,Event 1 - Value\n"
        "Ann,Lee,03/04/1990,* myContacts,Home,ann@example.com,Anniversary,25/12/2010\n",
        encoding="utf-8",
    )
    (ann,) = [r for r in google.parse(path) if isinstance(r, PersonRecord)]
    assert ann.birthday == "1990-04-03"  # the file's 25/12/2010 puts the day first
    assert ann.notes == "Anniversary: 2010-12-25"


def test_the_language_is_decided_by_the_whole_header() -> None:
    linkedin_header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position"]
    assert csv_columns.outlook_language(linkedin_header) == ""
    assert csv_columns.outlook_in_english(linkedin_header) == linkedin_header
    english = ["First Name", "Last Name", "E-mail Address", "Partner", "Position", "Firma"]
    assert csv_columns.outlook_in_english(english) == english
    german = ["Vorname", "Nachname", "E-Mail-Adresse", "Partner", "Position"]
    assert csv_columns.outlook_language(german) == "German"
    assert csv_columns.outlook_in_english(german) == [
        "First Name",
        "Last Name",
        "E-mail Address",
        "Spouse",
        "Job Title",
    ]
    spanish = ["Nombre", "Apellidos", "Dirección de correo electrónico", "Mobile Phone", "Puesto"]
    assert csv_columns.outlook_in_english(spanish) == [
        "First Name",
        "Last Name",
        "E-mail Address",
        "Mobile Phone",
        "Job Title",
    ]


def test_italian_and_portuguese_outlook_with_dates_in_their_order(tmp_path: Path) -> None:
    italian = tmp_path / "rubrica.csv"
    italian.write_text(
        "Nome;Cognome;Società;Posizione;Indirizzo posta elettronica;Cellulare;Compleanno;"
        "Nome coniuge\nGiulia;Russo;Fabbrica Srl;Direttrice;giulia@example.it;"
        "333 1234567;03/04/1980;Marco Russo\n",
        encoding="utf-8",
    )
    assert detect_format(italian) == "outlook"
    (giulia,) = [r for r in outlook.parse(italian) if isinstance(r, PersonRecord)]
    assert (giulia.given_name, giulia.family_name) == ("Giulia", "Russo")
    assert (giulia.organisations[0].name, giulia.organisations[0].title) == (
        "Fabbrica Srl",
        "Direttrice",
    )
    assert giulia.phones == [("333 1234567", "mobile")]
    # Nothing in the file decides the order: an Italian Outlook writes the day first.
    assert giulia.birthday == "1980-04-03"
    assert [(r.name, r.kind) for r in giulia.related] == [("Marco Russo", "spouse")]
    portuguese = tmp_path / "contactos.csv"
    portuguese.write_text(
        "Primeiro nome,Apelido,Endereço de correio electrónico,Telemóvel,Data de nascimento\n"
        "João,Silva,joao.silva@example.pt,912 345 678,25/12/1975\n",
        encoding="utf-8",
    )
    records = list(outlook.parse(portuguese))
    (joao,) = [r for r in records if isinstance(r, PersonRecord)]
    assert "read with European Portuguese Outlook's column names" in [
        r.text for r in records if isinstance(r, Notice)
    ]
    assert (joao.given_name, joao.family_name, joao.birthday) == ("João", "Silva", "1975-12-25")
    assert joao.emails == [("joao.silva@example.pt", "")]


def test_a_linkedin_export_resaved_with_semicolons_and_day_first_dates(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
        "Priya;Nayak;https://www.linkedin.com/in/pnayak;;Acme;Engineer;25/12/2020\n"
        "Tom;Berg;https://www.linkedin.com/in/tberg;;;;03/04/2021\n",
        encoding="utf-8",
    )
    priya, tom = [r for r in linkedin.parse(path) if isinstance(r, PersonRecord)]
    assert priya.organisations[0].name == "Acme"
    assert str(priya.connected_on) == "2020-12-25"
    assert str(tom.connected_on) == "2021-04-03"


def test_a_real_outlook_column_csv_with_one_name_column() -> None:
    # GPCsolutions' example file (Apache-2.0): Name instead of First/Last Name.
    path = CORPUS / "gpcsolutions-outlook.csv"
    assert detect_format(path) == "outlook"
    people, notices = _split(list(outlook.parse(path)))
    assert [(p.given_name, p.family_name) for p in people] == [
        ("Adam", "Glacius"),
        ("Daniel", "Ireland"),
        ("Duncan", "Amey"),
    ]
    assert people[0].notes == "Has 2 kids"
    assert people[0].organisations[0].title == "Sales Planner"
    assert people[0].location == "999 Super Way, Super, CA, 94043"  # its Home Address
    # Columns it has and Kithkin does not keep are named, never dropped in silence.
    dropped = {n.split("'")[1] for n in notices if n.startswith("dropped column")}
    assert dropped == {"Action", "ID", "Business Address", "Job Title"}


def test_a_real_linkedin_export_with_url_and_email_columns() -> None:
    # YANG-DB/linked-knowledge's Connections.csv (MIT): mock people, LinkedIn's own shape.
    people = [r for r in linkedin.parse(CORPUS / "yangdb-Connections.csv")]
    assert len(people) == 30 and all(isinstance(p, PersonRecord) for p in people)
    first = people[0]
    assert isinstance(first, PersonRecord)
    assert (first.given_name, first.family_name) == ("Lauren", "Robinson")
    assert first.links == ["https://www.linkedin.com/in/lrobinson"]
    assert first.key == "https://www.linkedin.com/in/lrobinson"
    assert str(first.connected_on) == "2010-01-21"
    assert (first.organisations[0].name, first.organisations[0].title) == (
        "Cognizant",
        "Web Developer",
    )


def test_a_linkedin_shaped_file_says_which_columns_it_drops(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,Email Address,Phone Numbers,Company,Position,Industry\n"
        "John,Doe,john.doe@example.com,123-456-7890,Acme Inc,Software Engineer,Technology\n"
        "Jane,Smith,jane.smith@example.com,987-654-3210,Tech Corp,Product Manager,\n",
        encoding="utf-8",
    )
    records = list(linkedin.parse(path))
    assert len([r for r in records if isinstance(r, PersonRecord)]) == 2
    notices = [(r.origin.record, r.text) for r in records if isinstance(r, Notice)]
    assert notices == [
        (
            "line 2",
            "dropped column 'Phone Numbers': Kithkin does not keep it "
            "(filled on this line and 1 more row)",
        ),
        ("line 2", "dropped column 'Industry': Kithkin does not keep it (filled on this line)"),
    ]


def test_linkedin_dates_with_dots_are_day_first_even_when_each_reads_both_ways(
    tmp_path: Path,
) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Lena,Sato,https://www.linkedin.com/in/lsato,,,,05.01.2024\n"
        'Sam,Doyle,https://www.linkedin.com/in/sdoyle,,,,"Mon, 15 Jan 2024"\n',
        encoding="utf-8",
    )
    lena, sam = [r for r in linkedin.parse(path) if isinstance(r, PersonRecord)]
    assert str(lena.connected_on) == "2024-01-05"  # 5 January, as a German sheet writes it
    assert str(sam.connected_on) == "2024-01-15"


THUNDERBIRD_HEADER = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,"
    "Home City,Home County,Home Post Code,Home Country,Work Address,Work Address 2,Work City,"
    "Work County,Work Post Code,Work Country,Job Title,Department,Organisation,Web Page 1,"
    "Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,"
)


def test_a_thunderbird_address_book_export(tmp_path: Path) -> None:
    # The header a UK Thunderbird writes (Organisation, County, Post Code), trailing comma
    # included; the birthday in three columns, one without its year.
    path = tmp_path / "abook.csv"
    path.write_text(
        THUNDERBIRD_HEADER
        + "\nRory,Williams,Rory W.,,rory@example.com,rory2@example.com,,555-3000,555-1000,"
        "555-4000,,555-2000,,,Leadworth,Gloucestershire,GL1 1AA,United Kingdom,,,,,,,"
        "Nurse,,Leadworth Hospital,https://rory.example,,1988,3,7,,,,,Met at the clinic,\n"
        "Amy,Pond,Amy Pond,,amy@example.com,,,,,,,,,,,,,,,,,,,,,,,,,,12,25,,,,,,\n",
        encoding="utf-8",
    )
    assert detect_format(path) == "outlook"
    records = list(outlook.parse(path))
    rory, amy = [r for r in records if isinstance(r, PersonRecord)]
    notices = [r.text for r in records if isinstance(r, Notice)]
    assert "read with Thunderbird's column names" in notices
    assert rory.display_name == "Rory W."  # Thunderbird's Display Name
    assert (rory.given_name, rory.family_name) == ("Rory", "Williams")
    assert [e for e, _ in rory.emails] == ["rory@example.com", "rory2@example.com"]
    assert rory.phones == [
        ("555-2000", "mobile"),
        ("555-1000", "home"),
        ("555-3000", "work"),
        ("555-4000", "work fax"),
    ]
    assert (rory.organisations[0].name, rory.organisations[0].title) == (
        "Leadworth Hospital",
        "Nurse",
    )
    assert rory.location == "Leadworth, Gloucestershire, United Kingdom"
    assert rory.birthday == "1988-03-07"
    assert rory.links == ["https://rory.example"]
    assert rory.notes == "Met at the clinic"
    assert amy.birthday == "--12-25"
    # As for Outlook, the street and postcode of an address are not kept, and said so.
    assert [n for n in notices if n.startswith("dropped")] == [
        "dropped column 'Home Post Code': Kithkin does not keep it (filled on this line)"
    ]


def test_labels_in_phone_fields_and_trailing_separators(tmp_path: Path) -> None:
    path = tmp_path / "google-outlook.csv"
    path.write_text(  # Google's Outlook CSV: one separator more than the header per row
        "First Name,Last Name,E-mail Address,Home Phone,Mobile Phone,Categories\n"
        "Ann,Lee,ann@example.com,Home Phone 2,112,myContacts,\n",
        encoding="utf-8",
    )
    records = list(outlook.parse(path))
    (ann,) = [r for r in records if isinstance(r, PersonRecord)]
    assert ann.phones == [("112", "mobile")]  # "Home Phone 2" is a label, not a number
    assert ann.circles == []  # Google's system group, not a circle
    assert "dropped Home Phone: not a phone number: 'Home Phone 2'" in [
        r.text for r in records if isinstance(r, Notice)
    ]


def test_a_windows_1252_export_is_not_read_as_mac_roman() -> None:
    head = "Vorname,Primäre E-Mail-Adresse,Notizen\nMax,max@example.de,Kommentar für Maxl\n"
    assert decode.detect(head.encode("cp1252")).codec == "cp1252"


def test_an_english_windows_live_mail_export(tmp_path: Path) -> None:
    path = tmp_path / "wlm.csv"
    path.write_text(
        "First Name,Last Name,Middle Name,Name,Nickname,E-mail Address,Home City,"
        "Mobile Phone,Personal Web Page,Business Web Page,Company,Job Title\n"
        "Ann,Lee,,Annie Lee,,ann@example.com,Leeds,07700 900123,,https://lee.example,"
        "Acme,Buyer\n",
        encoding="utf-8",
    )
    assert detect_format(path) == "outlook"
    records = list(outlook.parse(path))
    (ann,) = [r for r in records if isinstance(r, PersonRecord)]
    assert ann.display_name == "Annie Lee" and ann.links == ["https://lee.example"]
    assert ann.location == "Leeds" and ann.phones == [("07700 900123", "mobile")]
    assert not [r for r in records if isinstance(r, Notice)]
