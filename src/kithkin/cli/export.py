"""``kith export vcard|csv|json`` and ``kith restore``: the network out, and a backup back in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app

if TYPE_CHECKING:
    from kithkin.service import export as svc

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

export_app = typer.Typer(
    help="Export the network: vCard or CSV for other programs, JSON as a full backup.\n\n"
    "Example: kith export json -o kithkin-backup.json"
)
app.add_typer(export_app, name="export")

OUTPUT = typer.Option(..., "--output", "-o", help="The file to write (replaced atomically).")


def _done(result: svc.ExportResult, as_json: bool) -> None:
    emit(
        result,
        as_json,
        lambda: console.print(f"Wrote {result.people} people to {result.path} ({result.format})."),
    )


@export_app.command("vcard")
def vcard(
    ctx: typer.Context,
    output: Path = OUTPUT,
    version: str = typer.Option("3.0", "--version", help="vCard version: 3.0 or 4.0."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Everyone as vCards, which phones and mail programs import.

    Example: kith export vcard --version 4.0 -o contacts.vcf
    """
    from kithkin.service import export as svc

    _done(svc.export_vcard(app_of(ctx), output, version), as_json)


@export_app.command("csv")
def csv(ctx: typer.Context, output: Path = OUTPUT, as_json: bool = JSON_OPTION) -> None:
    """Everyone as one CSV row each, safe to open in a spreadsheet.

    Example: kith export csv -o people.csv
    """
    from kithkin.service import export as svc

    _done(svc.export_csv(app_of(ctx), output), as_json)


@export_app.command("json")
def json_(ctx: typer.Context, output: Path = OUTPUT, as_json: bool = JSON_OPTION) -> None:
    """A full backup: every table, row for row; 'kith restore' reads it back.

    Example: kith export json -o kithkin-backup.json
    """
    from kithkin.service import backup as backup_svc

    _done(backup_svc.export_json(app_of(ctx), output), as_json)


@app.command("restore")
def restore(
    ctx: typer.Context,
    backup: Path = typer.Argument(..., help="A backup made by 'kith export json'."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Restore a JSON backup into an empty database, exactly as it was.

    Example: kith --db restored.db restore kithkin-backup.json
    """
    from kithkin.service import backup as backup_svc

    result = backup_svc.restore_backup(app_of(ctx), backup)
    emit(
        result,
        as_json,
        lambda: console.print(
            f"Restored {sum(result.rows.values())} rows in {len(result.rows)} tables "
            f"({result.rows.get('person', 0)} people) from {result.path}."
        ),
    )
