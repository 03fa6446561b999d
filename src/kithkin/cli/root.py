"""The ``kith`` Typer app and its global options; command modules attach to it."""

from __future__ import annotations

import os

import typer

from kithkin.service.when import parse_now

app = typer.Typer(
    name="kith",
    help=(
        "Kithkin: your whole network — family, friends, neighbours, school, work, community —"
        " as one network of real relationships.\n\nExample: kith demo && kith person list"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: the rich one costs a tenth of a second to load
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database: an SQLite file or a postgresql+psycopg:// URL "
        "(default: KITHKIN_DATABASE_URL, then the user data directory).",
    ),
    now: str | None = typer.Option(
        None, "--now", help="Treat this ISO date as today, for reproducible output."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    if debug:
        os.environ["KITHKIN_DEBUG"] = "1"
    # Imported here: SQLAlchemy and Alembic are only needed once a command runs, not for --help.
    from kithkin.service.app import App

    app_obj = App.open(db=db, now=parse_now(now) if now else None)
    ctx.obj = app_obj
    ctx.call_on_close(app_obj.close)
