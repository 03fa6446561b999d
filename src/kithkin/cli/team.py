"""``kith team …``: a team server on PostgreSQL, from the operator's command line.

Whoever runs these holds the database URL (like ``psql``): ``--as EMAIL`` says which
member a command acts for, and every unit of work is then opened for that member
alone, exactly as a logged-in browser's would be.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from kithkin.cli.context import JSON_OPTION, console, emit
from kithkin.cli.root import app
from kithkin.errors import InvalidInput

if TYPE_CHECKING:
    from kithkin.service.team import Team, TeamActor

# Service modules are imported inside the commands: loading them here would make every
# kith invocation, even --help, pay for SQLAlchemy and the rest.

team_app = typer.Typer(
    help="Team mode on PostgreSQL: members pool their networks, with privacy between them.\n\n"
    "Example: kith team init --db postgresql+psycopg://localhost/team --admin ada@example.com"
    " --name 'Ada Lovelace' --password-stdin"
)
app.add_typer(team_app, name="team")
candidate_app = typer.Typer(
    help="Candidates for your openings, by stage.\n\n"
    "Example: kith team candidate add --as ada@example.com 1 'Wei Chen'"
)
team_app.add_typer(candidate_app, name="candidate")

DB = typer.Option(
    None, "--db", help="The team's postgresql+psycopg:// URL (default: KITHKIN_DATABASE_URL)."
)
AS = typer.Option(..., "--as", help="The member this acts for (their e-mail address).")
PASSWORD_STDIN = typer.Option(
    False, "--password-stdin", help="Read the password from standard input (one line)."
)


def _team(ctx: typer.Context, db: str | None) -> Team:
    from kithkin.service.team import open_team
    from kithkin.service.when import parse_now
    from kithkin.store import Settings

    root = ctx.find_root().params
    url = Settings.from_env(db or root.get("db")).database_url
    now = root.get("now")
    team = open_team(url, now=parse_now(now) if now else None)
    ctx.call_on_close(team.close)
    return team


def _actor(team: Team, email: str) -> TeamActor:
    from kithkin.service.team import account_by_email, actor_of

    return actor_of(account_by_email(team, email))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInput("no password on standard input; pipe one line into the command")
        return line
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@team_app.command("init")
def init(
    ctx: typer.Context,
    admin: str = typer.Option(..., "--admin", help="The first admin's e-mail address."),
    name: str = typer.Option(..., "--name", help="The first admin's name."),
    password_stdin: bool = PASSWORD_STDIN,
    db: str | None = DB,
    as_json: bool = JSON_OPTION,
) -> None:
    """Start a team in an empty PostgreSQL database, with its first admin.

    Example: kith team init --db postgresql+psycopg://localhost/team --admin ada@example.com
    --name 'Ada Lovelace' --password-stdin < password.txt
    """
    from kithkin.service.team import team_init
    from kithkin.store import Settings

    url = Settings.from_env(db or ctx.find_root().params.get("db")).database_url
    account = team_init(url, admin, name, _password(password_stdin))
    emit(
        account,
        as_json,
        lambda: console.print(f"Started the team; {account.display_name} is its admin."),
    )


@team_app.command("add-member")
def add_member(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The new member's e-mail address (their login)."),
    name: str = typer.Option(..., "--name", help="Their name as the team sees it."),
    role: str = typer.Option("member", "--role", help="admin, member or viewer."),
    password_stdin: bool = PASSWORD_STDIN,
    db: str | None = DB,
    as_json: bool = JSON_OPTION,
) -> None:
    """Add an account with an empty network of its own.

    Example: kith team add-member ben@example.com --name 'Ben Okafor' --password-stdin < pw.txt
    """
    from kithkin.service.team import add_member as add

    account = add(_team(ctx, db), email, name, role, _password(password_stdin))
    emit(
        account,
        as_json,
        lambda: console.print(
            f"Added {account.display_name} ({account.role}); import their network with:"
            f" kith --member {account.email} import FILE"
        ),
    )


@team_app.command("members")
def members(ctx: typer.Context, db: str | None = DB, as_json: bool = JSON_OPTION) -> None:
    """List the team's accounts.

    Example: kith team members --json
    """
    from kithkin.service.team import all_accounts

    found = all_accounts(_team(ctx, db))

    def render() -> None:
        table = Table(title=f"{len(found)} accounts", title_justify="left")
        for col in ("#", "name", "e-mail", "role"):
            table.add_column(col)
        for a in found:
            table.add_row(str(a.id), a.display_name, a.email, a.role)
        console.print(table)

    emit(found, as_json, render)


@team_app.command("publish")
def publish(
    ctx: typer.Context, as_: str = AS, db: str | None = DB, as_json: bool = JSON_OPTION
) -> None:
    """Work out your shared summary again from your network and publish it to the team.

    Example: kith team publish --as ben@example.com
    """
    from kithkin.service.team import publish_reach

    team = _team(ctx, db)
    done = publish_reach(team, _actor(team, as_))
    emit(
        done,
        as_json,
        lambda: console.print(
            f"Shared {done.organisations} organisations, {done.people} people (as keyed hashes)"
            f" and {done.fields} fields; {done.hidden_people} people hidden from the team."
        ),
    )


@team_app.command("hide")
def hide(
    ctx: typer.Context,
    person: str | None = typer.Argument(None, help="A person of your network (name or #ID)."),
    circle: str | None = typer.Option(None, "--circle", help="Hide everyone in this circle."),
    as_: str = AS,
    db: str | None = DB,
) -> None:
    """Hide a person, or a whole circle, from the team (the summary is published again).

    Example: kith team hide --as ben@example.com --circle family
    """
    from kithkin.service.team import hide_circle, hide_person

    if (person is None) == (circle is None):
        raise InvalidInput("name a person or give --circle, not both")
    team = _team(ctx, db)
    actor = _actor(team, as_)
    if circle is not None:
        hide_circle(team, actor, circle)
        console.print(f"The circle {circle} is hidden from the team.")
    else:
        assert person is not None
        pid = hide_person(team, actor, person)
        console.print(f"Person #{pid} is hidden from the team.")


@team_app.command("unhide")
def unhide(
    ctx: typer.Context,
    person: str | None = typer.Argument(None, help="A hidden person (name or #ID)."),
    circle: str | None = typer.Option(None, "--circle", help="A hidden circle."),
    as_: str = AS,
    db: str | None = DB,
) -> None:
    """Share a hidden person or circle with the team again (the summary is published again).

    Example: kith team unhide --as ben@example.com --circle family
    """
    from kithkin.service.team import unhide as show

    if (person is None) == (circle is None):
        raise InvalidInput("name a person or give --circle, not both")
    team = _team(ctx, db)
    if circle is not None:
        show(team, _actor(team, as_), "circle", circle)
        console.print(f"The circle {circle} is shared with the team again.")
    else:
        assert person is not None
        show(team, _actor(team, as_), "person", person)
        console.print(f"{person} is shared with the team again.")


@team_app.command("totp")
def totp(ctx: typer.Context, as_: str = AS, db: str | None = DB) -> None:
    """Turn on a second factor for an account: prints the secret for an authenticator app.

    Example: kith team totp --as ada@example.com
    """
    from kithkin.service.team import enable_totp

    team = _team(ctx, db)
    secret = enable_totp(team, _actor(team, as_))
    console.print(f"Secret for your authenticator app (TOTP, 6 digits, 30 s): {secret}")


@team_app.command("reach")
def reach(
    ctx: typer.Context,
    target: str = typer.Argument(..., help="An organisation, a person or a field."),
    kind: str | None = typer.Option(None, "--kind", help="organisation, person or field."),
    as_: str = AS,
    db: str | None = DB,
    as_json: bool = JSON_OPTION,
) -> None:
    """Who of us can reach an organisation, a person or a field: routes ranked by chance.

    Example: kith team reach --as ana@example.com Contoso
    """
    from kithkin.service.team import team_reach

    team = _team(ctx, db)
    found = team_reach(team, _actor(team, as_), target, kind)

    def render() -> None:
        flag = " (fragile: one member reaches it)" if found.fragile else ""
        table = Table(
            title=f"{found.kind} '{found.target}': {found.members} members reach it{flag}",
            title_justify="left",
        )
        for col in ("#", "start with", "target", "hops", "first tie", "ready", "chance"):
            table.add_column(col)
        for r in found.routes:
            who = f"{r.member_name} (you)" if r.own else r.member_name
            target_text = r.target
            if r.path is not None:
                target_text = " → ".join(h.to_name for h in r.path.hops)
            table.add_row(
                str(r.rank),
                who,
                target_text,
                str(r.hops),
                r.strength,
                "yes" if r.ready else "not yet",
                f"{r.chance:.0%}",
            )
        console.print(table)

    emit(found, as_json, render)


@team_app.command("request")
def request(
    ctx: typer.Context,
    target: str = typer.Argument(..., help="Whom the introduction is to."),
    to: str = typer.Option(..., "--to", help="The teammate asked (their e-mail address)."),
    why: str = typer.Option(..., "--why", help="Why you ask: the teammate decides on it."),
    draft: str = typer.Option("", "--draft", help="The message you propose they forward."),
    kind: str = typer.Option("organisation", "--kind", help="organisation, person or field."),
    as_: str = AS,
    db: str | None = DB,
    as_json: bool = JSON_OPTION,
) -> None:
    """Ask a teammate for an introduction; nothing of their network is shown until they accept.

    Example: kith team request --as ana@example.com --to ben@example.com Contoso --why 'data role'
    """
    from kithkin.service.team import request_intro

    team = _team(ctx, db)
    mate = _actor(team, to)
    made = request_intro(team, _actor(team, as_), mate.account_id, target, why, draft, kind)
    emit(
        made,
        as_json,
        lambda: console.print(f"Asked {made.teammate_name} (request #{made.id})."),
    )


@team_app.command("requests")
def requests(
    ctx: typer.Context, as_: str = AS, db: str | None = DB, as_json: bool = JSON_OPTION
) -> None:
    """Requests asked of you (to answer) and by you (with what was revealed).

    Example: kith team requests --as ben@example.com
    """
    from kithkin.service.team import requests_for

    team = _team(ctx, db)
    found = requests_for(team, _actor(team, as_))

    def render() -> None:
        for title, rows, other in (
            ("Asked of you", found.incoming, "requester_name"),
            ("Asked by you", found.outgoing, "teammate_name"),
        ):
            table = Table(title=f"{title}: {len(rows)}", title_justify="left")
            for col in ("#", "who", "target", "why", "status", "introduction"):
                table.add_column(col)
            for r in rows:
                table.add_row(
                    str(r.id), getattr(r, other), r.target, r.why, r.status, r.contact or "—"
                )
            console.print(table)

    emit(found, as_json, render)


@team_app.command("answer")
def answer(
    ctx: typer.Context,
    request_id: int = typer.Argument(..., help="The request's number."),
    reply: str = typer.Argument(..., help="accept, decline or ignore."),
    contact: str = typer.Option(
        "", "--contact", help="Whom you will introduce (default: the end of your best path)."
    ),
    as_: str = AS,
    db: str | None = DB,
    as_json: bool = JSON_OPTION,
) -> None:
    """Accept, decline or ignore a request asked of you.

    Example: kith team answer --as ben@example.com 1 accept
    """
    from kithkin.service.team import answer_request

    team = _team(ctx, db)
    done = answer_request(team, _actor(team, as_), request_id, reply, contact)
    emit(
        done,
        as_json,
        lambda: console.print(
            f"Request #{done.id} {done.status}"
            + (f": {done.contact}" if done.contact else "")
            + "."
        ),
    )


@team_app.command("outcome")
def outcome(
    ctx: typer.Context,
    request_id: int = typer.Argument(..., help="The request's number."),
    result: str = typer.Argument(..., help="worked or failed."),
    as_: str = AS,
    db: str | None = DB,
) -> None:
    """Say how an accepted introduction went; it feeds later routes through that teammate.

    Example: kith team outcome --as ana@example.com 1 worked
    """
    from kithkin.service.team import record_outcome

    team = _team(ctx, db)
    done = record_outcome(team, _actor(team, as_), request_id, result)
    console.print(f"Request #{done.id}: {done.outcome}.")


@team_app.command("audit")
def audit(
    ctx: typer.Context, as_: str = AS, db: str | None = DB, as_json: bool = JSON_OPTION
) -> None:
    """The audit log: all of it for an admin, what is about you otherwise.

    Example: kith team audit --as ada@example.com --json
    """
    from kithkin.service.team import audit_for

    team = _team(ctx, db)
    found = audit_for(team, _actor(team, as_))

    def render() -> None:
        table = Table(title=f"{len(found)} audit entries", title_justify="left")
        for col in ("at", "who", "action", "about", "detail"):
            table.add_column(col)
        for e in found:
            about = "" if e.subject_id is None else f"#{e.subject_id}"
            table.add_row(
                e.at.isoformat(timespec="minutes"), e.actor_name, e.action, about, e.detail
            )
        console.print(table)

    emit(found, as_json, render)


@team_app.command("openings")
def openings(
    ctx: typer.Context, as_: str = AS, db: str | None = DB, as_json: bool = JSON_OPTION
) -> None:
    """Your openings with their candidates by stage and the warm path to the hiring manager.

    Example: kith team openings --as ben@example.com
    """
    from kithkin.service.team import openings as find

    team = _team(ctx, db)
    found = find(team, _actor(team, as_))

    def render() -> None:
        for o in found:
            opp = o.opportunity
            console.print(f"[bold]#{opp.id} {opp.role} at {opp.organisation}[/bold]")
            manager = o.hiring_manager or "no hiring manager named"
            if o.path is not None:
                route = " → ".join(h.to_name for h in o.path.hops)
                console.print(f"  warm path ({manager}): {route}, chance {o.path.chance:.0%}")
            else:
                console.print(f"  no warm path ({manager})")
            for c in o.candidates:
                console.print(f"  candidate #{c.id} {c.person_name}: {c.stage}")

    emit(found, as_json, render)


@team_app.command("hiring-manager")
def hiring_manager(
    ctx: typer.Context,
    opening: int = typer.Argument(..., help="The opening's number (kith opportunity list)."),
    person: str = typer.Argument(..., help="The hiring manager, a person of your network."),
    as_: str = AS,
    db: str | None = DB,
) -> None:
    """Name the hiring manager of one of your openings (the warm path aims at them).

    Example: kith team hiring-manager --as ben@example.com 1 'Wei Chen'
    """
    from kithkin.service.team import set_hiring_manager

    team = _team(ctx, db)
    name = set_hiring_manager(team, _actor(team, as_), opening, person)
    console.print(f"{name} is the hiring manager of opening #{opening}.")


@candidate_app.command("add")
def candidate_add(
    ctx: typer.Context,
    opening: int = typer.Argument(..., help="The opening's number (kith opportunity list)."),
    person: str = typer.Argument(..., help="A person of your network (name or #ID)."),
    stage: str = typer.Option("sourced", "--stage", help="The stage they start at."),
    as_: str = AS,
    db: str | None = DB,
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a candidate for one of your openings.

    Example: kith team candidate add --as ben@example.com 1 'Wei Chen'
    """
    from kithkin.service.team import add_candidate

    team = _team(ctx, db)
    made = add_candidate(team, _actor(team, as_), opening, person, stage)
    emit(
        made,
        as_json,
        lambda: console.print(f"Candidate #{made.id}: {made.person_name}, {made.stage}."),
    )


@candidate_app.command("move")
def candidate_move(
    ctx: typer.Context,
    candidate: int = typer.Argument(..., help="The candidate's number."),
    stage: str = typer.Argument(
        ..., help="sourced, contacted, introduced, interviewing, placed or closed."
    ),
    as_: str = AS,
    db: str | None = DB,
) -> None:
    """Move a candidate to another stage.

    Example: kith team candidate move --as ben@example.com 1 interviewing
    """
    from kithkin.service.team import move_candidate

    team = _team(ctx, db)
    moved = move_candidate(team, _actor(team, as_), candidate, stage)
    console.print(f"Candidate #{moved.id} {moved.person_name}: {moved.stage}.")
