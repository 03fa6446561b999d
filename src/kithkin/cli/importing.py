"""``kith import``: bring contacts, connections, calendars and mail into the network."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit, err_console
from kithkin.cli.root import app
from kithkin.errors import ImportFailed

if TYPE_CHECKING:
    from rich.progress import TaskID

    from kithkin.service import importing as svc

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

LARGE_FILE = 1_000_000  # bytes; smaller files import too fast for a bar to help
SHOWN_WARNINGS = 20  # per file; --json lists every one


@contextmanager
def _progress(files: list[Path], quiet: bool) -> Iterator[svc.Progress | None]:
    sizes = [f.stat().st_size if f.is_file() else LARGE_FILE for f in files]
    if quiet or max(sizes, default=0) < LARGE_FILE:
        yield None
        return
    # Imported here: only a large file shows a bar.
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} of about {task.total:,.0f}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(file: str, count: int, total: int) -> None:
        if file not in tasks:
            tasks[file] = bar.add_task(Path(file).name, total=total)
        bar.update(tasks[file], completed=count, total=total)

    with bar:
        yield update


@app.command("import")
def import_(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="Files to import (several at once is fine)."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        help="vcard, linkedin, google, outlook, kithkin (its own CSV), ics or mail "
        "(default: detected).",
    ),
    me: list[str] = typer.Option(
        [], "--me", help="Your own e-mail address (repeatable); creates 'me' if needed."
    ),
    region: str | None = typer.Option(
        None,
        "--region",
        help="Phone region (GB, IN…) for numbers without a country code; default: the one "
        "set with kith init --region, else your own numbers' country, else none (kept as written).",
    ),
    skip_bad: bool = typer.Option(
        False, "--skip-bad", help="Import the good records of a file and list the bad ones."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be imported, and write nothing."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import contacts, LinkedIn connections, calendars and mail; re-importing changes nothing.

    The same person across files becomes one person: a shared e-mail address or
    phone number merges; a shared name is proposed for 'kith merge --review'.

    Example: kith import Connections.csv contacts.vcf calendar.ics --me alex.morgan@example.com
    """
    from kithkin.service import importing as svc

    app_obj = app_of(ctx)
    with _progress(files, as_json) as progress:
        summary = svc.import_files(
            app_obj,
            files,
            fmt=fmt,
            me=me,
            region=region,
            skip_bad=skip_bad,
            dry_run=dry_run,
            progress=progress,
        )
    emit(
        {"files": summary.files, "totals": summary.totals, "dry_run": dry_run},
        as_json,
        lambda: _render(summary),
    )
    if summary.failed:
        unexpected = any("an unexpected error" in f for f in summary.failed)
        hint = " ('kith --debug import …' shows where)" if unexpected else ""
        raise ImportFailed("; ".join(summary.failed) + hint)


def _render(summary: svc.ImportSummary) -> None:
    done = [f for f in summary.files if not f.error]
    if not done:
        return
    head = "Would import (dry run)" if summary.dry_run else "Imported"
    for f in done:
        counts = [
            f"{f.added} added",
            f"{f.merged} merged",
            f"{f.updated} updated",
            f"{f.proposed} proposed",
            f"{f.unchanged} unchanged",
            f"{f.interactions} interactions",
            f"{f.ties} ties",
            f"{sum(f.skipped.values())} skipped",
            f"{len(f.bad)} bad",
        ]
        if f.organisations:
            counts.insert(1, f"{f.organisations} organisations")
        console.print(f"{head} {f.file} ({f.format}): " + ", ".join(counts))
    reasons: dict[str, int] = {}
    for f in done:
        for reason, n in f.skipped.items():
            reasons[reason] = reasons.get(reason, 0) + n
    for reason, n in sorted(reasons.items(), key=lambda rn: -rn[1]):
        console.print(f"skipped {n}: {reason}")
    for f in done:
        for line in f.bad:
            console.print(f"bad record skipped: {line}")
        for note in f.notes:
            console.print(f"note: {note}")
        for warning in f.warnings[:SHOWN_WARNINGS]:
            console.print(f"warning: {warning}", markup=False, highlight=False)
        if len(f.warnings) > SHOWN_WARNINGS:
            more = len(f.warnings) - SHOWN_WARNINGS
            console.print(f"warning: … and {more} more in {f.file} (--json lists them all)")
    proposed = summary.totals["proposed"]
    if proposed and not summary.dry_run:
        console.print(f"{proposed} possible duplicates to review: kith merge --review")
