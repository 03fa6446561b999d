"""Records a person carries beside their card: dated notes and jobs with their periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kithkin.errors import InvalidInput
from kithkin.model import values
from kithkin.model.values import check_length, clean

NOTE_LENGTH = 20_000  # characters in one note


@dataclass(slots=True)
class PersonNote:
    """One dated note on a person; a person has any number of them."""

    person_id: int
    text: str
    written_at: datetime
    id: int | None = None

    def __post_init__(self) -> None:
        self.text = clean(self.text, multiline=True).strip()
        if not self.text:
            raise InvalidInput("a note needs some text")
        check_length("a note", self.text, NOTE_LENGTH)


@dataclass(slots=True)
class Job:
    """A person's place at an organisation, with its period; the current one has no end."""

    organisation: str
    role: str = ""
    start: date | None = None
    end: date | None = None
    current: bool = True
    id: int | None = None

    def __post_init__(self) -> None:
        self.organisation = " ".join(clean(self.organisation).split())
        self.role = " ".join(clean(self.role).split())
        if not self.organisation:
            raise InvalidInput("a job needs an organisation, e.g. --org Contoso")
        check_length("an organisation's name", self.organisation, values.NAME)
        check_length("a role", self.role, values.NAME)
        if self.start and self.end and self.end < self.start:
            raise InvalidInput(
                f"a job cannot end ({self.end}) before it starts ({self.start}); "
                "check the two dates"
            )
        if self.end is not None:
            self.current = False
