"""``kith agenda`` (with done, snooze, pause, let-go) and ``kith one-sided``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app
from kithkin.errors import InvalidInput
from kithkin.model import Channel

if TYPE_CHECKING:
    from kithkin.insight.agenda import Agenda
    from kithkin.insight.one_sided import OneSidedTie
    from kithkin.service import agenda as svc

DEFAULT_LIMIT = 10  # kithkin.insight.agenda's, repeated so that --help need not load it

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

agenda_app = typer.Typer(
    help="Whom to contact this week and why, with what to offer first: overdue ties, fresh "
    "contacts to follow up, birthdays and job changes, favours owed and first steps towards "
    "your goals. One-sided ties are listed apart, with an offer to pause or let go.\n\n"
    "Example: kith --now 2026-06-01 agenda --limit 5 --ics agenda.ics",
    invoke_without_command=True,
)
app.add_typer(agenda_app, name="agenda")

WHO = typer.Argument(..., help="Name, nickname or #ID.")


def render_agenda(agenda: Agenda) -> None:
    if not agenda.items:
        console.print("Nothing on the agenda this week.")
    else:
        table = Table(title=f"Agenda for the week of {agenda.now:%Y-%m-%d}", title_justify="left")
        for col in ("#", "who", "why", "give first"):
            table.add_column(col)
        for n, item in enumerate(agenda.items, 1):
            why = item.reason + "".join(f"\n[dim]also: {a}[/]" for a in item.also)
            table.add_row(str(n), item.name, why, item.suggestion)
        console.print(table)
    if agenda.let_go:
        console.print(
            "\n[bold]One-sided ties[/] — not reminders; pause or let go "
            "(kith agenda pause NAME / kith agenda let-go NAME):"
        )
        for item in agenda.let_go:
            console.print(f"  {item.name}: {item.reason.removeprefix('one-sided: ')}")


@agenda_app.callback()
def agenda(
    ctx: typer.Context,
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-n", help="How many people at most."),
    ics: Path | None = typer.Option(
        None, "--ics", help="Also write the agenda to this iCalendar file (all-day events)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The ranked agenda: overdue ties, fresh contacts to follow up, favours owed,
    birthdays and job changes, and first steps towards your goals.

    Example: kith --now 2026-06-01 agenda --ics agenda.ics
    """
    if ctx.invoked_subcommand is not None:
        return
    from kithkin.service import agenda as svc

    result = svc.build(app_of(ctx), limit)
    if ics is not None:
        from kithkin.service.calendar_feed import agenda_ics  # icalendar, only for --ics

        try:
            ics.write_bytes(agenda_ics(result))
        except OSError as exc:
            raise InvalidInput(f"cannot write {ics}: {exc.strerror}") from exc

    def render() -> None:
        render_agenda(result)
        if ics is not None:
            console.print(f"\nWrote {len(result.items)} events to {ics}.")

    emit(result, as_json, render)


def _state(state: svc.TieState, as_json: bool, said: str) -> None:
    emit(state, as_json, lambda: console.print(said))


@agenda_app.command("done")
def done(
    ctx: typer.Context,
    who: str = WHO,
    channel: Channel = typer.Option(
        Channel.MESSAGE, "--channel", help="in-person, call, video, message, email or event."
    ),
    note: str = typer.Option("", "--note", help="What it was about."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Mark an item done: logs the contact, so it leaves the agenda.

    Example: kith agenda done "Ben Okafor" --channel call --note "Caught up about his move"
    """
    from kithkin.service import agenda as svc

    it = svc.done(app_of(ctx), who, channel, note)
    emit(it, as_json, lambda: console.print(f"Logged {channel.value} with {who}."))


@agenda_app.command("snooze")
def snooze(
    ctx: typer.Context,
    who: str = WHO,
    days: int = typer.Option(7, "--days", help="For how many days."),
    as_json: bool = JSON_OPTION,
) -> None:
    """No agenda items about someone for a while.

    Example: kith agenda snooze "Ben Okafor" --days 14
    """
    from kithkin.service import agenda as svc

    state = svc.snooze(app_of(ctx), who, days)
    _state(state, as_json, f"Snoozed {state.name} until {state.snoozed_until}.")


@agenda_app.command("pause")
def pause(ctx: typer.Context, who: str = WHO, as_json: bool = JSON_OPTION) -> None:
    """Pause reminders about someone; a message from them brings the tie back.

    Example: kith agenda pause "Victor Hale"
    """
    from kithkin.service import agenda as svc

    state = svc.pause(app_of(ctx), who)
    _state(state, as_json, f"Paused reminders about {state.name}.")


@agenda_app.command("let-go")
def let_go(ctx: typer.Context, who: str = WHO, as_json: bool = JSON_OPTION) -> None:
    """Let a tie go: reminders stop, the history stays, a message from them brings it back.

    Example: kith agenda let-go "Victor Hale"
    """
    from kithkin.service import agenda as svc

    state = svc.let_go(app_of(ctx), who)
    _state(state, as_json, f"Let go of {state.name}; the history stays.")


@agenda_app.command("resume")
def resume(ctx: typer.Context, who: str = WHO, as_json: bool = JSON_OPTION) -> None:
    """Undo a snooze, a pause or a letting go: reminders about someone come back when due.

    Example: kith agenda resume "Victor Hale"
    """
    from kithkin.service import agenda as svc

    state = svc.resume(app_of(ctx), who)
    _state(state, as_json, f"Reminders about {state.name} are back on.")


def render_one_sided(found: list[OneSidedTie]) -> None:
    if not found:
        console.print("No one-sided ties.")
        return
    table = Table(title=f"{len(found)} one-sided ties", title_justify="left")
    for col in ("who", "status", "evidence"):
        table.add_column(col)
    for o in found:
        table.add_row(o.name, o.status.value, "\n".join(o.reasons))
    console.print(table)
    console.print("Pause or let go: kith agenda pause NAME / kith agenda let-go NAME")


@app.command("one-sided")
def one_sided(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Ties where you always reach out and nobody answers, with the evidence.

    Example: kith one-sided --json
    """
    from kithkin.service import agenda as svc

    found = svc.one_sided(app_of(ctx))
    emit(
        [dict(vars(o), share_unreturned=round(o.share_unreturned, 3)) for o in found],
        as_json,
        lambda: render_one_sided(found),
    )
