"""Two records, one person: review proposals, merge by hand, undo a merge."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kithkin.errors import InvalidInput, NotFound
from kithkin.model import Person
from kithkin.service.app import App
from kithkin.service.import_people import absorb
from kithkin.service.resolve import resolve_person
from kithkin.store import UnitOfWork

Progress = Callable[[int, int], None]


@dataclass
class PersonBrief:
    id: int
    name: str
    detail: str  # headline, addresses and phones: what tells two namesakes apart


@dataclass
class ProposalView:
    id: int
    a: PersonBrief
    b: PersonBrief
    score: float
    evidence: str


@dataclass
class MergeResult:
    merge_id: int
    kept_id: int
    kept_name: str
    merged_id: int
    merged_name: str


def _brief(p: Person) -> PersonBrief:
    assert p.id is not None
    bits = [p.headline] if p.headline else []
    bits += [e.address for e in p.emails] + [ph.number for ph in p.phones]
    return PersonBrief(p.id, p.display_name, "; ".join(bits))


def list_proposals(app: App) -> list[ProposalView]:
    with app.uow() as uow:
        found = uow.sources.proposals("open")
        people = {
            p.id: p
            for p in uow.people.load_ids([x for f in found for x in (f.person_a, f.person_b)])
        }
    return [
        ProposalView(
            f.id, _brief(people[f.person_a]), _brief(people[f.person_b]), f.score, f.evidence
        )
        for f in found
        if f.person_a in people and f.person_b in people
    ]


def decide_proposal(app: App, proposal_id: int, accept: bool) -> MergeResult | None:
    """Accept (merge the newer record into the older) or reject a proposal."""
    with app.uow() as uow:
        found = next((p for p in uow.sources.proposals("open") if p.id == proposal_id), None)
        if found is None:
            raise NotFound(f"there is no open proposal #{proposal_id}", see="proposals")
        if not accept:
            uow.sources.set_proposal_status(proposal_id, "rejected")
            uow.commit()
            return None
        result = merge_into(uow, found.person_a, found.person_b, app.now())
        uow.commit()
    return result


def accept_all(app: App, progress: Progress | None = None) -> list[MergeResult]:
    """Accept every open proposal in one transaction: all of them are kept, or none.

    ``progress(done, total)`` is called after each proposal.
    """
    done: list[MergeResult] = []
    with app.uow() as uow:
        pending = uow.merges.open_proposals()
        now = app.now()
        for i, proposal_id in enumerate(pending, 1):
            # An earlier merge may have moved this proposal to the kept person, or
            # dropped it (its two people are one now).
            pair = uow.merges.open_proposal(proposal_id)
            if pair is not None:
                done.append(merge_into(uow, pair[0], pair[1], now))
            if progress is not None:
                progress(i, len(pending))
        uow.commit()
    return done


def merge_people(app: App, keep: str, other: str) -> MergeResult:
    """``kith merge A B``: B becomes part of A."""
    with app.uow() as uow:
        kept, merged = resolve_person(uow, keep), resolve_person(uow, other)
        if kept == merged:
            raise InvalidInput(f"'{keep}' and '{other}' are already the same person")
        result = merge_into(uow, kept, merged, app.now())
        uow.commit()
    return result


def merge_into(uow: UnitOfWork, kept: int, merged: int, now: datetime) -> MergeResult:
    a, b = uow.people.get(kept), uow.people.get(merged)
    if a is None or b is None:
        raise NotFound(f"there is no person #{kept if a is None else merged}")
    if b.is_me:  # the owner of the network keeps their id
        a, b = b, a
    assert a.id is not None and b.id is not None
    combined = copy.deepcopy(a)
    absorb(combined, b, protected=set())
    if b.display_name != a.display_name and b.display_name not in combined.nicknames:
        combined.nicknames.append(b.display_name)  # so the other name still finds them
    snap = uow.merges.snapshot(a.id, b.id)
    uow.merges.merge(a.id, b.id, combined, now)
    merge_id = uow.sources.add_merge(a.id, b.id, snap, now)
    return MergeResult(merge_id, a.id, a.display_name, b.id, b.display_name)


def unmerge(app: App, who: str | None = None, merge_id: int | None = None) -> MergeResult:
    """Undo a merge exactly: the latest one into ``who``, or merge ``merge_id``."""
    if (who is None) == (merge_id is None):
        raise InvalidInput("name the person a merge went into, or give --id N (not both)")
    with app.uow() as uow:
        log = [m for m in uow.sources.merges() if not m.undone]
        if merge_id is not None:
            entry = next((m for m in log if m.id == merge_id), None)
            if entry is None:
                raise NotFound(f"there is no merge #{merge_id} to undo")
        else:
            assert who is not None
            pid = resolve_person(uow, who)
            mine = [m for m in log if m.kept_id == pid]
            if not mine:
                raise NotFound(f"nothing was merged into '{who}'")
            entry = mine[-1]
        touched = uow.merges.people_in(entry.snapshot)
        later = [
            m
            for m in log
            if m.id > entry.id and (m.merged_id in touched or entry.kept_id == m.kept_id)
        ]
        if later:
            raise InvalidInput(
                f"merge #{later[-1].id} came after and involves the same person; undo it first"
            )
        uow.merges.restore(entry.snapshot)
        uow.sources.mark_undone(entry.id)
        kept, merged = uow.people.get(entry.kept_id), uow.people.get(entry.merged_id)
        assert kept is not None and merged is not None
        uow.commit()
    return MergeResult(
        entry.id, entry.kept_id, kept.display_name, entry.merged_id, merged.display_name
    )
