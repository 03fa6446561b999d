"""kith sync from the command line, against a real Radicale."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sync.sync_servers import PASSWORD, SAMPLES, USER, Radicale, cards


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
        USER,
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
