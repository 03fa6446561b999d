"""Organisations: what their own cards say about them, and who is there."""

from __future__ import annotations

from kithkin.errors import NotFound
from kithkin.service.app import App
from kithkin.store.organisations import OrganisationCard


def show_organisation(app: App, name: str) -> OrganisationCard:
    """An organisation by name, with its e-mails, phones, location and current people."""
    with app.uow(write=False) as uow:
        card = uow.organisations.find_card(name)
    if card is None:
        raise NotFound(f"no organisation named '{name}'")
    return card
