"""kith sync from the command line, against a real Radicale."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from sync.conftest import MemoryKeyring
from sync.sync_servers import PASSWORD, SAMPLES, Radicale, cards


def test_kith_sync_commands(kith: Any, radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITH_TEST_PASSWORD", PASSWORD)
    book = radicale.make("contacts", "addressbook")
    for n, card in enumerate(cards(SAMPLES / "vcard" / "iphone.vcf")):
        assert radicale.put(f"{book}{n}.vcf", card)
    none = kith("sync")
    assert none.code == 3 and "no sync sources yet" in none.err
    added = kith(
        "sync",
        "add",
        "carddav",
        radicale.base,
        "--user",
        radicale.user,
        "--name",
        "phone",
        "--password-env",
        "KITH_TEST_PASSWORD",
        "--insecure",
    )
    assert added.code == 0 and "Added phone" in added.out
    plain = kith(
        "sync", "add", "caldav", "http://dav.example.com/", "--user", "a", "--password-env", "X"
    )
    assert plain.code == 2 and "plain http" in plain.err
    first = kith("sync", "phone", "--json")
    assert first.code == 0, first.err
    assert json.loads(first.out)["sources"][0]["changes"]["fetched"] == 3
    second = kith("sync")
    assert second.code == 0 and "phone: nothing new" in second.out
    status = kith("sync", "status")
    assert "phone: synced at" in status.out and "insecure" in status.out
    listed = json.loads(kith("sync", "list", "--json").out)
    assert listed[0]["password"] == "$KITH_TEST_PASSWORD"
    radicale.stop()
    failed = kith("sync")
    assert failed.code == 6
    assert "phone: failed: cannot reach the server" in failed.err
    assert "Traceback" not in failed.err
    assert "phone: failed" in kith("sync", "status").out
    assert kith("sync", "remove", "phone").code == 0
    assert kith("sync", "list", "--json").out.strip() == "[]"


def test_password_stdin_goes_to_the_keyring_and_publish_agenda_reaches_the_source(
    kith: Any,
    radicale: Radicale,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kithkin.service import sync_dav as dav

    assert kith("demo").code == 0  # a network with an agenda
    calendar = radicale.make("calendar", "calendar")
    tasks = radicale.make("tasks", "calendar")
    add = ("sync", "add", "caldav", calendar, "--user", radicale.user, "--name", "cal")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    empty = kith(*add, "--password-stdin")
    assert empty.code == 2 and "--password-stdin read an empty line" in empty.err
    assert memory_keyring.saved == {}
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    added = kith(*add, "--password-stdin", "--publish-agenda", tasks)
    assert added.code == 0, added.err
    assert memory_keyring.get_password("kithkin", "cal") == PASSWORD
    listed = json.loads(kith("sync", "list", "--json").out)[0]
    assert listed["password"] == "keyring" and listed["publish_agenda"] == tasks
    assert PASSWORD not in kith("sync", "list").out
    run = kith("sync", "cal", "--json")
    assert run.code == 0, run.err
    published = json.loads(run.out)["sources"][0]["changes"]["tasks published"]
    with dav.client(radicale.user, PASSWORD, False) as http:
        on_server = dav.listing(http, tasks).changed
    assert published == len(on_server) > 0
