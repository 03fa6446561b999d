"""Turning what the user typed into one person: ``me``, ``#12``, a name, a nickname or an
e-mail address.

Reads may guess: a clear fuzzy winner is taken. Writes never do (``exact=True``): a
fact stored against the wrong person is worse than a question, so a write needs
exactly one person whose name (or first name), nickname or e-mail matches (case and
accents aside), and otherwise fails with the candidates.
"""

from __future__ import annotations

import unicodedata

from kithkin.errors import AmbiguousName, NoOwner, NotFound
from kithkin.store import UnitOfWork

AUTO_ACCEPT = 90.0  # a fuzzy score this high, clearly ahead of the next, is the person
SUGGEST = 60.0


def folded(text: str) -> str:
    """Case, accents and spacing folded away: "José  Núñez" is "jose nunez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


# Whom a caller means: what a user typed (``me``, ``#12``, a name), or an id it already holds.
PersonRef = str | int


def resolve_person(uow: UnitOfWork, name: PersonRef, exact: bool = False) -> int:
    """The one person ``name`` means; with ``exact`` (for writes) no fuzzy guess."""
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
    names = {pid: display for pid, display, _ in everyone}
    key = folded(text)
    found = [pid for pid, display, _ in everyone if folded(display) == key]
    if not found:
        found = [pid for pid, _, nicks in everyone if any(folded(n) == key for n in nicks)]
    if not found and " " not in key:  # a first name, when only one person has it
        found = [pid for pid, display, _ in everyone if folded(display).split(" ")[0] == key]
    if not found and "@" in text:
        by_mail = uow.people.by_email(text)
        found = [by_mail] if by_mail is not None else []
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AmbiguousName(text, [f"{names[p]} (#{p})" for p in found])
    # Imported here: most commands resolve no name, or an exact one.
    from rapidfuzz import fuzz, process

    matches = process.extract(text, names, scorer=fuzz.WRatio, processor=_fold_process, limit=5)
    good = [(display, score, pid) for display, score, pid in matches if score >= SUGGEST]
    if exact:
        shown = ", ".join(f"{d} (#{p})" for d, _, p in good)
        hint = f"; did you mean {shown}?" if good else ""
        raise NotFound(
            f"no one is called exactly '{text}' (a change needs one exact name, nickname,"
            f" e-mail or #ID){hint}",
            see=None if good else "search",
        )
    if good and good[0][1] >= AUTO_ACCEPT and (len(good) == 1 or good[1][1] < good[0][1] - 5):
        return int(good[0][2])
    if len(good) > 1 and good[0][1] >= AUTO_ACCEPT:
        raise AmbiguousName(text, [f"{d} (#{p})" for d, _, p in good])
    if good:
        shown = ", ".join(f"{d} (#{p})" for d, _, p in good)
        raise NotFound(f"no one called '{text}'; closest: {shown}")
    raise NotFound(f"no one called '{text}'", see="search")


def _fold_process(text: str) -> str:
    from rapidfuzz import utils

    return str(utils.default_process(folded(text)))
