"""kith sync against a real Dovecot: mail headers read-only, new and expunged messages,
a changed UIDVALIDITY, a wrong password."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from kithkin.service import sync
from kithkin.service.app import App
from kithkin.service.importing import ensure_me
from sync.sync_servers import PASSWORD, SAMPLES, Dovecot, messages

ME = "alex.morgan@example.com"


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITH_TEST_PASSWORD", PASSWORD)


def _fill(server: Dovecot) -> list[bytes]:
    found = messages(SAMPLES / "mail" / "alex-morgan.mbox")
    sent = [m for m in found if b"From: Alex Morgan" in m]
    server.append("INBOX", [m for m in found if m not in sent])
    server.append("Sent", sent)
    return found


def _add(app: App, server: Dovecot, env: str = "KITH_TEST_PASSWORD") -> None:
    with app.uow() as uow:
        ensure_me(uow, [ME], app.now())
        uow.commit()
    sync.add_source(
        app,
        "imap",
        f"imap://127.0.0.1:{server.port}",
        server.user,
        folders=["INBOX", "Sent"],
        password_env=env,
    )


def _ids(app: App) -> set[str]:
    with app.uow() as uow:
        return {i.external_id for i in uow.activity.interactions() if i.external_id}


def test_mail_headers_sync_and_nothing_new_writes_nothing(app: App, dovecot: Dovecot) -> None:
    _fill(dovecot)
    _add(app, dovecot)
    run = sync.sync(app).sources[0]
    assert run.error == ""
    ids = _ids(app)
    assert "a1b2c3@mail.example.com" in ids and "p9q8r7@mail.example.com" in ids
    with app.uow(write=False) as uow:
        before = uow.data_version()
    again = sync.sync(app).sources[0]
    assert again.error == "" and again.changes == {}
    with app.uow(write=False) as uow:
        changes = uow.changes_since(before)
    assert changes is not None  # nothing a process keeping the network must load again
    assert not any(c.interactions or c.ties or c.favours for c in changes)


def test_new_and_expunged_messages(app: App, dovecot: Dovecot) -> None:
    _fill(dovecot)
    _add(app, dovecot)
    sync.sync(app)
    dovecot.expunge("Sent", "s1@mail.example.com")
    dovecot.append(
        "INBOX",
        [
            b"From: Sam Patel <sam@wideworld.example.com>\r\n"
            b"To: Alex Morgan <alex.morgan@example.com>\r\n"
            b"Subject: Lunch\r\nDate: Tue, 05 May 2026 12:00:00 -0700\r\n"
            b"Message-ID: <lunch@wideworld.example.com>\r\n\r\nThursday?\r\n"
        ],
    )
    run = sync.sync(app).sources[0]
    assert run.error == ""
    ids = _ids(app)
    assert "lunch@wideworld.example.com" in ids
    assert "s1@mail.example.com" not in ids


def _mbox(path: Path, found: list[bytes], *ids: bytes) -> Path:
    """The messages with these Message-IDs as an mbox file, as a mail client exports them."""
    chosen = [m for m in found if any(b"Message-ID: <" + i + b">" in m for i in ids)]
    assert len(chosen) == len(ids)
    path.write_bytes(b"".join(b"From - Mon Jan  1 00:00:00 2026\n" + m + b"\n" for m in chosen))
    return path


def test_a_message_gone_from_the_server_stays_when_also_imported_from_a_file(
    app: App, dovecot: Dovecot, tmp_path: Path
) -> None:
    from kithkin.service.importing import import_files

    found = _fill(dovecot)
    _add(app, dovecot)
    # One message imported from a file before the sync reads it, one after.
    before = _mbox(tmp_path / "before.mbox", found, b"s1@mail.example.com")
    assert import_files(app, [before], me=[ME]).failed == []
    assert sync.sync(app).failed == []
    after = _mbox(tmp_path / "after.mbox", found, b"s2@mail.example.com")
    assert import_files(app, [after], me=[ME]).failed == []
    assert import_files(app, [after], me=[ME]).failed == []  # again: still one provenance
    with app.uow(write=False) as uow:
        read = [
            p
            for iid in uow.conn.execute(text("SELECT id FROM interaction")).scalars()
            for p in uow.sources.provenance("interaction", iid)
        ]
    assert sorted(Path(p.file).name for p in read) == ["after.mbox", "before.mbox"]
    for message_id in ("s1@mail.example.com", "s2@mail.example.com", "s3@mail.example.com"):
        dovecot.expunge("Sent", message_id)
    run = sync.sync(app).sources[0]
    assert run.error == "" and run.changes["deleted"] == 3
    ids = _ids(app)
    assert "s1@mail.example.com" in ids and "s2@mail.example.com" in ids  # from the files
    assert "s3@mail.example.com" not in ids  # the server alone gave it


def test_a_changed_uidvalidity_reads_the_folder_again_without_doubles(
    app: App, dovecot: Dovecot
) -> None:
    _fill(dovecot)
    _add(app, dovecot)
    sync.sync(app)
    with app.uow() as uow:
        before = sorted((i.when, i.external_id) for i in uow.activity.interactions())
    dovecot.recreate("Sent")
    run = sync.sync(app).sources[0]
    assert run.error == ""
    assert any("UIDVALIDITY changed" in n for n in run.notes)
    with app.uow() as uow:
        after = sorted((i.when, i.external_id) for i in uow.activity.interactions())
    assert after == before


def test_a_wrong_password_is_one_line(
    app: App, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(dovecot)
    monkeypatch.setenv("KITH_WRONG", "nope")
    _add(app, dovecot, "KITH_WRONG")
    report = sync.sync(app)
    assert len(report.failed) == 1
    assert report.failed[0].startswith(
        f"imap-127.0.0.1: 127.0.0.1: the server refused user '{dovecot.user}'"
    )
    assert _ids(app) == set()


def test_a_server_stopped_before_the_sync_loses_nothing(app: App, dovecot: Dovecot) -> None:
    found = _fill(dovecot)
    _add(app, dovecot)
    dovecot.stop()
    assert len(sync.sync(app).failed) == 1
    dovecot.start()
    assert sync.sync(app).failed == []
    assert len(_ids(app)) >= len(found) - 2  # bulk mail and a message without recipients


def test_a_sync_interrupted_mid_way_resumes_without_loss_or_doubles(
    app: App, dovecot: Dovecot
) -> None:
    _fill(dovecot)
    _add(app, dovecot)

    def ctrl_c_after_the_first_folder(source: str, done: int, total: int) -> None:
        if done == total:  # INBOX is read; Sent is next
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sync.sync(app, progress=ctrl_c_after_the_first_folder)
    assert _ids(app) == set()  # nothing half-written
    assert sync.sync(app).failed == []
    complete = _ids(app)
    assert "a1b2c3@mail.example.com" in complete and "p9q8r7@mail.example.com" in complete
    with app.uow() as uow:
        assert len(uow.activity.interactions()) == len(complete)
    assert sync.sync(app).sources[0].changes == {}


def test_a_folder_with_nothing_new_is_answered_by_its_counts_and_expunges_by_qresync(
    dovecot: Dovecot,
) -> None:
    from kithkin.service import sync_imap as imap

    _fill(dovecot)
    with imap.connect(f"imap://127.0.0.1:{dovecot.port}", dovecot.user, PASSWORD, False) as conn:
        qresync = imap.enable_qresync(conn)
        first = imap.examine(conn, "Sent")
    assert qresync, "Dovecot offers QRESYNC"
    assert first.uids and first.modseq > 0 and first.uidnext > max(first.uids)
    seen = imap.Seen(first.uidvalidity, first.uidnext, first.modseq, len(first.uids))
    with imap.connect(f"imap://127.0.0.1:{dovecot.port}", dovecot.user, PASSWORD, False) as conn:
        same = imap.examine(conn, "Sent", seen, imap.enable_qresync(conn))
    assert same.uids is None and same.new == [] and same.vanished == set()
    dovecot.expunge("Sent", "s1@mail.example.com")
    dovecot.append("Sent", [b"From: Alex Morgan <alex.morgan@example.com>\r\n\r\nhi\r\n"])
    with imap.connect(f"imap://127.0.0.1:{dovecot.port}", dovecot.user, PASSWORD, False) as conn:
        changed = imap.examine(conn, "Sent", seen, imap.enable_qresync(conn))
        _, found = conn.uid("SEARCH", "ALL")
    now = {int(u) for u in found[0].split()}
    assert changed.uids is None  # neither listed in full
    assert changed.new == [first.uidnext]
    assert len(changed.vanished) == 1 and changed.vanished < set(first.uids)
    assert now == set(first.uids) - changed.vanished | set(changed.new)
    # Without QRESYNC the same change is found by listing every UID.
    with imap.connect(f"imap://127.0.0.1:{dovecot.port}", dovecot.user, PASSWORD, False) as conn:
        listed = imap.examine(conn, "Sent", seen, qresync=False)
    assert listed.uids is not None and set(listed.uids) == now
