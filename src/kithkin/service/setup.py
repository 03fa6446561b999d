"""Creating a network: the database and the person who owns it."""

from __future__ import annotations

from kithkin.model import Person
from kithkin.service.app import App
from kithkin.service.import_people import PHONE_REGION, check_region
from kithkin.service.people import PersonChanges, add_person
from kithkin.store import preferences


def init_network(
    app: App, me_name: str | None, emails: list[str], region: str | None = None
) -> Person | None:
    """Create or upgrade the database; add ``me`` when named and not there yet.

    ``region`` is stored as the phone region imports read national numbers in.
    """
    with app.uow() as uow:
        me = uow.people.me()
        if region:
            preferences.put(uow.conn, PHONE_REGION, check_region(region))
            uow.commit()
    if me is not None or not me_name:
        return me
    return add_person(app, PersonChanges(name=me_name, emails=emails), is_me=True)
