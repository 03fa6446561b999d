"""The ties an import makes: stated by related names or carried by the records,
written in bulk once per pair.

An import infers no tie from shared organisations: colleagues are inferred when
the network is read (``insight.inference``), from the jobs as they are then."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kithkin.ingest.identity import email_key, fold
from kithkin.ingest.records import Party
from kithkin.model import Person, Tie, TieKind, TieSource

if TYPE_CHECKING:
    from kithkin.service.import_session import ImportSession

RANK = {TieSource.STATED: 3, TieSource.IMPORTED: 2, TieSource.INFERRED: 1}


def nothing_new(tie: Tie, kinds: set[str], written: tuple[int, date | None, set[str]]) -> bool:
    rank, since, known = written
    later = tie.since is None or (since is not None and since <= tie.since)
    return kinds <= known and RANK[tie.source] <= rank and later


def related_ties(s: ImportSession) -> None:
    """Related names a contact file states become imported ties."""
    if not s.related:
        return
    names: dict[str, set[int]] = defaultdict(set)
    for ref, profile in s.index.profiles.items():
        names[fold(profile.display_name)].add(ref)
    for ref, record in s.related:
        for rel in record.related:
            other: int | None = None
            address = email_key(rel.email)
            if address:
                other = s.party(Party(address, rel.name), "related")
            elif rel.name:
                found = names.get(fold(rel.name), set()) - {ref}
                if len(found) > 1:
                    s.summary.skip("related name matching several people")
                    continue
                if found:
                    other = found.pop()
                else:
                    other = s.new_person(Person(display_name=rel.name), weak_name=True)
                    s.index.add(s.profile(other, s.pending[other]))
                    names[fold(rel.name)].add(other)
                    s.provenance.append((other, "display_name", "related", "", ""))
            if other is None:
                continue
            kind = TieKind(rel.kind, TieSource.IMPORTED, 1.0, "related name") if rel.kind else None
            evidence = f"related name in {Path(record.origin.file).name}"
            s.add_tie(ref, other, kind, TieSource.IMPORTED, 1.0, evidence, None)


def flush_ties(s: ImportSession) -> None:
    """New pairs in one executemany; known pairs folded, once per import unless news."""
    fresh: list[Tie] = []
    state, stored = s.tie_state, s.tie_pairs
    for pair, tie in s.ties.items():  # keyed by (smaller id, larger id): see add_tie
        kinds = {k.kind for k in tie.kinds}
        written = state.get(pair)
        if written is None:
            if pair in stored:
                s.uow.ties.save(tie, s.now)
                s.bulk.upgrade_kinds(stored[pair], tie.kinds)
            else:
                fresh.append(tie)
            state[pair] = (RANK[tie.source], tie.since, kinds)
            continue
        if nothing_new(tie, kinds, written):
            continue  # this import already wrote as much about this pair
        if pair in stored:
            s.uow.ties.save(tie, s.now)
            s.bulk.upgrade_kinds(stored[pair], tie.kinds)
        else:
            fresh.append(tie)
        rank, since, known = written
        if tie.since is not None and (since is None or tie.since < since):
            since = tie.since
        state[pair] = (max(rank, RANK[tie.source]), since, known | kinds)
    ids_written = s.bulk.add_ties(fresh, s.now)
    for tie, tid in zip(fresh, ids_written, strict=True):
        stored[tie.pair] = tid
    s.summary.ties += len(fresh)
    s.ties = {}
