"""Entry point of ``kith``: loads every command module and turns errors into one line."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import NoReturn

from rich.text import Text

from kithkin.cli.context import err_console
from kithkin.cli.hints import with_hint
from kithkin.cli.root import app
from kithkin.errors import InvalidInput, KithkinError
from kithkin.process import quick_exit

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
    "sync",
    "editing",
    "team",
]

for _name in COMMAND_MODULES:
    import_module(f"kithkin.cli.{_name}")


def _undecodable(args: list[str]) -> str | None:
    """The first argument that is not valid UTF-8, shown with its bytes escaped."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
            return shown
    return None


def _fail(exc: KithkinError) -> NoReturn:
    if os.environ.get("KITHKIN_DEBUG"):
        raise exc
    message = with_hint(str(exc), getattr(exc, "see", None))
    err_console.print(Text("error: ", style="bold red") + Text(message))
    sys.exit(exc.exit_code)


def run(argv: list[str] | None = None) -> None:
    """The console script: a user error is one line on stderr and a non-zero exit.

    Typer handles usage errors itself (exit 2); our own errors arrive here, and so
    do the database's and the disk's (locked, connection lost, full), which
    become one of ours.
    """
    quick_exit()  # process tuning, see kithkin.process
    args = sys.argv[1:] if argv is None else argv
    bad = _undecodable(args)
    if bad is not None:
        _fail(
            InvalidInput(f"the argument '{bad}' is not UTF-8 text; pass names and paths in UTF-8")
        )
    try:
        app(args=args, prog_name="kith")
    except KithkinError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        from kithkin.store.failures import as_kithkin_error

        known = as_kithkin_error(exc)
        if known is None or os.environ.get("KITHKIN_DEBUG"):
            raise
        _fail(known)
