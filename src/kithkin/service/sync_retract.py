"""Take back what a deleted remote item alone brought: its contact record, its
interactions, and anyone who was only known through them."""

from __future__ import annotations

from kithkin.service.app import App


def retract(app: App, fmt: str, keys: set[str]) -> int:
    """Remove the records of format ``fmt`` with these keys, in one transaction; how many went."""
    with app.uow() as uow:
        removed = uow.sync_sources.retract(fmt, keys)
        uow.commit()
    return removed
