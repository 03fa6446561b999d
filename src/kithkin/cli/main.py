"""Entry point of ``kith``: loads every command module and turns errors into one line."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from importlib import import_module

from rich.text import Text

from kithkin.cli.context import err_console
from kithkin.cli.root import app
from kithkin.errors import KithkinError

# One module per resource; each attaches its commands to ``app`` when imported.
COMMAND_MODULES = [
    "setup",
    "people",
    "circles",
    "ties",
    "activity",
    "serve",
    "opportunities",
    "paths",
    "agenda",
    "goals",
    "report",
    "demo",
    "importing",
    "merging",
    "export",
    "relationships",
    "discovery",
    "organisations",
]

for _name in COMMAND_MODULES:
    import_module(f"kithkin.cli.{_name}")


def _quick_exit() -> None:
    """Let the interpreter end without walking every object it holds again.

    At exit, Python clears each module and runs the cyclic collector over everything
    still alive; after a command has loaded a network (or an import its caches) that
    is a few tenths of a second of nothing (the memory goes back to the system anyway).
    Frozen objects are left out of those collections. Registered to run at exit
    only, so a ``run()`` inside a longer-lived process is not affected.
    """
    atexit.unregister(gc.freeze)  # once, however often one process calls run()
    atexit.register(gc.freeze)


def run(argv: list[str] | None = None) -> None:
    """The console script: a user error is one line on stderr and a non-zero exit.

    Typer handles usage errors itself (exit 2); our own errors arrive here.
    """
    _quick_exit()
    try:
        app(args=argv, prog_name="kith")
    except KithkinError as exc:
        if os.environ.get("KITHKIN_DEBUG"):
            raise
        err_console.print(Text("error: ", style="bold red") + Text(str(exc)))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
