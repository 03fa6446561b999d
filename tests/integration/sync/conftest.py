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
