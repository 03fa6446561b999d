"""vCard content lines (RFC 2425/6350 and vCard 2.1): unfolding, parameters, encodings, escapes.

Written by hand rather than through vobject: vobject rejects 2.1
quoted-printable soft line breaks, splits ``ORG:Fabrikam, Inc.`` at the comma,
and is several times slower on large address books.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass

# vCard 2.1 allows parameters without a name: ``TEL;CELL;PREF`` or ``NOTE;QUOTED-PRINTABLE``.
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
# Underscores are not in RFC 6350 but Windows Address Book writes X-WAB-WEDDING_ANNIVERSARY.
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


class ContentLineError(ValueError):
    """A line that is not a vCard property; carries its line number."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


@dataclass(slots=True)
class Property:
    group: str  # "item1" for item1.EMAIL, else ""
    name: str  # upper case
    params: dict[str, list[str]]  # upper-case keys, values as written
    value: str  # decoded from quoted-printable and its charset, still escaped
    line: int
    binary: bool = False  # base64 or data: URI (photos, sounds, keys)

    def types(self) -> list[str]:
        """The TYPE values, lower case, comma lists split (``TYPE="cell,voice"``)."""
        return [t.strip().lower() for v in self.params.get("TYPE", []) for t in v.split(",")]


def _is_quoted_printable(logical: str) -> bool:
    head = logical.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _is_base64(logical: str) -> bool:
    head = logical.split(":", 1)[0].upper()
    return "BASE64" in head or "ENCODING=B" in head


_BASE64_LINE = re.compile(r"^[A-Za-z0-9+/=]+$")


def unfold(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Logical lines with the number of their first physical line.

    Joins folded lines (a leading space or tab continues the previous line),
    vCard 2.1 quoted-printable soft line breaks (a value ending in ``=``) and
    the unindented base64 lines some 2.1 writers put after ``PHOTO;BASE64:``.
    The pieces of each logical line are gathered in a list and joined once, and
    its encoding is read from its first piece only: linear in the input however
    many lines a value is folded over (re-joining or re-reading the growing line
    at every fold made a 2 MB photo take seconds, a 20 MB one many minutes).
    """
    logical: list[tuple[int, str]] = []
    start = 0
    parts: list[str] = []
    soft_break = base64 = quoted = False

    def flush() -> None:
        if parts:
            logical.append((start, "".join(parts)))

    for number, line in lines:
        if parts and soft_break:
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        elif parts and line[:1] in (" ", "\t"):
            parts.append(line[1:])
        elif parts and base64 and _BASE64_LINE.match(line):
            parts.append(line)
        elif line.strip():
            flush()
            start, parts = number, [line]
            base64 = _is_base64(line)
            quoted = _is_quoted_printable(line)
        else:
            soft_break = base64 = False
            continue
        soft_break = quoted and parts[-1].endswith("=")
    flush()
    return logical


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_line(number: int, text: str) -> Property:
    """One logical line as a Property; ContentLineError when it is not one."""
    head, colon, value = _split_head(text)
    if not colon:
        raise ContentLineError(number, f"not a vCard property: '{_snippet(text)}'")
    name_part, *param_parts = _split_outside_quotes(head, ";")
    group, _, name = name_part.rpartition(".")
    if not _NAME.match(name) or (group and not _NAME.match(group)):
        raise ContentLineError(number, f"not a vCard property name: '{_snippet(name_part)}'")
    params: dict[str, list[str]] = {}
    for part in param_parts:
        key, eq, raw = part.partition("=")
        if not eq:
            # A bare 2.1 parameter is an encoding or a type.
            bare = key.strip().upper()
            key = "ENCODING" if bare in _BARE_ENCODINGS else "TYPE"
            raw = bare
        values = [v.strip().strip('"') for v in _split_outside_quotes(raw, ",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    prop = Property(group, name.upper(), params, value, number)
    encoding = [e.upper() for e in params.get("ENCODING", [])]
    if "QUOTED-PRINTABLE" in encoding:
        prop.value = _decode_qp(value, (params.get("CHARSET") or ["utf-8"])[0])
    elif "B" in encoding or "BASE64" in encoding or value[:5].lower() == "data:":
        prop.binary = True
    return prop


def _split_head(text: str) -> tuple[str, str, str]:
    colon = text.find(":")
    if colon >= 0 and '"' not in text[:colon]:
        return text[:colon], ":", text[colon + 1 :]
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return text[:index], ":", text[index + 1 :]
    return text, "", ""


def _decode_qp(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("utf-8", errors="replace"))
    try:
        return raw.decode(charset, errors="replace")
    except (LookupError, ValueError):  # an unknown name, or one with a NUL byte in it
        return raw.decode("utf-8", errors="replace")


def _snippet(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}


def _unescaped(char: str) -> str:
    """What ``\\char`` stands for: the escapes of RFC 6350, and the ``\\"`` and ``\\'``
    some writers add; before a letter or digit (a Windows path) the backslash is kept."""
    if char in _ESCAPES:
        return _ESCAPES[char]
    return "\\" + char if char.isalnum() or not char else char


def split_escaped(value: str, sep: str) -> list[str]:
    """Split at every ``sep`` not escaped by a backslash, and unescape each part."""
    if "\\" not in value:
        return value.split(sep) if sep else [value]
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append(_unescaped(following))
        elif char == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    """A text value with its backslash escapes resolved."""
    if "\\" not in value:
        return value
    return split_escaped(value, "")[0]
