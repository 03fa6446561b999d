"""``kith sync``: keep the network current from the user's own CardDAV, CalDAV and IMAP servers.

Each source is read in three steps, each safe to interrupt:

1. over the network, what changed since the last run (sync-token, ETags, UIDs) and
   the changed items themselves — nothing is written yet;
2. what deleted (or replaced) items alone contributed is retracted, and the new and
   changed items go through ``kith import`` (same parsers, same identity rules),
   written as one vCard file, one calendar or one Maildir per source and run;
3. the new ETags, tokens and UIDs are kept.

A run stopped between the steps does the unfinished ones again next time; an import
of what was imported before changes nothing, so nothing is lost or doubled.
"""

from __future__ import annotations

import imaplib
import os
import re
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kithkin.errors import InvalidInput, KithkinError, NotFound
from kithkin.service.app import App
from kithkin.service.sync_imap import ImapError
from kithkin.service.sync_retract import retract
from kithkin.store.sync_sources import SyncItem, SyncSource

# The parsers, the import service and the HTTP client are imported when a sync needs
# them: a sync with nothing new, the most common one, is mostly start-up otherwise.

KINDS = ("carddav", "caldav", "imap")
FORMAT = {"carddav": "vcard", "caldav": "ics", "imap": "mail"}
KEYRING_SERVICE = "kithkin"
IMAP_STATE = "imap"  # the state's entry of each folder's UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ
CTAG_STATE = "ctag"  # the state's entry of each DAV collection's ctag at its last sync
CHANGE_KEYS = ("fetched", "deleted", "added", "updated", "unchanged", "interactions", "retracted")

# (source name, items fetched so far, items to fetch)
Progress = Callable[[str, int, int], None]


class SyncFailed(KithkinError):
    exit_code = 6


@dataclass
class SourceRun:
    """What one run did with one source."""

    name: str
    kind: str
    error: str = ""
    changes: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)


@dataclass
class SyncReport:
    sources: list[SourceRun] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return [f"{s.name}: {s.error}" for s in self.sources if s.error]


@dataclass
class SourceView:
    """A source as ``kith sync list`` and ``status`` show it (never its password)."""

    name: str
    kind: str
    url: str
    user: str
    folders: list[str]
    insecure: bool
    password: str  # where it comes from: "keyring" or "$VARIABLE"
    publish_agenda: str
    last_run: str
    last_error: str
    last_changes: dict[str, int]


def view(source: SyncSource) -> SourceView:
    return SourceView(
        name=source.name,
        kind=source.kind,
        url=source.url,
        user=source.username,
        folders=source.folders,
        insecure=source.insecure,
        password=f"${source.password_env}" if source.password_env else "keyring",
        publish_agenda=source.publish,
        last_run=source.last_run.isoformat() if source.last_run else "",
        last_error=source.last_error,
        last_changes=source.last_changes,
    )


# -- configuration ---------------------------------------------------------------------
def add_source(
    app: App,
    kind: str,
    url: str,
    user: str,
    *,
    name: str = "",
    folders: Iterable[str] = (),
    insecure: bool = False,
    password: str | None = None,
    password_env: str = "",
    publish_agenda: str = "",
) -> SourceView:
    if kind not in KINDS:
        raise InvalidInput(f"unknown source kind '{kind}'; use one of {', '.join(KINDS)}")
    if not user.strip():
        raise InvalidInput("--user is required: the account name on the server")
    url = url.strip()
    _check_url(kind, url)
    wanted = [f for f in folders if f.strip()] or (["INBOX"] if kind == "imap" else [])
    if wanted and kind != "imap":
        raise InvalidInput("--folder is for IMAP sources only")
    if publish_agenda:
        if kind != "caldav":
            raise InvalidInput("--publish-agenda is for CalDAV sources only")
        _check_url(kind, publish_agenda)
    if password is None and not password_env:
        raise InvalidInput(
            "give the password with --password-stdin (kept in the system keyring) "
            "or --password-env VARIABLE (read from the environment at each sync)"
        )
    if password_env and not password_env.replace("_", "").isalnum():
        raise InvalidInput(f"--password-env takes a variable name, not '{password_env}'")
    with app.uow() as uow:
        repo = uow.sync_sources
        taken = {s.name for s in repo.all()}
        host = urlsplit(_with_scheme(url)).hostname or kind
        name = name.strip() or _free_name(f"{kind}-{host}", taken)
        if name in taken:
            raise InvalidInput(f"a source named '{name}' exists; choose another --name")
        source = SyncSource(
            name, kind, url, user.strip(), wanted, insecure, password_env, publish_agenda
        )
        if password is not None:
            _keyring_set(name, password)
        repo.add(source, app.now())
        uow.commit()
    return view(source)


def list_sources(app: App) -> list[SourceView]:
    with app.uow(write=False) as uow:
        return [view(s) for s in uow.sync_sources.all()]


def remove_source(app: App, name: str) -> SourceView:
    """Forget a source and its password; what it brought into the network stays."""
    with app.uow() as uow:
        source = uow.sync_sources.by_name(name)
        if source is None or source.id is None:
            raise NotFound(f"no sync source named '{name}'", see="sources")
        uow.sync_sources.remove(source.id)
        uow.commit()
    if not source.password_env:
        _keyring_delete(name)
    return view(source)


def _with_scheme(url: str) -> str:
    return url if "://" in url else f"imaps://{url}"


def _loopback(host: str | None) -> bool:
    return host in ("localhost", "127.0.0.1", "::1")


def _check_url(kind: str, url: str) -> None:
    parts = urlsplit(_with_scheme(url))
    if kind == "imap":
        if parts.scheme not in ("imap", "imaps") or not parts.hostname:
            raise InvalidInput(
                f"'{url}' is not an IMAP host (use HOST, imaps://HOST or imap://HOST)"
            )
        return
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"'{url}' is not a {kind} URL (use https://HOST/PATH)")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise InvalidInput(f"'{url}' is plain http: the password would travel in clear (use https)")


def _free_name(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


# -- passwords --------------------------------------------------------------------------
def _keyring_set(name: str, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, name, password)
    except KeyringError as exc:
        raise InvalidInput(
            f"no system keyring to keep the password ({exc}); use --password-env VARIABLE"
        ) from exc


def _keyring_delete(name: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    with suppress(KeyringError):  # nothing kept, or no keyring: nothing to forget
        keyring.delete_password(KEYRING_SERVICE, name)


def password_of(source: SyncSource) -> str:
    if source.password_env:
        value = os.environ.get(source.password_env, "")
        if not value:
            raise SyncFailed(f"the environment variable {source.password_env} holds no password")
        return value
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(KEYRING_SERVICE, source.name) or ""
    except KeyringError as exc:
        raise SyncFailed(f"cannot read the system keyring ({exc})") from exc
    if not value:
        raise SyncFailed(
            "no password in the system keyring; remove and add the source again with "
            "--password-stdin"
        )
    return value


# -- syncing ------------------------------------------------------------------------------
class _Known:
    """What earlier runs read from a source, per collection: counted at once, each
    collection's items read from the database only when the server says it changed."""

    def __init__(self, app: App, source_id: int) -> None:
        self.app, self.source_id = app, source_id
        with app.uow(write=False) as uow:
            self.counts = uow.sync_sources.counts(source_id)
        self._items: dict[str, dict[str, SyncItem]] = {}

    def collections(self) -> set[str]:
        return set(self.counts)

    def items(self, collection: str) -> dict[str, SyncItem]:
        if collection not in self.counts:
            return {}
        if collection not in self._items:
            with self.app.uow(write=False) as uow:
                self._items[collection] = uow.sync_sources.items(self.source_id, collection)
        return self._items[collection]


@dataclass
class _Fetched:
    """What step 1 found for one source, per collection (an address book, calendar, folder)."""

    state: dict[str, Any]
    items: dict[str, dict[str, tuple[str, str]]] = field(
        default_factory=dict
    )  # remote → etag, text
    deleted: dict[str, set[str]] = field(default_factory=dict)
    forget: set[str] = field(default_factory=set)  # collections whose items are all gone
    notes: list[str] = field(default_factory=list)


def sync(app: App, name: str | None = None, progress: Progress | None = None) -> SyncReport:
    """Read every source (or the one named): contacts first, then calendars, then mail."""
    with app.uow(write=False) as uow:
        sources = uow.sync_sources.all()
    if name is not None:
        sources = [s for s in sources if s.name == name]
        if not sources:
            raise NotFound(f"no sync source named '{name}'", see="sources")
    elif not sources:
        raise NotFound("no sync sources yet", see="add_source")
    sources.sort(key=lambda s: KINDS.index(s.kind))
    import httpx

    from kithkin.service.sync_dav import DavError

    report = SyncReport()
    for source in sources:
        run = SourceRun(source.name, source.kind)
        report.sources.append(run)
        try:
            _sync_source(app, source, run, progress)
        except (
            KithkinError,
            DavError,
            ImapError,
            imaplib.IMAP4.error,
            httpx.HTTPError,
            OSError,
        ) as exc:
            run.error = _one_line(exc)  # one server's failure never stops the others
        assert source.id is not None
        with app.uow() as uow:
            uow.sync_sources.set_run(source.id, app.now(), run.error, run.changes)
            uow.commit()
    return report


def _one_line(exc: BaseException) -> str:
    import httpx

    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"the server did not answer in time ({text})"
    if isinstance(exc, httpx.HTTPError):
        return f"cannot reach the server ({text})"
    return text


def _sync_source(app: App, source: SyncSource, run: SourceRun, progress: Progress | None) -> None:
    assert source.id is not None
    password = password_of(source)
    known = _Known(app, source.id)
    if source.kind == "imap":
        fetched = _fetch_imap(source, password, known, run, progress)
    else:
        fetched = _fetch_dav(source, password, known, run, progress)
    run.notes += fetched.notes
    _apply(app, source, fetched, known, run)
    if source.publish:
        _publish(app, source, password, run)


def _publish(app: App, source: SyncSource, password: str, run: SourceRun) -> None:
    import httpx

    from kithkin.service import sync_dav as dav
    from kithkin.service.sync_agenda import publish

    assert source.id is not None
    with app.uow(write=False) as uow:
        stored = uow.sync_sources.by_name(source.name)
    state = dict(stored.state if stored else source.state)
    before = dict(state.get("published", {}))
    try:
        with dav.client(source.username, password, source.insecure) as http:
            after = publish(app, http, source.publish, before)
    except (dav.DavError, httpx.HTTPError) as exc:
        # What was read from the source stays imported; the tasks are written again next time.
        raise SyncFailed(f"the agenda was not published: {_one_line(exc)}") from exc
    changed = sum(1 for k, v in after.items() if before.get(k) != v) + len(set(before) - set(after))
    if changed:
        run.changes["tasks published"] = changed
        state["published"] = after
        with app.uow() as uow:
            uow.sync_sources.set_state(source.id, state)
            uow.commit()


def _fetch_dav(
    source: SyncSource,
    password: str,
    known: _Known,
    run: SourceRun,
    progress: Progress | None,
) -> _Fetched:
    from kithkin.service import sync_dav as dav

    out = _Fetched(state=dict(source.state))
    with dav.client(source.username, password, source.insecure) as http:
        below = any(k != source.url and k.startswith(source.url) for k in source.state)
        collections = dav.collections(http, source.url, source.kind, home=below)
        out.forget = known.collections() - set(collections)
        ctag_of = dict(source.state.get(CTAG_STATE, {}))
        for collection, ctag in collections.items():
            token = str(source.state.get(collection, ""))
            if collection in source.state and ctag and ctag_of.get(collection) == ctag:
                continue  # the ctag has not moved: nothing changed, no REPORT asked
            before_ctag = ctag_of.get(collection)
            ctag_of[collection] = ctag
            try:
                changes = dav.changes(http, collection, token)
            except dav.TokenExpired:
                out.notes.append(f"{collection}: the server forgot the sync-token; read in full")
                changes = dav.changes(http, collection, "")
            if not changes.changed and not changes.deleted and not changes.complete:
                out.state[collection] = changes.token
                continue  # the sync-token says nothing changed
            have = known.items(collection)
            wanted = sorted(h for h, e in changes.changed.items() if _etag(have.get(h)) != e)
            gone = set(have) - set(changes.changed) if changes.complete else changes.deleted
            out.deleted[collection] = gone & set(have)
            if progress is not None and wanted:
                progress(source.name, 0, len(wanted))
            out.items[collection] = dav.fetch(http, collection, source.kind, wanted)
            if progress is not None and wanted:
                progress(source.name, len(wanted), len(wanted))
            missing = [h for h in wanted if h not in out.items[collection]]
            if missing:
                # The server listed changes it did not hand over (a 404 in the multiget, or
                # nothing): keep the token (and ctag) we asked with, so the next sync asks
                # again and gets either the item or the server's word that it is deleted.
                sent = "" if changes.complete else token
                if sent:
                    out.state[collection] = sent
                else:
                    out.state.pop(collection, None)
                if before_ctag:
                    ctag_of[collection] = before_ctag
                else:
                    ctag_of.pop(collection, None)
                out.notes.append(
                    f"{collection}: {len(missing)} changed item(s) the server listed could "
                    "not be fetched; the next sync asks for them again"
                )
                continue
            out.state[collection] = changes.token
        out.state[CTAG_STATE] = {c: t for c, t in ctag_of.items() if c in collections and t}
    return out


def _etag(item: Any) -> str | None:
    return None if item is None else str(item.etag)


def _fetch_imap(
    source: SyncSource,
    password: str,
    known: _Known,
    run: SourceRun,
    progress: Progress | None,
) -> _Fetched:
    from kithkin.service import sync_imap as imap

    out = _Fetched(state=dict(source.state))
    out.forget = known.collections() - set(source.folders)
    seen_of = dict(source.state.get(IMAP_STATE, {}))
    with imap.connect(source.url, source.username, password, source.insecure) as conn:
        qresync = imap.enable_qresync(conn)
        for folder in source.folders:
            before = seen_of.get(folder)
            seen = (
                imap.Seen(
                    int(before["uidvalidity"]),
                    int(before["uidnext"]),
                    int(before["modseq"]),
                    known.counts.get(folder, 0),
                )
                if before
                else None
            )
            folder_state = imap.examine(conn, folder, seen, qresync)
            validity = str(folder_state.uidvalidity)
            if folder_state.uids is None and not folder_state.new and not folder_state.vanished:
                out.state[folder] = validity
                continue  # nothing new, nothing gone: no item read from the database
            have = known.items(folder)
            if have and any(item.etag != validity for item in have.values()):
                out.notes.append(f"{folder}: UIDVALIDITY changed; the folder is read again")
                have = {}
                out.deleted[folder] = set(known.items(folder))
            if folder_state.uids is not None:
                current = {str(u) for u in folder_state.uids}
                gone = set(have) - current
                wanted = [u for u in folder_state.uids if str(u) not in have]
            else:
                gone = {str(u) for u in folder_state.vanished} & set(have)
                wanted = [u for u in folder_state.new if str(u) not in have]
            out.deleted[folder] = out.deleted.get(folder, set()) | gone
            items: dict[str, tuple[str, str]] = {}
            for n, (uid, header) in enumerate(imap.headers(conn, wanted), start=1):
                items[str(uid)] = (validity, header.decode("utf-8", "surrogateescape"))
                if progress is not None and n % 500 == 0:
                    progress(source.name, n, len(wanted))
            if progress is not None and wanted:
                progress(source.name, len(wanted), len(wanted))
            out.items[folder] = items
            out.state[folder] = validity
            seen_of[folder] = {
                "uidvalidity": folder_state.uidvalidity,
                "uidnext": folder_state.uidnext,
                "modseq": folder_state.modseq if qresync else 0,
            }
    out.state[IMAP_STATE] = {f: v for f, v in seen_of.items() if f in source.folders}
    return out


def _apply(app: App, source: SyncSource, fetched: _Fetched, known: _Known, run: SourceRun) -> None:
    """Steps 2 and 3: import and retract, then remember what was read."""
    assert source.id is not None
    fmt = FORMAT[source.kind]
    changes = dict.fromkeys(CHANGE_KEYS, 0)
    # What leaves the network: items deleted, replaced or in a collection now gone.
    deleted = {c: set(r) for c, r in fetched.deleted.items()}
    for collection in fetched.forget:
        deleted[collection] = set(known.items(collection))
    old: set[str] = set()
    for collection, remotes in deleted.items():
        for remote in remotes:
            old.update(known.items(collection)[remote].keys)
        changes["deleted"] += len(remotes)
    listed = [
        (collection, remote, etag, text)
        for collection, items in fetched.items.items()
        for remote, (etag, text) in sorted(items.items())
    ]
    for collection, remote, _, _ in listed:
        item = known.items(collection).get(remote)
        if item is not None:
            old.update(item.keys)
    changes["fetched"] = len(listed)
    leaving = {(c, r) for c, r, _, _ in listed} | {(c, r) for c, rs in deleted.items() for r in rs}
    held = _held_elsewhere(app, source, leaving) if old else set()
    keys: list[list[str]] = [[] for _ in listed]
    with tempfile.TemporaryDirectory(prefix="kithkin-sync-") as tmp:
        folder = Path(tmp) / source.name
        folder.mkdir()
        if fmt == "ics":
            # An event may have moved or lost a guest: its interactions are made again, so
            # what the old items gave goes first. Each item is read alone first, as the
            # items are joined into one calendar that an unreadable one would spoil.
            good: list[str] = []
            for n, (_, remote, _, text) in enumerate(listed):
                found, problem = _keys(folder, fmt, n, text)
                if problem:
                    run.bad.append(f"{remote}: {problem}")
                else:
                    keys[n] = found
                    good.append(text)
            if old - held:
                changes["retracted"] = retract(app, fmt, old - held)
            if good:
                _import(app, source, _calendar(folder, good), changes, None)
        else:
            # Cards and message headers are read once, by the import: each record is
            # traced back to its item by the line it starts on in the batch.
            if listed:
                batch, starts = _batch(folder, fmt, [text for _, _, _, text in listed])
                _import(app, source, batch, changes, _tracer(starts, listed, keys, run))
            new_keys = {k for found in keys for k in found}
            if old - held - new_keys:
                changes["retracted"] = retract(app, fmt, old - held - new_keys)
    run.changes = {k: v for k, v in changes.items() if v}
    if fetched.state != source.state or listed or deleted:
        by_collection: dict[str, list[tuple[str, str, list[str]]]] = {}
        for (collection, remote, etag, _), found in zip(listed, keys, strict=True):
            by_collection.setdefault(collection, []).append((remote, etag, found))
        with app.uow() as uow:
            repo = uow.sync_sources
            for collection, remotes in deleted.items():
                repo.remove_items(source.id, collection, remotes)
            for collection, read in by_collection.items():
                repo.put_items(source.id, collection, read)
            repo.set_state(source.id, fetched.state)
            uow.commit()


def _import(
    app: App,
    source: SyncSource,
    batch: Path,
    changes: dict[str, int],
    seen: Callable[[Any], None] | None,
) -> None:
    from kithkin.service.importing import import_files

    fmt = FORMAT[source.kind]
    summary = import_files(app, [batch], fmt, skip_bad=True, synced=source.name, seen=seen)
    if summary.failed:
        raise SyncFailed(summary.failed[0])
    totals = summary.totals
    for key in ("added", "updated", "unchanged", "interactions"):
        changes[key] += totals[key]
    changes["unchanged"] += totals["merged"]


_LINE = re.compile(r"line (\d+)")


def _tracer(
    starts: list[int],
    listed: list[tuple[str, str, str, str]],
    keys: list[list[str]],
    run: SourceRun,
) -> Callable[[Any], None]:
    """What the import reads, item by item: the keys each gives, or why it is bad."""
    from kithkin.ingest.records import BadRecord, InteractionRecord, PersonRecord

    def seen(record: Any) -> None:
        if not isinstance(record, (PersonRecord, InteractionRecord, BadRecord)):
            return
        found = _LINE.match(record.origin.record)
        if found is None:
            return
        n = bisect_right(starts, int(found.group(1))) - 1
        if n < 0:
            return
        if isinstance(record, BadRecord):
            run.bad.append(f"{listed[n][1]}: {record.reason}")
        elif isinstance(record, PersonRecord):
            keys[n].append(record.key or record.display_name)
        elif record.key:
            keys[n].append(record.key)

    return seen


def _keys(folder: Path, fmt: str, n: int, text: str) -> tuple[list[str], str]:
    """The record keys one calendar item gives the import, or what is wrong with it."""
    from icalendar import Calendar

    from kithkin.ingest.detect import parse_file
    from kithkin.ingest.records import BadRecord, InteractionRecord

    path = folder / f"item-{n}.ics"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    keys: list[str] = []
    try:
        for record in parse_file(path, fmt):
            if isinstance(record, BadRecord):
                return [], record.message().replace(str(path), "item")
            if isinstance(record, InteractionRecord) and record.key:
                keys.append(record.key)
    except KithkinError as exc:
        return [], str(exc).replace(str(path), "item")
    finally:
        path.unlink()
    try:  # the items are joined into one calendar: each must be one
        Calendar.from_ical(text)
    except ValueError as exc:
        return [], f"not a calendar ({exc})"
    return keys, ""


def _batch(folder: Path, fmt: str, texts: list[str]) -> tuple[Path, list[int]]:
    """The items as one file, cards as one vCard file, headers as one mbox (read in
    chunks): one import, one transaction. With it, the line each item starts on."""
    starts: list[int] = []
    line = 1
    if fmt == "vcard":
        path = folder / f"{folder.name}.vcf"
        with path.open("wb") as out:
            for text in texts:
                data = text.encode("utf-8", "surrogateescape")
                if not data.endswith(b"\n"):
                    data += b"\n"
                starts.append(line)
                line += data.count(b"\n")
                out.write(data)
        return path, starts
    path = folder / f"{folder.name}.mbox"
    with path.open("wb") as out:
        for text in texts:
            header = text.encode("utf-8", "surrogateescape").rstrip(b"\r\n")
            # A From_ line without a date: a message without Date stays without one, as
            # the same message in a Maildir or an .eml file would.
            data = b"From kithkin-sync\n" + header + b"\n\n"
            starts.append(line)
            line += data.count(b"\n")
            out.write(data)
    return path, starts


def _calendar(folder: Path, texts: list[str]) -> Path:
    """Every event of every item in one calendar; each time zone once."""
    from icalendar import Calendar

    merged = Calendar()
    merged.add("prodid", "-//Kithkin//sync//EN")
    merged.add("version", "2.0")
    zones: set[str] = set()
    for text in texts:
        for component in Calendar.from_ical(text).subcomponents:
            if component.name == "VTIMEZONE":
                tzid = str(component.get("TZID", ""))
                if tzid in zones:
                    continue
                zones.add(tzid)
            merged.add_component(component)
    path = folder / f"{folder.name}.ics"
    path.write_bytes(merged.to_ical())
    return path


def _held_elsewhere(app: App, source: SyncSource, leaving: set[tuple[str, str]]) -> set[str]:
    """Keys still given by an item that stays (here or in another source of the same kind)."""
    with app.uow(write=False) as uow:
        rows = uow.sync_sources.all_keys(source.kind)
    return {
        k
        for source_id, collection, remote, keys in rows
        if not (source_id == source.id and (collection, remote) in leaving)
        for k in keys
    }


def status(app: App) -> list[SourceView]:
    return list_sources(app)
