"""``kith path``, ``kith mentors`` and ``kith intro draft``: warm paths across every circle."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit
from kithkin.cli.root import app
from kithkin.errors import InvalidInput
from kithkin.model import AskKind, Readiness

if TYPE_CHECKING:
    from kithkin.insight.hops import PathView
    from kithkin.insight.targets import TargetKind

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

TO = typer.Option(None, "--to", help="A person, organisation, role or skill; the kind is guessed.")
TO_PERSON = typer.Option(None, "--to-person", help="A person (name, nickname or #ID).")
TO_ORG = typer.Option(None, "--to-org", help="An organisation: current or past staff.")
TO_ROLE = typer.Option(None, "--to-role", help="A role or title, e.g. 'Engineering Manager'.")
SKILL = typer.Option(None, "--skill", help="A skill or field, e.g. 'data engineering'.")
OPPORTUNITY = typer.Option(
    None, "--opportunity", help="An opening's number from 'kith opportunity list'."
)
ASK = typer.Option(AskKind.INTRO.value, "--ask", help="intro, referral or advice.")


def _target(
    to: str | None,
    person: str | None,
    org: str | None,
    role: str | None,
    skill: str | None,
    opportunity: int | None,
) -> tuple[str | None, TargetKind | None]:
    from kithkin.insight.targets import TargetKind

    given = [
        (value, kind)
        for value, kind in (
            (to, None),
            (person, TargetKind.PERSON),
            (org, TargetKind.ORGANISATION),
            (role, TargetKind.ROLE),
            (skill, TargetKind.SKILL),
        )
        if value
    ]
    if len(given) + (opportunity is not None) != 1:
        raise InvalidInput(
            "give exactly one target: --to, --to-person, --to-org, --to-role, --skill "
            "or --opportunity"
        )
    return given[0] if given else (None, None)


def _ask(value: str) -> AskKind:
    from kithkin.service import paths as svc

    try:
        ask = AskKind(value.strip().lower())
    except ValueError:
        ask = AskKind.JOB
    if ask not in svc.ASKS:
        raise InvalidInput(f"--ask is intro, referral or advice, not '{value}'")
    return ask


STATUS_STYLE = {
    Readiness.READY: "green",
    Readiness.CULTIVATE_FIRST: "yellow",
    Readiness.NOT_APPROPRIATE: "red",
}


def render_path(view: PathView, title: str | None = None) -> None:
    chain = " → ".join(["you", *(h.to_name for h in view.hops)])
    head = title or f"{view.rank}. {chain}"
    console.print(
        f"[bold]{head}[/]  [dim](chance {view.chance:.2f}; ties {view.probability:.2f})[/]"
    )
    if view.target_why:
        console.print(f"   target: {view.target_name} — {view.target_why}")
    for i, hop in enumerate(view.hops):
        marker = " [red]← weakest link[/]" if i == view.weakest and len(view.hops) > 1 else ""
        source = "" if hop.source == "stated" else f", {hop.source}"
        console.print(f"   {hop.from_name} → {hop.to_name}  [dim]p {hop.p:.2f}{source}[/]{marker}")
        for why in hop.why[:4]:
            console.print(f"      · {why}")
        if hop.verdict is not None:
            asker = "you ask" if i == 0 else f"{hop.from_name} asks"
            style = STATUS_STYLE[hop.verdict.status]
            said = "" if i == 0 else f" — {hop.verdict.reasons[0]}"
            console.print(f"      {asker}: [{style}]{hop.verdict.status.value}[/]{said}")
    style = STATUS_STYLE[view.first_hop.status]
    console.print(f"   first hop: [{style}]{view.first_hop.status.value}[/]")
    for said in view.learned:
        console.print(f"   learned: {said}")
    console.print(f"   next: {view.advice}")


@app.command("path")
def path(
    ctx: typer.Context,
    to: str | None = TO,
    to_person: str | None = TO_PERSON,
    to_org: str | None = TO_ORG,
    to_role: str | None = TO_ROLE,
    skill: str | None = SKILL,
    opportunity: int | None = OPPORTUNITY,
    ask: str = ASK,
    k: int = typer.Option(3, "-k", help="How many paths to show."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find the best warm paths to a person, organisation, role, skill or opening.

    Example: kith path --to "Contoso" --ask referral -k 3
    """
    from kithkin.service import paths as svc

    text, kind = _target(to, to_person, to_org, to_role, skill, opportunity)
    result = svc.find_paths(app_of(ctx), text, kind, _ask(ask), k, opportunity)

    def render() -> None:
        console.print(
            f"Paths to {result.target} ({result.target_kind.value}, {result.matched} "
            f"{'person' if result.matched == 1 else 'people'}) for {result.ask.value}:"
        )
        if not result.paths:
            console.print("No warm path yet: add the ties you know of with 'kith tie add'.")
        for view in result.paths:
            render_path(view)

    emit(result, as_json, render)


@app.command("mentors")
def mentors(
    ctx: typer.Context,
    field: str = typer.Option(..., "--field", help="The field, e.g. 'data engineering'."),
    limit: int = typer.Option(5, "-n", help="How many mentors to show."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find possible mentors anywhere in your network, friends of friends included.

    Example: kith mentors --field "data engineering"
    """
    from kithkin.service import paths as svc

    found = svc.find_mentors(app_of(ctx), field, limit)

    def render() -> None:
        if not found:
            console.print(f"No one in your network shows expertise in {field} yet.")
        for i, m in enumerate(found, 1):
            senior = f", {m.seniority}" if m.seniority else ""
            console.print(
                f"[bold]{i}. {m.name}[/] — {m.headline}  [dim](fit {m.fit:.2f}{senior}, "
                f"reach {m.reach:.2f})[/]"
            )
            console.print(f"   expertise: {'; '.join(m.expertise)}")
            render_path(
                m.path, "   path: " + " → ".join(["you", *(h.to_name for h in m.path.hops)])
            )

    emit(found, as_json, render)


intro_app = typer.Typer(
    help="Introduction requests written only from what is stored.\n\n"
    'Example: kith intro draft --to "Contoso"'
)
app.add_typer(intro_app, name="intro")


@intro_app.command("draft")
def intro_draft(
    ctx: typer.Context,
    to: str | None = TO,
    to_person: str | None = TO_PERSON,
    to_org: str | None = TO_ORG,
    to_role: str | None = TO_ROLE,
    skill: str | None = SKILL,
    opportunity: int | None = OPPORTUNITY,
    ask: str = ASK,
    path_no: int = typer.Option(1, "--path", help="Which path, as numbered by 'kith path'."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Draft a short, honest request to the first person on a path; every fact is sourced.

    Example: kith intro draft --to "Contoso" --path 1
    """
    from kithkin.service import paths as svc

    text, kind = _target(to, to_person, to_org, to_role, skill, opportunity)
    result = svc.draft_intro_request(app_of(ctx), text, kind, _ask(ask), path_no, opportunity)

    def render() -> None:
        chain = " → ".join(["you", *(h.to_name for h in result.path.hops)])
        console.print(f"[bold]To {result.draft.to_name}[/]  [dim]({chain})[/]\n")
        console.print(result.text)
        if result.path.first_hop.status is not Readiness.READY:
            console.print(f"\n[yellow]Before sending:[/] {result.path.advice}")
        console.print("\n[dim]Facts used:[/]")
        for s in result.draft.sentences:
            for f in s.facts:
                console.print(f"  [dim]· {f.value} — {f.source}[/]")

    emit(result, as_json, render)
