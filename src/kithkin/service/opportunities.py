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
    url = check_url(url)
    opp = Opportunity(organisation=organisation.strip(), role=role.strip(), url=url, note=note)
    with app.uow() as uow:
        uow.opportunities.add(opp, app.now())
        uow.commit()
    return opp


def check_url(url: str) -> str:
    """An opportunity's link: empty, or a web address."""
    url = url.strip()
    if url and not url.startswith(("http://", "https://")):
        raise InvalidInput(f"'{url}' is not a web address; it should start with https://")
    return url


def list_opportunities(app: App) -> list[Opportunity]:
    with app.uow(write=False) as uow:
        return uow.opportunities.all()


def remove_opportunity(app: App, opp_id: int) -> None:
    with app.uow() as uow:
        if uow.opportunities.get(opp_id) is None:
            raise NotFound(f"there is no opportunity #{opp_id}", see="opportunities")
        uow.undo.keep("opportunity", [opp_id])
        uow.opportunities.remove(opp_id)
        uow.undo.what = f"removed opportunity #{opp_id}"
        uow.undo.at = app.now()
        uow.commit()
