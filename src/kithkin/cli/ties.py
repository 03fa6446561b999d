"""``kith tie …``: ties between any two people."""

from __future__ import annotations

import typer

from kithkin.cli.context import JSON_OPTION, app_of, confirm, console, emit
from kithkin.cli.root import app
from kithkin.service.when import day_of

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

tie_app = typer.Typer(
    help="Ties between any two people, yours or between others.\n\n"
    'Example: kith tie add "May Parker" "Ben Okafor" --kind neighbour'
)
app.add_typer(tie_app, name="tie")


@tie_app.command("add")
def add(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="One person (or me)."),
    b: str = typer.Argument(..., help="The other person."),
    kind: list[str] = typer.Option(
        [], "--kind", "-k", help="aunt, neighbour, colleague, classmate, friend, met-at:EVENT…"
    ),
    closeness: int | None = typer.Option(
        None, "--closeness", min=1, max=5, help="How close they are, 1 (distant) to 5 (closest)."
    ),
    since: str | None = typer.Option(None, "--since", help="When the tie began."),
    note: str = typer.Option("", "--note", help="Why you know they are tied."),
    as_json: bool = JSON_OPTION,
) -> None:
    """State a tie between two people; kinds add up on an existing tie.

    Example: kith tie add me "May Parker" --kind aunt --closeness 4
    """
    from kithkin.service import ties as svc

    app_obj = app_of(ctx)
    tie = svc.add_tie(
        app_obj, a, b, kind, closeness, day_of(app_obj, since) if since else None, note
    )
    emit(
        tie,
        as_json,
        lambda: console.print(
            f"Tie {a} – {b}: {', '.join(k.kind for k in tie.kinds) or 'no kind'}."
        ),
    )


@tie_app.command("remove")
def remove(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="One person."),
    b: str = typer.Argument(..., help="The other person."),
    kind: str | None = typer.Option(None, "--kind", help="Remove only this kind."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove a tie, or one of its kinds; 'kith undo' brings it back.

    Example: kith tie remove "May Parker" "Ben Okafor" --kind neighbour --yes
    """
    from kithkin.service import ties as svc

    asked = f"the kind '{kind}' of the tie" if kind else "the tie"
    confirm(f"Remove {asked} between {a} and {b}?", yes)
    what = svc.remove_tie(app_of(ctx), a, b, kind)
    emit({"removed": what}, as_json, lambda: console.print(f"Removed the {what} {a} – {b}."))
