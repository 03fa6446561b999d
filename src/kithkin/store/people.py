"""Reading and writing people, with their emails, phones, affiliations and circles."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    String,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)

from kithkin.model import Affiliation, Birthday, Email, Person, Phone, keys, normalise_circle
from kithkin.store import schema as t
from kithkin.store.rows import driver_rows
from kithkin.store.types import storable_id

_ORGANISATION_KEY = 300  # the length of organisation.key


def organisation_key(name: str) -> str:
    """The one organisation key ("Globex Corporation" is "globex", as everywhere), kept
    within its column: folding can lengthen a name ("ß" is "ss")."""
    return keys.organisation_key(name)[:_ORGANISATION_KEY]


class PeopleRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- writing -----------------------------------------------------------
    def add(self, person: Person, now: datetime | None = None) -> int:
        now = now or datetime.now(UTC)
        result = self.conn.execute(
            insert(t.person).values(**person_row(person), created_at=now, updated_at=now)
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
            .values(**person_row(person), updated_at=now or datetime.now(UTC))
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
        if not storable_id(person_id):
            return None
        found = self.load(t.person.c.id == person_id)
        return found[0] if found else None

    def load_ids(self, ids: list[int]) -> list[Person]:
        found: list[Person] = []
        for chunk in _chunks(sorted(set(ids)), 900):
            found += self.load(t.person.c.id.in_(chunk))
        return found

    def me(self) -> Person | None:
        found = self.load(t.person.c.is_me.is_(True))
        return found[0] if found else None

    def all(self) -> list[Person]:
        return self.load(None)

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

    def load(self, where: ColumnElement[bool] | None) -> list[Person]:
        """People matching ``where`` (everyone for None), by id, with their parts.

        Every scoring of the network reads everyone, so this reads plain tuples
        and decodes the JSON and date columns itself: SQLAlchemy's row and type
        processing cost several times the queries on a large network.
        """
        p = t.person.c
        query = select(p.id, *map(_raw, PERSON_FIELDS)).order_by(p.id)
        if where is not None:
            query = query.where(where)
        # Everyone: through the driver's own cursor, as the part tables below.
        rows = (
            self.conn.execute(query).all() if where is not None else driver_rows(self.conn, query)
        )
        if not rows:
            return []
        # Everyone: read the part tables whole rather than in chunks of ids.
        parts = _Parts(self.conn, None if where is None else [r[0] for r in rows])
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
    """The child rows of a batch of people (everyone for ``ids=None``), fetched once per
    table as plain tuples."""

    def __init__(self, conn: Connection, ids: list[int] | None) -> None:
        self.emails: dict[int, list[Email]] = defaultdict(list)
        self.phones: dict[int, list[Phone]] = defaultdict(list)
        self.affiliations: dict[int, list[Affiliation]] = defaultdict(list)
        self.circles: dict[int, list[str]] = defaultdict(list)
        e, ph, a, m = t.email.c, t.phone.c, t.affiliation.c, t.membership.c
        queries = (
            select(e.person_id, e.address, e.label).order_by(e.id),
            select(ph.person_id, ph.number, ph.label).order_by(ph.id),
            select(
                a.person_id,
                t.organisation.c.name,
                a.role,
                type_coerce(a.start, String),
                type_coerce(a.end, String),
                type_coerce(a.current, Integer),
            )
            .join(t.organisation)
            .order_by(a.id),
            select(m.person_id, t.circle.c.name).join(t.circle).order_by(t.circle.c.name),
        )
        owners = (e.person_id, ph.person_id, a.person_id, m.person_id)
        # SQLite caps bound parameters: ids go in chunks, everyone in one query.
        chunks: Iterable[list[int] | None] = [None] if ids is None else _chunks(ids, 900)
        for chunk in chunks:
            found = [
                driver_rows(conn, q)
                if chunk is None
                else conn.execute(q.where(owner.in_(chunk))).all()
                for q, owner in zip(queries, owners, strict=True)
            ]
            emails, phones, affiliations, circles = found
            for pid, address, label in emails:
                self.emails[pid].append(Email(address, label))
            for pid, number, label in phones:
                self.phones[pid].append(Phone(number, label))
            for pid, org, role, start, end, current in affiliations:
                self.affiliations[pid].append(
                    Affiliation(org, role, _date(start), _date(end), bool(current))
                )
            for pid, name in circles:
                self.circles[pid].append(name)


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# The person table's own columns, in the one order every read and write uses:
# ``person_values`` makes a row of them, ``_to_person`` reads one back.
PERSON_FIELDS = (
    "display_name",
    "given_name",
    "family_name",
    "middle_name",
    "prefix",
    "suffix",
    "nicknames",
    "location",
    "birthday",
    "skills",
    "links",
    "notes",
    "is_me",
)
_JSON_FIELDS = frozenset({"nicknames", "skills", "links"})


def person_values(p: Person) -> tuple[Any, ...]:
    """``p`` as the values of ``PERSON_FIELDS``, as stored."""
    return (
        p.display_name,
        p.given_name,
        p.family_name,
        p.middle_name,
        p.prefix,
        p.suffix,
        list(p.nicknames),
        p.location,
        p.birthday.iso() if p.birthday else None,
        list(p.skills),
        list(p.links),
        p.notes,
        p.is_me,
    )


def person_row(p: Person) -> dict[str, Any]:
    """``p`` as a row of the person table (without id and timestamps)."""
    return dict(zip(PERSON_FIELDS, person_values(p), strict=True))


def _raw(field: str) -> Any:
    """A person column read as the driver hands it (``_to_person`` decodes it)."""
    column = t.person.c[field]
    if field in _JSON_FIELDS:
        return type_coerce(column, String)
    return type_coerce(column, Integer) if field == "is_me" else column


def _to_person(r: Any, parts: _Parts) -> Person:
    (pid, display, given, family, middle, prefix, suffix, nicknames, location, birthday,
     skills, links, notes, is_me) = r  # fmt: skip
    return Person(
        id=pid,
        display_name=display,
        given_name=given,
        family_name=family,
        middle_name=middle,
        prefix=prefix,
        suffix=suffix,
        nicknames=_json_list(nicknames),
        emails=parts.emails.get(pid, []),
        phones=parts.phones.get(pid, []),
        affiliations=parts.affiliations.get(pid, []),
        location=location,
        birthday=_birthday(birthday) if birthday else None,
        skills=_json_list(skills),
        links=_json_list(links),
        notes=notes,
        circles=parts.circles.get(pid, []),
        is_me=bool(is_me),
    )


def _json_list(value: str | list[str] | None) -> list[str]:
    """A JSON list column: SQLite hands back its text, PostgreSQL the decoded list."""
    if value is None or value == "[]":  # most people have no nicknames, skills or links
        return []
    if isinstance(value, list):
        return value
    return list(json.loads(value))


def _date(value: str | date | None) -> date | None:
    """A date column: SQLite hands back ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@lru_cache(maxsize=4096)
def _birthday(text: str) -> Birthday:
    """Birthdays repeat and are immutable: parse (and validate) each text once."""
    return Birthday.parse(text)
