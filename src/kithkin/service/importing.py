"""``kith import``: files in, one network out; one transaction per file.

Contact files go first (vCard, LinkedIn, Google, Outlook), then calendars, then
mail, whatever order the files were named in: people are best known by the
name a contact file gives them, and a calendar or mailbox then finds them by
address instead of inventing them from a header.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kithkin.errors import DatabaseError, ImportFailed, InvalidInput, KithkinError
from kithkin.ingest.detect import FORMATS, detect_format, estimate_records, parse_file
from kithkin.ingest.identity import email_key
from kithkin.ingest.normalise import name_parts
from kithkin.ingest.records import (
    BadRecord,
    InteractionRecord,
    Notice,
    Origin,
    PersonRecord,
    Record,
    Skipped,
)
from kithkin.model import Email, Person, Provenance, values
from kithkin.model.values import check_length, clean, has_controls
from kithkin.process import fewer_collections
from kithkin.service.app import App
from kithkin.service.import_limits import FileBudget, Limits
from kithkin.service.import_people import check_region, organisation_card, phone_region
from kithkin.service.import_session import (
    FileSummary,
    ImportSession,
    build_index,
    name_from_address,
)
from kithkin.store import UnitOfWork
from kithkin.store.failures import as_kithkin_error
from kithkin.store.sources import SYNCED

log = logging.getLogger(__name__)

_ORDER = {"vcard": 0, "linkedin": 0, "google": 0, "outlook": 0, "ics": 1, "mail": 2}
PROGRESS_EVERY = 500

# (file, records read so far); called every few hundred records.
# (file, items so far, about how many in all): an item is what ``estimate_records`` counts,
# a card or row (a person), or an event occurrence or message (an interaction).
Progress = Callable[[str, int, int], None]
_ITEMS: dict[str, type] = {"ics": InteractionRecord, "mail": InteractionRecord}


@dataclass
class ImportSummary:
    files: list[FileSummary] = field(default_factory=list)
    dry_run: bool = False
    failed: list[str] = field(default_factory=list)  # one line per file not imported

    @property
    def totals(self) -> dict[str, int]:
        keys = (
            "added",
            "updated",
            "merged",
            "proposed",
            "unchanged",
            "interactions",
            "ties",
            "organisations",
        )
        out = {k: sum(getattr(f, k) for f in self.files if not f.error) for k in keys}
        out["skipped"] = sum(sum(f.skipped.values()) for f in self.files if not f.error)
        out["bad"] = sum(len(f.bad) for f in self.files if not f.error)
        return out


def import_files(
    app: App,
    paths: Sequence[Path],
    fmt: str | None = None,
    me: Sequence[str] = (),
    region: str | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    limits: Limits | None = None,
    synced: str = "",
    seen: Callable[[Record], None] | None = None,
) -> ImportSummary:
    """Import each file in its own transaction; one file's failure never hides the others.

    ``synced``: the files hold what the ``kith sync`` source of that name read from its
    server; their records say ``sync:NAME`` where they came from, not a temporary file,
    and interactions get no provenance row (the source keeps per item what it gave). ``seen`` is
    shown every record as it is read (so a sync learns what each item gave).

    ``limits`` bounds each file's time and memory and can stop the import from
    another thread (``Limits.cancel``): the file under way is rolled back and the
    files after it are listed as not imported.
    """
    limits = limits or Limits()
    if fmt is not None and fmt not in FORMATS:
        raise InvalidInput(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if not paths:
        raise InvalidInput("name at least one file to import")
    mine = [a for a in (email_key(m) for m in me)]
    bad_me = [m for m, a in zip(me, mine, strict=True) if not a]
    if bad_me:
        raise InvalidInput(f"--me takes your own e-mail address, not '{bad_me[0]}'")
    if region:
        region = check_region(region)
    summary = ImportSummary(dry_run=dry_run)
    planned: list[tuple[Path, str]] = []
    for path in paths:
        try:
            planned.append((path, fmt or detect_format(Path(path))))
        except KithkinError as exc:
            summary.files.append(FileSummary(str(path), fmt or "?", error=str(exc)))
            summary.failed.append(str(exc))
    planned.sort(key=lambda pf: _ORDER.get(pf[1], 9))
    with fewer_collections():  # see kithkin.process: millions of objects, freed by refcounting
        for path, kind in planned:
            result = FileSummary(str(path), kind)
            summary.files.append(result)
            if limits.stop.is_set():
                result.error = f"{path}: not imported: {limits.reason}"
                summary.failed.append(result.error)
                continue
            try:
                budget = FileBudget(str(path), limits)
                _import_file(
                    app,
                    Path(path),
                    kind,
                    mine,
                    region,
                    skip_bad,
                    dry_run,
                    result,
                    progress,
                    budget,
                    synced,
                    seen,
                )
            except KithkinError as exc:
                result.error = str(exc)
                summary.failed.append(str(exc))
            except Exception as exc:  # a defect on one file must not hide the others' summaries
                known = as_kithkin_error(exc)
                if isinstance(known, DatabaseError):  # a full disk or a lost server: ends it all
                    raise known from exc
                if os.environ.get("KITHKIN_DEBUG"):
                    raise
                log.exception("importing %s failed", path)
                result.error = (
                    f"{path}: not imported: an unexpected error ({type(exc).__name__}); "
                    "nothing of this file was written"
                )
                summary.failed.append(result.error)
    if not dry_run and not limits.stop.is_set() and any(not f.error for f in summary.files):
        from kithkin.service.calibration import refresh

        refresh(app)  # the data changed: strength learns again if enough history arrived
    return summary


def _import_file(
    app: App,
    path: Path,
    kind: str,
    me: list[str],
    region: str | None,
    skip_bad: bool,
    dry_run: bool,
    summary: FileSummary,
    progress: Progress | None,
    budget: FileBudget,
    synced: str = "",
    seen: Callable[[Record], None] | None = None,
) -> None:
    now = app.now()
    with app.uow() as uow:
        me_person = ensure_me(uow, me, now)
        me_addresses = set(me) | {e.address for e in me_person.emails} if me_person else set(me)
        region = phone_region(uow, region, me_person)
        stored: dict[int, Person] = {}
        session = ImportSession(
            uow,
            build_index(uow, stored),
            summary,
            now,
            me_person.id if me_person else None,
            me_addresses,
            region,
            stored,
        )
        session.file_provenance = not synced
        label = f"{SYNCED}{synced}" if synced else ""
        items = 0
        total = estimate_records(path, kind) if progress is not None else 0
        item = _ITEMS.get(kind, PersonRecord)
        records = parse_file(path, kind, me=sorted(me_addresses), region=region, now=now)
        for count, record in enumerate(records, start=1):
            budget.check()
            if label:
                record.origin = Origin(record.origin.source, label, record.origin.record)
            if seen is not None:
                seen(record)
            items += isinstance(record, (item, Skipped, BadRecord))
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(str(path), items, max(total, items))
            try:
                record = _within_limits(record, summary)
                if isinstance(record, PersonRecord) and record.is_organisation:
                    if organisation_card(uow, record):
                        summary.organisations += 1
                    else:
                        summary.unchanged += 1
                elif isinstance(record, PersonRecord):
                    session.person(record)
                elif isinstance(record, InteractionRecord):
                    session.interaction(record)
            except InvalidInput as exc:  # a value no database would hold: a bad record
                record = BadRecord(record.origin, str(exc))
            if isinstance(record, Skipped):
                summary.skip(record.reason)
            elif isinstance(record, Notice):
                summary.warnings.append(record.message())
            elif isinstance(record, BadRecord):
                if not skip_bad:
                    raise ImportFailed(
                        record.message() + " (nothing imported from this file; "
                        "--skip-bad imports the good records)"
                    )
                summary.bad.append(record.message())
        session.finish()
        if progress is not None:
            progress(str(path), items, items)
        if dry_run:
            uow.rollback()
        else:
            uow.commit()


def _within_limits(record: Record, summary: FileSummary) -> Record:
    """The record with a key every database holds (InvalidInput when it is too long, so
    that PostgreSQL never aborts the file's transaction over it); control characters in
    its text are named in a warning (the model takes them out)."""
    if not isinstance(record, PersonRecord | InteractionRecord):
        return record
    if not record.key.isprintable():
        record.key = clean(record.key)
    check_length("a record's key (UID, profile URL, Message-ID)", record.key, values.KEY)
    if isinstance(record, InteractionRecord):
        texts = {"note": [record.note]}
    else:
        texts = {
            "name": [record.display_name, record.given_name, record.family_name],
            "nicknames": record.nicknames,
            "emails": [e for e, _ in record.emails],
            "phones": [p for p, _ in record.phones],
            "organisations": [o.name for o in record.organisations]
            + [o.title for o in record.organisations],
            "location": [record.location],
            "notes": [record.notes],
            "skills": record.skills,
        }
    if not has_controls("".join(x for items in texts.values() for x in items)):
        return record  # the common case: one look at all the text at once
    found = [what for what, items in texts.items() if any(map(has_controls, items))]
    if found:
        summary.notes.append(
            f"{record.origin.file}: {record.origin.record}: control characters removed "
            f"from {', '.join(found)}"
        )
    return record


def ensure_me(uow: UnitOfWork, addresses: list[str], now: datetime) -> Person | None:
    """``--me``: make the owner of the network from the first address, or add the addresses."""
    me = uow.people.me()
    if not addresses:
        return me
    free = [a for a in addresses if uow.people.by_email(a) in (None, me.id if me else None)]
    if me is None:
        me = Person(
            display_name=name_from_address(addresses[0]),
            emails=[Email(a) for a in free],
            is_me=True,
        )
        name_parts(me)
        uow.people.add(me, now)
        assert me.id is not None
        uow.sources.add_provenance(
            Provenance("person", me.id, f, "user", at=now) for f in ("display_name", "emails")
        )
        return me
    have = {e.address for e in me.emails}
    new = [a for a in free if a not in have]
    if new:
        me.emails += [Email(a) for a in new]
        uow.people.update(me, now)
        assert me.id is not None
        uow.sources.add_provenance([Provenance("person", me.id, "emails", "user", at=now)])
    return me
