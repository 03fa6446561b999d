"""``kith person …``: add, edit, show, list, find and remove people."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from kithkin.cli.context import JSON_OPTION, app_of, confirm, console, emit
from kithkin.cli.plain_table import Justify, PlainTable
from kithkin.cli.relationships import render_relationship, tier_label
from kithkin.cli.root import app
from kithkin.model import Affiliation, Person, Tier

if TYPE_CHECKING:
    from kithkin.service import people as svc
    from kithkin.service.read_model.people import RelationshipSummary

# Service modules are imported inside the commands that use them: loading them all here
# would make every kith invocation, even --help, pay for numpy, SQLAlchemy and the rest.

person_app = typer.Typer(help='People in your network.\n\nExample: kith person show "May Parker"')
app.add_typer(person_app, name="person")


def _changes(
    name: str | None,
    email: list[str],
    phone: list[str],
    org: str | None,
    role: str | None,
    location: str | None,
    birthday: str | None,
    skill: list[str],
    link: list[str],
    nickname: list[str],
    circle: list[str],
    notes: str | None,
) -> svc.PersonChanges:
    from kithkin.service import people as svc

    return svc.PersonChanges(
        name=name,
        emails=email,
        phones=phone,
        organisation=org,
        role=role,
        location=location,
        birthday=birthday,
        skills=skill,
        links=link,
        nicknames=nickname,
        circles=circle,
        notes=notes,
    )


EMAIL = typer.Option([], "--email", help="E-mail address (repeatable).")
PHONE = typer.Option([], "--phone", help="Phone number (repeatable).")
ORG = typer.Option(None, "--org", help="Current organisation.")
ROLE = typer.Option(None, "--role", help="Role or title at the organisation.")
LOCATION = typer.Option(None, "--location", help="Where they live.")
BIRTHDAY = typer.Option(None, "--birthday", help="YYYY-MM-DD, or --MM-DD without the year.")
SKILL = typer.Option([], "--skill", help="A skill or field of expertise (repeatable).")
LINK = typer.Option([], "--link", help="A web link (repeatable).")
NICK = typer.Option([], "--nickname", help="Another name they go by (repeatable).")
CIRCLE = typer.Option([], "--circle", help="A circle such as family or work:Globex (repeatable).")
NOTES = typer.Option(None, "--notes", help="A dated note (earlier notes are kept).")


def _summary(p: Person) -> str:
    bits = [f"[bold]{p.display_name}[/] (#{p.id})"]
    if p.headline:
        bits.append(p.headline)
    return " — ".join(bits)


@person_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Full name."),
    email: list[str] = EMAIL,
    phone: list[str] = PHONE,
    org: str | None = ORG,
    role: str | None = ROLE,
    location: str | None = LOCATION,
    birthday: str | None = BIRTHDAY,
    skill: list[str] = SKILL,
    link: list[str] = LINK,
    nickname: list[str] = NICK,
    circle: list[str] = CIRCLE,
    notes: str | None = NOTES,
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a person.

    Example: kith person add "Ben Okafor" --org Globex --role "Senior Engineer" --circle neighbours
    """
    from kithkin.service import people as svc

    person = svc.add_person(
        app_of(ctx),
        _changes(
            name, email, phone, org, role, location, birthday, skill, link, nickname, circle, notes
        ),
    )
    emit(person, as_json, lambda: console.print(f"Added {_summary(person)}."))


@person_app.command("edit")
def edit(
    ctx: typer.Context,
    who: str = typer.Argument(..., help="Name, nickname, #ID or me."),
    name: str | None = typer.Option(None, "--name", help="A new display name."),
    email: list[str] = EMAIL,
    phone: list[str] = PHONE,
    org: str | None = ORG,
    role: str | None = ROLE,
    location: str | None = LOCATION,
    birthday: str | None = BIRTHDAY,
    skill: list[str] = SKILL,
    link: list[str] = LINK,
    nickname: list[str] = NICK,
    circle: list[str] = CIRCLE,
    notes: str | None = NOTES,
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a person's details; lists (emails, skills, circles…) are added to.

    Example: kith person edit "Ben Okafor" --role "Staff Engineer" --skill "data engineering"
    """
    from kithkin.service import people as svc

    person = svc.edit_person(
        app_of(ctx),
        who,
        _changes(
            name, email, phone, org, role, location, birthday, skill, link, nickname, circle, notes
        ),
    )
    emit(person, as_json, lambda: console.print(f"Updated {_summary(person)}."))


@person_app.command("remove")
def remove(
    ctx: typer.Context,
    who: str = typer.Argument(..., help="Name, nickname or #ID."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Remove a person with their ties, interactions and favours.

    Example: kith person remove "#42" --yes
    """
    from kithkin.service import people as svc

    confirm(f"Remove {who} and all their history?", yes)
    person = svc.remove_person(app_of(ctx), who)
    emit(person, as_json, lambda: console.print(f"Removed {person.display_name}."))


@person_app.command("show")
def show(
    ctx: typer.Context,
    who: str = typer.Argument(..., help="Name, nickname, #ID or me."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a person: details, circles, and every tie across circles.

    Stored ties are listed one by one; inferred ties (shared jobs, circles, group
    meetings) one line per organisation, circle or kind, with the first names:
    "8 colleagues at Globex (inferred): A, B, C and 5 more". --json lists each tie.

    Example: kith person show "Ben Okafor"
    """
    from kithkin.service import people as svc

    view = svc.show_person(app_of(ctx), who)
    emit(view, as_json, lambda: render_person(view))


def _affiliation(a: Affiliation) -> str:
    text = f"{a.role} at {a.organisation}" if a.role else a.organisation
    return text if a.current else f"{text} (past)"


def render_person(view: svc.PersonView) -> None:
    p = view.person
    console.print(_summary(p))
    rows = [
        ("circles", ", ".join(p.circles)),
        ("emails", ", ".join(e.address for e in p.emails)),
        ("phones", ", ".join(ph.number for ph in p.phones)),
        (
            "organisations",
            "; ".join(_affiliation(a) for a in p.affiliations),
        ),
        ("skills", ", ".join(p.skills)),
        ("location", p.location),
        ("birthday", p.birthday.iso() if p.birthday else ""),
        ("notes", p.notes),
        (
            "interactions",
            f"{view.interactions}"
            + (f", last {view.last_contact:%Y-%m-%d}" if view.last_contact else ""),
        ),
        ("circles reached", ", ".join(view.circles_reached)),
    ]
    for label, value in rows:
        if value:
            console.print(f"  [dim]{label:>15}[/]  {value}")
    for note in view.notes:
        console.print(
            f"  [dim]{'note #' + str(note.id):>15}[/]  {note.written_at:%Y-%m-%d}  {note.text}"
        )
    if view.relationship is not None:
        render_relationship(view.relationship)
    stored = view.stored_ties
    if stored:
        table = Table(title=f"Ties ({len(stored)})", title_justify="left", box=None)
        table.add_column("with")
        table.add_column("kind")
        table.add_column("their circles")
        table.add_column("source")
        for t in stored:
            table.add_row(t.other_name, ", ".join(t.kinds), ", ".join(t.other_circles), t.source)
        console.print(table)
    if view.inferred_groups:
        inferred = len(view.ties) - len(stored)
        console.print(f"Inferred ties ({inferred}; --json lists each)")
        for group in view.inferred_groups:
            console.print(f" {escape(group.title)} (inferred): {escape(_first_names(group))}")


SHOWN = 3  # names shown on one line of inferred ties


def _first_names(group: svc.InferredGroup) -> str:
    names = [m.name for m in group.people]
    if len(names) <= SHOWN:
        return ", ".join(names)
    return f"{', '.join(names[:SHOWN])} and {len(names) - SHOWN} more"


def people_table(
    people: list[Person],
    title: str,
    relationships: list[RelationshipSummary | None] | None = None,
) -> PlainTable:
    headers = ["#", "name", "organisation", "circles"]
    if relationships is not None:
        headers += ["tier", "strength"]
    rows = []
    for k, p in enumerate(people):
        cells = [
            str(p.id),
            p.display_name + (" (me)" if p.is_me else ""),
            p.headline,
            ", ".join(p.circles),
        ]
        if relationships is not None:
            r = relationships[k]
            cells += [tier_label(r.tier, r.acquaintance), f"{r.strength:.2f}"] if r else ["", ""]
        rows.append(cells)
    # Drawn as a Rich table would be, for a fraction of the cost on a long list.
    justify: list[Justify] = ["right" if h in ("#", "strength") else "left" for h in headers]
    return PlainTable(title, headers, justify, rows)


@person_app.command("list")
def list_(
    ctx: typer.Context,
    circle: str | None = typer.Option(
        None, "--circle", help="Only this circle (work matches work:*)."
    ),
    org: str | None = typer.Option(None, "--org", help="Only people at this organisation."),
    tier: Tier | None = typer.Option(
        None, "--tier", help="Only this tier: inner, close, active, known, acquaintance, dormant."
    ),
    acquaintances: bool = typer.Option(
        False, "--acquaintances", help="Only acquaintances: no real interaction yet."
    ),
    sort: str = typer.Option(
        "name", "--sort", help="name, strength (strongest first), 'last contact' or organisation."
    ),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many people first."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many people."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List people with their tier and strength, across every circle unless you pick one.

    --json prints the page the web API answers: {rows: [{person, relationship}], total, …}.

    Example: kith person list --tier close --sort strength
    """
    from kithkin.service import relationships as rel_svc

    page = rel_svc.people_page(
        app_of(ctx),
        circle=circle,
        organisation=org,
        tier=tier,
        acquaintances=acquaintances,
        sort=sort,
        offset=offset,
        limit=limit,
    )
    people = [r.person for r in page.rows]
    labels = [r.relationship for r in page.rows]
    emit(
        page,
        as_json,
        lambda: console.print(people_table(people, f"{page.total} people", labels)),
    )


@person_app.command("find")
def find(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words to look for in any field."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Search names, organisations, roles, skills, circles and notes, fuzzily.

    Example: kith person find "data engineer"
    """
    from kithkin.service import relationships as rel_svc

    found = rel_svc.find_with_relationships(app_of(ctx), query)
    emit(
        [{"person": r.person, "score": s, "relationship": r.relationship} for r, s in found],
        as_json,
        lambda: console.print(
            people_table(
                [r.person for r, _ in found],
                f"{len(found)} found",
                [r.relationship for r, _ in found],
            )
        ),
    )
