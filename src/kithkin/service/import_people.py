"""Turning a parsed person record into a Person, and folding one into another."""

from __future__ import annotations

import hashlib
from collections import Counter

import phonenumbers

from kithkin.errors import InvalidInput
from kithkin.ingest.identity import (
    WEBMAIL,
    Profile,
    email_key,
    fold,
    organisation_fold,
    phone_key,
)
from kithkin.ingest.normalise import region_of
from kithkin.ingest.records import PersonRecord
from kithkin.json_text import json_encoder
from kithkin.model import Affiliation, Birthday, Email, Person, Phone, normalise_circle
from kithkin.store import UnitOfWork
from kithkin.store.organisations import OrganisationCard

CONTACT_SOURCES = frozenset({"vcard", "linkedin", "google", "outlook", "kithkin"})
# Names read from a mail header, a calendar or a related-name mention are a guess;
# a contact record's name replaces them.
WEAK_NAME_SOURCES = frozenset({"mail", "ics", "related"})
NAME_FIELDS = ("display_name", "given_name", "family_name", "middle_name", "prefix", "suffix")
SCALARS = ("given_name", "family_name", "middle_name", "prefix", "suffix", "location", "notes")
LISTS = ("nicknames", "links", "skills")


PHONE_REGION = "phone_region"
MERGED = "merged"  # the provenance "field" of a record an import merged into someone known


def check_region(region: str) -> str:
    """A phone region as phonenumbers knows it (``GB``, ``IN``), or InvalidInput saying so."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(
            f"'{region}' is not a phone region: give a two-letter country code such as GB or IN"
        )
    return code


def phone_region(uow: UnitOfWork, given: str | None, me: Person | None) -> str:
    """The region numbers without a country code are read in, "" when none is known.

    ``--region`` first, then the stored setting (``kith init --region``), then the
    country most of the owner's own numbers are in; never a default country, so a
    national number is kept as written rather than given a false country code.
    """
    if given:
        return check_region(given)
    stored = uow.preferences.get(PHONE_REGION)
    if stored:
        return stored
    if me is not None:
        regions = Counter(r for p in me.phones if (r := region_of(p.number)))
        if regions:
            return regions.most_common(1)[0][0]
    return ""


def organisation_card(uow: UnitOfWork, record: PersonRecord) -> bool:
    """A company's own card (``X-ABShowAs:COMPANY``, ``KIND:org``, a contact with only an
    organisation): an organisation with its e-mails, phones and location, never a person.
    Returns whether it added or changed anything.
    """
    emails = [(key, label) for address, label in record.emails if (key := email_key(address))]
    domains = [a.rpartition("@")[2] for a, _ in emails]
    card = OrganisationCard(
        name=record.display_name.strip(),
        domain=next((d for d in domains if d not in WEBMAIL), ""),
        emails=emails,
        phones=[(n.strip(), label) for n, label in record.phones if n.strip()],
        location=record.location.strip(),
    )
    return uow.organisations.save_card(card)[1]


def digest(record: PersonRecord) -> str:
    """A fingerprint of a record's content, wherever in the file it sits."""
    content = [
        record.key,
        record.display_name,
        record.given_name,
        record.family_name,
        record.middle_name,
        record.prefix,
        record.suffix,
        record.nicknames,
        record.emails,
        record.phones,
        [(o.name, o.title, str(o.start), str(o.end), o.current) for o in record.organisations],
        record.location,
        record.birthday,
        record.circles,
        record.links,
        record.notes,
        [(r.name, r.email, r.kind) for r in record.related],
        str(record.connected_on),
    ]
    return hashlib.sha256(_encode(content).encode()).hexdigest()


_encode = json_encoder(ensure_ascii=False)  # the content hash: never change its text


def person_from(record: PersonRecord, region: str) -> Person:
    return incoming(record, region)[0]


def incoming(record: PersonRecord, region: str) -> tuple[Person, Profile]:
    """The person a record describes, and what identity resolution needs of it.

    One pass: addresses, numbers and organisations are normalised once for both.
    """
    person = Person(
        display_name=record.display_name,
        given_name=record.given_name,
        family_name=record.family_name,
        middle_name=record.middle_name,
        prefix=record.prefix,
        suffix=record.suffix,
        nicknames=_unique(record.nicknames) if record.nicknames else [],
        location=record.location.strip(),
        links=_unique(record.links) if record.links else [],
        skills=_unique(record.skills) if record.skills else [],
        notes=record.notes.strip(),
    )
    seen: set[str] = set()
    for address, label in record.emails:
        key = email_key(address)
        if key and key not in seen:
            seen.add(key)
            person.emails.append(Email(key, label))
    numbers: set[str] = set()
    e164: set[str] = set()
    for number, label in record.phones:
        # Kept as the parser wrote it (E.164 with any extension, or as written);
        # compared by its key, so one line written two ways is one phone.
        key = phone_key(number, region)
        written = number.strip()
        if key:
            e164.add(key)
        if written and (key or written) not in numbers:
            numbers.add(key or written)
            person.phones.append(Phone(written, label))
    organisations: set[str] = set()
    for org in record.organisations:
        name = org.name.strip()
        if name:
            person.affiliations.append(
                Affiliation(name, org.title.strip(), org.start, org.end, org.current)
            )
            if folded := organisation_fold(name):
                organisations.add(folded)
    if record.birthday:
        try:
            person.birthday = Birthday.parse(record.birthday)
        except InvalidInput:
            person.birthday = None
    for c in record.circles:
        try:
            label = normalise_circle(c)
        except InvalidInput:
            continue
        if label not in person.circles:
            person.circles.append(label)
    profile = Profile(
        ref=0,
        display_name=record.display_name,
        given=record.given_name,
        family=record.family_name,
        nicknames=set(record.nicknames),
        emails=seen,
        phones=e164,
        organisations=organisations,
    )
    return person, profile


def keep_names(person: Person, names: tuple[str, ...]) -> list[str]:
    """Names a merge folded into ``person`` become nicknames, so no name is lost;
    returns ``["nicknames"]`` when one was added. Addresses and numbers are no names.
    """
    have = {fold(n) for n in (person.display_name, *person.nicknames)}
    added = False
    for name in names:
        name = name.strip()
        if name and "@" not in name and any(c.isalpha() for c in name) and fold(name) not in have:
            person.nicknames.append(name)
            have.add(fold(name))
            added = True
    return ["nicknames"] if added else []


def _unique(values: list[str]) -> list[str]:
    """Trimmed, without blanks and repeats, in order."""
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def filled_fields(person: Person) -> list[str]:
    """The fields a new person got from its record: each one keeps its provenance."""
    # One row for the name: its parts come with it.
    fields = ["display_name"]
    fields += [f for f in ("location", "notes") if getattr(person, f)]
    fields += [
        f for f in (*LISTS, "emails", "phones", "affiliations", "circles") if getattr(person, f)
    ]
    if person.birthday:
        fields.append("birthday")
    return fields


def absorb(
    person: Person,
    incoming: Person,
    protected: set[str],
    replace: bool = False,
    take_name: bool = False,
) -> list[str]:
    """Fold ``incoming`` into ``person``; returns the fields that changed.

    Lists are added to; a scalar is filled when empty, or replaced when
    ``replace`` (a newer version of the same record). ``protected`` fields,
    edited by hand, are never touched.
    """
    changed: list[str] = []
    if (
        (replace or take_name)
        and "display_name" not in protected
        and incoming.display_name != person.display_name
    ):
        person.display_name = incoming.display_name
        changed.append("display_name")
        if take_name:
            for f in NAME_FIELDS[1:]:
                if f not in protected and getattr(person, f) != getattr(incoming, f):
                    setattr(person, f, getattr(incoming, f))
                    changed.append(f)
    for f in SCALARS:
        new, old = getattr(incoming, f), getattr(person, f)
        if new and new != old and f not in protected and (replace or not old):
            setattr(person, f, new)
            changed.append(f)
    if (
        incoming.birthday
        and incoming.birthday != person.birthday
        and "birthday" not in protected
        and (replace or person.birthday is None)
    ):
        person.birthday = incoming.birthday
        changed.append("birthday")
    for f in LISTS:
        have: list[str] = getattr(person, f)
        added = [v for v in getattr(incoming, f) if v not in have]
        if added:
            have.extend(added)
            changed.append(f)
    known = {e.address for e in person.emails}
    new_emails = [e for e in incoming.emails if e.address not in known]
    if new_emails:
        person.emails.extend(new_emails)
        changed.append("emails")
    numbers = {p.number for p in person.phones}
    new_phones = [p for p in incoming.phones if p.number not in numbers]
    if new_phones:
        person.phones.extend(new_phones)
        changed.append("phones")
    new_circles = [c for c in incoming.circles if c not in person.circles]
    if new_circles:
        person.circles.extend(new_circles)
        changed.append("circles")
    if "affiliations" not in protected and _affiliations(person, incoming, replace):
        changed.append("affiliations")
    return changed


def _affiliations(person: Person, incoming: Person, replace: bool) -> bool:
    changed = False
    by_org = {organisation_fold(a.organisation): i for i, a in enumerate(person.affiliations)}
    for a in incoming.affiliations:
        i = by_org.get(organisation_fold(a.organisation))
        if i is None:
            person.affiliations.append(a)
            changed = True
            continue
        old = person.affiliations[i]
        if (replace and a.role != old.role) or (a.role and not old.role):
            person.affiliations[i] = Affiliation(
                old.organisation, a.role, old.start or a.start, old.end or a.end, a.current
            )
            changed = True
    if replace and incoming.affiliations:
        # A newer export naming other employers means the old ones are past.
        keys = {organisation_fold(a.organisation) for a in incoming.affiliations}
        for i, old in enumerate(person.affiliations):
            if old.current and organisation_fold(old.organisation) not in keys:
                person.affiliations[i] = Affiliation(
                    old.organisation, old.role, old.start, old.end, current=False
                )
                changed = True
    return changed
