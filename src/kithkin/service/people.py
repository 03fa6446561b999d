"""People: add, edit, show, list, find and remove."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from kithkin.errors import InvalidInput
from kithkin.ingest import normalise
from kithkin.ingest.normalise import name_parts
from kithkin.insight.inference import InferredTie, infer_ties
from kithkin.model import (
    Affiliation,
    Birthday,
    Email,
    Interaction,
    Job,
    Person,
    PersonNote,
    Phone,
    Provenance,
    Tie,
    TieKind,
    TieSource,
)
from kithkin.model.keys import organisation_key
from kithkin.model.values import link
from kithkin.service.app import App
from kithkin.service.read_model.scored import scored_network
from kithkin.service.relationships import RelationshipView, relationship_view
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.store import UnitOfWork


@dataclass
class PersonChanges:
    """What ``person add`` / ``person edit`` may set; None leaves a field as it is."""

    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    organisation: str | None = None
    role: str | None = None
    location: str | None = None
    birthday: str | None = None
    skills: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    circles: list[str] = field(default_factory=list)
    notes: str | None = None  # a new dated note (earlier notes are kept)
    # The lists (emails, phones, skills, links, nicknames, circles) become exactly the
    # ones given, instead of being added to: a form that shows them all for editing.
    replace: bool = False


@dataclass
class TieView:
    """One tie as seen from a person: who is on the other end and how they are linked.

    An inferred tie (``insight.inference``) is worked out from the records as they
    are now and has no row: ``tie_id`` None, ``source`` "inferred"."""

    tie_id: int | None
    other_id: int
    other_name: str
    other_circles: list[str]
    kinds: list[str]
    source: str
    confidence: float
    closeness: int | None
    status: str
    evidence: str


@dataclass
class GroupMember:
    id: int
    name: str
    confidence: float


@dataclass
class InferredGroup:
    """A person's inferred ties of one kind that rest on one thing, as one line: "12
    colleagues at Globex". Dozens of classmates or colleagues say one thing about a
    person, not dozens; every one of them is still in ``PersonView.ties``."""

    kind: str  # colleague, classmate, family, household, met-together
    basis: str  # what they rest on: "organisation", "circle" or "meetings"
    among: str  # the organisation as this person writes it, or the circle; "" for meetings
    title: str  # "12 colleagues at Globex"
    people: list[GroupMember]  # the surest first


@dataclass
class PersonView:
    person: Person
    ties: list[TieView]  # every tie, stored and inferred
    interactions: int
    last_contact: datetime | None
    circles_reached: list[str]  # circles of the people this person is tied to
    relationship: RelationshipView | None = None  # my relationship with them; None for me
    notes: list[PersonNote] = field(default_factory=list)  # dated, oldest first
    jobs: list[Job] = field(default_factory=list)  # with their ids, for editing one
    # The inferred ties of ``ties``, one line per organisation, circle or kind of meeting:
    # how the CLI and the web page show them.
    inferred_groups: list[InferredGroup] = field(default_factory=list)

    @property
    def stored_ties(self) -> list[TieView]:
        return [t for t in self.ties if t.tie_id is not None]


def _region(uow: UnitOfWork, changes: PersonChanges) -> str:
    """The region typed phone numbers are read in, as an import reads them ("" when
    no number is given, or no region is known)."""
    if not changes.phones:
        return ""
    from kithkin.service.import_people import phone_region  # phonenumbers: only when needed

    return phone_region(uow, None, uow.people.me())


def _apply(person: Person, changes: PersonChanges, today: date, region: str = "") -> None:
    if changes.name is not None:
        person.display_name = " ".join(changes.name.split())
        if not person.display_name:
            raise InvalidInput("a person needs a name")
        person.given_name = person.family_name = ""
        name_parts(person)
    labels = {e.address: e.label for e in person.emails}
    labels.update({p.number: p.label for p in person.phones})
    if changes.replace:
        person.emails, person.phones = [], []
        person.skills, person.links, person.nicknames, person.circles = [], [], [], []
    known = {e.address for e in person.emails}
    for address in changes.emails:
        normal = Email.normalise(address)
        if "@" not in normal:
            raise InvalidInput(f"'{address}' is not an e-mail address")
        if normal not in known:
            person.emails.append(Email(normal, labels.get(normal, "")))
            known.add(normal)
    for written in changes.phones:
        # Kept in the one normal form an import keeps it in, so identity matches it.
        number = normalise.phone(written, region)
        if number and number not in {p.number for p in person.phones}:
            person.phones.append(Phone(number, labels.get(number, "")))
    if changes.organisation is not None or changes.role is not None:
        _change_job(person, changes.organisation, changes.role, today)
    if changes.location is not None:
        person.location = changes.location
    if changes.birthday is not None:
        person.birthday = Birthday.parse(changes.birthday) if changes.birthday else None
    for attr in ("skills", "links", "nicknames", "circles"):
        have: list[str] = getattr(person, attr)
        for value in getattr(changes, attr):
            value = link(value) if attr == "links" else value.strip()
            if value and value not in have:
                have.append(value)
    person.validate()


def _change_job(person: Person, org: str | None, role: str | None, today: date) -> None:
    """A new organisation ends the current job there was (it does not add a second
    current one); the same organisation, or a role alone, changes the current job."""
    current = person.current_affiliations
    org = " ".join((org or (current[0].organisation if current else "")).split())
    if not org:
        raise InvalidInput("a role needs an organisation to go with it; add --org")
    key = organisation_key(org)
    same = next((a for a in current if organisation_key(a.organisation) == key), None)
    if same is not None:
        role = role if role is not None else same.role
        person.affiliations = [
            Affiliation(a.organisation, role, a.start, a.end, a.current) if a is same else a
            for a in person.affiliations
        ]
        return
    person.affiliations = [
        Affiliation(a.organisation, a.role, a.start, a.end or today, False) if a.current else a
        for a in person.affiliations
    ]
    # Moving from one job to the next happens today; a first job's start is not known.
    person.affiliations.append(Affiliation(org, role or "", start=today if current else None))


def _note(uow: UnitOfWork, pid: int, text: str | None, now: datetime) -> None:
    """A note given with a person's fields is one more dated note."""
    if text is not None and text.strip():
        uow.edits.add_note(PersonNote(pid, text, now))


def add_person(app: App, changes: PersonChanges, is_me: bool = False) -> Person:
    if not changes.name or not changes.name.strip():
        raise InvalidInput("a person needs a name")
    person = Person(display_name=changes.name, is_me=is_me)
    with app.uow() as uow:
        _apply(person, changes, app.now().date(), _region(uow, changes))
        if is_me and uow.people.me() is not None:
            raise InvalidInput("there is already a 'me' in the network", see="edit_owner")
        for e in person.emails:
            owner = uow.people.by_email(e.address)
            if owner is not None:
                raise InvalidInput(f"{e.address} already belongs to person #{owner}")
        uow.people.add(person, app.now())
        assert person.id is not None
        _note(uow, person.id, changes.notes, app.now())
        uow.undo.created("person", [person.id])
        uow.undo.what = f"added {person.display_name}"
        uow.undo.at = app.now()
        uow.commit()
    return person


def edit_person(app: App, name: str, changes: PersonChanges) -> Person:
    with app.uow() as uow:
        person = uow.people.get(resolve_person(uow, name, exact=True))
        assert person is not None and person.id is not None
        before = copy.deepcopy(person)
        uow.undo.keep("person", [person.id])
        _apply(person, changes, app.now().date(), _region(uow, changes))
        uow.people.update(person, app.now())
        _note(uow, person.id, changes.notes, app.now())
        uow.undo.what = f"edited {before.display_name}"
        uow.undo.at = app.now()
        # Fields typed by hand are the user's: a later import never overwrites them.
        uow.sources.add_provenance(
            Provenance("person", person.id, f.name, "user", at=app.now())
            for f in fields(Person)
            if getattr(before, f.name) != getattr(person, f.name)
        )
        uow.commit()
    return person


def remove_person(app: App, name: str) -> Person:
    with app.uow() as uow:
        person = uow.people.get(resolve_person(uow, name, exact=True))
        assert person is not None and person.id is not None
        if person.is_me:
            raise InvalidInput("'me' cannot be removed; it is the owner of the network")
        uow.undo.keep("person+links", [person.id])
        uow.people.remove(person.id)
        uow.undo.what = f"removed {person.display_name}"
        uow.undo.at = app.now()
        uow.commit()
    return person


def show_person(app: App, name: PersonRef) -> PersonView:
    with app.uow(write=False) as uow:
        pid = resolve_person(uow, name)
        # The scored network already holds everyone's history: no second read of it.
        scored = scored_network(app, uow)
        history = scored.network.interactions_of.get(pid, [])
        inferred = infer_ties(scored.network, scored.now, among=(pid,))
        view = person_view(uow, pid, history, inferred)
        view.relationship = relationship_view(app, uow, pid)
        return view


def person_view(
    uow: UnitOfWork, pid: int, history: list[Interaction], inferred: list[InferredTie]
) -> PersonView:
    """A person with their ties, stored and ``inferred``; ``history`` is their
    interactions, oldest first."""
    person = uow.people.get(pid)
    assert person is not None
    ties = uow.ties.of(pid)
    guessed = [Tie(i.a, i.b, kinds=[TieKind(i.kind, TieSource.INFERRED, i.confidence, i.evidence)],
                   source=TieSource.INFERRED, confidence=i.confidence, evidence=i.evidence)
               for i in inferred if pid in (i.a, i.b)]  # fmt: skip
    others = {p.id: p for p in uow.people.load_ids([t.other(pid) for t in ties + guessed])}
    views = [_tie_view(t, pid, others[t.other(pid)]) for t in ties + guessed]
    views.sort(key=lambda v: (v.source != "stated", v.other_name))
    reached = sorted({c for v in views for c in v.other_circles})
    names = {i: p.display_name for i, p in others.items() if i is not None}
    return PersonView(
        person=person,
        ties=views,
        interactions=len(history),
        last_contact=history[-1].when if history else None,
        circles_reached=reached,
        notes=uow.edits.notes_of(pid),
        jobs=uow.edits.jobs_of(pid),
        inferred_groups=inferred_groups(person, [i for i in inferred if pid in (i.a, i.b)], names),
    )


_PLURAL = {"family": "family members", "household": "household members"}


def _title(kind: str, basis: str, among: str, count: int) -> str:
    if basis == "meetings":
        return f"{count} {'person' if count == 1 else 'people'} in the same meetings or messages"
    word = kind if count == 1 else _PLURAL.get(kind, kind + "s")
    if count == 1 and kind in _PLURAL:
        word = f"{kind} member"
    return f"{count} {word} {'at' if basis == 'organisation' else 'in the circle'} {among}"


def inferred_groups(
    person: Person, inferred: list[InferredTie], names: dict[int, str]
) -> list[InferredGroup]:
    """``person``'s inferred ties grouped by kind and by what they rest on: one organisation
    (all its spellings, by ``organisation_key``), one circle, or group meetings."""
    assert person.id is not None
    own = {organisation_key(a.organisation): a.organisation for a in person.affiliations}
    groups: dict[tuple[str, str, str], list[InferredTie]] = {}
    for i in inferred:
        key = organisation_key(i.among) if i.basis == "organisation" else i.among
        groups.setdefault((i.kind, i.basis, key), []).append(i)
    found = []
    for (kind, basis, key), ties in groups.items():
        among = own.get(key, ties[0].among) if basis == "organisation" else ties[0].among
        members = sorted(
            (GroupMember(other, names[other], i.confidence) for i in ties
             for other in [i.b if i.a == person.id else i.a]),
            key=lambda m: (-m.confidence, m.name),
        )  # fmt: skip
        found.append(
            InferredGroup(kind, basis, among, _title(kind, basis, among, len(members)), members)
        )
    found.sort(key=lambda g: (-len(g.people), g.title))
    return found


def _tie_view(tie: Tie, pid: int, other: Person) -> TieView:
    assert other.id is not None
    return TieView(
        tie_id=tie.id,
        other_id=other.id,
        other_name=other.display_name,
        other_circles=other.circles,
        kinds=[k.kind for k in tie.kinds],
        source=tie.source.value,
        confidence=tie.confidence,
        closeness=tie.closeness,
        status=tie.status.value,
        evidence=tie.evidence,
    )


def filter_people(
    people: Iterable[Person], circle: str | None = None, organisation: str | None = None
) -> list[Person]:
    """People in ``circle`` (``work`` matches ``work:*``) and at ``organisation``, in id order."""
    found = sorted(people, key=lambda p: p.id or 0)
    if circle:
        wanted = circle.strip().casefold()
        found = [
            p
            for p in found
            if any(
                c.casefold() == wanted or c.casefold().startswith(wanted + ":") for c in p.circles
            )
        ]
    if organisation:
        key = organisation_key(organisation)
        found = [
            p for p in found if any(key in organisation_key(a.organisation) for a in p.affiliations)
        ]
    return found
