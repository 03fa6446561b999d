"""``kith report``: the network's health as text, JSON and a chart image."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app
from kithkin.errors import InvalidInput

if TYPE_CHECKING:
    from kithkin.insight.report import NetworkReport, Reach

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.


def _reach(label: str, r: Reach) -> None:
    console.print(
        f"  {label}: {r.people} people, {len(r.circles)} circles, "
        f"{len(r.organisations)} organisations"
    )
    if r.circles:
        console.print(f"    [dim]circles:[/] {', '.join(r.circles)}")


def render_report(r: NetworkReport) -> None:
    console.print(f"[bold]Network health on {r.now:%Y-%m-%d}[/] — {r.ties} ties of your own")
    console.print("  per tier: " + ", ".join(f"{t} {n}" for t, n in r.per_tier.items()))
    console.print(
        f"  dormant {r.dormant_share:.0%}, acquaintances {r.acquaintance_share:.0%} of your ties"
    )
    console.print(
        "  reciprocity: "
        + ", ".join(f"{label} {n}" for label, n in r.reciprocity.items())
        + f" (mean balance {r.mean_balance:+.2f}; positive: you have given more)"
    )
    _reach("within one hop", r.one_hop)
    _reach("within two hops", r.two_hops)
    if r.one_sided:
        console.print(f"  one-sided ties ({len(r.one_sided)}): {', '.join(r.one_sided)}")
    else:
        console.print("  no one-sided ties")
    if r.learned:
        console.print("What strength learned from your history")
        for line in r.learned:
            console.print(f"  {line}", markup=False)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc


@app.command("report")
def report(
    ctx: typer.Context,
    png: Path | None = typer.Option(None, "--png", help="Also draw the chart to this PNG file."),
    svg: Path | None = typer.Option(None, "--svg", help="Also draw the chart to this SVG file."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Your network's health: tiers, dormant and acquaintance share, reciprocity,
    circles and organisations within one and two hops, one-sided ties.

    Example: kith report --png report.png
    """
    from kithkin.service import report as svc

    result = svc.network_health(app_of(ctx))
    if png is not None:
        _write(png, svc.report_chart(result, "png"))
    if svg is not None:
        _write(svg, svc.report_chart(result, "svg"))

    def render() -> None:
        render_report(result)
        for path in (p for p in (png, svg) if p is not None):
            console.print(f"Wrote the chart to {path}.")

    emit(result, as_json, render)
