"""Organisations as their own cards describe them: name, domain, e-mails, phones, location."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select, update

from kithkin.store import schema as t
from kithkin.store.people import PeopleRepository, organisation_key


@dataclass(slots=True)
class OrganisationCard:
    name: str
    id: int | None = None
    domain: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)  # (address, label)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, label)
    location: str = ""
    people: list[tuple[int, str, str]] = field(default_factory=list)  # (id, name, role)


def save_card(conn: Connection, card: OrganisationCard) -> tuple[int, bool]:
    """Add or fold in an organisation's card: (its id, whether anything changed)."""
    org_id = PeopleRepository(conn).organisation_id(card.name, card.domain)
    row = conn.execute(
        select(t.organisation.c.domain, t.organisation.c.contact).where(
            t.organisation.c.id == org_id
        )
    ).one()
    old: dict[str, Any] = dict(row.contact or {})
    emails = [list(e) for e in old.get("emails", [])]
    phones = [list(p) for p in old.get("phones", [])]
    emails += [[a, lbl] for a, lbl in card.emails if a not in {e[0] for e in emails}]
    phones += [[n, lbl] for n, lbl in card.phones if n not in {p[0] for p in phones}]
    contact = {
        "emails": emails,
        "phones": phones,
        "location": old.get("location") or card.location,
    }
    domain = row.domain or card.domain
    if contact == row.contact and domain == row.domain:
        return org_id, False
    conn.execute(
        update(t.organisation)
        .where(t.organisation.c.id == org_id)
        .values(contact=contact, domain=domain)
    )
    return org_id, True


def find_card(conn: Connection, name: str) -> OrganisationCard | None:
    """An organisation by name (case and punctuation folded), with who works there."""
    row = conn.execute(
        select(t.organisation).where(t.organisation.c.key == organisation_key(name))
    ).first()
    if row is None:
        row = conn.execute(
            select(t.organisation).where(func.lower(t.organisation.c.name) == name.lower())
        ).first()
    if row is None:
        return None
    contact: dict[str, Any] = row.contact or {}
    people = conn.execute(
        select(t.person.c.id, t.person.c.display_name, t.affiliation.c.role)
        .join(t.affiliation, t.affiliation.c.person_id == t.person.c.id)
        .where(t.affiliation.c.organisation_id == row.id, t.affiliation.c.current)
        .order_by(t.person.c.display_name)
    ).all()
    return OrganisationCard(
        name=row.name,
        id=row.id,
        domain=row.domain,
        emails=[(a, lbl) for a, lbl in contact.get("emails", [])],
        phones=[(n, lbl) for n, lbl in contact.get("phones", [])],
        location=contact.get("location", ""),
        people=[(p.id, p.display_name, p.role) for p in people],
    )


class OrganisationRepository:
    """Organisations' own cards, reached through the unit of work."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def save_card(self, card: OrganisationCard) -> tuple[int, bool]:
        return save_card(self.conn, card)

    def find_card(self, name: str) -> OrganisationCard | None:
        return find_card(self.conn, name)
