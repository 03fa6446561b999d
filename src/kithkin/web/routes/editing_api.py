"""The JSON API for creating, correcting, removing and undoing: the same service functions
as ``kith person|tie|circle|interaction|favour|ask|goal|opportunity`` and ``kith undo``.

Dates are ISO dates or phrases, read as the CLI reads them; a field left out (or
null) stays as it is. Every change can be undone with ``POST /api/v1/undo`` until
something else is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kithkin.model import (
    Ask,
    AskKind,
    AskOutcome,
    Channel,
    Exchange,
    ExchangeKind,
    Interaction,
    Job,
    Opportunity,
    Person,
    PersonNote,
    Tie,
)
from kithkin.service import editing_activity as ea
from kithkin.service import editing_network as en
from kithkin.service import goals, jobs, notes, opportunities, people, ties
from kithkin.service import undo as undo_svc
from kithkin.service.app import App
from kithkin.service.when import day_of, when_of
from kithkin.store.goals import Goal
from kithkin.web.answers import answer
from kithkin.web.deps import AppDep

api = APIRouter(prefix="/api/v1", tags=["editing"])

SHORT = 300  # characters in a name, an organisation, a role
TEXT = 5000  # characters in a note
DAY = Field(None, max_length=100, description="ISO date or a phrase like '3 weeks ago'")
CIRCLE_NAME = Annotated[str, Path(max_length=200, description="The circle's name")]
Names = list[Annotated[str, Field(max_length=SHORT)]]


def _when(app: App, text: str | None) -> datetime | None:
    return when_of(app, text) if text and text.strip() else None


def _day(app: App, text: str | None, clear: date) -> date | None:
    """None leaves a date as it is; an empty text clears it."""
    if text is None:
        return None
    return day_of(app, text) if text.strip() else clear


# -- people ---------------------------------------------------------------------------
class PersonIn(BaseModel):
    """A person's fields; lists are added to, ``note`` is one more dated note."""

    name: str | None = Field(None, max_length=SHORT)
    emails: Names = []
    phones: Names = []
    organisation: str | None = Field(None, max_length=SHORT)
    role: str | None = Field(None, max_length=SHORT)
    location: str | None = Field(None, max_length=SHORT)
    birthday: str | None = Field(None, max_length=20, description="YYYY-MM-DD or --MM-DD")
    skills: Names = []
    links: Names = []
    nicknames: Names = []
    circles: Names = []
    note: str | None = Field(None, max_length=TEXT)

    def changes(self) -> people.PersonChanges:
        return people.PersonChanges(
            name=self.name,
            emails=self.emails,
            phones=self.phones,
            organisation=self.organisation,
            role=self.role,
            location=self.location,
            birthday=self.birthday,
            skills=self.skills,
            links=self.links,
            nicknames=self.nicknames,
            circles=self.circles,
            notes=self.note,
        )


@api.post("/people", status_code=201, response_model=Person, summary="Add a person")
def add_person_api(app: AppDep, body: PersonIn) -> JSONResponse:
    return answer(people.add_person(app, body.changes()), 201)


@api.patch("/people/{person_id}", response_model=Person, summary="Change a person's details")
def edit_person_api(app: AppDep, person_id: int, body: PersonIn) -> JSONResponse:
    return answer(people.edit_person(app, f"#{person_id}", body.changes()))


@api.delete(
    "/people/{person_id}",
    response_model=Person,
    summary="Remove a person with their ties and history (undo brings them back)",
)
def remove_person_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(people.remove_person(app, f"#{person_id}"))


# -- notes ----------------------------------------------------------------------------
class NoteIn(BaseModel):
    text: str | None = Field(None, max_length=TEXT)
    when: str | None = DAY


@api.get("/people/{person_id}/notes", response_model=list[PersonNote], summary="A person's notes")
def list_notes_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(notes.list_notes(app, person_id))


@api.post(
    "/people/{person_id}/notes", status_code=201, response_model=PersonNote, summary="Add a note"
)
def add_note_api(app: AppDep, person_id: int, body: NoteIn) -> JSONResponse:
    return answer(notes.add_note(app, person_id, body.text or "", _when(app, body.when)), 201)


@api.patch("/notes/{note_id}", response_model=PersonNote, summary="Correct a note")
def edit_note_api(app: AppDep, note_id: int, body: NoteIn) -> JSONResponse:
    return answer(notes.edit_note(app, note_id, body.text, _when(app, body.when)))


@api.delete("/notes/{note_id}", response_model=PersonNote, summary="Remove a note")
def remove_note_api(app: AppDep, note_id: int) -> JSONResponse:
    return answer(notes.remove_note(app, note_id))


# -- jobs -----------------------------------------------------------------------------
class JobIn(BaseModel):
    organisation: str | None = Field(None, max_length=SHORT)
    role: str | None = Field(None, max_length=SHORT)
    start: str | None = DAY
    end: str | None = Field(None, max_length=100, description="When it ended; empty: still there")


JOB_NUMBER = Annotated[int, Path(ge=1, le=10_000, description="1 is the first job recorded")]


@api.get("/people/{person_id}/jobs", response_model=list[Job], summary="A person's jobs")
def list_jobs_api(app: AppDep, person_id: int) -> JSONResponse:
    return answer(jobs.list_jobs(app, person_id))


@api.post("/people/{person_id}/jobs", status_code=201, response_model=Job, summary="Add a job")
def add_job_api(app: AppDep, person_id: int, body: JobIn) -> JSONResponse:
    job = jobs.add_job(
        app,
        person_id,
        body.organisation or "",
        body.role or "",
        _day(app, body.start, jobs.CLEAR),
        _day(app, body.end, jobs.CLEAR),
    )
    return answer(job, 201)


@api.patch("/people/{person_id}/jobs/{number}", response_model=Job, summary="Correct a job")
def edit_job_api(app: AppDep, person_id: int, number: JOB_NUMBER, body: JobIn) -> JSONResponse:
    changes = jobs.JobChanges(
        body.organisation,
        body.role,
        _day(app, body.start, jobs.CLEAR),
        _day(app, body.end, jobs.CLEAR),
    )
    return answer(jobs.edit_job(app, person_id, number, changes))


@api.delete("/people/{person_id}/jobs/{number}", response_model=Job, summary="Remove a job")
def remove_job_api(app: AppDep, person_id: int, number: JOB_NUMBER) -> JSONResponse:
    return answer(jobs.remove_job(app, person_id, number))


# -- ties -----------------------------------------------------------------------------
class TieIn(BaseModel):
    kinds: Names | None = Field(None, description="aunt, neighbour, colleague, friend…")
    closeness: int | None = Field(None, ge=0, le=5, description="1-5; 0 clears it")
    since: str | None = DAY
    note: str | None = Field(None, max_length=TEXT)


class NewTie(TieIn):
    a: int = Field(description="One person's id")
    b: int = Field(description="The other person's id")
    closeness: int | None = Field(None, ge=1, le=5)


@api.post("/ties", status_code=201, response_model=Tie, summary="State a tie between two people")
def add_tie_api(app: AppDep, body: NewTie) -> JSONResponse:
    since = _day(app, body.since, en.CLEAR_SINCE)
    tie = ties.add_tie(
        app,
        f"#{body.a}",
        f"#{body.b}",
        body.kinds or [],
        body.closeness,
        None if since == en.CLEAR_SINCE else since,
        body.note or "",
    )
    return answer(tie, 201)


@api.patch("/ties/{a}/{b}", response_model=Tie, summary="Correct a tie between two people")
def edit_tie_api(app: AppDep, a: int, b: int, body: TieIn) -> JSONResponse:
    changes = en.TieChanges(
        body.kinds, body.closeness, _day(app, body.since, en.CLEAR_SINCE), body.note
    )
    return answer(en.edit_tie(app, f"#{a}", f"#{b}", changes))


class Removed(BaseModel):
    removed: str


@api.delete("/ties/{a}/{b}", response_model=Removed, summary="Remove a tie")
def remove_tie_api(app: AppDep, a: int, b: int) -> JSONResponse:
    return answer({"removed": ties.remove_tie(app, f"#{a}", f"#{b}")})


# -- circles --------------------------------------------------------------------------
class CircleIn(BaseModel):
    name: str = Field(max_length=200, description="The circle's new name")


class CircleOut(BaseModel):
    circle: str


@api.patch("/circles/{circle:path}", response_model=CircleOut, summary="Rename a circle")
def rename_circle_api(app: AppDep, circle: CIRCLE_NAME, body: CircleIn) -> JSONResponse:
    return answer({"circle": en.rename_circle(app, circle, body.name)})


@api.delete("/circles/{circle:path}", response_model=CircleOut, summary="Delete a circle's label")
def remove_circle_api(app: AppDep, circle: CIRCLE_NAME) -> JSONResponse:
    return answer({"circle": en.remove_circle(app, circle)})


# -- interactions, favours, asks ---------------------------------------------------------
class InteractionPatch(BaseModel):
    channel: Channel | None = None
    when: str | None = DAY
    note: str | None = Field(None, max_length=TEXT)
    answered: bool | None = None
    people: list[int] | None = Field(None, max_length=100, description="Everyone but me, by id")


@api.get("/interactions/{interaction_id}", response_model=Interaction, summary="An interaction")
def get_interaction_api(app: AppDep, interaction_id: int) -> JSONResponse:
    return answer(ea.get_interaction(app, interaction_id))


@api.patch(
    "/interactions/{interaction_id}", response_model=Interaction, summary="Correct an interaction"
)
def edit_interaction_api(app: AppDep, interaction_id: int, body: InteractionPatch) -> JSONResponse:
    changes = ea.InteractionChanges(
        _when(app, body.when),
        body.channel,
        body.note,
        body.answered,
        None if body.people is None else [f"#{p}" for p in body.people],
    )
    return answer(ea.edit_interaction(app, interaction_id, changes))


@api.delete(
    "/interactions/{interaction_id}", response_model=Interaction, summary="Remove an interaction"
)
def remove_interaction_api(app: AppDep, interaction_id: int) -> JSONResponse:
    return answer(ea.remove_interaction(app, interaction_id))


class FavourPatch(BaseModel):
    kind: ExchangeKind | None = None
    when: str | None = DAY
    weight: float | None = Field(None, gt=0, le=100)
    note: str | None = Field(None, max_length=TEXT)
    given_by_me: bool | None = None


@api.get("/favours/{favour_id}", response_model=Exchange, summary="A favour")
def get_favour_api(app: AppDep, favour_id: int) -> JSONResponse:
    return answer(ea.get_favour(app, favour_id))


@api.patch("/favours/{favour_id}", response_model=Exchange, summary="Correct a favour")
def edit_favour_api(app: AppDep, favour_id: int, body: FavourPatch) -> JSONResponse:
    changes = ea.FavourChanges(
        body.kind, _when(app, body.when), body.weight, body.note, body.given_by_me
    )
    return answer(ea.edit_favour(app, favour_id, changes))


@api.delete("/favours/{favour_id}", response_model=Exchange, summary="Remove a favour")
def remove_favour_api(app: AppDep, favour_id: int) -> JSONResponse:
    return answer(ea.remove_favour(app, favour_id))


class AskPatch(BaseModel):
    kind: AskKind | None = None
    what: str | None = Field(None, max_length=TEXT)
    when: str | None = DAY
    outcome: AskOutcome | None = None
    note: str | None = Field(None, max_length=TEXT)


@api.get("/asks/{ask_id}", response_model=Ask, summary="An ask")
def get_ask_api(app: AppDep, ask_id: int) -> JSONResponse:
    return answer(ea.get_ask(app, ask_id))


@api.patch("/asks/{ask_id}", response_model=Ask, summary="Correct an ask or set its outcome")
def edit_ask_api(app: AppDep, ask_id: int, body: AskPatch) -> JSONResponse:
    changes = ea.AskChanges(body.kind, body.what, _when(app, body.when), body.outcome, body.note)
    return answer(ea.edit_ask(app, ask_id, changes))


@api.delete("/asks/{ask_id}", response_model=Ask, summary="Remove an ask")
def remove_ask_api(app: AppDep, ask_id: int) -> JSONResponse:
    return answer(ea.remove_ask(app, ask_id))


# -- goals and opportunities ----------------------------------------------------------------
class GoalIn(BaseModel):
    text: str | None = Field(None, max_length=500, description="e.g. 'work at Contoso'")
    organisation: str | None = Field(None, max_length=SHORT)
    person: str | None = Field(None, max_length=SHORT)
    role: str | None = Field(None, max_length=SHORT)
    skill: str | None = Field(None, max_length=SHORT)
    ask: AskKind | None = None


@api.post("/goals", status_code=201, response_model=Goal, summary="Set a goal")
def add_goal_api(app: AppDep, body: GoalIn) -> JSONResponse:
    goal = goals.add_goal(
        app,
        body.text or "",
        body.organisation,
        body.person,
        body.role,
        body.skill,
        body.ask or AskKind.INTRO,
    )
    return answer(goal, 201)


@api.patch("/goals/{goal_id}", response_model=Goal, summary="Correct a goal")
def edit_goal_api(app: AppDep, goal_id: int, body: GoalIn) -> JSONResponse:
    changes = en.GoalChanges(
        body.text, body.organisation, body.person, body.role, body.skill, body.ask
    )
    return answer(en.edit_goal(app, str(goal_id), changes))


@api.delete("/goals/{goal_id}", response_model=Goal, summary="Remove a goal")
def remove_goal_api(app: AppDep, goal_id: int) -> JSONResponse:
    return answer(goals.remove_goal(app, str(goal_id)))


class OpportunityIn(BaseModel):
    organisation: str | None = Field(None, max_length=SHORT)
    role: str | None = Field(None, max_length=SHORT)
    url: str | None = Field(None, max_length=2000)
    note: str | None = Field(None, max_length=TEXT)


@api.get("/opportunities", response_model=list[Opportunity], summary="Recorded opportunities")
def list_opportunities_api(app: AppDep) -> JSONResponse:
    return answer(opportunities.list_opportunities(app))


@api.post(
    "/opportunities", status_code=201, response_model=Opportunity, summary="Record an opportunity"
)
def add_opportunity_api(app: AppDep, body: OpportunityIn) -> JSONResponse:
    opp = opportunities.add_opportunity(
        app, body.organisation or "", body.role or "", body.url or "", body.note or ""
    )
    return answer(opp, 201)


@api.patch("/opportunities/{opp_id}", response_model=Opportunity, summary="Correct an opportunity")
def edit_opportunity_api(app: AppDep, opp_id: int, body: OpportunityIn) -> JSONResponse:
    changes = en.OpportunityChanges(body.organisation, body.role, body.url, body.note)
    return answer(en.edit_opportunity(app, opp_id, changes))


class Done(BaseModel):
    done: bool


@api.delete("/opportunities/{opp_id}", response_model=Done, summary="Remove an opportunity")
def remove_opportunity_api(app: AppDep, opp_id: int) -> JSONResponse:
    opportunities.remove_opportunity(app, opp_id)
    return answer({"done": True})


# -- undo ----------------------------------------------------------------------------
class UndoState(BaseModel):
    what: str | None = Field(description="What undo would take back now; null: nothing")


@api.get("/undo", response_model=UndoState, summary="What undo would take back now")
def can_undo_api(app: AppDep) -> JSONResponse:
    return answer({"what": undo_svc.can_undo(app)})


@api.post("/undo", response_model=undo_svc.Undone, summary="Take back the last change")
def undo_api(app: AppDep) -> JSONResponse:
    return answer(undo_svc.undo(app))


ROUTERS = [api]
