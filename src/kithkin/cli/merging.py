"""``kith merge`` and ``kith unmerge``: when two records are one person."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from kithkin.cli.context import JSON_OPTION, app_of, console, emit, err_console
from kithkin.cli.root import app
from kithkin.errors import InvalidInput

if TYPE_CHECKING:
    from kithkin.service import merging as svc
    from kithkin.service.app import App

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.


def _show(p: svc.ProposalView) -> None:
    console.print(f"[bold]#{p.id}[/] score {p.score:.2f}: {p.evidence}")
    for side in (p.a, p.b):
        console.print(f"  #{side.id} {side.name}" + (f" — {side.detail}" if side.detail else ""))


def _said(r: svc.MergeResult) -> str:
    return (
        f"Merged {r.merged_name} (#{r.merged_id}) into {r.kept_name} (#{r.kept_id});"
        f" merge #{r.merge_id}."
    )


def _log(app_obj: App, as_json: bool) -> None:
    from kithkin.service.merge_log import merge_log

    entries = merge_log(app_obj)

    def render() -> None:
        if not entries:
            console.print("No merges yet.")
        for e in entries:
            number = f"merge #{e.merge_id} " if e.merge_id is not None else ""
            undone = " (undone)" if e.undone else ""
            console.print(
                f"{e.at:%Y-%m-%d %H:%M} {number}into {e.kept_name} (#{e.kept_id}), "
                f"{e.how}: {e.what}{undone}",
                markup=False,
            )

    emit(entries, as_json, render)


@app.command("merge")
def merge(
    ctx: typer.Context,
    people: list[str] = typer.Argument(None, help="A and B: B becomes part of A."),
    review: bool = typer.Option(False, "--review", help="Walk the proposed merges one by one."),
    accept_all: bool = typer.Option(
        False, "--accept-all", help="With --review: accept every proposal without asking."
    ),
    log: bool = typer.Option(
        False, "--log", help="List every merge (by hand, reviewed, or by an import), newest first."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Merge two records of one person, or review the merges an import proposed.

    With --review each proposal shows its evidence; answer a (accept), r (reject),
    s (skip) or q (quit). With --review --json the proposals are listed, not asked.

    Example: kith merge --review
    """
    from kithkin.service import merging as svc

    app_obj = app_of(ctx)
    if log:
        _log(app_obj, as_json)
        return
    if not review and not accept_all:
        if not people or len(people) != 2:
            raise InvalidInput("name two people (kith merge A B), or use --review")
        result = svc.merge_people(app_obj, people[0], people[1])
        emit(result, as_json, lambda: console.print(_said(result)))
        return
    if people:
        raise InvalidInput("--review takes no names; it walks every open proposal")
    if accept_all:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        # One transaction for every proposal; the bar says how far it is (on stderr).
        bar = Progress(
            TextColumn("merging"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            transient=True,
            disable=as_json,
        )
        with bar:
            task = bar.add_task("merging", total=None)
            done = svc.accept_all(
                app_obj, lambda n, total: bar.update(task, completed=n, total=total)
            )
        emit(
            done, as_json, lambda: console.print("\n".join(map(_said, done)) or "Nothing to merge.")
        )
        return
    proposals = svc.list_proposals(app_obj)
    if as_json:
        emit(proposals, True, lambda: None)
        return
    if not proposals:
        console.print("No proposed merges to review.")
        return
    handled: set[int] = set()
    while True:
        pending = [p for p in svc.list_proposals(app_obj) if p.id not in handled]
        if not pending:
            break
        p = pending[0]
        handled.add(p.id)
        _show(p)
        answer = (
            typer.prompt("accept, reject, skip or quit? [a/r/s/q]", default="s").strip().lower()
        )
        if answer.startswith("q"):
            break
        if answer.startswith("a"):
            accepted = svc.decide_proposal(app_obj, p.id, accept=True)
            assert accepted is not None
            console.print(_said(accepted))
        elif answer.startswith("r"):
            svc.decide_proposal(app_obj, p.id, accept=False)
            console.print(f"Kept #{p.a.id} and #{p.b.id} apart.")
        else:
            console.print("Skipped.")


@app.command("unmerge")
def unmerge(
    ctx: typer.Context,
    who: str | None = typer.Argument(None, help="The person a merge went into (its latest merge)."),
    merge_id: int | None = typer.Option(None, "--id", help="The merge's number instead."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Undo a merge exactly: both people come back with everything they had.

    Example: kith unmerge "Priya Raman"
    """
    from kithkin.service import merging as svc

    result = svc.unmerge(app_of(ctx), who, merge_id)
    emit(
        result,
        as_json,
        lambda: console.print(
            f"Undid merge #{result.merge_id}: {result.kept_name} (#{result.kept_id}) and "
            f"{result.merged_name} (#{result.merged_id}) are two people again."
        ),
    )
