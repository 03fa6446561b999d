"""Creating a network: the database and the person who owns it."""

from __future__ import annotations

from kithkin.model import Email, Person
from kithkin.service.app import App
from kithkin.service.import_people import PHONE_REGION, check_region
from kithkin.service.people import PersonChanges, add_person


def init_network(
    app: App, me_name: str | None, emails: list[str], region: str | None = None
) -> Person | None:
    """Create or upgrade the database; add ``me`` when named and not there yet.

    When a person already holds one of ``emails`` (imported before ``me`` was named),
    that person is me: their history with everyone becomes mine, rather than a second
    record with the same address. ``region`` is stored as the phone region imports
    read national numbers in."""
    if region:
        code = check_region(region)
        with app.uow() as uow:
            uow.preferences.set(PHONE_REGION, code)
            uow.commit()
    with app.uow() as uow:
        me = uow.people.me()
        if me is not None or not me_name:
            return me
        owners = {uow.people.by_email(Email.normalise(e)) for e in emails} - {None}
        if len(owners) == 1:
            (owner,) = owners
            assert owner is not None
            person = uow.people.get(owner)
            assert person is not None
            person.is_me = True
            uow.people.update(person, app.now())
            uow.commit()
            return person
    return add_person(app, PersonChanges(name=me_name, emails=emails), is_me=True)
