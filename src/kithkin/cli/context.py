"""What every command gets from the global options, and how it prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from kithkin.service.serial import jsonable

if TYPE_CHECKING:
    from kithkin.service.app import App

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def app_of(ctx: typer.Context) -> App:
    """The App of ``--db`` and ``--now`` (or of ``--member``), opened on first use."""
    from kithkin.service.app import App  # loaded by then: the root callback opened it

    root = ctx.find_root()
    if callable(root.obj) and not isinstance(root.obj, App):
        opened = root.obj()  # the first command to ask opens it; it closes with the command
        root.obj = opened
        root.call_on_close(opened.close)
    app = root.obj
    assert isinstance(app, App), "the root callback sets ctx.obj"
    return app


def confirm(question: str, yes: bool) -> None:
    """Ask before a removal, unless ``--yes`` was given; no stops the command."""
    if not yes and not typer.confirm(question):
        raise typer.Abort()


def emit(data: Any, as_json: bool, render: Callable[[], None]) -> None:
    """Print ``data`` as JSON for scripts, or call ``render`` for people."""
    if as_json:
        sys.stdout.write(json.dumps(jsonable(data), indent=2, ensure_ascii=False) + "\n")
    else:
        render()


JSON_OPTION = typer.Option(False, "--json", help="Print JSON for scripts instead of a table.")
