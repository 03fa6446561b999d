"""``kith circles``, ``kith brokers`` and ``kith reach``: the network beyond the user's boxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table
from rich.text import Text

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app

if TYPE_CHECKING:
    from kithkin.service import circles_discovered as svc
    from kithkin.service import reach as reach_svc

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.
# kithkin.insight.circles.SEED, repeated so that --help need not load numpy, scipy and
# graspologic (tests/unit/test_cli_startup.py keeps the two equal).
SEED = 7

SEED_OPTION = typer.Option(
    SEED, "--seed", help="Seed of the community search: the same seed gives the same circles."
)


def say(bold: str, rest: str = "", style: str = "bold") -> None:
    """A line as plain text: names and labels are never read as markup or emoji codes."""
    console.print(Text(bold, style=style) + Text(rest))


def _table(title: str, *columns: str) -> Table:
    table = Table(title=Text(title), title_justify="left")
    for col in columns:
        table.add_column(
            col, justify="left" if col in ("", "discovered circle", "person") else "right"
        )
    return table


def _row(table: Table, *cells: str) -> None:
    table.add_row(*(Text(c) for c in cells))


def _names(refs: list[svc.PersonRef], limit: int = 5) -> str:
    shown = ", ".join(r.name for r in refs[:limit])
    return shown + (f" +{len(refs) - limit}" if len(refs) > limit else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_circles(r: svc.CirclesReport) -> None:
    table = _table(
        f"{len(r.circles)} circles discovered in your ties, beside your "
        f"{len(r.your_circles)} circles (modularity {r.modularity:.2f})",
        "#",
        "discovered circle",
        "people",
        "your circles in it",
        "you know",
        "most tied-in",
    )
    table.columns[3].justify = table.columns[5].justify = "left"
    for c in r.circles:
        _row(
            table,
            str(c.index),
            c.name,
            str(c.size),
            ", ".join(f"{b} ({c.labels[b]})" for b in c.your_circles) or "—",
            str(c.you_know),
            _names(c.members, 3),
        )
    console.print(table)
    across = [c for c in r.circles if c.cuts_across]
    if across:
        say("\nCutting across your circles")
        for c in across:
            say("", f"  #{c.index} {c.name}: spans " + ", ".join(c.your_circles))
    if r.in_several:
        say(f"\nIn several of your circles ({len(r.in_several)})")
        for p in r.in_several[:10]:
            say("", f"  {p.person.name}: {', '.join(p.circles)}")
        if len(r.in_several) > 10:
            say("", f"  … and {len(r.in_several) - 10} more (--json lists them all)")
    if r.connections:
        say("\nHow your circles connect without you")
        for x in r.connections[:12]:
            parts = []
            if x.in_both:
                parts.append(f"in both: {_names(x.in_both, 3)}")
            if x.ties:
                parts.append(f"{_plural(x.ties, 'tie')} across")
            if x.go_betweens:
                parts.append(f"{_plural(len(x.go_betweens), 'go-between')}")
            say("", f"  {x.a} ↔ {x.b}: {'; '.join(parts)} — through {_names(x.through, 3)}")
        if len(r.connections) > 12:
            say("", f"  … and {len(r.connections) - 12} more pairs (--json lists them all)")
    you = r.you
    say(
        "\nYou",
        f": tied into {len(you.tied_into)} of {len(r.circles)} discovered circles"
        + (f"; you know most of {you.closest}" if you.closest else "")
        + (f"; your own circles: {', '.join(you.circles)}" if you.circles else ""),
    )


@app.command("circles")
def circles(ctx: typer.Context, seed: int = SEED_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Circles discovered in your ties (Leiden on tie strength), beside your own circles.

    Shows which discovered circles cut across your circles, who sits in several
    of them, and through whom your circles connect without you. You are left out
    of the search, since everyone is tied to you.

    Example: kith circles --json
    """
    from kithkin.service import circles_discovered as svc

    report = svc.discovered_circles(app_of(ctx), seed=seed)
    emit(report, as_json, lambda: render_circles(report))


def _spans(spans: list[svc.SpanView], limit: int = 3) -> str:
    shown = [
        f"{s.a} ↔ {s.b}" + (" (only bridge)" if s.sole else f" ({s.carries} of {s.of} links)")
        for s in spans[:limit]
    ]
    return "; ".join(shown) + (f"; +{len(spans) - limit} more" if len(spans) > limit else "")


def _measure(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def render_brokers(r: svc.BrokersReport) -> None:
    table = _table(
        f"People who bridge your circles ({len(r.bridges)} shown of {r.people} people)",
        "person",
        "bridges",
        "between",
        "constraint",
        "eff. size",
    )
    table.columns[1].justify = "left"
    for b in r.bridges:
        _row(
            table,
            b.person.name,
            _spans(b.your_circles) or f"discovered: {_spans(b.discovered, 2)}",
            f"{b.betweenness:.3f}",
            _measure(b.constraint, 2),
            _measure(b.effective_size, 1),
        )
    console.print(table)
    if r.you is not None:
        y = r.you
        say(
            "\nYou",
            f": {y.contacts} contacts, constraint {_measure(y.constraint, 3)}, effective size "
            f"{_measure(y.effective_size, 1)}, betweenness {y.betweenness:.3f}",
        )
        if y.only_through_you:
            pairs = [f"{a} ↔ {b}" for a, b in y.only_through_you]
            more = f" +{len(pairs) - 8} more" if len(pairs) > 8 else ""
            say(
                "",
                f"  Only you join {len(pairs)} pairs of your circles: {', '.join(pairs[:8])}{more}",
            )
    if r.everyone:
        table = _table(
            f"Everyone ({r.people}), without you",
            "person",
            "contacts",
            "between",
            "constraint",
            "eff. size",
        )
        for m in r.everyone:
            _row(
                table,
                m.person.name,
                str(m.contacts),
                f"{m.betweenness:.3f}",
                _measure(m.constraint, 2),
                _measure(m.effective_size, 1),
            )
        console.print(table)
    say(
        "Low constraint and high betweenness: a person's contacts do not know each other, "
        "so they broker between circles.",
        style="dim",
    )


@app.command("brokers")
def brokers(
    ctx: typer.Context,
    limit: int = typer.Option(10, "--limit", "-n", help="How many bridges to list (0: all)."),
    everyone: bool = typer.Option(
        False, "--everyone", help="Also give everyone's constraint, effective size, betweenness."
    ),
    seed: int = SEED_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The people who bridge your circles, and which circles each one bridges.

    Ranked by how many of the links between two circles run through them (an
    "only bridge" carries them all), with Burt's constraint, effective size and
    betweenness; your own brokerage is shown too.

    Example: kith brokers --limit 5
    """
    from kithkin.service import circles_discovered as svc

    report = svc.brokers(app_of(ctx), limit=limit, everyone=everyone, seed=seed)
    emit(report, as_json, lambda: render_brokers(report))


def render_reach(r: reach_svc.ReachReport) -> None:
    say(
        "Your reach",
        f": {r.contacts} people in one hop, {r.second_hop} more in two"
        + (f" (ties of strength {r.min_strength:g} or more)" if r.min_strength else ""),
    )
    table = _table("", "", "one hop", "within two hops")
    for c in r.counts:
        _row(table, c.kind + "s", str(c.one_hop), str(c.two_hops))
    console.print(table)
    if r.fragile:
        say(f"\nFragile: reached through one person only ({len(r.fragile)})")
        for f in r.fragile[:20]:
            say("", f"  {f.kind} {f.name} — only through {f.through[0].name}")
        if len(r.fragile) > 20:
            say("", f"  … and {len(r.fragile) - 20} more (--json lists them all)")
    else:
        say("", "\nNothing hangs on a single person.")


@app.command("reach")
def reach(
    ctx: typer.Context,
    min_strength: float = typer.Option(
        0.0, "--min-strength", help="Count only ties at least this strong (0 to 1)."
    ),
    seed: int = SEED_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """How many organisations, fields and circles you reach in one and two hops,
    and which ones hang on a single person.

    Example: kith reach --min-strength 0.3
    """
    from kithkin.service import reach as reach_svc

    report = reach_svc.reach(app_of(ctx), min_strength=min_strength, seed=seed)
    emit(report, as_json, lambda: render_reach(report))
