"""``kith org …``: organisations, as their own cards describe them."""

from __future__ import annotations

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app

# Service modules are imported inside the commands that use them (start-up time).

org_app = typer.Typer(
    help="Organisations: e-mails, phones and place from their own cards, and who is there.\n\n"
    'Example: kith org show "Lakeside Stores"'
)
app.add_typer(org_app, name="org")


@org_app.command("show")
def show(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The organisation's name."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show an organisation: contact details from its card and the people there now.

    Example: kith org show "Lakeside Stores"
    """
    from kithkin.service.organisations import show_organisation

    card = show_organisation(app_of(ctx), name)

    def render() -> None:
        console.print(f"{card.name}" + (f" ({card.domain})" if card.domain else ""))
        for address, label in card.emails:
            console.print(f"  e-mail {address}" + (f" ({label})" if label else ""))
        for number, label in card.phones:
            console.print(f"  phone {number}" + (f" ({label})" if label else ""))
        if card.location:
            console.print(f"  in {card.location}")
        for pid, person, role in card.people:
            console.print(f"  #{pid} {person}" + (f" — {role}" if role else ""))

    emit(card, as_json, render)
