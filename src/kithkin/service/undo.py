"""Undo: take back the last edit or removal, as long as nothing was written after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kithkin.errors import InvalidInput, NotFound
from kithkin.service.app import App


@dataclass(frozen=True)
class Undone:
    what: str  # the change taken back, e.g. "removed the call of 2026-05-01 with Ann Lee"
    at: datetime  # when that change was made


def can_undo(app: App) -> str | None:
    """What undo would take back now, or None when there is nothing it could."""
    with app.uow(write=False) as uow:
        kept = uow.undo.last()
        if kept is None or kept.token != uow.data_version():
            return None
        return kept.what


def undo(app: App) -> Undone:
    """Bring back what the last change touched, exactly as it was before it."""
    with app.uow() as uow:
        kept = uow.undo.last()
        if kept is None:
            raise NotFound("there is nothing to undo: no change has been made since the last undo")
        if kept.token != uow.data_version():
            raise InvalidInput(
                f"cannot undo '{kept.what}': other changes were written after it, and only "
                "the very last change can be undone"
            )
        uow.undo.restore()
        uow.commit()
    return Undone(kept.what, kept.at)
