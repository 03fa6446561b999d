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
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from kithkin.errors import InvalidInput, KithkinError, NotFound
from kithkin.ingest.detect import parse_file
from kithkin.ingest.records import BadRecord, InteractionRecord, PersonRecord
from kithkin.service.app import App
from kithkin.service.importing import import_files
from kithkin.service.sync_dav import DavError
from kithkin.service.sync_imap import ImapError
from kithkin.service.sync_retract import retract
from kithkin.store.sync_sources import SyncSource

KINDS = ("carddav", "caldav", "imap")
FORMAT = {"carddav": "vcard", "caldav": "ics", "imap": "mail"}
KEYRING_SERVICE = "kithkin"
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
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"the server did not answer in time ({text})"
    if isinstance(exc, httpx.HTTPError):
        return f"cannot reach the server ({text})"
    return text


def _sync_source(app: App, source: SyncSource, run: SourceRun, progress: Progress | None) -> None:
    assert source.id is not None
    password = password_of(source)
    with app.uow(write=False) as uow:
        repo = uow.sync_sources
        known = {c: repo.items(source.id, c) for c in repo.collections(source.id)}
    if source.kind == "imap":
        fetched = _fetch_imap(source, password, known, run, progress)
    else:
        fetched = _fetch_dav(source, password, known, run, progress)
    run.notes += fetched.notes
    _apply(app, source, fetched, known, run)
    if source.publish:
        _publish(app, source, password, run)


def _publish(app: App, source: SyncSource, password: str, run: SourceRun) -> None:
    from kithkin.service import sync_dav as dav
    from kithkin.service.sync_agenda import publish

    assert source.id is not None
    with app.uow(write=False) as uow:
        stored = uow.sync_sources.by_name(source.name)
    state = dict(stored.state if stored else source.state)
    before = dict(state.get("published", {}))
    with dav.client(source.username, password, source.insecure) as http:
        after = publish(app, http, source.publish, before)
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
    known: dict[str, Any],
    run: SourceRun,
    progress: Progress | None,
) -> _Fetched:
    from kithkin.service import sync_dav as dav

    out = _Fetched(state=dict(source.state))
    with dav.client(source.username, password, source.insecure) as http:
        collections = dav.collections(http, source.url, source.kind)
        out.forget = set(known) - set(collections)
        for collection in collections:
            token = str(source.state.get(collection, ""))
            try:
                changes = dav.changes(http, collection, token)
            except dav.TokenExpired:
                out.notes.append(f"{collection}: the server forgot the sync-token; read in full")
                changes = dav.changes(http, collection, "")
            have = known.get(collection, {})
            wanted = sorted(h for h, e in changes.changed.items() if _etag(have.get(h)) != e)
            gone = set(have) - set(changes.changed) if changes.complete else changes.deleted
            out.deleted[collection] = gone & set(have)
            if progress is not None and wanted:
                progress(source.name, 0, len(wanted))
            out.items[collection] = dav.fetch(http, collection, source.kind, wanted)
            if progress is not None and wanted:
                progress(source.name, len(wanted), len(wanted))
            out.state[collection] = changes.token
    return out


def _etag(item: Any) -> str | None:
    return None if item is None else str(item.etag)


def _fetch_imap(
    source: SyncSource,
    password: str,
    known: dict[str, Any],
    run: SourceRun,
    progress: Progress | None,
) -> _Fetched:
    from kithkin.service import sync_imap as imap

    out = _Fetched(state=dict(source.state))
    out.forget = set(known) - set(source.folders)
    with imap.connect(source.url, source.username, password, source.insecure) as conn:
        for folder in source.folders:
            folder_state = imap.examine(conn, folder)
            validity = str(folder_state.uidvalidity)
            have = known.get(folder, {})
            if have and any(item.etag != validity for item in have.values()):
                out.notes.append(f"{folder}: UIDVALIDITY changed; the folder is read again")
                have = {}
                out.deleted[folder] = set(known[folder])
            current = {str(u) for u in folder_state.uids}
            out.deleted[folder] = out.deleted.get(folder, set()) | (set(have) - current)
            wanted = [u for u in folder_state.uids if str(u) not in have]
            items: dict[str, tuple[str, str]] = {}
            for n, (uid, header) in enumerate(imap.headers(conn, wanted), start=1):
                items[str(uid)] = (validity, header.decode("utf-8", "surrogateescape"))
                if progress is not None and n % 500 == 0:
                    progress(source.name, n, len(wanted))
            if progress is not None and wanted:
                progress(source.name, len(wanted), len(wanted))
            out.items[folder] = items
            out.state[folder] = validity
    return out


def _apply(
    app: App, source: SyncSource, fetched: _Fetched, known: dict[str, Any], run: SourceRun
) -> None:
    """Steps 2 and 3: retract, import, then remember what was read."""
    assert source.id is not None
    fmt = FORMAT[source.kind]
    changes = dict.fromkeys(CHANGE_KEYS, 0)
    with tempfile.TemporaryDirectory(prefix="kithkin-sync-") as tmp:
        folder = Path(tmp) / source.name
        folder.mkdir()
        parsed: dict[str, list[tuple[str, str, list[str]]]] = {}  # collection → items read
        good: list[tuple[str, str]] = []  # (collection, remote) of items to import
        texts: list[str] = []
        for collection, items in fetched.items.items():
            parsed[collection] = []
            for remote, (etag, text) in sorted(items.items()):
                keys, problem = _keys(folder, fmt, len(texts), text)
                changes["fetched"] += 1
                if problem:
                    run.bad.append(f"{remote}: {problem}")
                    keys = []
                else:
                    good.append((collection, remote))
                    texts.append(text)
                parsed[collection].append((remote, etag, keys))
        # What leaves the network: items deleted, replaced or in a collection now gone.
        deleted = {c: set(r) for c, r in fetched.deleted.items()}
        for collection in fetched.forget:
            deleted[collection] = set(known.get(collection, {}))
        old: set[str] = set()
        for collection, remotes in deleted.items():
            for remote in remotes:
                old.update(known[collection][remote].keys)
            changes["deleted"] += len(remotes)
        new_keys = {k for read in parsed.values() for _, _, keys in read for k in keys}
        for collection, read in parsed.items():
            for remote, _, _ in read:
                item = known.get(collection, {}).get(remote)
                if item is not None:
                    old.update(item.keys)
        replaced = {(c, r) for c, read in parsed.items() for r, _, _ in read}
        gone = {(c, r) for c, remotes in deleted.items() for r in remotes}
        held = _held_elsewhere(app, source, replaced | gone)
        # An event may have moved or lost a guest: its interactions are made again.
        drop = old - held if fmt == "ics" else old - held - new_keys
        if drop:
            changes["retracted"] = retract(app, fmt, drop)
        if texts:
            batch = _batch(folder, fmt, texts)
            summary = import_files(app, [batch], fmt, skip_bad=True)
            if summary.failed:
                raise SyncFailed(summary.failed[0])
            totals = summary.totals
            for key in ("added", "updated", "unchanged", "interactions"):
                changes[key] += totals[key]
            changes["unchanged"] += totals["merged"]
            run.bad += [line for f in summary.files for line in f.bad]
    run.changes = {k: v for k, v in changes.items() if v}
    if fetched.state != source.state or parsed or deleted:
        with app.uow() as uow:
            repo = uow.sync_sources
            for collection, remotes in deleted.items():
                repo.remove_items(source.id, collection, remotes)
            for collection, read in parsed.items():
                repo.put_items(source.id, collection, read)
            repo.set_state(source.id, fetched.state)
            uow.commit()


def _keys(folder: Path, fmt: str, n: int, text: str) -> tuple[list[str], str]:
    """The record keys one item gives the import, or what is wrong with it."""
    suffix = {"vcard": ".vcf", "ics": ".ics", "mail": ".eml"}[fmt]
    path = folder / f"item-{n}{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    keys: list[str] = []
    try:
        for record in parse_file(path, fmt):
            if isinstance(record, BadRecord):
                return [], record.message().replace(str(path), "item")
            if isinstance(record, PersonRecord):
                keys.append(record.key or record.display_name)
            elif isinstance(record, InteractionRecord) and record.key:
                keys.append(record.key)
    except KithkinError as exc:
        return [], str(exc).replace(str(path), "item")
    finally:
        path.unlink()
    if fmt == "ics":  # the items are joined into one calendar: each must be one
        from icalendar import Calendar

        try:
            Calendar.from_ical(text)
        except ValueError as exc:
            return [], f"not a calendar ({exc})"
    return keys, ""


def _batch(folder: Path, fmt: str, texts: list[str]) -> Path:
    """The items as one file (one Maildir for mail): one import, one transaction."""
    if fmt == "vcard":
        path = folder / f"{folder.name}.vcf"
        path.write_text("".join(t if t.endswith("\n") else t + "\n" for t in texts), "utf-8")
        return path
    if fmt == "mail":
        path = folder / folder.name
        (path / "cur").mkdir(parents=True)
        for n, text in enumerate(texts):
            (path / "cur" / f"{n:09d}.eml").write_bytes(text.encode("utf-8", "surrogateescape"))
        return path
    return _calendar(folder, texts)


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
