"""vCard 2.1, 3.0 and 4.0 address books → one PersonRecord per card.

Cards are cut out of the file line by line (``lines.blocks``), so a broken
card becomes one BadRecord naming its line and the cards around it still come
through. Photos and other binary values are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from kithkin.errors import ImportFailed
from kithkin.ingest import normalise
from kithkin.ingest.contacts_csv import people_at
from kithkin.ingest.content_lines import (
    ContentLineError,
    Property,
    parse_line,
    split_escaped,
    unescape,
    unfold,
)
from kithkin.ingest.decode import SNIFF_BYTES, describe, detect, numbered_lines
from kithkin.ingest.lines import Block, blocks, open_binary
from kithkin.ingest.records import (
    BadRecord,
    Notice,
    OrgRecord,
    Origin,
    PersonRecord,
    Record,
    Related,
    Skipped,
)

SOURCE = "vcard"
KITHKIN_PRODID = "-//Kithkin//"  # cards Kithkin wrote (kith export vcard)
_KINDS = frozenset({"VCARD"})
# TYPE values that say nothing a user would call a label.
_NOT_LABELS = {"internet", "pref", "x400", "voice", "msg", "text", "uri", "dom", "intl", "postal"}


def parse(path: Path, *, me: Sequence[str] = (), region: str = "") -> Iterator[Record]:
    """Every card of a .vcf file, in order: a PersonRecord, Skipped or BadRecord each."""
    cards = 0
    unread: dict[str, tuple[str, int]] = {}
    with open_binary(path) as stream:
        encoding = detect(stream.read(SNIFF_BYTES))
        stream.seek(0)
        if said := describe(encoding):
            yield Notice(Origin(SOURCE, str(path), "the whole file"), said)
        lines = numbered_lines(stream, encoding, _line_charset)
        for cards, block in enumerate(blocks(lines, _KINDS), 1):
            yield from card_records(block, cards, str(path), region, unread)
    for name, (line, count) in unread.items():
        why = _WHY.get(name, "Kithkin does not keep it")
        times = f"{count} values in the file, the first here" if count > 1 else "here only"
        yield Notice(Origin(SOURCE, str(path), line), f"dropped {name}: {why} ({times})")
    if cards == 0 and _has_text(path):
        raise ImportFailed(f"{path}: not a vCard file (no BEGIN:VCARD line)")


def _line_charset(raw: bytes) -> str | None:
    """The code page a vCard 2.1 line names for its 8-bit value: ``N;CHARSET=KOI8-R:…``."""
    head = raw.split(b":", 1)[0].upper()
    at = head.find(b"CHARSET=")
    if at < 0 or b"QUOTED-PRINTABLE" in head:
        return None  # quoted-printable values are decoded with their charset later
    name = head[at + 8 :].split(b";", 1)[0].strip(b'" ')
    return name.decode("ascii", errors="replace").lower() or None


def _has_text(path: Path) -> bool:
    with open_binary(path) as stream:
        return any(raw.strip() for raw in stream)


def card_record(block: Block, number: int, file: str, region: str) -> Record:
    """The record of one card cut out of a file (without its notices)."""
    return card_records(block, number, file, region)[-1]


def card_records(
    block: Block,
    number: int,
    file: str,
    region: str,
    unread: dict[str, tuple[str, int]] | None = None,
) -> list[Record]:
    """The notices of one card (lines dropped), then its record.

    A line that is no property is dropped with a notice and the card kept: a
    card is bad only when nothing names or reaches its person.
    """
    origin = Origin(SOURCE, file, f"line {block.start} (card {number})")
    notices: list[Record] = []
    props: list[Property] = []
    for line, text in unfold(block.lines):
        try:
            props.append(parse_line(line, text))
        except ContentLineError as exc:
            where = Origin(SOURCE, file, f"line {exc.line} (card {number})")
            notices.append(Notice(where, f"dropped: {exc}"))
    if block.problem:
        notices.append(Notice(origin, f"{block.problem}: read up to where it stops"))
    people: list[Record] = []
    kept_none: list[Property] = []
    unreadable = len(notices)  # lines that are no property, before the fields' notices
    record = _person(props, origin, region, notices, people, kept_none)
    if unread is not None and not isinstance(record, Skipped):
        for prop in kept_none:  # counted per file: one warning per property, not per card
            first_at, seen = unread.get(prop.name, (f"line {prop.line} (card {number})", 0))
            unread[prop.name] = (first_at, seen + 1)
    if isinstance(record, Skipped) and unreadable:
        # Nothing usable, and lines that could not be read: the card is bad, not empty.
        first = notices[0]
        assert isinstance(first, Notice)
        return [BadRecord(first.origin, first.text.removeprefix("dropped: "))]
    people += people_at(record) if isinstance(record, PersonRecord) else []
    return [*notices, record, *people]


# Related people as Evolution, Outlook, Windows Address Book and KDE write them: a name each.
_RELATED_NAMES = {
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-MS-SPOUSE": "spouse",
    "X-SPOUSE": "spouse",
    "X-WAB-SPOUSE_NAME": "spouse",
    "X-KADDRESSBOOK-X-SPOUSENAME": "spouse",
    "X-EVOLUTION-MANAGER": "manager",
    "X-MS-MANAGER": "manager",
    "X-MANAGER": "manager",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-MS-ASSISTANT": "assistant",
    "X-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
    "X-MS-CHILD": "child",
    "X-CHILDREN": "child",
}
# Anniversaries have no field of their own: they go into the notes, not lost.
_ANNIVERSARIES = frozenset(
    {
        "ANNIVERSARY",
        "X-ANNIVERSARY",
        "X-EVOLUTION-ANNIVERSARY",
        "X-WAB-WEDDING_ANNIVERSARY",
        "X-KADDRESSBOOK-X-ANNIVERSARY",
        "X-MS-ANNIVERSARY",
    }
)
# Properties that say nothing a person would miss: the file's bookkeeping, how to sort,
# pronounce or lay out a name, an address label that repeats ADR, binary data.
_QUIET = frozenset(
    {
        "VERSION",
        "REV",
        "LABEL",
        "SORT-STRING",
        "CLASS",
        "MAILER",
        "NAME",
        "SOURCE",
        "PHOTO",
        "LOGO",
        "SOUND",
        "KEY",
        "X-ABUID",
        "X-ABLABEL",
        "X-ABADR",
        "X-MS-OL-DESIGN",
        "X-MS-OL-DEFAULT-POSTAL-ADDRESS",
        "X-EVOLUTION-FILE-AS",
        "X-EVOLUTION-LIST",
        "X-EVOLUTION-LIST-SHOW-ADDRESSES",
        "X-EVOLUTION-BLOG-URL",
        "X-MOZILLA-HTML",
        "X-MOZILLA-PROPERTY",
        "X-ANDROID-CUSTOM",
        "X-ADDRESSING-GRAMMAR",
    }
)
_QUIET_PREFIXES = ("X-PHONETIC-", "X-COUCHDB-", "X-APPLE-", "X-ABPHONETIC", "X-WR-")


_WHY = {
    "ADR": "Kithkin keeps one location, from the first address",
    "ORG unit": "Kithkin keeps the organisation, not its department",
}


def _quiet(name: str) -> bool:
    return name in _QUIET or name.startswith(_QUIET_PREFIXES)


def _person(
    props: list[Property],
    origin: Origin,
    region: str,
    notices: list[Record] | None = None,
    people: list[Record] | None = None,
    unread: list[Property] | None = None,
) -> PersonRecord | Skipped:
    """The card's record; ``notices`` get what was dropped, ``people`` the persons an
    organisation's card names (its contact person), ``unread`` the properties with a
    value that Kithkin keeps no field for (an instant-messaging handle, a ROLE)."""
    # Apple attaches labels to grouped properties: item1.EMAIL + item1.X-ABLabel.
    labels = {p.group: unescape(p.value) for p in props if p.name == "X-ABLABEL" and p.group}
    record = PersonRecord(origin=origin, key="", display_name="")
    full_name = uid = ""
    structured: list[str] = []
    orgs: list[str] = []
    titles: list[str] = []
    notes: list[str] = []
    anniversaries: list[str] = []
    is_org = False
    kind = ""  # KIND: individual (the default), org, group, location, device
    title_props: list[Property] = []
    members: list[str] = []
    for prop in props:
        if prop.binary:
            continue
        value = prop.value
        name = prop.name
        if name == "FN":
            full_name = normalise.text(unescape(value))
        elif name == "N":
            structured = [normalise.text(part) for part in split_escaped(value, ";")]
        elif name == "NICKNAME":
            record.nicknames += [n for n in map(normalise.text, split_escaped(value, ",")) if n]
        elif name == "EMAIL":
            address = unescape(value).strip()
            if normalise.looks_like_address(address):
                _add(record.emails, normalise.email(address), _label(prop, labels))
            elif address and notices is not None:
                notices.append(_dropped(origin, prop, "not an e-mail address"))
        elif name == "TEL":
            number = normalise.phone(unescape(value), region)
            if number and not normalise.has_digits(number):  # "Handy", "Tel privat"
                if notices is not None:
                    notices.append(_dropped(origin, prop, "not a phone number"))
                continue
            _add(record.phones, number, _phone_label(prop, labels))
        elif name == "ORG":
            org, *units = map(normalise.organisation, split_escaped(value, ";"))
            if org:
                orgs.append(org)
            if any(units) and unread is not None:  # ORG:IBM;Accounting: the department
                unread.append(replace(prop, name="ORG unit"))
        elif name == "TITLE":
            titles.append(normalise.text(unescape(value)))
            title_props.append(prop)
        elif name == "BDAY":
            omit = "X-APPLE-OMIT-YEAR" in prop.params
            record.birthday = normalise.birthday(unescape(value), omit_year=omit)
            if not record.birthday and value.strip() and notices is not None:
                notices.append(_dropped(origin, prop, "not a date"))
        elif name == "CATEGORIES":
            record.circles += _circles(split_escaped(value, ","))
        elif name in ("URL", "X-SOCIALPROFILE"):
            link = normalise.link(unescape(value))
            if link and link not in record.links:
                record.links.append(link)
            elif not link and unescape(value).strip() and notices is not None:
                notices.append(_dropped(origin, prop, "not a web address"))
        elif name in ("EXPERTISE", "X-EXPERTISE"):  # RFC 6715; vCard 3 needs the X-
            skill = normalise.text(unescape(value))
            if skill and skill not in record.skills:
                record.skills.append(skill)
        elif name == "NOTE":
            notes.append(unescape(value).strip())
        elif name == "ADR" and not record.location:
            record.location = _location(split_escaped(value, ";"))
        elif name == "ADR" and unread is not None and value.strip(" ;"):
            unread.append(prop)
        elif name == "X-ABRELATEDNAMES":
            kind = normalise.relation_kind(labels.get(prop.group, ""))
            related_name = normalise.text(unescape(value))
            if related_name:
                record.related.append(Related(name=related_name, kind=kind))
        elif name in _RELATED_NAMES:
            for related_name in map(normalise.text, split_escaped(value, ",")):
                if related_name:
                    record.related.append(Related(name=related_name, kind=_RELATED_NAMES[name]))
        elif name in _ANNIVERSARIES:
            day = normalise.birthday(unescape(value)) or normalise.text(unescape(value))
            if day:
                anniversaries.append(f"Anniversary: {day}")
        elif name == "RELATED":
            related = _related(prop)
            if related is not None:
                record.related.append(related)
            elif value.strip() and notices is not None:  # urn:uuid:…, a web page
                notices.append(_dropped(origin, prop, "names nobody by name or address"))
        elif name == "UID":
            uid = unescape(value).strip()
        elif name == "PRODID":
            record.lists_ties = unescape(value).startswith(KITHKIN_PRODID)
        elif name == "KIND" or name == "X-ADDRESSBOOKSERVER-KIND":
            kind = unescape(value).strip().lower()
            is_org = kind in ("org", "organization")
        elif name in ("MEMBER", "X-ADDRESSBOOKSERVER-MEMBER"):
            members.append(unescape(value).strip())
        elif name == "X-ABSHOWAS":
            is_org = unescape(value).strip().upper() == "COMPANY"
        elif name == "X-ABDATE":  # Apple's and Google's other dates: an anniversary, a label's
            day = normalise.birthday(unescape(value)) or normalise.text(unescape(value))
            label = normalise.label(labels.get(prop.group, "")) or "date"
            if day:
                anniversaries.append(f"{label.capitalize()}: {day}")
        elif unread is not None and value.strip() and not _quiet(name):
            unread.append(prop)
    if kind in _NOT_PEOPLE:
        return _not_a_person(kind, full_name, members, origin, people, notices)
    _names(record, full_name, structured)
    # ORG and TITLE come in pairs: the second title belongs to the second organisation.
    record.organisations = [
        OrgRecord(name=org, title=titles[i] if i < len(titles) else "")
        for i, org in enumerate(orgs)
    ]
    if not is_org and notices is not None:  # a TITLE with no ORG of its own: a role of nowhere
        notices += [
            _dropped(origin, t, "no ORG it belongs to")
            for t in title_props[len(orgs) :]
            if t.value.strip()
        ]
    record.notes = "\n".join(n for n in [*notes, *dict.fromkeys(anniversaries)] if n)
    # Outlook writes X-MS-SPOUSE and X-SPOUSE for one spouse: one tie.
    record.related = list({(r.name, r.email, r.kind): r for r in record.related}.values())
    if is_org and not orgs and full_name:
        orgs.append(normalise.organisation(full_name))  # KIND:org often has only FN
    if is_org and orgs:
        # N on a company's card names its contact person (Apple keeps the person's name
        # there when the card shows as a company): a person working there, with TITLE.
        # Only N counts: an FN split into words would make "ABC Marketing" a person.
        named = normalise.text(" ".join(structured[:2]))
        if named and named.casefold() != orgs[0].casefold() and people is not None:
            title = titles[0] if titles else ""
            people.append(_contact(record, orgs[0], title, full_name, uid))
        record.is_organisation = True
        record.display_name = orgs[0]
        record.given_name = record.family_name = record.middle_name = ""
        record.prefix = record.suffix = ""
    if not record.display_name:
        fallback = orgs[:1] + [e for e, _ in record.emails[:1]] + [p for p, _ in record.phones[:1]]
        if not fallback:
            return Skipped(origin, "card without a name, email or phone")
        record.display_name = fallback[0]
        record.is_organisation = bool(orgs)  # a card with only an organisation is one
    record.key = uid or next(
        iter([e for e, _ in record.emails] + [p for p, _ in record.phones]), record.display_name
    )
    return record


def _contact(card: PersonRecord, org: str, title: str, full_name: str, uid: str) -> PersonRecord:
    """The contact person named in N of ``org``'s card (before the card drops the name)."""
    name = " ".join(
        p for p in (card.prefix, card.given_name, card.middle_name, card.family_name) if p
    )
    if full_name and full_name.casefold() != org.casefold():
        name = full_name  # FN names the person when the card shows as a company anyway
    return PersonRecord(
        origin=card.origin,
        key=f"{uid or org}/contact",
        display_name=normalise.text(f"{name} {card.suffix}"),
        given_name=card.given_name,
        middle_name=card.middle_name,
        family_name=card.family_name,
        prefix=card.prefix,
        suffix=card.suffix,
        nicknames=list(card.nicknames),
        organisations=[OrgRecord(name=org, title=title)],
    )


# vCard 4 kinds that are no person (RFC 6350 6.1.4, RFC 6869): never named as one.
_NOT_PEOPLE = {"group": "a group", "location": "a place", "device": "a device"}


def _not_a_person(
    kind: str,
    name: str,
    members: list[str],
    origin: Origin,
    people: list[Record] | None,
    notices: list[Record] | None,
) -> Skipped:
    """A group's, a place's or a device's card is skipped; a group's members known by
    address come in as people in a circle named after the group ("The Doe Family")."""
    circle = normalise.circle(name)
    for member in members:
        address = normalise.email(member) if normalise.looks_like_address(member) else ""
        if address and people is not None:
            people.append(
                PersonRecord(
                    origin=origin,
                    key=address,
                    display_name=address,
                    emails=[(address, "")],
                    circles=[circle] if circle else [],
                )
            )
        elif member and notices is not None:  # urn:uuid: points at a card: names nobody here
            notices.append(
                Notice(origin, f"dropped MEMBER: names nobody by address: '{_snippet(member)}'")
            )
    return Skipped(origin, f"card of {_NOT_PEOPLE[kind]} (KIND:{kind}), not a person")


def _dropped(origin: Origin, prop: Property, why: str) -> Notice:
    card = origin.record.partition("(")[2].rstrip(")")
    where = Origin(origin.source, origin.file, f"line {prop.line} ({card})")
    return Notice(where, f"dropped {prop.name}: {why}: '{_snippet(prop.value)}'")


def _snippet(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _names(record: PersonRecord, full_name: str, structured: list[str]) -> None:
    family, given, middle, prefix, suffix = (structured + [""] * 5)[:5]
    nicknames: Sequence[str] = ()
    if not (family or given) and full_name:
        given, middle, family, prefix, suffix, nicknames = normalise.split_name(full_name)
    elif (family or given) and not record.lists_ties:
        # Other programs leave credentials and nicknames inside N's parts; a card
        # Kithkin wrote has them in their own places already: its parts are exact.
        given, family, credentials, nicknames = normalise.clean_name_parts(given, family)
        suffix = ", ".join(p for p in (suffix, credentials) if p)
    record.nicknames += [n for n in nicknames if n not in record.nicknames]
    record.given_name, record.middle_name, record.family_name = given, middle, family
    record.prefix, record.suffix = prefix, suffix
    record.display_name = full_name or " ".join(
        p for p in (prefix, given, middle, family, suffix) if p
    )


def _add(items: list[tuple[str, str]], value: str, label: str) -> None:
    if value and all(value != existing for existing, _ in items):
        items.append((value, label))


def _label(prop: Property, labels: dict[str, str]) -> str:
    if prop.group in labels:
        return normalise.label(labels[prop.group])
    for kind in prop.types():
        if kind not in _NOT_LABELS:
            return normalise.label(kind)
    return ""


def _phone_label(prop: Property, labels: dict[str, str]) -> str:
    """The label of a number, with ``fax`` kept beside home or work: ``work fax``."""
    label = _label(prop, labels)
    if "fax" in prop.types() and "fax" not in label:
        return f"{label} fax".strip()
    return label


def _circles(names: list[str]) -> list[str]:
    return [c for c in map(normalise.circle, names) if c]


def _location(parts: list[str]) -> str:
    """City, region and country of an ADR (box; extended; street; city; region; code; country)."""
    parts = [normalise.text(p) for p in (parts + [""] * 7)[:7]]
    place = [p for p in (parts[3], parts[4], parts[6]) if p]
    return ", ".join(place) if place else ", ".join(p for p in parts[:3] if p)


def _related(prop: Property) -> Related | None:
    kinds = [k for k in prop.types() if k not in _NOT_LABELS]
    kind = normalise.relation_kind(kinds[0]) if kinds else ""
    value = unescape(prop.value).strip()
    is_text = [v.lower() for v in prop.params.get("VALUE", [])] == ["text"]
    if value.lower().startswith("mailto:") or normalise.looks_like_address(value):
        return Related(email=normalise.email(value), kind=kind)
    if not value or (not is_text and ":" in value):
        return None  # a urn:uuid: or a web link names nobody we can find
    return Related(name=normalise.text(value), kind=kind)
