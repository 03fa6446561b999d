"""Opportunities: job openings the user records, so paths can aim at them."""

from __future__ import annotations

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import Opportunity
from kithkin.service.app import App


def add_opportunity(
    app: App, organisation: str, role: str, url: str = "", note: str = ""
) -> Opportunity:
    if not organisation.strip():
        raise InvalidInput('an opportunity needs an organisation, e.g. "Contoso"')
    if not role.strip():
        raise InvalidInput('an opportunity needs a role, e.g. "Platform Engineer"')
    url = url.strip()
    if url and not url.startswith(("http://", "https://")):
        raise InvalidInput(f"'{url}' is not a web address; it should start with https://")
    opp = Opportunity(organisation=organisation.strip(), role=role.strip(), url=url, note=note)
    with app.uow() as uow:
        uow.opportunities.add(opp, app.now())
        uow.commit()
    return opp


def list_opportunities(app: App) -> list[Opportunity]:
    with app.uow(write=False) as uow:
        return uow.opportunities.all()


def remove_opportunity(app: App, opp_id: int) -> None:
    with app.uow() as uow:
        if not uow.opportunities.remove(opp_id):
            raise NotFound(f"there is no opportunity #{opp_id}", see="opportunities")
        uow.commit()
