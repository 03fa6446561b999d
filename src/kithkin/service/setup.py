"""Creating a network: the database and the person who owns it."""

from __future__ import annotations

from kithkin.model import Person
from kithkin.service.app import App
from kithkin.service.people import PersonChanges, add_person


def init_network(app: App, me_name: str | None, emails: list[str]) -> Person | None:
    """Create or upgrade the database; add ``me`` when named and not there yet."""
    with app.uow(write=False) as uow:
        me = uow.people.me()
    if me is not None or not me_name:
        return me
    return add_person(app, PersonChanges(name=me_name, emails=emails), is_me=True)
