"""Every error Kithkin raises on purpose, as one tree.

    KithkinError                 a user-facing problem: one line, non-zero exit
    ├── NotFound                 an unknown person, circle, tie, …
    │   └── AmbiguousName        a name that matches several people closely
    ├── InvalidInput             a value the user typed cannot be used
    │   └── InvalidDate          a date or phrase that cannot be read
    ├── ImportFailed             a file could not be imported (file, line, reason)
    └── DatabaseError            the database cannot be used
        ├── NotAKithkinDatabase  the file exists but is something else
        ├── SchemaTooNew         written by a newer Kithkin
        └── DatabaseBusy         other writers kept it busy: try again shortly

Adapters (CLI, web) map these to exit codes and HTTP statuses; anything else
is a bug and shows a traceback only with ``--debug``.
"""

from __future__ import annotations


class KithkinError(Exception):
    """A problem the user can fix; its message is one line saying how."""

    exit_code = 1


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


class InvalidInput(KithkinError):
    exit_code = 2


class InvalidDate(InvalidInput):
    pass


class ImportFailed(KithkinError):
    exit_code = 4


class DatabaseError(KithkinError):
    exit_code = 5


class NotAKithkinDatabase(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    pass


class DatabaseBusy(DatabaseError):
    """A write could not start while other writers held the database; nothing was written."""

    retry_after = 5  # seconds: what a web client is told to wait
