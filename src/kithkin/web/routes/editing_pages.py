"""Pages that create, correct and remove: a person, their jobs and notes, ties, logged
interactions, favours and asks, circles, goals and opportunities; and Undo.

Plain HTML forms that work without JavaScript. A removal first shows a page that
asks (its button posts the removal); after it, the page offers Undo. A form the
service refuses comes back with what was typed and the error above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kithkin.errors import KithkinError
from kithkin.model import AskKind, AskOutcome, Channel, ExchangeKind, Job, Person, PersonNote
from kithkin.service import activity, goals, jobs, notes, opportunities, people, ties
from kithkin.service import editing_activity as ea
from kithkin.service import editing_network as en
from kithkin.service import undo as undo_svc
from kithkin.service.app import App
from kithkin.service.when import day_of, when_of
from kithkin.web.deps import AppDep
from kithkin.web.editing_forms import EditForm, FormField, changed, items, optional, text
from kithkin.web.errors import message_for
from kithkin.web.rendering import render

pages = APIRouter(include_in_schema=False)


# -- how every page here answers -------------------------------------------------------------
def _form_page(request: Request, form: EditForm, status_code: int = 200) -> HTMLResponse:
    return render(request, "edit_form.html", {"form": form}, status_code=status_code)


async def _submit(request: Request, form: EditForm, save: Callable[[Any], Response]) -> Response:
    """Run ``save`` on the posted form; on a refusal, the form again with what was typed."""
    posted = await request.form()
    try:
        return save(posted)
    except KithkinError as exc:
        form.fill(posted).error = message_for(exc)
        return _form_page(request, form, 422)


def _to(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _confirm(
    request: Request, question: str, back: str, detail: str = "", button: str = "Remove"
) -> HTMLResponse:
    context = {
        "question": question,
        "detail": detail,
        "action": request.url.path,
        "back": back,
        "button": button,
    }
    return render(request, "edit_confirm.html", context)


def _done(request: Request, message: str, back: str, back_label: str) -> HTMLResponse:
    context = {"message": message, "back": back, "back_label": back_label, "undo": True}
    return render(request, "edit_done.html", context)


def _person_url(person_id: int) -> str:
    return f"/people/{person_id}/history"


def _when(app: App, value: str | None) -> Any:
    return when_of(app, value) if value else None


# -- people ---------------------------------------------------------------------------
def _person_fields(p: Person | None = None) -> list[FormField]:
    current = p.current_affiliations[0] if p and p.current_affiliations else None
    lists = "separate several with commas"
    return [
        FormField("name", "Name", p.display_name if p else "", required=True),
        FormField(
            "emails",
            "E-mail addresses",
            ", ".join(e.address for e in p.emails) if p else "",
            hint=lists,
        ),
        FormField(
            "phones",
            "Phone numbers",
            ", ".join(x.number for x in p.phones) if p else "",
            hint=lists,
        ),
        FormField(
            "organisation",
            "Works at",
            current.organisation if current else "",
            hint="a new organisation ends the current job",
        ),
        FormField("role", "Role", current.role if current else ""),
        FormField("location", "Location", p.location if p else ""),
        FormField(
            "birthday",
            "Birthday",
            p.birthday.iso() if p and p.birthday else "",
            hint="YYYY-MM-DD, or --MM-DD without the year",
        ),
        FormField(
            "circles",
            "Circles",
            ", ".join(p.circles) if p else "",
            hint="family, friends, work:Globex…",
        ),
        FormField("skills", "Skills", ", ".join(p.skills) if p else "", hint=lists),
        FormField("nicknames", "Also known as", ", ".join(p.nicknames) if p else "", hint=lists),
        FormField("links", "Links", ", ".join(p.links) if p else "", hint=lists),
        FormField(
            "note", "A new note", kind="textarea", hint="kept with today's date; earlier notes stay"
        ),
    ]


def _person_changes(form: Any, before: Person | None) -> people.PersonChanges:
    current = before.current_affiliations[0] if before and before.current_affiliations else None
    org = changed(form, "organisation", current.organisation if current else "")
    role = changed(form, "role", current.role if current else "")
    return people.PersonChanges(
        name=changed(form, "name", before.display_name if before else ""),
        emails=items(form, "emails"),
        phones=items(form, "phones"),
        organisation=org or None,
        role=role if (org or role is not None) else None,
        location=changed(form, "location", before.location if before else ""),
        birthday=changed(
            form, "birthday", before.birthday.iso() if before and before.birthday else ""
        ),
        skills=items(form, "skills"),
        links=items(form, "links"),
        nicknames=items(form, "nicknames"),
        circles=items(form, "circles"),
        notes=optional(form, "note"),
        replace=before is not None,
    )


def _new_person_form() -> EditForm:
    return EditForm("Add a person", "/people/new", _person_fields(), "/people", "Add person")


@pages.get("/people/new", response_class=HTMLResponse)
def new_person_page(request: Request) -> HTMLResponse:
    return _form_page(request, _new_person_form())


@pages.post("/people/new")
async def new_person(request: Request, app: AppDep) -> Response:
    def save(form: Any) -> Response:
        person = people.add_person(app, _person_changes(form, None))
        return _to(f"/people/{person.id}")

    return await _submit(request, _new_person_form(), save)


@pages.get("/people/{person_id}/history", response_class=HTMLResponse)
def person_history_page(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    view = people.show_person(app, person_id)
    context = {
        "view": view,
        "person": view.person,
        "interactions": ea.list_interactions(app, person_id, limit=200),
        "favours": ea.list_favours(app, person_id, limit=200),
        "asks": [a for a, _ in activity.list_asks(app) if a.through == person_id],
        # The last change stays undoable here too: the page after a removal is gone
        # once the user has moved on (and is never cached).
        "last_change": undo_svc.can_undo(app),
    }
    return render(request, "edit_history.html", context)


def _edit_person_form(app: App, person_id: int) -> tuple[EditForm, Person]:
    person = people.show_person(app, person_id).person
    form = EditForm(
        f"Edit {person.display_name}",
        f"/people/{person_id}/edit",
        _person_fields(person),
        _person_url(person_id),
    )
    return form, person


@pages.get("/people/{person_id}/edit", response_class=HTMLResponse)
def edit_person_page(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    return _form_page(request, _edit_person_form(app, person_id)[0])


@pages.post("/people/{person_id}/edit")
async def edit_person(request: Request, app: AppDep, person_id: int) -> Response:
    form, before = _edit_person_form(app, person_id)

    def save(posted: Any) -> Response:
        people.edit_person(app, f"#{person_id}", _person_changes(posted, before))
        return _to(f"/people/{person_id}")

    return await _submit(request, form, save)


@pages.get("/people/{person_id}/remove", response_class=HTMLResponse)
def remove_person_page(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    person = people.show_person(app, person_id).person
    return _confirm(
        request,
        f"Remove {person.display_name}?",
        _person_url(person_id),
        "Their ties, interactions, favours and notes go with them.",
    )


@pages.post("/people/{person_id}/remove", response_class=HTMLResponse)
def remove_person(request: Request, app: AppDep, person_id: int) -> HTMLResponse:
    person = people.remove_person(app, f"#{person_id}")
    return _done(request, f"Removed {person.display_name}", "/people", "Back to People")


# -- jobs -----------------------------------------------------------------------------
def _job_form(action: str, back: str, job: Job | None = None) -> EditForm:
    fields = [
        FormField("organisation", "Organisation", job.organisation if job else "", required=True),
        FormField("role", "Role", job.role if job else ""),
        FormField("start", "Started", str(job.start or "") if job else "", hint="e.g. 2019-03-01"),
        FormField("end", "Ended", str(job.end or "") if job else "", hint="empty: still there"),
    ]
    return EditForm("Edit the job" if job else "Add a job", action, fields, back)


def _job_dates(app: App, form: Any) -> tuple[Any, Any]:
    start, end = optional(form, "start"), optional(form, "end")
    return (day_of(app, start) if start else None, day_of(app, end) if end else None)


@pages.get("/people/{person_id}/jobs/new", response_class=HTMLResponse)
def new_job_page(request: Request, person_id: int) -> HTMLResponse:
    back = _person_url(person_id)
    return _form_page(request, _job_form(f"/people/{person_id}/jobs/new", back))


@pages.post("/people/{person_id}/jobs/new")
async def new_job(request: Request, app: AppDep, person_id: int) -> Response:
    back = _person_url(person_id)

    def save(form: Any) -> Response:
        start, end = _job_dates(app, form)
        jobs.add_job(app, person_id, text(form, "organisation"), text(form, "role"), start, end)
        return _to(back)

    return await _submit(request, _job_form(f"/people/{person_id}/jobs/new", back), save)


@pages.get("/people/{person_id}/jobs/{number}/edit", response_class=HTMLResponse)
def edit_job_page(request: Request, app: AppDep, person_id: int, number: int) -> HTMLResponse:
    job = _job_of(app, person_id, number)
    action = f"/people/{person_id}/jobs/{number}/edit"
    return _form_page(request, _job_form(action, _person_url(person_id), job))


@pages.post("/people/{person_id}/jobs/{number}/edit")
async def edit_job(request: Request, app: AppDep, person_id: int, number: int) -> Response:
    job = _job_of(app, person_id, number)
    back = _person_url(person_id)
    form = _job_form(f"/people/{person_id}/jobs/{number}/edit", back, job)

    def save(posted: Any) -> Response:
        start, end = _job_dates(app, posted)
        changes = jobs.JobChanges(
            text(posted, "organisation"),
            text(posted, "role"),
            start or jobs.CLEAR,
            end or jobs.CLEAR,
        )
        jobs.edit_job(app, person_id, number, changes)
        return _to(back)

    return await _submit(request, form, save)


@pages.get("/people/{person_id}/jobs/{number}/remove", response_class=HTMLResponse)
def remove_job_page(request: Request, app: AppDep, person_id: int, number: int) -> HTMLResponse:
    job = _job_of(app, person_id, number)
    return _confirm(request, f"Remove the job at {job.organisation}?", _person_url(person_id))


@pages.post("/people/{person_id}/jobs/{number}/remove", response_class=HTMLResponse)
def remove_job(request: Request, app: AppDep, person_id: int, number: int) -> HTMLResponse:
    job = jobs.remove_job(app, person_id, number)
    back = _person_url(person_id)
    return _done(request, f"Removed the job at {job.organisation}", back, "Back to editing")


def _job_of(app: App, person_id: int, number: int) -> Job:
    """The job, or the service's NotFound (one line: who has which jobs)."""
    found = jobs.list_jobs(app, person_id)
    if 1 <= number <= len(found):
        return found[number - 1]
    jobs.remove_job(app, person_id, number)  # raises NotFound with its message
    raise AssertionError("unreachable")  # pragma: no cover


# -- notes ----------------------------------------------------------------------------
def _note_form(action: str, back: str, note: PersonNote | None = None) -> EditForm:
    fields = [
        FormField("text", "Note", note.text if note else "", kind="textarea", required=True),
        FormField(
            "when",
            "Written",
            f"{note.written_at:%Y-%m-%d}" if note else "",
            hint="empty: today" if not note else "",
        ),
    ]
    return EditForm("Edit the note" if note else "Add a note", action, fields, back)


@pages.get("/people/{person_id}/notes/new", response_class=HTMLResponse)
def new_note_page(request: Request, person_id: int) -> HTMLResponse:
    back = _person_url(person_id)
    return _form_page(request, _note_form(f"/people/{person_id}/notes/new", back))


@pages.post("/people/{person_id}/notes/new")
async def new_note(request: Request, app: AppDep, person_id: int) -> Response:
    back = _person_url(person_id)

    def save(form: Any) -> Response:
        notes.add_note(app, person_id, text(form, "text"), _when(app, optional(form, "when")))
        return _to(back)

    return await _submit(request, _note_form(f"/people/{person_id}/notes/new", back), save)


def _note_of(app: App, note_id: int) -> PersonNote:
    return notes.get_note(app, note_id)


@pages.get("/notes/{note_id}/edit", response_class=HTMLResponse)
def edit_note_page(request: Request, app: AppDep, note_id: int) -> HTMLResponse:
    note = _note_of(app, note_id)
    back = _person_url(note.person_id)
    return _form_page(request, _note_form(f"/notes/{note_id}/edit", back, note))


@pages.post("/notes/{note_id}/edit")
async def edit_note(request: Request, app: AppDep, note_id: int) -> Response:
    note = _note_of(app, note_id)
    back = _person_url(note.person_id)

    def save(form: Any) -> Response:
        notes.edit_note(app, note_id, text(form, "text"), _when(app, optional(form, "when")))
        return _to(back)

    return await _submit(request, _note_form(f"/notes/{note_id}/edit", back, note), save)


@pages.get("/notes/{note_id}/remove", response_class=HTMLResponse)
def remove_note_page(request: Request, app: AppDep, note_id: int) -> HTMLResponse:
    note = _note_of(app, note_id)
    return _confirm(request, "Remove this note?", _person_url(note.person_id), note.text[:200])


@pages.post("/notes/{note_id}/remove", response_class=HTMLResponse)
def remove_note(request: Request, app: AppDep, note_id: int) -> HTMLResponse:
    note = notes.remove_note(app, note_id)
    return _done(request, "Removed the note", _person_url(note.person_id), "Back to editing")


# -- ties -----------------------------------------------------------------------------
def _tie_fields(a: str = "", b: str = "", tie: Any = None) -> list[FormField]:
    closeness = [("", "not said")] + [(str(n), str(n)) for n in range(1, 6)]
    fields = [
        FormField(
            "kinds",
            "Kinds",
            ", ".join(k.kind for k in tie.kinds) if tie else "",
            hint="aunt, neighbour, colleague, classmate, friend, met-at:PyCon…",
        ),
        FormField(
            "closeness",
            "Closeness",
            str(tie.closeness or "") if tie else "",
            kind="select",
            options=closeness,
            hint="1 distant, 5 closest",
        ),
        FormField(
            "since", "Since", str(tie.since or "") if tie else "", hint="e.g. 2015 or 2015-09-01"
        ),
        FormField("note", "Why you know", tie.evidence if tie else "", kind="textarea"),
    ]
    if tie is None:
        who = "name, nickname, e-mail or #id"
        fields[:0] = [
            FormField("a", "One person", a, required=True, hint=who),
            FormField("b", "The other person", b, required=True, hint=who),
        ]
    return fields


def _closeness(form: Any) -> int | None:
    value = text(form, "closeness").strip()
    return int(value) if value.isdigit() else None


@pages.get("/ties/new", response_class=HTMLResponse)
def new_tie_page(request: Request, app: AppDep, a: int | None = None) -> HTMLResponse:
    first = f"#{a}" if a is not None else ""
    back = _person_url(a) if a is not None else "/people"
    form = EditForm(
        "Add a tie",
        "/ties/new",
        _tie_fields(first),
        back,
        "Add tie",
        "A tie between any two people: you and someone, or two others.",
    )
    return _form_page(request, form)


@pages.post("/ties/new")
async def new_tie(request: Request, app: AppDep) -> Response:
    form = EditForm("Add a tie", "/ties/new", _tie_fields(), "/people", "Add tie")

    def save(posted: Any) -> Response:
        since = optional(posted, "since")
        tie = ties.add_tie(
            app,
            text(posted, "a"),
            text(posted, "b"),
            items(posted, "kinds"),
            _closeness(posted),
            day_of(app, since) if since else None,
            text(posted, "note"),
        )
        return _to(f"/people/{tie.person_a}")

    return await _submit(request, form, save)


def _tie_form(app: App, a: int, b: int) -> EditForm:
    first, second = people.show_person(app, a).person, people.show_person(app, b).person
    tie = en.get_tie(app, a, b)
    title = f"The tie between {first.display_name} and {second.display_name}"
    return EditForm(title, f"/ties/{a}/{b}/edit", _tie_fields(tie=tie), _person_url(a))


@pages.get("/ties/{a}/{b}/edit", response_class=HTMLResponse)
def edit_tie_page(request: Request, app: AppDep, a: int, b: int) -> HTMLResponse:
    return _form_page(request, _tie_form(app, a, b))


@pages.post("/ties/{a}/{b}/edit")
async def edit_tie(request: Request, app: AppDep, a: int, b: int) -> Response:
    form = _tie_form(app, a, b)

    def save(posted: Any) -> Response:
        since = optional(posted, "since")
        changes = en.TieChanges(
            items(posted, "kinds"),
            _closeness(posted) or en.CLEAR_CLOSENESS,
            day_of(app, since) if since else en.CLEAR_SINCE,
            text(posted, "note"),
        )
        en.edit_tie(app, a, b, changes)
        return _to(_person_url(a))

    return await _submit(request, form, save)


@pages.get("/ties/{a}/{b}/remove", response_class=HTMLResponse)
def remove_tie_page(request: Request, app: AppDep, a: int, b: int) -> HTMLResponse:
    form = _tie_form(app, a, b)
    return _confirm(request, f"Remove {form.title[0].lower()}{form.title[1:]}?", form.back)


@pages.post("/ties/{a}/{b}/remove", response_class=HTMLResponse)
def remove_tie(request: Request, app: AppDep, a: int, b: int) -> HTMLResponse:
    ties.remove_tie(app, f"#{a}", f"#{b}")
    return _done(request, "Removed the tie", _person_url(a), "Back to editing")


# -- interactions, favours, asks --------------------------------------------------------------
def _choices(values: list[Any]) -> list[tuple[str, str]]:
    return [(v.value, v.value) for v in values]


def _interaction_form(app: App, interaction_id: int) -> EditForm:
    it = ea.get_interaction(app, interaction_id)
    answered = [("", "not a question of answering"), ("yes", "answered"), ("no", "no answer")]
    said = "" if it.answered is None else ("yes" if it.answered else "no")
    fields = [
        FormField(
            "channel", "How", it.channel.value, kind="select", options=_choices(list(Channel))
        ),
        FormField(
            "when", "When", f"{it.when:%Y-%m-%d %H:%M}", hint="e.g. 2026-05-12 or 3 days ago"
        ),
        FormField("answered", "Answered", said, kind="select", options=answered),
        FormField("note", "Note", it.note, kind="textarea"),
    ]
    back = _person_url(next((p for p in it.participants), 0))
    return EditForm("Edit the interaction", f"/interactions/{interaction_id}/edit", fields, back)


def _back_from(request: Request, fallback: str) -> str:
    """Back to the person page the user came from, when they came from one."""
    came = request.headers.get("referer", "")
    path = came.split("//", 1)[-1].partition("/")[2]
    return f"/{path}" if path.startswith("people/") and path.endswith("/history") else fallback


@pages.get("/interactions/{interaction_id}/edit", response_class=HTMLResponse)
def edit_interaction_page(request: Request, app: AppDep, interaction_id: int) -> HTMLResponse:
    form = _interaction_form(app, interaction_id)
    form.back = _back_from(request, form.back)
    return _form_page(request, form)


@pages.post("/interactions/{interaction_id}/edit")
async def edit_interaction(request: Request, app: AppDep, interaction_id: int) -> Response:
    form = _interaction_form(app, interaction_id)

    def save(posted: Any) -> Response:
        said = text(posted, "answered")
        changes = ea.InteractionChanges(
            when=_when(app, optional(posted, "when")),
            channel=Channel(text(posted, "channel")) if text(posted, "channel") else None,
            note=text(posted, "note"),
            answered={"yes": True, "no": False}.get(said),
        )
        ea.edit_interaction(app, interaction_id, changes)
        return _to(form.back)

    return await _submit(request, form, save)


@pages.get("/interactions/{interaction_id}/remove", response_class=HTMLResponse)
def remove_interaction_page(request: Request, app: AppDep, interaction_id: int) -> HTMLResponse:
    it = ea.get_interaction(app, interaction_id)
    back = _back_from(request, _interaction_form(app, interaction_id).back)
    return _confirm(request, f"Remove the {it.channel.value} of {it.when:%Y-%m-%d}?", back, it.note)


@pages.post("/interactions/{interaction_id}/remove", response_class=HTMLResponse)
def remove_interaction(request: Request, app: AppDep, interaction_id: int) -> HTMLResponse:
    back = _interaction_form(app, interaction_id).back
    it = ea.remove_interaction(app, interaction_id)
    return _done(
        request, f"Removed the {it.channel.value} of {it.when:%Y-%m-%d}", back, "Back to editing"
    )


def _favour_form(app: App, favour_id: int) -> EditForm:
    ex = ea.get_favour(app, favour_id)
    me = people.show_person(app, "me").person
    mine = ex.giver == me.id
    other = ex.receiver if mine else ex.giver
    directions = [("given", "I gave it"), ("received", "I received it")]
    fields = [
        FormField(
            "kind", "Kind", ex.kind.value, kind="select", options=_choices(list(ExchangeKind))
        ),
        FormField(
            "direction",
            "Direction",
            "given" if mine else "received",
            kind="select",
            options=directions,
        ),
        FormField("when", "When", f"{ex.when:%Y-%m-%d %H:%M}"),
        FormField("weight", "Weight", f"{ex.weight:g}", hint="1 is an ordinary favour"),
        FormField("note", "Note", ex.note, kind="textarea"),
    ]
    return EditForm("Edit the favour", f"/favours/{favour_id}/edit", fields, _person_url(other))


@pages.get("/favours/{favour_id}/edit", response_class=HTMLResponse)
def edit_favour_page(request: Request, app: AppDep, favour_id: int) -> HTMLResponse:
    return _form_page(request, _favour_form(app, favour_id))


@pages.post("/favours/{favour_id}/edit")
async def edit_favour(request: Request, app: AppDep, favour_id: int) -> Response:
    form = _favour_form(app, favour_id)

    def save(posted: Any) -> Response:
        weight = optional(posted, "weight")
        try:
            amount = float(weight) if weight else None
        except ValueError:
            amount = -1.0  # refused below with the model's own message
        changes = ea.FavourChanges(
            ExchangeKind(text(posted, "kind")) if text(posted, "kind") else None,
            _when(app, optional(posted, "when")),
            amount,
            text(posted, "note"),
            text(posted, "direction") == "given",
        )
        ea.edit_favour(app, favour_id, changes)
        return _to(form.back)

    return await _submit(request, form, save)


@pages.get("/favours/{favour_id}/remove", response_class=HTMLResponse)
def remove_favour_page(request: Request, app: AppDep, favour_id: int) -> HTMLResponse:
    ex = ea.get_favour(app, favour_id)
    back = _favour_form(app, favour_id).back
    return _confirm(request, f"Remove the {ex.kind.value} of {ex.when:%Y-%m-%d}?", back, ex.note)


@pages.post("/favours/{favour_id}/remove", response_class=HTMLResponse)
def remove_favour(request: Request, app: AppDep, favour_id: int) -> HTMLResponse:
    back = _favour_form(app, favour_id).back
    ex = ea.remove_favour(app, favour_id)
    return _done(request, f"Removed the {ex.kind.value}", back, "Back to editing")


def _ask_form(app: App, ask_id: int) -> EditForm:
    a = ea.get_ask(app, ask_id)
    fields = [
        FormField("what", "Asked for", a.what, required=True),
        FormField("kind", "Kind", a.kind.value, kind="select", options=_choices(list(AskKind))),
        FormField(
            "outcome", "Outcome", a.outcome.value, kind="select", options=_choices(list(AskOutcome))
        ),
        FormField("when", "When", f"{a.when:%Y-%m-%d %H:%M}"),
        FormField("note", "Note", a.note, kind="textarea"),
    ]
    return EditForm("Edit the ask", f"/asks/{ask_id}/edit", fields, _person_url(a.through))


@pages.get("/asks/{ask_id}/edit", response_class=HTMLResponse)
def edit_ask_page(request: Request, app: AppDep, ask_id: int) -> HTMLResponse:
    return _form_page(request, _ask_form(app, ask_id))


@pages.post("/asks/{ask_id}/edit")
async def edit_ask(request: Request, app: AppDep, ask_id: int) -> Response:
    form = _ask_form(app, ask_id)

    def save(posted: Any) -> Response:
        changes = ea.AskChanges(
            AskKind(text(posted, "kind")) if text(posted, "kind") else None,
            text(posted, "what"),
            _when(app, optional(posted, "when")),
            AskOutcome(text(posted, "outcome")) if text(posted, "outcome") else None,
            text(posted, "note"),
        )
        ea.edit_ask(app, ask_id, changes)
        return _to(form.back)

    return await _submit(request, form, save)


@pages.get("/asks/{ask_id}/remove", response_class=HTMLResponse)
def remove_ask_page(request: Request, app: AppDep, ask_id: int) -> HTMLResponse:
    a = ea.get_ask(app, ask_id)
    return _confirm(request, f"Remove the ask '{a.what}'?", _ask_form(app, ask_id).back)


@pages.post("/asks/{ask_id}/remove", response_class=HTMLResponse)
def remove_ask(request: Request, app: AppDep, ask_id: int) -> HTMLResponse:
    back = _ask_form(app, ask_id).back
    a = ea.remove_ask(app, ask_id)
    return _done(request, f"Removed the ask '{a.what}'", back, "Back to editing")


# -- circles, goals, opportunities ------------------------------------------------------
def _circle_form(name: str) -> EditForm:
    fields = [
        FormField(
            "name", "New name", name, required=True, hint="an existing circle's name joins the two"
        )
    ]
    return EditForm(
        f"Rename the circle {name}", f"/circles/{quote(name)}/rename", fields, "/circles"
    )


@pages.get("/circles/{name:path}/rename", response_class=HTMLResponse)
def rename_circle_page(request: Request, name: str) -> HTMLResponse:
    return _form_page(request, _circle_form(name))


@pages.post("/circles/{name:path}/rename")
async def rename_circle(request: Request, app: AppDep, name: str) -> Response:
    def save(posted: Any) -> Response:
        en.rename_circle(app, name, text(posted, "name"))
        return _to("/circles")

    return await _submit(request, _circle_form(name), save)


@pages.get("/circles/{name:path}/remove", response_class=HTMLResponse)
def remove_circle_page(request: Request, name: str) -> HTMLResponse:
    return _confirm(
        request, f"Delete the circle {name}?", "/circles", "Its people stay, out of this circle."
    )


@pages.post("/circles/{name:path}/remove", response_class=HTMLResponse)
def remove_circle(request: Request, app: AppDep, name: str) -> HTMLResponse:
    label = en.remove_circle(app, name)
    return _done(request, f"Deleted the circle {label}", "/circles", "Back to Circles")


def _goal_form(action: str, goal: Any = None) -> EditForm:
    fields = [
        FormField(
            "text",
            "Goal",
            goal.text if goal else "",
            required=True,
            hint="e.g. work at Contoso, meet Ada Byron, become a data engineer",
        ),
        FormField(
            "ask",
            "The ask it will need",
            goal.ask if goal else "intro",
            kind="select",
            options=_choices(list(AskKind)),
        ),
    ]
    return EditForm("Edit the goal" if goal else "Set a goal", action, fields, "/goals")


@pages.get("/goals/new", response_class=HTMLResponse)
def new_goal_page(request: Request) -> HTMLResponse:
    return _form_page(request, _goal_form("/goals/new"))


@pages.post("/goals/new")
async def new_goal(request: Request, app: AppDep) -> Response:
    def save(posted: Any) -> Response:
        goals.add_goal(app, text(posted, "text"), ask=AskKind(text(posted, "ask") or "intro"))
        return _to("/goals")

    return await _submit(request, _goal_form("/goals/new"), save)


def _goal(app: App, goal_id: int) -> Any:
    found = [g for g in en.active_goals(app) if g.id == goal_id]
    if not found:
        goals.remove_goal(app, str(goal_id))  # raises NotFound with its message
    return found[0]


@pages.get("/goals/{goal_id}/edit", response_class=HTMLResponse)
def edit_goal_page(request: Request, app: AppDep, goal_id: int) -> HTMLResponse:
    return _form_page(request, _goal_form(f"/goals/{goal_id}/edit", _goal(app, goal_id)))


@pages.post("/goals/{goal_id}/edit")
async def edit_goal(request: Request, app: AppDep, goal_id: int) -> Response:
    form = _goal_form(f"/goals/{goal_id}/edit", _goal(app, goal_id))

    def save(posted: Any) -> Response:
        ask = text(posted, "ask")
        changes = en.GoalChanges(text=text(posted, "text"), ask=AskKind(ask) if ask else None)
        en.edit_goal(app, str(goal_id), changes)
        return _to("/goals")

    return await _submit(request, form, save)


@pages.get("/goals/{goal_id}/remove", response_class=HTMLResponse)
def remove_goal_page(request: Request, app: AppDep, goal_id: int) -> HTMLResponse:
    return _confirm(request, f"Remove the goal '{_goal(app, goal_id).text}'?", "/goals")


@pages.post("/goals/{goal_id}/remove", response_class=HTMLResponse)
def remove_goal(request: Request, app: AppDep, goal_id: int) -> HTMLResponse:
    goal = goals.remove_goal(app, str(goal_id))
    return _done(request, f"Removed the goal '{goal.text}'", "/goals", "Back to Goals")


def _opportunity_form(action: str, opp: Any = None) -> EditForm:
    fields = [
        FormField("organisation", "Organisation", opp.organisation if opp else "", required=True),
        FormField("role", "Role", opp.role if opp else "", required=True),
        FormField("url", "Link", opp.url if opp else "", hint="https://…"),
        FormField("note", "Note", opp.note if opp else "", kind="textarea"),
    ]
    title = "Edit the opportunity" if opp else "Record an opportunity"
    return EditForm(title, action, fields, "/goals")


def _opportunity(app: App, opp_id: int) -> Any:
    found = [o for o in opportunities.list_opportunities(app) if o.id == opp_id]
    if not found:
        opportunities.remove_opportunity(app, opp_id)  # raises NotFound with its message
    return found[0]


@pages.get("/opportunities/new", response_class=HTMLResponse)
def new_opportunity_page(request: Request) -> HTMLResponse:
    return _form_page(request, _opportunity_form("/opportunities/new"))


@pages.post("/opportunities/new")
async def new_opportunity(request: Request, app: AppDep) -> Response:
    def save(posted: Any) -> Response:
        opportunities.add_opportunity(
            app,
            text(posted, "organisation"),
            text(posted, "role"),
            text(posted, "url"),
            text(posted, "note"),
        )
        return _to("/goals")

    return await _submit(request, _opportunity_form("/opportunities/new"), save)


@pages.get("/opportunities/{opp_id}/edit", response_class=HTMLResponse)
def edit_opportunity_page(request: Request, app: AppDep, opp_id: int) -> HTMLResponse:
    opp = _opportunity(app, opp_id)
    return _form_page(request, _opportunity_form(f"/opportunities/{opp_id}/edit", opp))


@pages.post("/opportunities/{opp_id}/edit")
async def edit_opportunity(request: Request, app: AppDep, opp_id: int) -> Response:
    form = _opportunity_form(f"/opportunities/{opp_id}/edit", _opportunity(app, opp_id))

    def save(posted: Any) -> Response:
        changes = en.OpportunityChanges(
            text(posted, "organisation"),
            text(posted, "role"),
            text(posted, "url"),
            text(posted, "note"),
        )
        en.edit_opportunity(app, opp_id, changes)
        return _to("/goals")

    return await _submit(request, form, save)


@pages.get("/opportunities/{opp_id}/remove", response_class=HTMLResponse)
def remove_opportunity_page(request: Request, app: AppDep, opp_id: int) -> HTMLResponse:
    opp = _opportunity(app, opp_id)
    return _confirm(request, f"Remove {opp.role} at {opp.organisation}?", "/goals")


@pages.post("/opportunities/{opp_id}/remove", response_class=HTMLResponse)
def remove_opportunity(request: Request, app: AppDep, opp_id: int) -> HTMLResponse:
    opp = _opportunity(app, opp_id)
    opportunities.remove_opportunity(app, opp_id)
    return _done(request, f"Removed {opp.role} at {opp.organisation}", "/goals", "Back to Goals")


# -- undo ------------------------------------------------------------------------------
@pages.get("/undo", response_class=HTMLResponse)
def undo_page(request: Request, app: AppDep) -> HTMLResponse:
    """Undo later, from any page: pages are never kept by the browser (no-store), so going
    Back to the page that offered Undo after a removal asks to send the form again."""
    what = undo_svc.can_undo(app)
    message = f"Undo: {what}" if what else "Nothing to undo"
    context = {"message": message, "back": "/", "back_label": "Back", "undo": what is not None}
    return render(request, "edit_done.html", context)


@pages.post("/undo", response_class=HTMLResponse)
async def undo(request: Request, app: AppDep) -> HTMLResponse:
    posted = await request.form()
    back = text(posted, "back")
    back = back if back.startswith("/") and not back.startswith("//") else "/"
    done = undo_svc.undo(app)
    context = {"message": f"Undone: {done.what}", "back": back, "back_label": "Back", "undo": False}
    return render(request, "edit_done.html", context)


ROUTERS = [pages]
