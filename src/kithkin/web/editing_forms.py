"""The fields of the editing pages, described once and drawn by one template
(``edit_form.html``): a form that is shown again, with what was typed and the
error beside it, when the service refuses the input."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import FormData

from kithkin.errors import InvalidInput

LONGEST = 5000  # characters in any one field of a form


@dataclass
class FormField:
    name: str
    label: str
    value: str = ""
    kind: str = "text"  # text, textarea, select, number
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    hint: str = ""
    required: bool = False


@dataclass
class EditForm:
    """One editing page: its title, where it posts, its fields and where Cancel goes."""

    title: str
    action: str
    fields: list[FormField]
    back: str
    submit: str = "Save"
    intro: str = ""
    error: str = ""

    def fill(self, form: FormData) -> EditForm:
        """The same form holding what the user typed (shown again after an error)."""
        for f in self.fields:
            f.value = text(form, f.name)
        return self


def text(form: FormData, name: str) -> str:
    """One field as text (a file or a missing field is empty), within ``LONGEST``."""
    value = form.get(name)
    found = value if isinstance(value, str) else ""
    if len(found) > LONGEST:
        raise InvalidInput(f"the field '{name}' is longer than {LONGEST} characters; shorten it")
    return found


def optional(form: FormData, name: str) -> str | None:
    """A field the user may leave empty to keep what is stored."""
    found = text(form, name).strip()
    return found or None


def items(form: FormData, name: str) -> list[str]:
    """A list typed as one line, items separated by commas."""
    return [part.strip() for part in text(form, name).split(",") if part.strip()]


def changed(form: FormData, name: str, before: str) -> str | None:
    """The field's value when the user changed it, else None (left as it is)."""
    found = " ".join(text(form, name).split())
    return None if found == before else found
