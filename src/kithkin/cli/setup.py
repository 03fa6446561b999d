"""``kith init``."""

from __future__ import annotations

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.


@app.command("init")
def init(
    ctx: typer.Context,
    me: str | None = typer.Option(
        None,
        "--me",
        help="Your own name: the owner of the network. A person an import already made "
        "with one of your addresses (or else your name) becomes you; nobody is added twice.",
    ),
    email: list[str] = typer.Option([], "--email", help="Your own e-mail address (repeatable)."),
    date_order: str | None = typer.Option(
        None,
        "--date-order",
        help="How you write numeric dates: DMY (31/12/2026), MDY (12/31/2026) or YMD;"
        " without it only ISO dates (2026-12-31) and words are read.",
    ),
    region: str | None = typer.Option(
        None, "--region", help="Phone region (GB, IN…) imports read numbers without a country in."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create the database (or bring it up to date) and say who you are.

    Example: kith init --me "Alex Morgan" --email alex.morgan@example.com
    """
    from kithkin.service.setup import init_network
    from kithkin.service.when import parse_date_order, set_date_order

    app_obj = app_of(ctx)
    order = parse_date_order(date_order) if date_order is not None else None
    person = init_network(app_obj, me, email, region)
    if order is not None:
        set_date_order(app_obj, order)
    where = app_obj.settings.display_url
    emit(
        {"database": where, "me": person, "date_order": order},
        as_json,
        lambda: console.print(
            f"Network ready in {where}"
            + (
                f"; you are {person.display_name} (#{person.id})."
                if person
                else '; add yourself with kith init --me "Your Name".'
            )
        ),
    )
