"""Entry point of ``kith``: loads the command modules a command line needs and turns
errors into one line."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
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

# The modules a top-level command needs: those that attach it or commands under it
# (``editing`` adds ``person job`` and ``person note``). A command line loads only its
# command's modules; help, no command or an unknown word load them all, to list them.
# tests/unit/test_cli_startup.py checks each command against the whole app.
COMMAND_HOMES: dict[str, tuple[str, ...]] = {
    "init": ("setup",),
    "person": ("people", "editing"),
    "ready": ("people", "relationships", "editing"),
    "circle": ("circles", "editing"),
    "tie": ("ties", "editing"),
    "ask": ("activity", "editing"),
    "give": ("activity", "editing"),
    "log": ("activity", "editing"),
    "receive": ("activity", "editing"),
    "serve": ("serve",),
    "opportunity": ("opportunities", "editing"),
    "intro": ("paths",),
    "mentors": ("paths",),
    "path": ("paths",),
    "agenda": ("agenda",),
    "one-sided": ("agenda",),
    "goal": ("goals", "editing"),
    "report": ("report",),
    "demo": ("demo",),
    "import": ("importing",),
    "merge": ("merging",),
    "unmerge": ("merging",),
    "export": ("export",),
    "restore": ("export",),
    "brokers": ("discovery",),
    "circles": ("discovery",),
    "reach": ("discovery",),
    "org": ("organisations",),
    "sync": ("sync",),
    "favour": ("editing",),
    "interaction": ("editing",),
    "undo": ("editing",),
    "team": ("team",),
}
# Global options that take a value (``--db PATH``), skipped to find the command.
VALUED_OPTIONS = ("--db", "--now", "--member")


def command_word(args: Sequence[str]) -> str | None:
    """The top-level command ``args`` name, or None (help, or none named)."""
    rest = iter(args)
    for arg in rest:
        if arg in VALUED_OPTIONS:
            next(rest, None)
        elif arg in ("-h", "--help") or arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def load_commands(args: Sequence[str] | None = None) -> None:
    """Attach to ``app`` the commands ``args`` can reach; every command without ``args``."""
    word = None if args is None else command_word(args)
    for name in COMMAND_HOMES.get(word or "", COMMAND_MODULES):
        import_module(f"kithkin.cli.{name}")


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
    load_commands(args)
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
