"""The user's own circle labels: soft, overlapping, any number per person."""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.errors import NotFound
from kithkin.model import normalise_circle
from kithkin.service.app import App
from kithkin.service.resolve import resolve_person


def add_to_circle(app: App, circle: str, people: list[str]) -> list[str]:
    """Put people in a circle; returns the names that were not in it yet."""
    label = normalise_circle(circle)
    added = []
    with app.uow() as uow:
        for name in people:
            pid = resolve_person(uow, name, exact=True)
            if uow.people.set_circle(pid, label, True):
                person = uow.people.get(pid)
                assert person is not None
                added.append(person.display_name)
        uow.people.circle_id(label)
        uow.commit()
    return added


def remove_from_circle(app: App, circle: str, people: list[str]) -> list[str]:
    """Take people out of a circle, or delete the label when no one is named."""
    label = normalise_circle(circle)
    removed = []
    with app.uow() as uow:
        found = uow.edits.circle(label) if not people else None
        if found is not None:  # deleting the label: undo brings it back with its people
            uow.undo.keep("circle", [found])
            uow.undo.what = f"deleted the circle '{label}'"
            uow.undo.at = app.now()
        if not people and not uow.people.remove_circle(label):
            raise NotFound(f"there is no circle '{label}'", see="circles")
        for name in people:
            pid = resolve_person(uow, name, exact=True)
            if uow.people.set_circle(pid, label, False):
                person = uow.people.get(pid)
                assert person is not None
                removed.append(person.display_name)
        uow.commit()
    return removed


@dataclass(frozen=True)
class CircleSize:
    circle: str
    people: int


def circle_sizes(app: App) -> list[CircleSize]:
    """Every circle with its number of people (``kith circle list``, ``GET /api/v1/circles``)."""
    return [CircleSize(c, n) for c, n in list_circles(app)]


def list_circles(app: App) -> list[tuple[str, int]]:
    with app.uow(write=False) as uow:
        return uow.people.circles()
