"""The CLI reference in Markdown, generated from the commands themselves (docs/cli.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main

from kithkin.cli.main import load_commands
from kithkin.cli.root import app

load_commands()  # every command, to describe them all

HIDDEN = ("help", "install_completion", "show_completion")


def commands() -> Iterator[tuple[str, Any]]:
    """Every leaf command as ("kith person add", command), in a stable order."""
    root = typer.main.get_command(app)

    def walk(prefix: str, cmd: Any) -> Iterator[tuple[str, Any]]:
        if hasattr(cmd, "commands"):
            for name in sorted(cmd.commands):
                yield from walk(f"{prefix} {name}", cmd.commands[name])
        else:
            yield prefix, cmd

    yield from walk("kith", root)


def global_options() -> list[Any]:
    return list(typer.main.get_command(app).params)


def _param_line(p: Any) -> str:
    # Typer ships its own click, so look at the parameter's shape, not its class.
    if p.param_type_name == "argument":
        return f"- `{p.name.upper()}` (argument): {getattr(p, 'help', None) or ''}".rstrip(": ")
    names = ", ".join(f"`{n}`" for n in p.opts + p.secondary_opts)
    text = (getattr(p, "help", None) or "").replace("\n", " ")
    return f"- {names}: {text}" if text else f"- {names}"


def markdown() -> str:
    lines = [
        "# Command reference",
        "",
        "Generated from `kith --help` by `python -m kithkin.cli.reference > docs/cli.md`;",
        "a test keeps it in step with the code.",
        "",
        "## Global options",
        "",
        "Given before the command, e.g. `kith --db net.db --now 2026-06-01 agenda`.",
        "",
    ]
    lines += [_param_line(p) for p in global_options() if p.name not in HIDDEN]
    for path, cmd in commands():
        lines += ["", f"## `{path}`", ""]
        lines += [(cmd.help or "").strip(), ""]
        params = [p for p in cmd.params if p.name not in HIDDEN]
        lines += [_param_line(p) for p in params]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
