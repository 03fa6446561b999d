"""Consented introductions between teammates, and the audit log.

A member asks a teammate for an introduction (to whom, why, the draft). The
teammate sees it among their requests and accepts, declines or ignores it. Until
they accept, nothing of their network reaches the requester; on accepting they
reveal whom they will introduce (what they type, or, when they type nothing, the
person at the end of their own best path, with that person's addresses). The
requester then tells how it went, which feeds the ranking of later routes through
that teammate. Every step writes an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

from kithkin.errors import InvalidInput, KithkinError, NotFound, NotPermitted
from kithkin.insight.targets import TargetKind
from kithkin.service.paths import find_paths
from kithkin.service.team.reach import KINDS
from kithkin.service.team.team import Team, TeamActor, member_app, require, teammate
from kithkin.store.team_records import OUTCOMES, AuditEntry, IntroRequest

ANSWERS = {"accept": "accepted", "decline": "declined", "ignore": "ignored"}
_OWN_KIND = {
    "organisation": TargetKind.ORGANISATION,
    "person": TargetKind.PERSON,
    "field": TargetKind.SKILL,
}


@dataclass(frozen=True)
class Requests:
    incoming: list[IntroRequest]  # asked of the actor: their agenda shows the open ones
    outgoing: list[IntroRequest]  # asked by the actor

    @property
    def waiting(self) -> list[IntroRequest]:
        """Incoming requests still to answer."""
        return [r for r in self.incoming if r.status == "asked"]


def request_intro(
    team: Team,
    actor: TeamActor,
    teammate_id: int,
    target: str,
    why: str,
    draft: str = "",
    kind: str = "organisation",
) -> IntroRequest:
    """Ask a teammate to introduce the actor to someone the teammate's summary reaches."""
    require(actor, "admin", "member")
    target, why = " ".join(target.split()), why.strip()
    if not target:
        raise InvalidInput("say whom the introduction is to: an organisation, a person or a field")
    if not why:
        raise InvalidInput("say why you ask: a teammate decides on the reason you give")
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind '{kind}'; use one of {', '.join(KINDS)}")
    if teammate_id == actor.account_id:
        raise InvalidInput("that is you; ask a teammate, or use your own paths")
    with team.uow(actor) as tuow:
        mate = teammate(tuow, teammate_id)
        if mate.role == "viewer":
            raise InvalidInput(f"{mate.display_name} is a viewer and has no network to share")
        made = tuow.requests.add(
            actor.account_id, mate.id, target, kind, why, draft.strip(), team.now()
        )
        tuow.audit.add(
            actor.account_id, "request.asked", mate.id, f"#{made.id}: {kind} '{target}'", team.now()
        )
        tuow.commit()
    return made


def requests_for(team: Team, actor: TeamActor) -> Requests:
    with team.uow(actor, write=False) as tuow:
        found = tuow.requests.involving(actor.account_id)
    return Requests(
        incoming=[r for r in found if r.teammate_id == actor.account_id],
        outgoing=[r for r in found if r.requester_id == actor.account_id],
    )


def answer_request(
    team: Team, actor: TeamActor, request_id: int, answer: str, contact: str = ""
) -> IntroRequest:
    """The teammate's answer: accept (revealing whom they will introduce), decline or
    ignore. Only the teammate asked may answer, and only once."""
    if answer not in ANSWERS:
        raise InvalidInput(f"answer with one of {', '.join(ANSWERS)}, not '{answer}'")
    with team.uow(actor, write=False) as tuow:
        request = tuow.requests.get(request_id)
    if request is None:
        raise NotFound(f"there is no request #{request_id} for you")
    if request.teammate_id != actor.account_id:
        raise NotPermitted(f"request #{request_id} was asked of {request.teammate_name}, not you")
    if request.status != "asked":
        raise InvalidInput(f"request #{request_id} was already {request.status}")
    status = ANSWERS[answer]
    contact = contact.strip()
    if status == "accepted" and not contact:
        contact = _introduction(team, actor, request)
    if status != "accepted":
        contact = ""  # declining or ignoring reveals nothing
    with team.uow(actor) as tuow:
        if not tuow.requests.answer(request_id, status, contact, team.now()):
            raise InvalidInput(f"request #{request_id} was answered meanwhile")
        tuow.audit.add(
            actor.account_id,
            f"request.{status}",
            request.requester_id,
            f"#{request_id}: {request.target_kind} '{request.target}'",
            team.now(),
        )
        answered = tuow.requests.get(request_id)
        tuow.commit()
    assert answered is not None
    return answered


def _introduction(team: Team, actor: TeamActor, request: IntroRequest) -> str:
    """Whom the teammate will introduce: the end of their own best path, as they know them."""
    app = member_app(team, actor)
    try:
        paths = find_paths(app, request.target, _OWN_KIND[request.target_kind], k=1).paths
    except KithkinError:
        paths = []
    if not paths:
        raise InvalidInput(
            f"your network has no path to {request.target}; say whom you will introduce"
            " (--contact) or decline"
        )
    path = paths[0]
    with app.uow(write=False) as uow:
        person = uow.people.get(path.target_id)
    addresses = [e.address for e in person.emails] if person is not None else []
    about = f" ({path.target_why})" if path.target_why else ""
    via = f", through {path.hops[0].to_name}" if len(path.hops) > 1 else ""
    reach = f"; {', '.join(addresses)}" if addresses else ""
    return f"{path.target_name}{about}{reach}{via}"


def record_outcome(team: Team, actor: TeamActor, request_id: int, outcome: str) -> IntroRequest:
    """How an accepted introduction went (worked or failed), told by the requester."""
    if outcome not in OUTCOMES:
        raise InvalidInput(f"an outcome is one of {', '.join(OUTCOMES)}, not '{outcome}'")
    with team.uow(actor) as tuow:
        request = tuow.requests.get(request_id)
        if request is None:
            raise NotFound(f"there is no request #{request_id} for you")
        if request.requester_id != actor.account_id:
            raise NotPermitted(
                f"only {request.requester_name} can say how request #{request_id} went"
            )
        if request.status != "accepted":
            raise InvalidInput(f"request #{request_id} was {request.status}, not accepted")
        tuow.requests.set_outcome(request_id, outcome, team.now())
        tuow.audit.add(
            actor.account_id,
            f"request.{outcome}",
            request.teammate_id,
            f"#{request_id}: {request.target_kind} '{request.target}'",
            team.now(),
        )
        done = tuow.requests.get(request_id)
        tuow.commit()
    assert done is not None
    return done


def audit_for(team: Team, actor: TeamActor, limit: int = 500) -> list[AuditEntry]:
    """The audit log: all of it for an admin; for anyone else, what they did and what is
    about them."""
    with team.uow(actor, write=False) as tuow:
        return tuow.audit.visible(limit)
