"""Organisations: what their own cards say about them, and who is there."""

from __future__ import annotations

from kithkin.errors import NotFound
from kithkin.service.app import App
from kithkin.store.organisations import OrganisationCard, find_card


def show_organisation(app: App, name: str) -> OrganisationCard:
    """An organisation by name, with its e-mails, phones, location and current people."""
    with app.uow() as uow:
        card = find_card(uow.conn, name)
    if card is None:
        raise NotFound(f"no organisation named '{name}'")
    return card
