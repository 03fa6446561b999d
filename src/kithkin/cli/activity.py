"""``kith log``, ``kith give``, ``kith receive`` and ``kith ask``: what happens in relationships."""

from __future__ import annotations

import typer
from rich.table import Table

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app
from kithkin.model import AskKind, AskOutcome, Channel, ExchangeKind
from kithkin.service.when import when_of

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

WHEN = typer.Option(
    None, "--when", help="When: ISO date, 'yesterday', '3 weeks ago'… (default now)."
)
NOTE = typer.Option("", "--note", help="What it was about.")


@app.command("log")
def log(
    ctx: typer.Context,
    channel: Channel = typer.Argument(..., help="in-person, call, video, message, email or event."),
    people: list[str] = typer.Argument(
        ..., help="Who took part besides you (several for a meeting)."
    ),
    when: str | None = WHEN,
    they_initiated: bool = typer.Option(
        False, "--they-initiated", help="They reached out, not you."
    ),
    no_answer: bool = typer.Option(False, "--no-answer", help="You reached out and got no answer."),
    without_me: bool = typer.Option(
        False, "--without-me", help="They met each other; you were not there."
    ),
    note: str = NOTE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Log an interaction: a meeting, call, message or shared event.

    Example: kith log call "Ben Okafor" --they-initiated --note "Asked about Rust at Globex"
    """
    from kithkin.service import activity as svc

    app_obj = app_of(ctx)
    it = svc.log_interaction(
        app_obj,
        channel,
        people,
        when=when_of(app_obj, when) if when else None,
        they_initiated=they_initiated,
        answered=False if no_answer else None,
        note=note,
        with_me=not without_me,
    )
    emit(
        it,
        as_json,
        lambda: console.print(
            f"Logged {channel.value} with {', '.join(people)} on {it.when:%Y-%m-%d}."
        ),
    )


def _favour(
    ctx: typer.Context,
    kind: ExchangeKind,
    who: str,
    given: bool,
    when: str | None,
    weight: float,
    note: str,
    as_json: bool,
) -> None:
    from kithkin.service import activity as svc

    app_obj = app_of(ctx)
    ex = svc.record_favour(
        app_obj, kind, who, given, when_of(app_obj, when) if when else None, weight, note
    )
    arrow = f"to {who}" if given else f"from {who}"
    emit(
        ex, as_json, lambda: console.print(f"Recorded {kind.value} {arrow} on {ex.when:%Y-%m-%d}.")
    )


KIND = typer.Argument(..., help="intro, referral, advice, recommendation, help or gift.")
WEIGHT = typer.Option(1.0, "--weight", min=0.1, help="How big the favour was (1 is ordinary).")


@app.command("give")
def give(
    ctx: typer.Context,
    kind: ExchangeKind = KIND,
    who: str = typer.Argument(..., help="Who received it."),
    when: str | None = WHEN,
    weight: float = WEIGHT,
    note: str = NOTE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a favour you gave.

    Example: kith give intro "Ben Okafor" --note "Introduced him to a Rust meetup organiser"
    """
    _favour(ctx, kind, who, True, when, weight, note, as_json)


@app.command("receive")
def receive(
    ctx: typer.Context,
    kind: ExchangeKind = KIND,
    who: str = typer.Argument(..., help="Who gave it."),
    when: str | None = WHEN,
    weight: float = WEIGHT,
    note: str = NOTE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a favour you received.

    Example: kith receive advice "May Parker" --when "2 weeks ago"
    """
    _favour(ctx, kind, who, False, when, weight, note, as_json)


ask_app = typer.Typer(
    help="Asks made through a relationship, and how they turned out.\n\n"
    'Example: kith ask add "Ben Okafor" --kind intro --for "an intro to Contoso"'
)
app.add_typer(ask_app, name="ask")


@ask_app.command("add")
def ask_add(
    ctx: typer.Context,
    through: str = typer.Argument(..., help="Whom you asked."),
    kind: AskKind = typer.Option(
        AskKind.INTRO, "--kind", help="advice, question, intro, referral or job."
    ),
    what: str = typer.Option(..., "--for", help="What you asked for."),
    when: str | None = WHEN,
    note: str = NOTE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record an ask; set its outcome later with 'kith ask outcome'.

    Example: kith ask add "Ben Okafor" --kind referral --for "Platform Engineer at Contoso"
    """
    from kithkin.service import activity as svc

    app_obj = app_of(ctx)
    a = svc.record_ask(app_obj, through, kind, what, when_of(app_obj, when) if when else None, note)
    emit(a, as_json, lambda: console.print(f"Recorded ask #{a.id} through {through}: {what}."))


@ask_app.command("outcome")
def ask_outcome(
    ctx: typer.Context,
    ask_id: int = typer.Argument(..., help="The ask's number (kith ask list)."),
    outcome: AskOutcome = typer.Argument(..., help="accepted, declined, no-answer or pending."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Say how an ask turned out.

    Example: kith ask outcome 3 accepted
    """
    from kithkin.service import activity as svc

    svc.settle_ask(app_of(ctx), ask_id, outcome)
    emit(
        {"ask": ask_id, "outcome": outcome},
        as_json,
        lambda: console.print(f"Ask #{ask_id}: {outcome.value}."),
    )


@ask_app.command("list")
def ask_list(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """List your asks with their outcomes.

    Example: kith ask list --json
    """
    from kithkin.service import activity as svc

    asks = svc.list_asks(app_of(ctx))

    def render() -> None:
        table = Table(title=f"{len(asks)} asks", title_justify="left")
        for col in ("#", "when", "through", "kind", "for", "outcome"):
            table.add_column(col)
        for a, name in asks:
            table.add_row(
                str(a.id), f"{a.when:%Y-%m-%d}", name, a.kind.value, a.what, a.outcome.value
            )
        console.print(table)

    emit([{"ask": a, "through_name": n} for a, n in asks], as_json, render)
