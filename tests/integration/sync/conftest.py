"""Fixtures of the sync tests: a real Radicale and a real Dovecot per test process, and an
account of its own on each for every test (sync_servers)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.sync_servers import Dovecot, DovecotServer, Radicale, RadicaleServer


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(tmp_path_factory.mktemp("radicale"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def radicale(radicale_server: RadicaleServer) -> Iterator[Radicale]:
    """A new user on the Radicale server, which is running (a test may have stopped it)."""
    if not radicale_server.running():
        radicale_server.start()
    account = radicale_server.account()
    yield account
    account.http.close()


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[DovecotServer]:
    # Not under pytest's private temporary folder: Dovecot's own users must walk into it.
    root = Path(tempfile.mkdtemp(prefix="kithkin-dovecot-"))
    os.chmod(root, 0o755)
    try:
        server = DovecotServer(root)
        server.start()
        yield server
        server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def dovecot(dovecot_server: DovecotServer) -> Dovecot:
    """A new user on the Dovecot server, which is running (a test may have stopped it)."""
    if not dovecot_server.running():
        dovecot_server.start()
    return dovecot_server.account()


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
