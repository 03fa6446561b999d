"""One file's import inside one transaction: records in, people, ties and interactions out.

Lookups are in-memory dictionaries built once per import (the identity index,
what earlier imports made of each record, the ties and interactions already
stored); writes are buffered and flushed in batches with one executemany per
table. A new person gets its id when it is first seen (``IdPool``), so it is
known by the same ref before and after the flush that writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kithkin.ingest.identity import (
    IdentityIndex,
    Profile,
    Verdict,
    email_key,
    organisation_fold,
    phone_key,
)
from kithkin.ingest.records import InteractionRecord, Party, PersonRecord
from kithkin.model import Channel, Email, Interaction, Person, Tie, TieKind, TieSource
from kithkin.service.import_people import (
    CONTACT_SOURCES,
    MERGED,
    WEAK_NAME_SOURCES,
    absorb,
    digest,
    filled_fields,
    incoming,
    keep_names,
)
from kithkin.service.import_ties import RANK, flush_ties, related_ties
from kithkin.store import UnitOfWork

BATCH = 5000
READ_ONE_BY_ONE = 100  # stored people whose provenance is read alone before reading it all
_AUTOMATED = ("noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster")


@dataclass
class FileSummary:
    file: str
    format: str
    added: int = 0  # new people
    organisations: int = 0  # organisation cards added or changed
    updated: int = 0  # people changed by a newer version of a record seen before
    merged: int = 0  # records that were someone already known
    proposed: int = 0  # merge proposals to review
    unchanged: int = 0  # records seen before, with nothing new
    interactions: int = 0
    ties: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    bad: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # fields dropped, encodings guessed
    error: str = ""

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def build_index(uow: UnitOfWork, keep: dict[int, Person] | None = None) -> IdentityIndex:
    """Everyone stored, as identity profiles; ``keep`` receives the people read, by id."""
    people = [p for p in uow.people.all() if p.id is not None]
    if keep is not None:
        keep.update((p.id, p) for p in people if p.id is not None)
    return IdentityIndex(
        Profile(
            ref=p.id,
            display_name=p.display_name,
            given=p.given_name,
            family=p.family_name,
            nicknames=set(p.nicknames),
            emails={e.address for e in p.emails},
            phones={k for ph in p.phones if (k := phone_key(ph.number))},
            organisations={organisation_fold(a.organisation) for a in p.affiliations},
        )
        for p in people
        if p.id is not None
    )


class ImportSession:
    def __init__(
        self,
        uow: UnitOfWork,
        index: IdentityIndex,
        summary: FileSummary,
        now: datetime,
        me: int | None,
        me_addresses: set[str],
        region: str,
        stored: dict[int, Person] | None = None,
    ) -> None:
        self.uow, self.index, self.summary, self.now = uow, index, summary, now
        self.me, self.me_addresses, self.region = me, me_addresses, region
        # People as build_index read them, handed out once each instead of read again.
        self.stored: dict[int, Person] = stored if stored is not None else {}
        # Latest source of every field, per stored person: read person by person at
        # first, then all at once when an import touches many (see _field_sources).
        self.sources_read = 0
        self.all_sources: dict[int, dict[str, str]] | None = None
        self.source_updates: list[tuple[int, str, str]] = []  # row id, digest, file
        self.connection_kinds: dict[str, TieKind] = {}
        self.bulk = uow.bulk
        self.person_ids = uow.person_ids()  # a new person's ref is its id
        self.new_people: list[tuple[int, Person]] = []
        self.pending: dict[int, Person] = {}  # new people not written yet, by id
        self.dirty: dict[int, Person] = {}
        self.weak_names: set[int] = set()
        self.source_rows: list[
            tuple[int, str, str, str, str]
        ] = []  # ref, source, key, digest, file
        self.provenance: list[
            tuple[int, str, str, str, str]
        ] = []  # ref, field, source, file, record
        self.proposals: dict[tuple[int, int], tuple[float, str]] = {}
        self.proposal_pairs = uow.sources.proposal_pairs()
        self.ties: dict[tuple[int, int], Tie] = {}
        self.tie_pairs = self.bulk.tie_pairs()
        # What this import wrote per pair: source rank, earliest since, kinds.
        self.tie_state: dict[tuple[int, int], tuple[int, date | None, set[str]]] = {}
        self.interactions: list[Interaction] = []
        self.replies: list[tuple[str, int | None]] = []
        self.related: list[tuple[int, PersonRecord]] = []
        self.external_ids = self.bulk.existing_external_ids()
        # Interactions from a file the user named keep a provenance row each, so that
        # kith sync, when the same message or event goes from a server, keeps them. A
        # sync's own import writes none: its items already say what each gave.
        self.file_provenance = True
        self.interaction_origins: list[tuple[str, str, str]] = []  # beside self.interactions
        self.seen_again: dict[str, tuple[str, str, str]] = {}  # key → source, file, record
        self.known: dict[str, dict[str, tuple[int, int, str]]] = {}
        self.keys_seen: set[tuple[str, str]] = set()
        self.interaction_source = ""

    # -- refs ------------------------------------------------------------------------
    def _person(self, ref: int) -> Person:
        if ref in self.pending:
            return self.pending[ref]
        person = self.dirty.get(ref)
        if person is None:
            loaded = self.stored.pop(ref, None) or self.uow.people.get(ref)
            assert loaded is not None
            person = self.dirty[ref] = loaded
        return person

    def new_person(self, person: Person, weak_name: bool) -> int:
        ref = self.person_ids.take()
        self.new_people.append((ref, person))
        self.pending[ref] = person
        if weak_name:
            self.weak_names.add(ref)
        self.summary.added += 1
        return ref

    def profile(self, ref: int, person: Person) -> Profile:
        return Profile(
            ref=ref,
            display_name=person.display_name,
            given=person.given_name,
            family=person.family_name,
            nicknames=set(person.nicknames),
            emails={e.address for e in person.emails},
            phones={k for p in person.phones if (k := phone_key(p.number))},
            organisations={organisation_fold(a.organisation) for a in person.affiliations},
        )

    # -- people ----------------------------------------------------------------------
    def person(self, record: PersonRecord) -> None:
        source = record.origin.source
        known = self._known(source)
        key = record.key or record.display_name
        n = 1
        while (source, key) in self.keys_seen:  # two records with one key: keep them apart
            n += 1
            key = f"{record.key}#{n}"
        self.keys_seen.add((source, key))
        fingerprint = digest(record)
        seen = known.get(key)
        if seen is not None:
            row_id, person_id, old = seen
            if old == fingerprint:
                self.summary.unchanged += 1
                return
            self._update(row_id, person_id, incoming(record, self.region)[0], record, fingerprint)
            return
        new, probe = incoming(record, self.region)
        decision = self.index.resolve(probe)
        if decision.verdict is Verdict.SAME and decision.ref is not None:
            ref = decision.ref
            person = self._person(ref)
            take_name = source in CONTACT_SOURCES and self._weak_name(ref)
            before = person.display_name
            changed = absorb(person, new, self._protected(ref), take_name=take_name)
            changed += keep_names(person, (before, new.display_name))
            self.weak_names.discard(ref)
            self._provenance(ref, changed, record)
            probe.ref = ref
            self.index.add(probe)  # what this record adds: addresses, phones, names
            self.summary.merged += 1
            # The merge itself, with its evidence, for ``kith merge --log``.
            said = f"{record.origin.record}: '{record.display_name}', {decision.evidence}"
            self.provenance.append((ref, MERGED, source, record.origin.file, said[:200]))
            if "same e-mail" not in decision.evidence and "same phone" not in decision.evidence:
                self.summary.notes.append(
                    f"merged '{record.display_name}' ({record.origin.record}) into "
                    f"#{ref} on strong evidence: {decision.evidence}"
                )
        else:
            ref = self.new_person(new, weak_name=False)
            probe.ref = ref
            self.index.add(probe)
            self._provenance(ref, filled_fields(new), record)
        for candidate in decision.proposals:
            self._propose(ref, candidate.ref, candidate.score, candidate.evidence)
        self.source_rows.append((ref, source, key, fingerprint, record.origin.file))
        known[key] = (0, ref, fingerprint)
        if record.related:
            self.related.append((ref, record))
        if record.connection:
            self._connection(ref, record.connected_on, record)
        elif source in CONTACT_SOURCES and self.me is not None and not record.lists_ties:
            self.add_tie(self.me, ref, None, TieSource.IMPORTED, 1.0, f"in {source} contacts", None)
        self._maybe_flush()

    def _update(
        self, row_id: int, person_id: int, incoming: Person, record: PersonRecord, fingerprint: str
    ) -> None:
        """A newer version of a record imported before: change what changed, bar hand edits."""
        person = self._person(person_id)
        changed = absorb(person, incoming, self._protected(person_id), replace=True)
        self._provenance(person_id, changed, record)
        if row_id:
            self.source_updates.append((row_id, fingerprint, record.origin.file))
        if changed:
            self.summary.updated += 1
        else:
            self.summary.unchanged += 1
        if record.connection:
            self._connection(person_id, record.connected_on, record)

    def _known(self, source: str) -> dict[str, tuple[int, int, str]]:
        if source not in self.known:
            self.known[source] = {
                k: (r.id, r.person_id, r.digest)
                for k, r in self.uow.sources.source_records(source).items()
            }
        return self.known[source]

    def _field_sources(self, ref: int) -> dict[str, str]:
        """The latest source of each field of a stored person, as the store has it now.

        A few people are read one by one; past ``READ_ONE_BY_ONE`` the whole
        provenance table is read once and kept up to date as rows are flushed.
        """
        if self.all_sources is None:
            self.sources_read += 1
            if self.sources_read <= READ_ONE_BY_ONE:
                latest: dict[str, str] = {}
                for p in self.uow.sources.provenance("person", ref):
                    latest[p.field] = p.source
                return latest
            self.all_sources = self.uow.sources.field_sources("person")
        return self.all_sources.get(ref, {})

    def _protected(self, ref: int) -> set[str]:
        """Fields the user edited by hand: an import never overwrites them."""
        if ref in self.pending:
            return set()
        return {f for f, s in self._field_sources(ref).items() if s == "user"}

    def _weak_name(self, ref: int) -> bool:
        if ref in self.weak_names:
            return True
        if ref in self.pending:
            return False
        return self._field_sources(ref).get("display_name", "") in WEAK_NAME_SOURCES

    def _provenance(self, ref: int, fields: Iterable[str], record: PersonRecord | None) -> None:
        source = record.origin.source if record else "related"
        where = (record.origin.file, record.origin.record) if record else ("", "")
        for f in fields:
            self.provenance.append((ref, f, source, *where))

    def _propose(self, a: int, b: int, score: float, evidence: str) -> None:
        if a == b:
            return
        self.proposals.setdefault((a, b), (score, evidence))
        self.summary.proposed += 1

    def _connection(self, ref: int, since: date | None, record: PersonRecord) -> None:
        """A LinkedIn connection: a tie with me since then, but no interaction."""
        if self.me is None:
            self.summary.skip("connection not tied: no 'me' yet (use --me ADDRESS)")
            return
        source = record.origin.source
        kind = self.connection_kinds.get(source)
        if kind is None:  # one shared kind per source: kinds are never changed once made
            kind = self.connection_kinds[source] = TieKind(
                source, TieSource.IMPORTED, 1.0, "connected"
            )
        evidence = f"{source} connection" + (f" since {since.isoformat()}" if since else "")
        self.add_tie(self.me, ref, kind, TieSource.IMPORTED, 1.0, evidence, since)

    # -- parties of interactions and ties ----------------------------------------------
    def party(self, p: Party, source: str) -> int | None:
        """The person behind an address: me, someone known, or someone new."""
        address = email_key(p.email)
        if not address:
            return None
        if address in self.me_addresses:
            return self.me
        ref = self.index.by_email.get(address)
        if ref is not None:
            return ref
        local = address.partition("@")[0]
        if any(local.startswith(a) for a in _AUTOMATED):
            return None
        name = " ".join(p.name.split()) or name_from_address(address)
        person = Person(display_name=name, emails=[Email(address)])
        profile = self.profile(0, person)
        decision = self.index.resolve(profile)
        ref = self.new_person(person, weak_name=True)
        profile.ref = ref
        self.index.add(profile)
        for f in ("display_name", "emails"):
            self.provenance.append((ref, f, source, "", ""))
        for candidate in decision.proposals:
            self._propose(candidate.ref, ref, candidate.score, candidate.evidence)
        return ref

    def interaction(self, record: InteractionRecord) -> None:
        self.interaction_source = record.origin.source
        if record.key and record.key in self.external_ids:
            self.summary.unchanged += 1
            if self.file_provenance:
                origin = record.origin
                self.seen_again[record.key] = (origin.source, origin.file, origin.record)
                if len(self.seen_again) >= BATCH:
                    self.flush()
            return
        refs: list[int] = []
        for p in record.parties:
            ref = self.party(p, record.origin.source)
            if ref is not None and ref not in refs:
                refs.append(ref)
        if len(refs) < 2:
            self.summary.skip("interaction with no one else")
            return
        initiator = self.party(record.initiator, record.origin.source) if record.initiator else None
        answered = record.answered
        if answered is None and record.channel is Channel.EMAIL and initiator == self.me:
            answered = False  # until a reply says otherwise
        self.interactions.append(
            Interaction(
                when=record.when,
                channel=record.channel,
                participants=refs,
                initiator=initiator if initiator in refs else None,
                answered=answered,
                note=record.note,
                external_id=record.key,
            )
        )
        if self.file_provenance:
            origin = record.origin
            self.interaction_origins.append((origin.source, origin.file, origin.record))
        if record.key:
            self.external_ids.add(record.key)
        if record.in_reply_to:
            self.replies.append((record.in_reply_to, initiator))
        self.summary.interactions += 1
        if self.me is not None and self.me in refs:
            for other in refs:
                if other != self.me:
                    evidence = f"{record.channel.value} ({Path(record.origin.file).name})"
                    self.add_tie(
                        self.me, other, None, TieSource.IMPORTED, 1.0, evidence, record.when.date()
                    )
        self._maybe_flush()

    def add_tie(
        self,
        a: int,
        b: int,
        kind: TieKind | None,
        source: TieSource,
        confidence: float,
        evidence: str,
        since: date | None,
    ) -> None:
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        tie = self.ties.get(key)
        if tie is None:
            tie = self.ties[key] = Tie(
                key[0], key[1], source=source, confidence=confidence, evidence=evidence, since=since
            )
            if kind is not None:
                tie.kinds.append(kind)
            return  # a new tie already holds all of it
        if since is not None and (tie.since is None or since < tie.since):
            tie.since = since
        if kind is not None and all(k.kind != kind.kind for k in tie.kinds):
            tie.kinds.append(kind)
        if RANK[source] > RANK[tie.source] or (
            source == tie.source and confidence > tie.confidence
        ):
            tie.source, tie.confidence, tie.evidence = source, confidence, evidence

    # -- after the records ------------------------------------------------------------
    def finish(self) -> None:
        self.flush()
        related_ties(self)
        self.flush()
        self._answers()

    def _answers(self) -> None:
        """A reply marks the message it answers as answered, even one from an earlier import."""
        self.uow.activity.mark_replies(list(self.replies))

    # -- writing ----------------------------------------------------------------------
    def _maybe_flush(self) -> None:
        if len(self.new_people) + len(self.interactions) + len(self.ties) >= BATCH:
            self.flush()

    def flush(self) -> None:
        now = self.now
        if self.new_people:
            people = [p for _, p in self.new_people]
            self.bulk.add_people(people, now, [ref for ref, _ in self.new_people])
            for ref, _ in self.new_people:
                del self.pending[ref]
            self.new_people = []
        for person in self.dirty.values():
            self.uow.people.update(person, now)
        self.dirty = {}
        if self.source_updates:
            self.uow.sources.update_source_records(self.source_updates, now)
            self.source_updates = []
        if self.source_rows:
            rows = [
                (source, key, ref, fp, file, now) for ref, source, key, fp, file in self.source_rows
            ]
            self.uow.sources.add_source_record_rows(rows)
            for source, key, pid, fp, _, _ in rows:
                self.known[source][key] = (0, pid, fp)
            self.source_rows = []
        if self.provenance:
            prov = [
                ("person", ref, f, source, file, rec, now)
                for ref, f, source, file, rec in self.provenance
            ]
            self.uow.sources.add_provenance_rows(prov)
            if self.all_sources is not None:
                for _, pid, f, source, _, _, _ in prov:
                    self.all_sources.setdefault(pid, {})[f] = source
            self.provenance = []
        self._flush_proposals()
        if self.interactions:
            ids = self.bulk.add_interactions(self.interactions, self.interaction_source)
            self.interactions = []
            if self.interaction_origins:
                self.uow.sources.add_interaction_provenance(
                    list(zip(ids, self.interaction_origins, strict=True)), now
                )
                self.interaction_origins = []
        if self.seen_again:
            self.uow.sources.add_interaction_provenance_by_key(self.seen_again, now)
            self.seen_again = {}
        flush_ties(self)

    def _flush_proposals(self) -> None:
        rows = []
        for (a, b), (score, evidence) in self.proposals.items():
            pa, pb = (a, b) if a < b else (b, a)
            if pa == pb or (pa, pb) in self.proposal_pairs:
                continue
            self.proposal_pairs.add((pa, pb))
            rows.append(
                {
                    "person_a": pa,
                    "person_b": pb,
                    "score": score,
                    "evidence": evidence,
                    "status": "open",
                    "created_at": self.now,
                }
            )
        self.uow.sources.add_proposals(rows)
        self.proposals = {}


def name_from_address(address: str) -> str:
    local = address.partition("@")[0].split("+", 1)[0]
    words = [w for w in local.replace("_", ".").replace("-", ".").split(".") if w]
    return " ".join(w.capitalize() for w in words) or address
