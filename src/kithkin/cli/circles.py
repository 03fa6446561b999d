"""``kith circle …``: your own circle labels."""

from __future__ import annotations

import typer
from rich.table import Table

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

circle_app = typer.Typer(
    help="Circles: soft, overlapping labels such as family, neighbours or work:Globex.\n\n"
    'Example: kith circle add neighbours "May Parker" "Ben Okafor"'
)
app.add_typer(circle_app, name="circle")


@circle_app.command("add")
def add(
    ctx: typer.Context,
    circle: str = typer.Argument(..., help="The circle, e.g. family or school:State U."),
    people: list[str] = typer.Argument(..., help="People to put in it."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Put people in a circle (they stay in their other circles).

    Example: kith circle add "community:Running club" "Ben Okafor"
    """
    from kithkin.service import circles as svc

    added = svc.add_to_circle(app_of(ctx), circle, people)
    emit(
        {"circle": circle, "added": added},
        as_json,
        lambda: console.print(f"Added to {circle}: {', '.join(added) or 'no one new'}."),
    )


@circle_app.command("remove")
def remove(
    ctx: typer.Context,
    circle: str = typer.Argument(..., help="The circle."),
    people: list[str] = typer.Argument(None, help="People to take out; none deletes the label."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Take people out of a circle, or delete the label itself.

    Example: kith circle remove neighbours "Ben Okafor"
    """
    from kithkin.service import circles as svc

    removed = svc.remove_from_circle(app_of(ctx), circle, people or [])
    emit(
        {"circle": circle, "removed": removed},
        as_json,
        lambda: console.print(
            f"Removed from {circle}: {', '.join(removed)}."
            if removed
            else f"Deleted the circle {circle}."
        ),
    )


@circle_app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """List every circle with its number of people.

    Example: kith circle list --json
    """
    from kithkin.service import circles as svc

    circles = svc.list_circles(app_of(ctx))

    def render() -> None:
        table = Table(title=f"{len(circles)} circles", title_justify="left")
        table.add_column("circle")
        table.add_column("people", justify="right")
        for name, n in circles:
            table.add_row(name, str(n))
        console.print(table)

    emit(svc.circle_sizes(app_of(ctx)) if as_json else circles, as_json, render)
