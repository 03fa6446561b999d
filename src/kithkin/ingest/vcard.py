"""vCard 2.1, 3.0 and 4.0 address books → one PersonRecord per card.

Cards are cut out of the file line by line (``lines.blocks``), so a broken
card becomes one BadRecord naming its line and the cards around it still come
through. Photos and other binary values are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from kithkin.errors import ImportFailed
from kithkin.ingest import normalise
from kithkin.ingest.content_lines import (
    ContentLineError,
    Property,
    parse_line,
    split_escaped,
    unescape,
    unfold,
)
from kithkin.ingest.lines import Block, blocks, numbered_lines, open_binary
from kithkin.ingest.records import (
    BadRecord,
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


def parse(path: Path, *, me: Sequence[str] = (), region: str = "US") -> Iterator[Record]:
    """Every card of a .vcf file, in order: a PersonRecord, Skipped or BadRecord each."""
    cards = 0
    with open_binary(path) as stream:
        for cards, block in enumerate(blocks(numbered_lines(stream), _KINDS), 1):
            yield card_record(block, cards, str(path), region)
    if cards == 0 and _has_text(path):
        raise ImportFailed(f"{path}: not a vCard file (no BEGIN:VCARD line)")


def _has_text(path: Path) -> bool:
    with open_binary(path) as stream:
        return any(raw.strip() for raw in stream)


def card_record(block: Block, number: int, file: str, region: str) -> Record:
    """The record of one card cut out of a file."""
    origin = Origin(SOURCE, file, f"line {block.start} (card {number})")
    if block.problem:
        return BadRecord(origin, block.problem)
    try:
        props = [parse_line(line, text) for line, text in unfold(block.lines)]
    except ContentLineError as exc:
        return BadRecord(Origin(SOURCE, file, f"line {exc.line} (card {number})"), str(exc))
    return _person(props, origin, region)


def _person(props: list[Property], origin: Origin, region: str) -> PersonRecord | Skipped:
    # Apple attaches labels to grouped properties: item1.EMAIL + item1.X-ABLabel.
    labels = {p.group: unescape(p.value) for p in props if p.name == "X-ABLABEL" and p.group}
    record = PersonRecord(origin=origin, key="", display_name="")
    full_name = uid = title = ""
    structured: list[str] = []
    orgs: list[str] = []
    notes: list[str] = []
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
            _add(record.emails, normalise.email(unescape(value)), _label(prop, labels))
        elif name == "TEL":
            _add(record.phones, normalise.phone(unescape(value), region), _label(prop, labels))
        elif name == "ORG":
            org = normalise.organisation(split_escaped(value, ";")[0])
            if org:
                orgs.append(org)
        elif name == "TITLE":
            title = title or normalise.text(unescape(value))
        elif name == "BDAY":
            omit = "X-APPLE-OMIT-YEAR" in prop.params
            record.birthday = normalise.birthday(unescape(value), omit_year=omit)
        elif name == "CATEGORIES":
            record.circles += _circles(split_escaped(value, ","))
        elif name in ("URL", "X-SOCIALPROFILE"):
            link = normalise.link(unescape(value))
            if link and link not in record.links:
                record.links.append(link)
        elif name in ("EXPERTISE", "X-EXPERTISE"):  # RFC 6715; vCard 3 needs the X-
            skill = normalise.text(unescape(value))
            if skill and skill not in record.skills:
                record.skills.append(skill)
        elif name == "NOTE":
            notes.append(unescape(value).strip())
        elif name == "ADR" and not record.location:
            record.location = _location(split_escaped(value, ";"))
        elif name == "X-ABRELATEDNAMES":
            kind = normalise.relation_kind(labels.get(prop.group, ""))
            related_name = normalise.text(unescape(value))
            if related_name:
                record.related.append(Related(name=related_name, kind=kind))
        elif name == "RELATED":
            related = _related(prop)
            if related is not None:
                record.related.append(related)
        elif name == "UID":
            uid = unescape(value).strip()
        elif name == "PRODID":
            record.lists_ties = unescape(value).startswith(KITHKIN_PRODID)
    _names(record, full_name, structured)
    record.organisations = [
        OrgRecord(name=org, title=title if i == 0 else "") for i, org in enumerate(orgs)
    ]
    record.notes = "\n".join(n for n in notes if n)
    if not record.display_name:
        fallback = orgs[:1] + [e for e, _ in record.emails[:1]] + [p for p, _ in record.phones[:1]]
        if not fallback:
            return Skipped(origin, "card without a name, email or phone")
        record.display_name = fallback[0]
    record.key = uid or next(
        iter([e for e, _ in record.emails] + [p for p, _ in record.phones]), record.display_name
    )
    return record


def _names(record: PersonRecord, full_name: str, structured: list[str]) -> None:
    family, given, middle, prefix, suffix = (structured + [""] * 5)[:5]
    if not (family or given) and full_name:
        given, middle, family, prefix, suffix, nicknames = normalise.split_name(full_name)
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
    if value.lower().startswith("mailto:"):
        return Related(email=normalise.email(value), kind=kind)
    if not value or (not is_text and ":" in value):
        return None  # a urn:uuid: or a web link names nobody we can find
    return Related(name=normalise.text(value), kind=kind)
