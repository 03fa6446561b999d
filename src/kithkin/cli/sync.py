"""``kith sync``: read contacts, calendars and mail from your own servers."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from kithkin.cli.context import JSON_OPTION, app_of, console, emit, err_console
from kithkin.cli.root import app
from kithkin.errors import InvalidInput

if TYPE_CHECKING:
    from rich.progress import TaskID

    from kithkin.service import sync as svc


class _SyncGroup(TyperGroup):
    """``kith sync [NAME]`` runs a sync; ``kith sync add|list|remove|status`` manage sources."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["run", *args]
        return super().parse_args(ctx, args)


sync_app = typer.Typer(
    cls=_SyncGroup,
    help=(
        "Keep the network current from your own CardDAV, CalDAV and IMAP servers.\n\n"
        "kith sync reads every source, kith sync NAME just one: only what changed since "
        "the last run, read-only, and of mail the headers only. Passwords stay in the "
        "system keyring or in an environment variable you name, never in the database.\n\n"
        "Example: kith sync add carddav https://dav.example.com/alex/ --user alex "
        "--password-stdin\n\n"
        "Example: kith sync add imap imap.example.com --user alex@example.com "
        "--folder INBOX --folder Sent --password-env KITH_MAIL_PASSWORD\n\n"
        "Example: kith sync; kith sync status"
    ),
    no_args_is_help=False,
)
app.add_typer(sync_app, name="sync")


@sync_app.command("add")
def add(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="carddav, caldav or imap."),
    url: str = typer.Argument(
        ..., help="The address book or calendar URL (or its home), or the IMAP host."
    ),
    user: str = typer.Option(..., "--user", help="Your account name on the server."),
    name: str = typer.Option("", "--name", help="What to call this source (default: KIND-HOST)."),
    folder: list[str] = typer.Option(
        [], "--folder", help="IMAP folder to read (repeatable; default INBOX)."
    ),
    insecure: bool = typer.Option(
        False, "--insecure", help="Accept a self-signed certificate (shown in kith sync status)."
    ),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        help="Read the password from standard input; kept in the keyring.",
    ),
    password_env: str = typer.Option(
        "", "--password-env", help="Read the password from this environment variable at each sync."
    ),
    publish_agenda: str = typer.Option(
        "",
        "--publish-agenda",
        help="CalDAV only: write the weekly agenda as tasks into this calendar URL.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a server to sync from.

    Example: kith sync add caldav https://dav.example.com/alex/ --user alex --password-stdin
    """
    from kithkin.service import sync as svc

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InvalidInput("--password-stdin read an empty line; pipe the password in")
    elif not password_env:
        if not sys.stdin.isatty():
            raise InvalidInput("use --password-stdin or --password-env VARIABLE")
        password = typer.prompt("Password", hide_input=True)
    added = svc.add_source(
        app_of(ctx),
        kind,
        url,
        user,
        name=name,
        folders=folder,
        insecure=insecure,
        password=password,
        password_env=password_env,
        publish_agenda=publish_agenda,
    )
    emit(
        added,
        as_json,
        lambda: console.print(f"Added {added.name} ({added.kind} {added.url})", markup=False),
    )


@sync_app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """The servers kith sync reads.

    Example: kith sync list --json
    """
    from kithkin.service import sync as svc

    sources = svc.list_sources(app_of(ctx))
    emit(sources, as_json, lambda: _table(sources))


@sync_app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The source's name (see kith sync list)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Stop syncing a source and forget its password; what it brought stays in the network.

    Example: kith sync remove carddav-dav.example.com
    """
    from kithkin.service import sync as svc

    gone = svc.remove_source(app_of(ctx), name)
    emit(gone, as_json, lambda: console.print(f"Removed {gone.name}", markup=False))


@sync_app.command("status")
def status(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """When each source last ran, what changed, and what went wrong.

    Example: kith sync status
    """
    from kithkin.service import sync as svc

    sources = svc.status(app_of(ctx))
    emit(sources, as_json, lambda: _status(sources))


@sync_app.command("run")
def run(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="Sync only this source (default: all)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Sync every source, or the one named (also: kith sync [NAME]).

    Example: kith sync
    """
    from kithkin.service import sync as svc

    app_obj = app_of(ctx)
    if as_json or not err_console.is_terminal:
        report = svc.sync(app_obj, name)
    else:
        with _bar() as progress:
            report = svc.sync(app_obj, name, progress)
    emit(report, as_json, lambda: _report(report))
    if report.failed:
        raise svc.SyncFailed(f"{len(report.failed)} of {len(report.sources)} sources failed")


class _bar:
    def __init__(self) -> None:
        # Imported here: every kith command loads this module, few of them draw a bar.
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,} of {task.total:,.0f}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> svc.Progress:
        self.bar.__enter__()

        def update(source: str, done: int, total: int) -> None:
            if source not in self.tasks:
                self.tasks[source] = self.bar.add_task(source, total=total)
            self.bar.update(self.tasks[source], completed=done, total=total)

        return update

    def __exit__(self, *exc: Any) -> None:
        self.bar.__exit__(*exc)


def _changes(changes: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in changes.items()) or "nothing new"


def _report(report: svc.SyncReport) -> None:
    for run in report.sources:
        if run.error:
            err_console.print(f"{run.name}: failed: {run.error}", markup=False)
            continue
        console.print(f"{run.name}: {_changes(run.changes)}", markup=False)
        for note in run.notes:
            console.print(f"  note: {note}", markup=False)
        for line in run.bad:
            console.print(f"  bad item skipped: {line}", markup=False)


def _table(sources: list[svc.SourceView]) -> None:
    if not sources:
        console.print(
            "No sync sources yet: kith sync add carddav|caldav|imap URL --user NAME", markup=False
        )
        return
    for s in sources:
        where = s.url + (f" ({', '.join(s.folders)})" if s.folders else "")
        flags = " (insecure: certificate not checked)" if s.insecure else ""
        console.print(
            f"{s.name}  {s.kind}  {where}  user {s.user}  password {s.password}{flags}",
            markup=False,
        )


def _status(sources: list[svc.SourceView]) -> None:
    if not sources:
        _table(sources)
        return
    for s in sources:
        flags = " (insecure: certificate not checked)" if s.insecure else ""
        if not s.last_run:
            console.print(f"{s.name}: never synced{flags}", markup=False)
        elif s.last_error:
            console.print(f"{s.name}: failed at {s.last_run}: {s.last_error}{flags}", markup=False)
        else:
            console.print(
                f"{s.name}: synced at {s.last_run}: {_changes(s.last_changes)}{flags}", markup=False
            )
