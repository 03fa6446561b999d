"""Every error Kithkin raises on purpose, as one tree.

    KithkinError                 a user-facing problem: one line, non-zero exit
    ├── NotFound                 an unknown person, circle, tie, …
    │   ├── AmbiguousName        a name that matches several people closely
    │   └── NoOwner              the network has no 'me' yet
    ├── InvalidInput             a value the user typed cannot be used
    │   └── InvalidDate          a date or phrase that cannot be read
    ├── ImportFailed             a file could not be imported (file, line, reason)
    ├── NotPermitted             the account may not do this (team mode)
    │   └── LoginRefused         wrong password or code, or too many wrong ones lately
    └── DatabaseError            the database cannot be used
        ├── NotAKithkinDatabase  the file exists but is something else
        ├── SchemaTooNew         written by a newer Kithkin
        ├── DatabaseBusy         other writers kept it busy: try again shortly
        ├── ConnectionLost       the database server cannot be reached
        └── DiskFull             no space left to write (database or a file)

Messages speak of the network, never of a command or a page: each error may
name a ``see`` topic (where to look next), and each adapter words that its own
way (the CLI names a ``kith`` command, the web app a page). Adapters map errors
to exit codes and HTTP statuses; anything else is a bug and shows a traceback
only with ``--debug``.
"""

from __future__ import annotations

import errno


class KithkinError(Exception):
    """A problem the user can fix; its message is one line saying what is wrong.

    ``see`` names where the user can look next, as a topic (``"people"``,
    ``"owner"``, …) that the CLI and the web app each turn into their own hint.
    """

    exit_code = 1

    def __init__(self, message: str, *, see: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.see = see


class NotFound(KithkinError):
    exit_code = 3


class AmbiguousName(NotFound):
    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        shown = ", ".join(candidates[:5])
        super().__init__(
            f"'{name}' matches several people: {shown}; use the full name or the id (#N)."
        )


class NoOwner(NotFound):
    """The network has no 'me' yet, so nothing measured from me can be answered."""

    def __init__(self) -> None:
        super().__init__("there is no 'me' in the network yet", see="owner")


class InvalidInput(KithkinError):
    exit_code = 2


class InvalidDate(InvalidInput):
    pass


class ImportFailed(KithkinError):
    exit_code = 4


class NotPermitted(KithkinError):
    """Team mode: the acting account's role or ownership does not allow this."""

    exit_code = 6


class LoginRefused(NotPermitted):
    """A wrong password or code; the same message whichever was wrong."""


class DatabaseError(KithkinError):
    exit_code = 5


class NotAKithkinDatabase(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    pass


class DatabaseBusy(DatabaseError):
    """A write could not start while other writers held the database; nothing was written."""

    retry_after = 5  # seconds: what a web client is told to wait

    def __init__(
        self,
        message: str = "the database is busy: another program kept it locked for writing; "
        "try again",
    ) -> None:
        super().__init__(message)


class ConnectionLost(DatabaseError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"cannot reach the database server ({detail}); check that it is running")


class DiskFull(DatabaseError):
    def __init__(self, what: str) -> None:
        super().__init__(f"the disk is full: cannot write {what}; free some space and try again")


# Errors from the operating system that mean "no room to write": no space, over quota,
# or over the file size limit the process was given.
NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
