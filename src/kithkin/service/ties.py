"""Ties between any two people, the user's own or between third parties."""

from __future__ import annotations

from datetime import date

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import Tie, TieKind, TieSource
from kithkin.service.app import App
from kithkin.service.resolve import resolve_person


def add_tie(
    app: App,
    a: str,
    b: str,
    kinds: list[str],
    closeness: int | None = None,
    since: date | None = None,
    note: str = "",
) -> Tie:
    cleaned = [k.strip().lower() for k in kinds if k.strip()]
    with app.uow() as uow:
        pa, pb = resolve_person(uow, a, exact=True), resolve_person(uow, b, exact=True)
        if pa == pb:
            raise InvalidInput(f"'{a}' and '{b}' are the same person; a tie joins two people")
        existing = uow.ties.between(pa, pb)
        if existing is not None and existing.id is not None:
            uow.undo.keep("tie", [existing.id])
        tie = Tie(
            person_a=pa,
            person_b=pb,
            kinds=[TieKind(k, TieSource.STATED) for k in cleaned],
            closeness=closeness,
            source=TieSource.STATED,
            evidence=note,
            since=since,
        )
        uow.ties.save(tie, app.now())
        saved = uow.ties.between(pa, pb)
        if existing is None and saved is not None:
            uow.undo.created("tie", [saved.id])
        uow.undo.what = f"added a tie between {a} and {b}"
        uow.undo.at = app.now()
        uow.commit()
    assert saved is not None
    return saved


def remove_tie(app: App, a: str, b: str, kind: str | None = None) -> str:
    """Remove a whole tie, or only one of its kinds; says what was removed."""
    with app.uow() as uow:
        pa, pb = resolve_person(uow, a, exact=True), resolve_person(uow, b, exact=True)
        tie = uow.ties.between(pa, pb)
        if tie is None or tie.id is None:
            raise NotFound(f"there is no tie between '{a}' and '{b}'")
        uow.undo.keep("tie", [tie.id])
        if kind:
            if not uow.ties.remove_kind(tie.id, kind.strip().lower()):
                have = ", ".join(k.kind for k in tie.kinds) or "none"
                raise NotFound(f"that tie has no kind '{kind}' (its kinds: {have})")
            what = f"kind '{kind}'"
        else:
            uow.ties.remove(tie.id)
            what = "tie"
        uow.undo.what = f"removed the {what} between {a} and {b}"
        uow.undo.at = app.now()
        uow.commit()
    return what
