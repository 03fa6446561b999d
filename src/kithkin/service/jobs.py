"""A person's jobs, each with its organisation, role, start and end: list, add, edit, remove.

Jobs are numbered per person as ``list_jobs`` shows them (1 is the first recorded);
every change can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kithkin.errors import NotFound
from kithkin.model import Job
from kithkin.service.app import App
from kithkin.service.resolve import PersonRef, resolve_person
from kithkin.store import UnitOfWork

# Ends a job, keeping whatever end it had, or clears its end: a sentinel, since None
# already means "leave as it is".
CLEAR = date.min


@dataclass(frozen=True)
class JobChanges:
    """What to change in a job; None leaves a field as it is, ``CLEAR`` empties a date."""

    organisation: str | None = None
    role: str | None = None
    start: date | None = None
    end: date | None = None


def list_jobs(app: App, person: PersonRef) -> list[Job]:
    with app.uow(write=False) as uow:
        return uow.edits.jobs_of(resolve_person(uow, person))


def add_job(
    app: App,
    person: PersonRef,
    organisation: str,
    role: str = "",
    start: date | None = None,
    end: date | None = None,
) -> Job:
    job = Job(organisation, role, start, end)
    with app.uow() as uow:
        pid = resolve_person(uow, person, exact=True)
        uow.undo.keep("person", [pid])
        uow.edits.add_job(pid, job)
        _done(uow, app, f"added the job at {job.organisation} for {_name(uow, pid)}")
        uow.commit()
    return job


def edit_job(app: App, person: PersonRef, number: int, changes: JobChanges) -> Job:
    with app.uow() as uow:
        pid, old = _find(uow, person, number)
        start = old.start if changes.start is None else _date(changes.start)
        end = old.end if changes.end is None else _date(changes.end)
        job = Job(
            old.organisation if changes.organisation is None else changes.organisation,
            old.role if changes.role is None else changes.role,
            start,
            end,
            current=end is None,
            id=old.id,
        )
        uow.undo.keep("person", [pid])
        uow.edits.save_job(job)
        _done(uow, app, f"edited the job at {old.organisation} of {_name(uow, pid)}")
        uow.commit()
    return job


def remove_job(app: App, person: PersonRef, number: int) -> Job:
    with app.uow() as uow:
        pid, job = _find(uow, person, number)
        assert job.id is not None
        uow.undo.keep("person", [pid])
        uow.edits.remove("job", job.id)
        _done(uow, app, f"removed the job at {job.organisation} of {_name(uow, pid)}")
        uow.commit()
    return job


def _find(uow: UnitOfWork, person: PersonRef, number: int) -> tuple[int, Job]:
    pid = resolve_person(uow, person, exact=True)
    jobs = uow.edits.jobs_of(pid)
    if not 1 <= number <= len(jobs):
        have = f"jobs 1 to {len(jobs)}" if jobs else "no jobs"
        raise NotFound(f"{_name(uow, pid)} has no job {number} (they have {have})")
    return pid, jobs[number - 1]


def _date(value: date) -> date | None:
    return None if value == CLEAR else value


def _done(uow: UnitOfWork, app: App, what: str) -> None:
    uow.undo.what = what
    uow.undo.at = app.now()


def _name(uow: UnitOfWork, pid: int) -> str:
    person = uow.people.get(pid)
    return person.display_name if person else f"#{pid}"
