"""Every 'where to look next' topic an error can name is worded by both faces: the CLI
names a command, the web app a page or a button, never a command."""

from __future__ import annotations

import re
from pathlib import Path

from kithkin.cli.hints import HINTS as CLI_HINTS
from kithkin.errors import InvalidInput
from kithkin.web.errors import HINTS as WEB_HINTS
from kithkin.web.errors import message_for

SRC = Path(__file__).parents[2] / "src" / "kithkin"
TEMPLATES = SRC / "web" / "templates"


def _topics_named_in_the_code() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found |= set(re.findall(r'see="([a-z_]+)"', path.read_text(encoding="utf-8")))
    return found


def test_every_topic_an_error_names_has_a_hint_on_both_faces() -> None:
    named = _topics_named_in_the_code()
    assert {"owner", "date_order", "path_target", "password"} <= named
    assert named <= set(CLI_HINTS), named - set(CLI_HINTS)
    assert named <= set(WEB_HINTS), named - set(WEB_HINTS)
    assert set(CLI_HINTS) == set(WEB_HINTS)


def test_the_web_app_speaks_of_pages_and_buttons_not_commands() -> None:
    for topic, hint in WEB_HINTS.items():
        assert "kith" not in hint, topic
        assert "kith " in CLI_HINTS[topic] or topic in ("backup", "path_target"), topic
    said = message_for(InvalidInput("cannot read the date 'x'", see="date_order"))
    assert said == "cannot read the date 'x'; or write the date as year-month-day, e.g. 2026-03-12"
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\bkith [a-z]", text), f"{template.name} names a kith command"
