"""Who owns the network: saying "this is me", whatever came first.

An import before the owner is named already holds them: the sender of every
message in a mailbox, the card with their own address. "This is me" adopts
that person rather than adding a second one, and every record that holds one of
my addresses becomes part of the one me (a merge, kept in the merge log so it
can be undone). If a 'me' already exists (made from the addresses given to an
import), the person I point at and that 'me' become one. There is never a
second me.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kithkin.errors import InvalidInput
from kithkin.ingest.identity import email_key
from kithkin.ingest.normalise import name_parts
from kithkin.model import Email, Person
from kithkin.service.app import App
from kithkin.service.merging import merge_into
from kithkin.service.resolve import PersonRef, folded, resolve_person
from kithkin.store import UnitOfWork


@dataclass
class OwnerCandidate:
    """Someone an import made who may be me, with what points to it."""

    id: int
    name: str
    emails: list[str]
    interactions: int  # interactions they take part in: a mailbox's owner is in all of them
    why: str


@dataclass
class ClaimResult:
    """The one me after "this is me", and the records that became part of it."""

    id: int
    name: str
    emails: list[str]
    adopted: bool  # an existing record became me (rather than a new one)
    merged: list[str] = field(default_factory=list)  # names of records merged into me


def read_addresses(emails: Sequence[str]) -> list[str]:
    """E-mail addresses from what was typed (commas, semicolons or spaces between)."""
    out: list[str] = []
    for raw in emails:
        for part in raw.replace(",", " ").replace(";", " ").split():
            normal = email_key(part)  # the same reading an import gives an address
            if not normal:
                raise InvalidInput(f"'{part}' is not an e-mail address; write it as name@host")
            if normal not in out:
                out.append(normal)
    return out


def owner_candidates(
    app: App, name: str = "", emails: Sequence[str] = (), limit: int = 5
) -> list[OwnerCandidate]:
    """People already in the network who may be me (besides a 'me' already there),
    likeliest first: holders of my addresses, people with my name, then those in the
    most interactions."""
    wanted = read_addresses(emails)
    with app.uow(write=False) as uow:
        me = uow.people.me()
        if me is not None and not name:
            name = me.display_name  # an import may hold me again under my own name
        found: dict[int, str] = {}
        for address in wanted:
            holder = uow.people.by_email(address)
            if holder is not None:
                found.setdefault(holder, f"holds {address}")
        key = folded(name) if name.strip() else ""
        if key:
            for pid, display, nicknames in uow.people.names():
                if folded(display) == key or key in map(folded, nicknames):
                    found.setdefault(pid, "has your name")
        if me is None:  # with a me, the busiest people are simply my closest
            for pid, count in uow.activity.most_involved(limit):
                found.setdefault(pid, f"takes part in {count} of the imported interactions")
        if me is not None:
            found.pop(me.id or 0, None)
        people = {p.id: p for p in uow.people.load_ids(list(found))}
        out = []
        for pid, why in found.items():
            person = people.get(pid)
            if person is None:
                continue
            out.append(
                OwnerCandidate(
                    pid,
                    person.display_name,
                    [e.address for e in person.emails],
                    uow.activity.involvement(pid),
                    why,
                )
            )
    return out[:limit]


def claim_me(
    app: App,
    person: PersonRef | None = None,
    name: str = "",
    emails: Sequence[str] = (),
) -> ClaimResult:
    """Make ``person`` (or, when not given, the one holding my addresses or my name) me.

    With nobody to adopt, a new me is added with ``name``. My addresses held by
    other records are moved onto me by merging those records into me; addresses
    nobody holds are added. ``name`` (when given) becomes my name.
    """
    wanted = read_addresses(emails)
    name = " ".join(name.split())
    with app.uow() as uow:
        now = app.now()
        target = _target(uow, person, name, wanted)
        me = uow.people.me()
        if target is None and me is None and not name:
            raise InvalidInput("say your name, or pick yourself from the people listed")
        # Who is me from now on: the me already there, else the adopted record, else new.
        others: list[int] = []
        if me is not None:
            assert me.id is not None
            final = me
            if target is not None and target != me.id:
                # The record I pointed at is me: its name wins over one made from an address.
                pointed = uow.people.get(target)
                assert pointed is not None
                name = name or pointed.display_name
                others.append(target)
        elif target is not None:
            adopted = uow.people.get(target)
            assert adopted is not None
            final = adopted
            final.is_me = True
        else:
            final = Person(display_name=name, is_me=True)
            name_parts(final)
            final.validate()
            uow.people.add(final, now)
        assert final.id is not None
        # My name and the addresses nobody holds go on first: the merges below then
        # snapshot this state, so undoing one of them comes back to it exactly.
        holders = {a: uow.people.by_email(a) for a in wanted}
        have = {e.address for e in final.emails}
        final.emails += [Email(a) for a, h in holders.items() if h is None and a not in have]
        if name and final.display_name != name:
            if final.display_name not in final.nicknames:
                final.nicknames.append(final.display_name)
            final.display_name = name
            final.given_name = final.family_name = ""
            name_parts(final)
        final.validate()
        uow.people.update(final, now)
        others += [h for h in holders.values() if h is not None and h != final.id]
        merged = [
            merge_into(uow, final.id, other, now).merged_name for other in dict.fromkeys(others)
        ]
        me_now = uow.people.get(final.id)
        assert me_now is not None
        uow.commit()
        return ClaimResult(
            final.id,
            me_now.display_name,
            [e.address for e in me_now.emails],
            adopted=target is not None,
            merged=merged,
        )


def _target(uow: UnitOfWork, person: PersonRef | None, name: str, wanted: list[str]) -> int | None:
    """The existing record that is me: the one chosen, else my addresses', else my name's."""
    if person is not None:
        return resolve_person(uow, person, exact=True)
    holders = [h for h in (uow.people.by_email(a) for a in wanted) if h is not None]
    if holders:
        me = uow.people.me()
        if me is not None and me.id in holders:
            return me.id
        # The record most involved in the imported history carries it over to me.
        return max(dict.fromkeys(holders), key=uow.activity.involvement)
    if name:
        key = folded(name)
        me = uow.people.me()
        same = [
            pid
            for pid, display, _ in uow.people.names()
            if folded(display) == key and (me is None or pid != me.id)
        ]
        if len(same) == 1:
            return same[0]
    return None
