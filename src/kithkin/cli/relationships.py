"""``kith ready``: whether a relationship can carry an ask now; and how a relationship renders."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app
from kithkin.model import AskKind, Readiness, Tier

if TYPE_CHECKING:
    from kithkin.service import relationships as svc

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

STATUS_STYLE = {
    Readiness.READY: "bold green",
    Readiness.CULTIVATE_FIRST: "bold yellow",
    Readiness.NOT_APPROPRIATE: "bold red",
}
SIZE_EXAMPLE = {"small": "advice", "medium": "intro", "large": "referral"}


def tier_label(tier: Tier | None, acquaintance: bool) -> str:
    """Acquaintances are always called so, whatever list they appear in."""
    if acquaintance:
        return "acquaintance"
    return tier.value if tier is not None else "no tie with you"


@app.command("ready")
def ready(
    ctx: typer.Context,
    who: str = typer.Argument(..., help="Whom you would ask: name, nickname or #ID."),
    ask: AskKind = typer.Option(
        AskKind.INTRO, "--ask", help="advice, question, intro, referral or job."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Say whether a relationship is ready for an ask, why, and what to give first.

    Example: kith ready "Leo Martins" --ask intro
    """
    from kithkin.service import relationships as svc

    view = svc.ready(app_of(ctx), who, ask)

    def render() -> None:
        style = STATUS_STYLE[view.status]
        console.print(
            f"[bold]{escape(view.name)}[/] for {view.ask.value} ({view.size.value} ask):"
            f" [{style}]{view.status.value}[/]"
        )
        console.print(
            f"  [dim]strength {view.strength:.2f} · {tier_label(view.tier, view.acquaintance)}[/]"
        )
        for r in view.reasons:
            console.print(f"  - {escape(r)}")
        if view.suggestions:
            if view.status is not Readiness.READY:
                console.print("  [bold]give first[/]")
            for s in view.suggestions:
                console.print(f"  → {escape(s)}")
        if view.tier is None and view.status is not Readiness.READY:
            console.print(f'  [dim]try: kith path --to-person "{escape(view.name)}"[/]')

    emit(view, as_json, render)


def render_relationship(rel: svc.RelationshipView) -> None:
    """The relationship block of ``kith person show``."""
    label = tier_label(rel.tier, rel.acquaintance)
    console.print(f"  [dim]{'strength':>15}[/]  {rel.strength:.2f} ({label})")
    for r in rel.reasons[:5]:
        console.print(f"  {'':>15}  - {escape(r)}")
    if rel.tier is not None:  # no cadence or balance to speak of without a tie
        note = f" ({rel.cadence_note})" if rel.cadence_note else ""
        console.print(f"  [dim]{'cadence':>15}[/]  about every {_days(rel.cadence_days)}{note}")
        recip = rel.reciprocity
        detail = "; ".join(recip.reasons[:2])
        console.print(f"  [dim]{'reciprocity':>15}[/]  {recip.label} — {escape(detail)}")
    parts = []
    for size, verdict in rel.readiness.items():
        style = STATUS_STYLE[verdict.status]
        parts.append(f"{SIZE_EXAMPLE[size]}: [{style}]{verdict.status.value}[/]")
    console.print(f"  [dim]{'ready for':>15}[/]  " + ", ".join(parts))
    medium = rel.readiness.get("medium")
    if medium is not None and medium.status is not Readiness.READY and medium.suggestions:
        console.print(f"  [dim]{'give first':>15}[/]  {escape(medium.suggestions[0])}")


def _days(days: float) -> str:
    if days < 1.5:
        return "day"
    if days < 14:
        return f"{days:.0f} days"
    if days < 60:
        return f"{days / 7:.0f} weeks"
    if days < 730:
        return f"{days / 30.44:.0f} months"
    return f"{days / 365.25:.0f} years"
