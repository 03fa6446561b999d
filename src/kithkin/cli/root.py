"""The ``kith`` Typer app and its global options; command modules attach to it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from kithkin.service.when import parse_now

if TYPE_CHECKING:
    from collections.abc import Callable

    from kithkin.service.team import Account, Team

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
    member: str | None = typer.Option(
        None,
        "--member",
        help="Team mode: run the command on this member's own network (their e-mail "
        "address), in the team kept at --db.",
    ),
) -> None:
    if debug:
        os.environ["KITHKIN_DEBUG"] = "1"
    if ctx.invoked_subcommand == "team":
        return  # team commands open the team themselves (kithkin.cli.team)
    # Imported here: SQLAlchemy and Alembic are only needed once a command runs, not for --help.
    from kithkin.service.app import App

    when = parse_now(now) if now else None
    if member is not None:
        from kithkin.service.team import account_by_email, member_app, open_team
        from kithkin.store import Settings

        team = open_team(Settings.from_env(db).database_url, now=when)
        ctx.call_on_close(team.close)
        account = account_by_email(team, member)
        ctx.obj = member_app(team, account)
        ctx.call_on_close(republish_after_change(team, account))
        return
    # Opened when the command first asks for it (context.app_of): a team server
    # (serve --team) opens the team instead, and makes no single-user network in its database.
    ctx.obj = lambda: App.open(db=db, now=when)


def republish_after_change(team: Team, account: Account) -> Callable[[], None]:
    """After a command on a member's network: when it changed the network, work the
    member's shared summary out again, so the team never sees a stale one."""
    from kithkin.service.team import actor_of, member_app, publish_reach

    app = member_app(team, account)
    with app.uow(write=False) as uow:
        before = uow.data_version()

    def after() -> None:
        with app.uow(write=False) as uow:
            changed = uow.data_version() != before
        if changed and account.role != "viewer":
            publish_reach(team, actor_of(account))

    return after
