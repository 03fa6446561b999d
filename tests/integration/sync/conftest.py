"""Fixtures of the sync tests: a real Radicale and a real Dovecot per test (sync_servers)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.sync_servers import Dovecot, Radicale


@pytest.fixture
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    server.start()
    yield server
    server.stop()
    server.http.close()


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    # Not under pytest's private temporary folder: Dovecot's own users must walk into it.
    root = Path(tempfile.mkdtemp(prefix="kithkin-dovecot-"))
    os.chmod(root, 0o755)
    try:
        server = Dovecot(root)
        server.start()
        yield server
        server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


class MemoryKeyring:
    """A keyring backend in memory, standing in for the system's Secret Service."""

    priority = 1

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.saved.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.saved[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        del self.saved[(service, user)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The keyring library's real code over a backend in memory."""
    import keyring
    from keyring.backend import KeyringBackend

    backend = type("Memory", (MemoryKeyring, KeyringBackend), {})()
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)
