"""``kith goal …``: targets to work towards; the agenda cultivates their paths."""

from __future__ import annotations

import typer
from rich.table import Table

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app
from kithkin.model import AskKind

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

goal_app = typer.Typer(
    help="Goals: where you want your network to take you.\n\n"
    'Example: kith goal add "work at Contoso"'
)
app.add_typer(goal_app, name="goal")


@goal_app.command("add")
def add(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="The goal in words, e.g. 'work at Contoso'."),
    org: str | None = typer.Option(None, "--org", help="The target is this organisation."),
    person: str | None = typer.Option(None, "--person", help="The target is this person."),
    role: str | None = typer.Option(None, "--role", help="The target is anyone in this role."),
    skill: str | None = typer.Option(None, "--skill", help="The target is this skill or field."),
    ask: AskKind = typer.Option(
        AskKind.INTRO, "--ask", help="What you will ask the first hop: advice, intro, referral…"
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Save a goal; "work at X" aims at the organisation X.

    Example: kith goal add "Learn from a data engineering lead" --role "data engineering"
    """
    from kithkin.service import goals as svc

    goal = svc.add_goal(app_of(ctx), text, org, person, role, skill, ask)
    emit(
        goal,
        as_json,
        lambda: console.print(f"Goal #{goal.id}: {goal.text} ({goal.target_kind} {goal.target})."),
    )


@goal_app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Your goals and their progress: the best path's first hop, and whether it is ready.

    Example: kith goal list --json
    """
    from kithkin.service import goals as svc

    found = svc.list_goals(app_of(ctx))

    def render() -> None:
        if not found:
            console.print('No goals yet; add one with kith goal add "work at Contoso".')
            return
        table = Table(title=f"{len(found)} goals", title_justify="left")
        for col in ("#", "goal", "best path", "first hop", "next step"):
            table.add_column(col)
        for p in found:
            if p.first_hop is None:
                table.add_row(str(p.goal.id), p.goal.text, p.note, "", "")
                continue
            status = p.readiness.value if p.readiness else ""
            step = (
                f"ask {p.first_hop_name} for an {p.goal.ask}"
                if status == "ready"
                else (p.suggestions[0] if p.suggestions else "; ".join(p.reasons))
            )
            table.add_row(
                str(p.goal.id),
                p.goal.text,
                " → ".join(p.path),
                f"{p.first_hop_name} ({status})",
                step,
            )
        console.print(table)

    emit(found, as_json, render)


@goal_app.command("remove")
def remove(
    ctx: typer.Context,
    which: str = typer.Argument(..., help="The goal's number or its words."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove a goal (the agenda stops cultivating its path).

    Example: kith goal remove 2
    """
    from kithkin.service import goals as svc

    goal = svc.remove_goal(app_of(ctx), which)
    emit(goal, as_json, lambda: console.print(f"Removed goal #{goal.id}: {goal.text}."))
