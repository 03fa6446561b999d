"""Reading and writing people, with their emails, phones, affiliations and circles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update

from kithkin.model import Affiliation, Birthday, Email, Person, Phone, normalise_circle
from kithkin.store import schema as t


def organisation_key(name: str) -> str:
    """Organisations match on a folded name: "Contoso, Inc." is "contoso inc"."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in name.casefold())
    return " ".join(cleaned.split())


class PeopleRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- writing -----------------------------------------------------------
    def add(self, person: Person, now: datetime | None = None) -> int:
        now = now or datetime.now(UTC)
        result = self.conn.execute(
            insert(t.person).values(**_person_row(person), created_at=now, updated_at=now)
        )
        pk = result.inserted_primary_key
        assert pk is not None
        person.id = int(pk[0])
        self._write_parts(person)
        return person.id

    def update(self, person: Person, now: datetime | None = None) -> None:
        assert person.id is not None
        self.conn.execute(
            update(t.person)
            .where(t.person.c.id == person.id)
            .values(**_person_row(person), updated_at=now or datetime.now(UTC))
        )
        for table in (t.email, t.phone, t.affiliation, t.membership):
            self.conn.execute(delete(table).where(table.c.person_id == person.id))
        self._write_parts(person)

    def remove(self, person_id: int) -> None:
        self.conn.execute(delete(t.person).where(t.person.c.id == person_id))

    def organisation_id(self, name: str, domain: str = "") -> int:
        key = organisation_key(name)
        found = self.conn.execute(
            select(t.organisation.c.id).where(t.organisation.c.key == key)
        ).scalar()
        if found is not None:
            return int(found)
        pk = self.conn.execute(
            insert(t.organisation).values(name=name.strip(), key=key, domain=domain)
        ).inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def circle_id(self, name: str) -> int:
        name = normalise_circle(name)
        found = self.conn.execute(select(t.circle.c.id).where(t.circle.c.name == name)).scalar()
        if found is not None:
            return int(found)
        pk = self.conn.execute(insert(t.circle).values(name=name)).inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def _write_parts(self, person: Person) -> None:
        pid = person.id
        emails = {Email.normalise(e.address): e.label for e in person.emails if e.address.strip()}
        if emails:
            self.conn.execute(
                insert(t.email),
                [{"person_id": pid, "address": a, "label": lbl} for a, lbl in emails.items()],
            )
        phones = {p.number: p.label for p in person.phones if p.number.strip()}
        if phones:
            self.conn.execute(
                insert(t.phone),
                [{"person_id": pid, "number": n, "label": lbl} for n, lbl in phones.items()],
            )
        if person.affiliations:
            self.conn.execute(
                insert(t.affiliation),
                [
                    {
                        "person_id": pid,
                        "organisation_id": self.organisation_id(a.organisation),
                        "role": a.role,
                        "start": a.start,
                        "end": a.end,
                        "current": a.current,
                    }
                    for a in person.affiliations
                ],
            )
        circles = {normalise_circle(c) for c in person.circles}
        person.circles = sorted(circles)
        if circles:
            self.conn.execute(
                insert(t.membership),
                [{"person_id": pid, "circle_id": self.circle_id(c)} for c in sorted(circles)],
            )

    # -- reading -----------------------------------------------------------
    def get(self, person_id: int) -> Person | None:
        found = self.load(select(t.person).where(t.person.c.id == person_id))
        return found[0] if found else None

    def load_ids(self, ids: list[int]) -> list[Person]:
        found: list[Person] = []
        for chunk in _chunks(sorted(set(ids)), 900):
            found += self.load(select(t.person).where(t.person.c.id.in_(chunk)))
        return found

    def me(self) -> Person | None:
        found = self.load(select(t.person).where(t.person.c.is_me.is_(True)))
        return found[0] if found else None

    def all(self) -> list[Person]:
        return self.load(select(t.person).order_by(t.person.c.id))

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(t.person)).scalar_one())

    def names(self) -> list[tuple[int, str, list[str]]]:
        """(id, display name, nicknames) for every person: what name lookup needs."""
        rows = self.conn.execute(
            select(t.person.c.id, t.person.c.display_name, t.person.c.nicknames)
        )
        return [(int(r.id), r.display_name, list(r.nicknames or [])) for r in rows]

    def by_email(self, address: str) -> int | None:
        found = self.conn.execute(
            select(t.email.c.person_id).where(t.email.c.address == Email.normalise(address))
        ).scalar()
        return None if found is None else int(found)

    def by_phone(self, number: str) -> int | None:
        found = self.conn.execute(
            select(t.phone.c.person_id).where(t.phone.c.number == number)
        ).scalar()
        return None if found is None else int(found)

    def in_circle(self, circle: str) -> list[int]:
        rows = self.conn.execute(
            select(t.membership.c.person_id)
            .join(t.circle, t.circle.c.id == t.membership.c.circle_id)
            .where(t.circle.c.name == normalise_circle(circle))
        )
        return [int(r[0]) for r in rows]

    def circles(self) -> list[tuple[str, int]]:
        """Every circle with its number of members, largest first."""
        rows = self.conn.execute(
            select(t.circle.c.name, func.count(t.membership.c.person_id))
            .select_from(t.circle)
            .outerjoin(t.membership, t.membership.c.circle_id == t.circle.c.id)
            .group_by(t.circle.c.name)
            .order_by(func.count(t.membership.c.person_id).desc(), t.circle.c.name)
        )
        return [(r[0], int(r[1])) for r in rows]

    def set_circle(self, person_id: int, circle: str, member: bool) -> bool:
        """Add or remove one membership; says whether anything changed."""
        cid = self.circle_id(circle)
        where = (t.membership.c.person_id == person_id) & (t.membership.c.circle_id == cid)
        exists = self.conn.execute(select(t.membership).where(where)).first() is not None
        if member and not exists:
            self.conn.execute(insert(t.membership).values(person_id=person_id, circle_id=cid))
        elif not member and exists:
            self.conn.execute(delete(t.membership).where(where))
        return member != exists

    def remove_circle(self, circle: str) -> bool:
        done = self.conn.execute(
            delete(t.circle).where(t.circle.c.name == normalise_circle(circle))
        )
        return bool(done.rowcount)

    def load(self, query: Any) -> list[Person]:
        """People for a ``select(person)``, with their parts in five queries in all."""
        rows = list(self.conn.execute(query))
        if not rows:
            return []
        ids = [r.id for r in rows]
        parts = _Parts(self.conn, ids)
        return [_to_person(r, parts) for r in rows]

    # -- the demo network --------------------------------------------------------------
    def clear_network(self) -> None:
        """Empty every table of the network in this transaction; ids start again from 1."""
        tables = list(reversed(t.metadata.sorted_tables))
        if self.conn.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            self.conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:  # SQLite reuses ids from 1 once a table without AUTOINCREMENT is empty
            for table in tables:
                self.conn.execute(delete(table))


class _Parts:
    """The child rows of a batch of people, fetched once per table."""

    def __init__(self, conn: Connection, ids: list[int]) -> None:
        self.emails: dict[int, list[Email]] = defaultdict(list)
        self.phones: dict[int, list[Phone]] = defaultdict(list)
        self.affiliations: dict[int, list[Affiliation]] = defaultdict(list)
        self.circles: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(ids, 900):  # SQLite caps bound parameters
            for r in conn.execute(
                select(t.email).where(t.email.c.person_id.in_(chunk)).order_by(t.email.c.id)
            ):
                self.emails[r.person_id].append(Email(r.address, r.label))
            for r in conn.execute(
                select(t.phone).where(t.phone.c.person_id.in_(chunk)).order_by(t.phone.c.id)
            ):
                self.phones[r.person_id].append(Phone(r.number, r.label))
            for r in conn.execute(
                select(t.affiliation, t.organisation.c.name)
                .join(t.organisation)
                .where(t.affiliation.c.person_id.in_(chunk))
                .order_by(t.affiliation.c.id)
            ):
                self.affiliations[r.person_id].append(
                    Affiliation(r.name, r.role, r.start, r.end, bool(r.current))
                )
            for r in conn.execute(
                select(t.membership.c.person_id, t.circle.c.name)
                .join(t.circle)
                .where(t.membership.c.person_id.in_(chunk))
                .order_by(t.circle.c.name)
            ):
                self.circles[r.person_id].append(r.name)


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _person_row(p: Person) -> dict[str, Any]:
    return {
        "display_name": p.display_name,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "middle_name": p.middle_name,
        "prefix": p.prefix,
        "suffix": p.suffix,
        "nicknames": list(p.nicknames),
        "location": p.location,
        "birthday": p.birthday.iso() if p.birthday else None,
        "skills": list(p.skills),
        "links": list(p.links),
        "notes": p.notes,
        "is_me": p.is_me,
    }


def _to_person(r: Any, parts: _Parts) -> Person:
    return Person(
        id=r.id,
        display_name=r.display_name,
        given_name=r.given_name,
        family_name=r.family_name,
        middle_name=r.middle_name,
        prefix=r.prefix,
        suffix=r.suffix,
        nicknames=list(r.nicknames or []),
        emails=parts.emails.get(r.id, []),
        phones=parts.phones.get(r.id, []),
        affiliations=parts.affiliations.get(r.id, []),
        location=r.location,
        birthday=Birthday.parse(r.birthday) if r.birthday else None,
        skills=list(r.skills or []),
        links=list(r.links or []),
        notes=r.notes,
        circles=parts.circles.get(r.id, []),
        is_me=bool(r.is_me),
    )
