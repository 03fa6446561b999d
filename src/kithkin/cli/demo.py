"""``kith demo``: build the demo network."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit, err_console
from kithkin.cli.root import app

if TYPE_CHECKING:
    from kithkin.service.demo import DemoSummary

# kithkin.service.demo.DEFAULT_SEED, repeated so that --help need not load the demo builder
# and the database layer with it (tests/unit/test_cli_startup.py keeps the two equal).
DEFAULT_SEED = 2026
STEPS = 6  # drawing, emptying (maybe), people, ties, interactions, favours and asks


@app.command("demo")
def demo(
    ctx: typer.Context,
    seed: int = typer.Option(
        DEFAULT_SEED, "--seed", help="Random seed: the same seed and --now give the same network."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Empty the network first (everything in it is deleted)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Build a demo network: ~300 people, ~1,000 ties and two years of history.

    It tells the story in docs/demo.md: a friend of a friend at a dream company,
    an aunt's neighbour who could mentor, conference cards never followed up, a
    one-sided tie and a relationship ready for an ask. Dates count back from
    today, or from --now.

    Example: kith --now 2026-06-01 demo && kith person show "Ben Okafor"
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kithkin.service.demo import build_demo

    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,  # no stray blank line in pipes and logs
    ) as bar:
        task = bar.add_task("demo network", total=STEPS)

        def step(what: str) -> None:
            bar.update(task, description=f"demo network: {what}", advance=1)

        summary = build_demo(app_of(ctx), seed=seed, replace=replace, progress=step)
    emit(summary, as_json, lambda: _render(summary))


def _render(s: DemoSummary) -> None:
    if s.replaced:
        console.print(f"Removed the {s.replaced} people that were there.")
    console.print(
        f"Built the demo network of [bold]{s.me}[/] (seed {s.seed}, today {s.now:%Y-%m-%d}):"
        f" {s.people} people, {s.ties} ties ({s.ties_between_others} between other people),"
        f" {s.interactions} interactions, {s.favours} favours, {s.asks} asks,"
        f" {len(s.circles)} circles."
    )
    console.print("  circles: " + ", ".join(f"{c} ({n})" for c, n in s.circles.items()))
    console.print('  next: kith person show "Ben Okafor" — the story is in docs/demo.md')
