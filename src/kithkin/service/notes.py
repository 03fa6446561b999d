"""Dated notes on a person: add, edit, remove and list; every change can be undone."""

from __future__ import annotations

from datetime import datetime

from kithkin.errors import NotFound
from kithkin.model import PersonNote
from kithkin.service.app import App
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.store import UnitOfWork


def add_note(app: App, person: PersonRef, text: str, when: datetime | None = None) -> PersonNote:
    with app.uow() as uow:
        pid = resolve_person(uow, person, exact=True)
        note = PersonNote(pid, text, when or app.now())
        uow.edits.add_note(note)
        uow.undo.created("note", [note.id])
        uow.undo.what = f"added a note on {_name(uow, pid)}"
        uow.undo.at = app.now()
        uow.commit()
    return note


def list_notes(app: App, person: PersonRef) -> list[PersonNote]:
    with app.uow(write=False) as uow:
        return uow.edits.notes_of(resolve_person(uow, person))


def get_note(app: App, note_id: int) -> PersonNote:
    with app.uow(write=False) as uow:
        return _find(uow, note_id)


def edit_note(
    app: App, note_id: int, text: str | None = None, when: datetime | None = None
) -> PersonNote:
    with app.uow() as uow:
        note = _find(uow, note_id)
        uow.undo.keep("note", [note_id])
        changed = PersonNote(note.person_id, note.text if text is None else text,
                             when or note.written_at, id=note_id)  # fmt: skip
        uow.edits.set("note", note_id, text=changed.text, written_at=changed.written_at)
        uow.undo.what = f"edited note #{note_id} on {_name(uow, note.person_id)}"
        uow.undo.at = app.now()
        uow.commit()
    return changed


def remove_note(app: App, note_id: int) -> PersonNote:
    with app.uow() as uow:
        note = _find(uow, note_id)
        uow.undo.keep("note", [note_id])
        uow.edits.remove("note", note_id)
        uow.undo.what = f"removed note #{note_id} on {_name(uow, note.person_id)}"
        uow.undo.at = app.now()
        uow.commit()
    return note


def _find(uow: UnitOfWork, note_id: int) -> PersonNote:
    note = uow.edits.note(note_id)
    if note is None:
        raise NotFound(f"there is no note #{note_id}; a person's page lists their notes")
    return note


def _name(uow: UnitOfWork, pid: int) -> str:
    person = uow.people.get(pid)
    return person.display_name if person else f"#{pid}"
