"""``kith opportunity …``: job openings to aim paths at."""

from __future__ import annotations

import typer
from rich.table import Table

from kithkin.cli.context import JSON_OPTION, app_of, confirm, console, emit
from kithkin.cli.root import app

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

opportunity_app = typer.Typer(
    help="Opportunities: job openings you want a warm path to.\n\n"
    'Example: kith opportunity add "Contoso" "Platform Engineer" --url https://contoso.example/jobs/42'
)
app.add_typer(opportunity_app, name="opportunity")


@opportunity_app.command("add")
def add(
    ctx: typer.Context,
    organisation: str = typer.Argument(..., help="The organisation that is hiring."),
    role: str = typer.Argument(..., help="The role or title of the opening."),
    url: str = typer.Option("", "--url", help="Where the opening is posted."),
    note: str = typer.Option("", "--note", help="Anything worth remembering about it."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a job opening; 'kith path --opportunity N' finds warm paths to it.

    Example: kith opportunity add "Contoso" "Platform Engineer" --url https://contoso.example/jobs/42
    """
    from kithkin.service import opportunities as svc

    opp = svc.add_opportunity(app_of(ctx), organisation, role, url, note)
    emit(
        opp,
        as_json,
        lambda: console.print(f"Recorded opportunity #{opp.id}: {opp.role} at {opp.organisation}."),
    )


@opportunity_app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """List the openings you recorded.

    Example: kith opportunity list --json
    """
    from kithkin.service import opportunities as svc

    opps = svc.list_opportunities(app_of(ctx))

    def render() -> None:
        table = Table(title=f"{len(opps)} opportunities", title_justify="left")
        for col in ("#", "organisation", "role", "url"):
            table.add_column(col)
        for o in opps:
            table.add_row(str(o.id), o.organisation, o.role, o.url)
        console.print(table)

    emit(opps, as_json, render)


@opportunity_app.command("remove")
def remove(
    ctx: typer.Context,
    opp_id: int = typer.Argument(..., help="The opportunity's number (kith opportunity list)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Forget an opening (filled, or no longer of interest); 'kith undo' brings it back.

    Example: kith opportunity remove 2 --yes
    """
    from kithkin.service import opportunities as svc

    confirm(f"Remove opportunity #{opp_id}?", yes)
    svc.remove_opportunity(app_of(ctx), opp_id)
    emit(
        {"removed": opp_id},
        as_json,
        lambda: console.print(f"Removed opportunity #{opp_id}."),
    )
