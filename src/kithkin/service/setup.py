"""Creating a network: the database and the person who owns it."""

from __future__ import annotations

from kithkin.model import Person
from kithkin.service.app import App
from kithkin.service.import_people import PHONE_REGION, check_region
from kithkin.service.owner import claim_me


def init_network(
    app: App, me_name: str | None, emails: list[str], region: str | None = None
) -> Person | None:
    """Create or upgrade the database; add ``me`` when named and not there yet.

    When a person already holds one of ``emails`` or, failing that, has ``me_name``
    (imported before ``me`` was named), that person is me: their history with everyone
    becomes mine, rather than a second record (``service.owner.claim_me``).
    ``region`` is stored as the phone region imports read national numbers in."""
    if region:
        code = check_region(region)
        with app.uow() as uow:
            uow.preferences.set(PHONE_REGION, code)
            uow.commit()
    with app.uow(write=False) as uow:
        me = uow.people.me()
    if me is not None or not me_name:
        return me
    claimed = claim_me(app, None, me_name, emails)
    with app.uow(write=False) as uow:
        return uow.people.get(claimed.id)
