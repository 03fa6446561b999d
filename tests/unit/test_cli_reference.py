"""Every command is documented with an example, and docs/cli.md matches the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithkin.cli.reference import commands, markdown

DOC = Path(__file__).parents[2] / "docs" / "cli.md"


@pytest.mark.parametrize("path,command", list(commands()), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example(path: str, command: object) -> None:
    text = getattr(command, "help", "") or ""
    assert text.strip(), f"{path} has no help text"
    assert "Example: kith" in text, f"{path}'s help has no 'Example: kith …' line"


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(), (
        "docs/cli.md is stale: run  .venv/bin/python -m kithkin.cli.reference > docs/cli.md"
    )
