"""Turning what the user typed into one person: ``me``, ``#12``, a name or a nickname."""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from kithkin.errors import AmbiguousName, NoOwner, NotFound
from kithkin.store import UnitOfWork

AUTO_ACCEPT = 90.0  # a fuzzy score this high, clearly ahead of the next, is the person
SUGGEST = 60.0


# Whom a caller means: what a user typed (``me``, ``#12``, a name), or an id it already holds.
PersonRef = str | int


def resolve_person(uow: UnitOfWork, name: PersonRef) -> int:
    if isinstance(name, int):  # an id from a link or an API path: no name matching
        if uow.people.get(name) is not None:
            return name
        raise NotFound(f"there is no person #{name}", see="people")
    text = " ".join(name.split())
    if not text:
        raise NotFound("an empty name; give a name, a nickname, #ID or me")
    if text.casefold() == "me":
        me = uow.people.me()
        if me is None or me.id is None:
            raise NoOwner()
        return me.id
    if text.startswith("#") and text[1:].isascii() and text[1:].isdigit():
        wanted = int(text[1:])
        if uow.people.get(wanted) is not None:
            return wanted
        raise NotFound(f"there is no person #{wanted}", see="people")
    everyone = uow.people.names()
    folded = text.casefold()
    exact = [pid for pid, display, nicks in everyone if display.casefold() == folded]
    if not exact:
        exact = [pid for pid, _, nicks in everyone if any(n.casefold() == folded for n in nicks)]
    names = {pid: display for pid, display, _ in everyone}
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise AmbiguousName(text, [f"{names[p]} (#{p})" for p in exact])
    matches = process.extract(
        text, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=5
    )
    good = [(display, score, pid) for display, score, pid in matches if score >= SUGGEST]
    if good and good[0][1] >= AUTO_ACCEPT and (len(good) == 1 or good[1][1] < good[0][1] - 5):
        return int(good[0][2])
    if len(good) > 1 and good[0][1] >= AUTO_ACCEPT:
        raise AmbiguousName(text, [f"{d} (#{p})" for d, _, p in good])
    if good:
        shown = ", ".join(f"{d} (#{p})" for d, _, p in good)
        raise NotFound(f"no one called '{text}'; closest: {shown}")
    raise NotFound(f"no one called '{text}'", see="search")
