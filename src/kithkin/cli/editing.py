"""Correcting and taking back: ``kith person job …``, ``kith person note …``, ``kith tie
edit``, ``kith circle rename``, ``kith interaction|favour …``, ``kith ask edit|remove``,
``kith goal edit``, ``kith opportunity edit`` and ``kith undo``.

Every removal asks first (``--yes`` skips the question); every change can be taken
back with ``kith undo`` until something else is written.
"""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from kithkin.cli.activity import ask_app
from kithkin.cli.circles import circle_app
from kithkin.cli.context import JSON_OPTION, app_of, confirm, console, emit
from kithkin.cli.goals import goal_app
from kithkin.cli.opportunities import opportunity_app
from kithkin.cli.people import person_app
from kithkin.cli.root import app
from kithkin.cli.ties import tie_app
from kithkin.model import AskKind, AskOutcome, Channel, ExchangeKind
from kithkin.service.when import day_of, when_of

# Service modules are imported inside the commands that use them (see cli/people.py).

YES = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")
UNDO_HINT = "Undo it with: kith undo"


def _day(ctx: typer.Context, text: str | None, clear: date) -> date | None:
    """A date option: None leaves the field, 'none' empties it."""
    if text is None:
        return None
    if text.strip().lower() in {"none", "no", ""}:
        return clear
    return day_of(app_of(ctx), text)


# -- kith person job --------------------------------------------------------------------
job_app = typer.Typer(
    help="A person's jobs, with start and end dates.\n\n"
    'Example: kith person job add "Ben Okafor" --org Initech --role Analyst --start 2019-03-01'
)
person_app.add_typer(job_app, name="job")
WHO = typer.Argument(..., help="Name, nickname, #ID or me.")
NUMBER = typer.Argument(..., help="The job's number, as 'kith person job list' shows it.")


@job_app.command("list")
def job_list(ctx: typer.Context, who: str = WHO, as_json: bool = JSON_OPTION) -> None:
    """List a person's jobs, numbered, with their periods.

    Example: kith person job list "Ben Okafor"
    """
    from kithkin.service import jobs as svc

    found = svc.list_jobs(app_of(ctx), who)

    def render() -> None:
        table = Table(title=f"{len(found)} jobs", title_justify="left")
        for col in ("#", "organisation", "role", "start", "end"):
            table.add_column(col)
        for i, j in enumerate(found, start=1):
            end = str(j.end) if j.end else ("now" if j.current else "ended")
            table.add_row(str(i), j.organisation, j.role, str(j.start or ""), end)
        console.print(table)

    emit(found, as_json, render)


@job_app.command("add")
def job_add(
    ctx: typer.Context,
    who: str = WHO,
    org: str = typer.Option(..., "--org", help="The organisation."),
    role: str = typer.Option("", "--role", help="Role or title."),
    start: str | None = typer.Option(None, "--start", help="When it began."),
    end: str | None = typer.Option(None, "--end", help="When it ended (none: still there)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a job, past or current, to a person.

    Example: kith person job add "Ben Okafor" --org Initech --start 2019-03 --end 2022-08-31
    """
    from kithkin.service import jobs as svc

    app_obj = app_of(ctx)
    job = svc.add_job(
        app_obj,
        who,
        org,
        role,
        day_of(app_obj, start) if start else None,
        day_of(app_obj, end) if end else None,
    )
    emit(job, as_json, lambda: console.print(f"Added the job at {job.organisation} to {who}."))


@job_app.command("edit")
def job_edit(
    ctx: typer.Context,
    who: str = WHO,
    number: int = NUMBER,
    org: str | None = typer.Option(None, "--org", help="The organisation."),
    role: str | None = typer.Option(None, "--role", help="Role or title."),
    start: str | None = typer.Option(None, "--start", help="When it began ('none' clears)."),
    end: str | None = typer.Option(None, "--end", help="When it ended ('none': still there)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct a job: its organisation, role, start or end.

    Example: kith person job edit "Ben Okafor" 1 --end 2024-01-31
    """
    from kithkin.service import jobs as svc

    job = svc.edit_job(
        app_of(ctx),
        who,
        number,
        svc.JobChanges(org, role, _day(ctx, start, svc.CLEAR), _day(ctx, end, svc.CLEAR)),
    )
    emit(job, as_json, lambda: console.print(f"Updated job {number} of {who}. {UNDO_HINT}"))


@job_app.command("remove")
def job_remove(
    ctx: typer.Context, who: str = WHO, number: int = NUMBER, yes: bool = YES,
    as_json: bool = JSON_OPTION,
) -> None:  # fmt: skip
    """Remove one of a person's jobs.

    Example: kith person job remove "Ben Okafor" 2 --yes
    """
    from kithkin.service import jobs as svc

    confirm(f"Remove job {number} of {who}?", yes)
    job = svc.remove_job(app_of(ctx), who, number)
    emit(job, as_json, lambda: console.print(f"Removed the job at {job.organisation}. {UNDO_HINT}"))


# -- kith person note -------------------------------------------------------------------
note_app = typer.Typer(
    help="Dated notes on a person; a person keeps all of them.\n\n"
    'Example: kith person note add "May Parker" "Moving to Lisbon in spring"'
)
person_app.add_typer(note_app, name="note")
NOTE_ID = typer.Argument(..., help="The note's number, as 'kith person note list' shows it.")


@note_app.command("add")
def note_add(
    ctx: typer.Context,
    who: str = WHO,
    text: str = typer.Argument(..., help="The note."),
    when: str | None = typer.Option(None, "--when", help="When it was written (default now)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a dated note to a person (earlier notes are kept).

    Example: kith person note add "May Parker" "Asked about my new job" --when yesterday
    """
    from kithkin.service import notes as svc

    app_obj = app_of(ctx)
    note = svc.add_note(app_obj, who, text, when_of(app_obj, when) if when else None)
    emit(note, as_json, lambda: console.print(f"Added note #{note.id} to {who}."))


@note_app.command("list")
def note_list(ctx: typer.Context, who: str = WHO, as_json: bool = JSON_OPTION) -> None:
    """List a person's notes, oldest first.

    Example: kith person note list "May Parker"
    """
    from kithkin.service import notes as svc

    found = svc.list_notes(app_of(ctx), who)

    def render() -> None:
        for n in found:
            console.print(f"#{n.id}  {n.written_at:%Y-%m-%d}  {n.text}")
        if not found:
            console.print(f"No notes on {who} yet.")

    emit(found, as_json, render)


@note_app.command("edit")
def note_edit(
    ctx: typer.Context,
    note_id: int = NOTE_ID,
    text: str | None = typer.Argument(None, help="The new text."),
    when: str | None = typer.Option(None, "--when", help="A new date for it."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct a note's text or date.

    Example: kith person note edit 3 "Moved to Lisbon"
    """
    from kithkin.service import notes as svc

    app_obj = app_of(ctx)
    note = svc.edit_note(app_obj, note_id, text, when_of(app_obj, when) if when else None)
    emit(note, as_json, lambda: console.print(f"Updated note #{note_id}. {UNDO_HINT}"))


@note_app.command("remove")
def note_remove(
    ctx: typer.Context, note_id: int = NOTE_ID, yes: bool = YES, as_json: bool = JSON_OPTION
) -> None:
    """Remove a note.

    Example: kith person note remove 3 --yes
    """
    from kithkin.service import notes as svc

    confirm(f"Remove note #{note_id}?", yes)
    note = svc.remove_note(app_of(ctx), note_id)
    emit(note, as_json, lambda: console.print(f"Removed note #{note_id}. {UNDO_HINT}"))


# -- kith tie edit ----------------------------------------------------------------------
@tie_app.command("edit")
def tie_edit(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="One person (or me)."),
    b: str = typer.Argument(..., help="The other person."),
    kind: list[str] = typer.Option(
        [], "--kind", "-k", help="The tie's kinds, replacing the ones it has (repeatable)."
    ),
    closeness: int | None = typer.Option(
        None, "--closeness", min=0, max=5, help="1 (distant) to 5 (closest); 0 clears it."
    ),
    since: str | None = typer.Option(None, "--since", help="When the tie began ('none' clears)."),
    note: str | None = typer.Option(None, "--note", help="Why you know they are tied."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct a tie between any two people: its kinds, closeness, start or note.

    Example: kith tie edit "May Parker" "Ben Okafor" --kind neighbour --kind friend --closeness 3
    """
    from kithkin.service import editing_network as svc

    tie = svc.edit_tie(
        app_of(ctx),
        a,
        b,
        svc.TieChanges(kind or None, closeness, _day(ctx, since, svc.CLEAR_SINCE), note),
    )
    kinds = ", ".join(k.kind for k in tie.kinds) or "no kind"
    emit(tie, as_json, lambda: console.print(f"Tie {a} – {b}: {kinds}. {UNDO_HINT}"))


# -- kith circle rename -----------------------------------------------------------------
@circle_app.command("rename")
def circle_rename(
    ctx: typer.Context,
    old: str = typer.Argument(..., help="The circle's name now."),
    new: str = typer.Argument(..., help="Its new name (an existing circle's: the two join)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Rename a circle; renaming it to an existing circle's name joins the two.

    Example: kith circle rename "friends from school" school:Lycée
    """
    from kithkin.service import editing_network as svc

    name = svc.rename_circle(app_of(ctx), old, new)
    emit(
        {"circle": name},
        as_json,
        lambda: console.print(f"Renamed the circle {old} to {name}. {UNDO_HINT}"),
    )


# -- kith interaction ---------------------------------------------------------------------
interaction_app = typer.Typer(
    help="Interactions you logged: list, correct or remove them.\n\n"
    'Example: kith interaction list --person "Ben Okafor"'
)
app.add_typer(interaction_app, name="interaction")
ID = typer.Argument(..., help="Its number, as the list shows it.")
WHEN = typer.Option(None, "--when", help="When it happened.")


@interaction_app.command("list")
def interaction_list(
    ctx: typer.Context,
    person: str | None = typer.Option(None, "--person", help="Only with this person."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many, newest first."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the latest interactions with their numbers.

    Example: kith interaction list --person "Ben Okafor" --limit 5
    """
    from kithkin.service import editing_activity as svc

    found = svc.list_interactions(app_of(ctx), person, limit)

    def render() -> None:
        table = Table(title=f"{len(found)} interactions", title_justify="left")
        for col in ("#", "when", "channel", "with", "note"):
            table.add_column(col)
        for row in found:
            it = row.interaction
            table.add_row(
                str(it.id), f"{it.when:%Y-%m-%d}", it.channel.value, ", ".join(row.with_names),
                it.note,
            )  # fmt: skip
        console.print(table)

    emit(found, as_json, render)


@interaction_app.command("edit")
def interaction_edit(
    ctx: typer.Context,
    interaction_id: int = ID,
    channel: Channel | None = typer.Option(None, "--channel", help="in-person, call, video…"),
    when: str | None = WHEN,
    note: str | None = typer.Option(None, "--note", help="What it was about."),
    answered: bool | None = typer.Option(
        None, "--answered/--no-answer", help="Whether the other side answered."
    ),
    people: list[str] = typer.Option(
        [], "--with", help="Who took part besides you, replacing them (repeatable)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct an interaction: channel, date, note, answer or who took part.

    Example: kith interaction edit 12 --channel call --note "Talked about the Rust team"
    """
    from kithkin.service import editing_activity as svc

    app_obj = app_of(ctx)
    it = svc.edit_interaction(
        app_obj,
        interaction_id,
        svc.InteractionChanges(
            when=when_of(app_obj, when) if when else None,
            channel=channel,
            note=note,
            answered=answered,
            people=people or None,
        ),
    )
    emit(it, as_json, lambda: console.print(f"Updated interaction #{it.id}. {UNDO_HINT}"))


@interaction_app.command("remove")
def interaction_remove(
    ctx: typer.Context, interaction_id: int = ID, yes: bool = YES, as_json: bool = JSON_OPTION
) -> None:
    """Remove an interaction logged by mistake.

    Example: kith interaction remove 12 --yes
    """
    from kithkin.service import editing_activity as svc

    confirm(f"Remove interaction #{interaction_id}?", yes)
    it = svc.remove_interaction(app_of(ctx), interaction_id)
    emit(it, as_json, lambda: console.print(f"Removed interaction #{it.id}. {UNDO_HINT}"))


# -- kith favour ------------------------------------------------------------------------
favour_app = typer.Typer(
    help="Favours you recorded: list, correct or remove them.\n\nExample: kith favour list"
)
app.add_typer(favour_app, name="favour")


@favour_app.command("list")
def favour_list(
    ctx: typer.Context,
    person: str | None = typer.Option(None, "--person", help="Only with this person."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many, newest first."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the latest favours with their numbers.

    Example: kith favour list --person "May Parker"
    """
    from kithkin.service import editing_activity as svc

    found = svc.list_favours(app_of(ctx), person, limit)

    def render() -> None:
        table = Table(title=f"{len(found)} favours", title_justify="left")
        for col in ("#", "when", "kind", "", "note"):
            table.add_column(col)
        for row in found:
            ex = row.favour
            arrow = f"to {row.other_name}" if row.given_by_me else f"from {row.other_name}"
            table.add_row(str(ex.id), f"{ex.when:%Y-%m-%d}", ex.kind.value, arrow, ex.note)
        console.print(table)

    emit(found, as_json, render)


@favour_app.command("edit")
def favour_edit(
    ctx: typer.Context,
    favour_id: int = ID,
    kind: ExchangeKind | None = typer.Option(None, "--kind", help="intro, referral, advice…"),
    when: str | None = WHEN,
    weight: float | None = typer.Option(None, "--weight", min=0.1, help="How big it was."),
    note: str | None = typer.Option(None, "--note", help="What it was."),
    given: bool | None = typer.Option(
        None, "--given/--received", help="Whether you gave it or received it."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct a favour: kind, date, weight, note or direction.

    Example: kith favour edit 4 --kind referral --received
    """
    from kithkin.service import editing_activity as svc

    app_obj = app_of(ctx)
    ex = svc.edit_favour(
        app_obj,
        favour_id,
        svc.FavourChanges(kind, when_of(app_obj, when) if when else None, weight, note, given),
    )
    emit(ex, as_json, lambda: console.print(f"Updated favour #{ex.id}. {UNDO_HINT}"))


@favour_app.command("remove")
def favour_remove(
    ctx: typer.Context, favour_id: int = ID, yes: bool = YES, as_json: bool = JSON_OPTION
) -> None:
    """Remove a favour recorded by mistake.

    Example: kith favour remove 4 --yes
    """
    from kithkin.service import editing_activity as svc

    confirm(f"Remove favour #{favour_id}?", yes)
    ex = svc.remove_favour(app_of(ctx), favour_id)
    emit(ex, as_json, lambda: console.print(f"Removed favour #{ex.id}. {UNDO_HINT}"))


# -- kith ask edit / remove -------------------------------------------------------------
@ask_app.command("edit")
def ask_edit(
    ctx: typer.Context,
    ask_id: int = typer.Argument(..., help="The ask's number (kith ask list)."),
    kind: AskKind | None = typer.Option(None, "--kind", help="advice, question, intro…"),
    what: str | None = typer.Option(None, "--for", help="What you asked for."),
    when: str | None = WHEN,
    outcome: AskOutcome | None = typer.Option(None, "--outcome", help="accepted, declined…"),
    note: str | None = typer.Option(None, "--note", help="A note."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct an ask: its kind, what it was for, its date, outcome or note.

    Example: kith ask edit 3 --for "an intro to Contoso's platform team" --outcome accepted
    """
    from kithkin.service import editing_activity as svc

    app_obj = app_of(ctx)
    a = svc.edit_ask(
        app_obj,
        ask_id,
        svc.AskChanges(kind, what, when_of(app_obj, when) if when else None, outcome, note),
    )
    emit(a, as_json, lambda: console.print(f"Updated ask #{a.id}. {UNDO_HINT}"))


@ask_app.command("remove")
def ask_remove(
    ctx: typer.Context,
    ask_id: int = typer.Argument(..., help="The ask's number (kith ask list)."),
    yes: bool = YES,
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove an ask recorded by mistake.

    Example: kith ask remove 3 --yes
    """
    from kithkin.service import editing_activity as svc

    confirm(f"Remove ask #{ask_id}?", yes)
    a = svc.remove_ask(app_of(ctx), ask_id)
    emit(a, as_json, lambda: console.print(f"Removed ask #{a.id}. {UNDO_HINT}"))


# -- kith goal edit / kith opportunity edit -------------------------------------------------
@goal_app.command("edit")
def goal_edit(
    ctx: typer.Context,
    which: str = typer.Argument(..., help="The goal's number or its words."),
    text: str | None = typer.Option(None, "--text", help="New words, e.g. 'work at Initech'."),
    org: str | None = typer.Option(None, "--org", help="Aim at this organisation."),
    person: str | None = typer.Option(None, "--person", help="Aim at this person."),
    role: str | None = typer.Option(None, "--role", help="Aim at this role."),
    skill: str | None = typer.Option(None, "--skill", help="Aim at this skill."),
    ask: AskKind | None = typer.Option(None, "--ask", help="The ask it will need."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct a goal's words, target or the ask it will need.

    Example: kith goal edit 2 --text "work at Initech"
    """
    from kithkin.service import editing_network as svc

    goal = svc.edit_goal(app_of(ctx), which, svc.GoalChanges(text, org, person, role, skill, ask))
    emit(goal, as_json, lambda: console.print(f"Updated goal #{goal.id}: {goal.text}."))


@opportunity_app.command("edit")
def opportunity_edit(
    ctx: typer.Context,
    opp_id: int = typer.Argument(..., help="The opportunity's number."),
    org: str | None = typer.Option(None, "--org", help="The organisation."),
    role: str | None = typer.Option(None, "--role", help="The role."),
    url: str | None = typer.Option(None, "--url", help="Link to the posting."),
    note: str | None = typer.Option(None, "--note", help="A note."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Correct an opportunity's organisation, role, link or note.

    Example: kith opportunity edit 1 --role "Staff Platform Engineer"
    """
    from kithkin.service import editing_network as svc

    opp = svc.edit_opportunity(app_of(ctx), opp_id, svc.OpportunityChanges(org, role, url, note))
    emit(opp, as_json, lambda: console.print(f"Updated opportunity #{opp.id}. {UNDO_HINT}"))


# -- kith undo --------------------------------------------------------------------------
@app.command("undo")
def undo(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Take back the last change (an edit, an addition or a removal), if nothing was
    written after it.

    Example: kith undo
    """
    from kithkin.service import undo as svc

    done = svc.undo(app_of(ctx))
    emit(done, as_json, lambda: console.print(f"Undone: {done.what}."))
