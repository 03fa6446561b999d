"""``kith serve --behind-proxy``: only the named proxy may connect; a real process on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from answers import ANSWER_WITHIN_S
from live_server import free_port


@contextmanager
def _serving(db: Path, *options: str) -> Iterator[str]:
    port = free_port()
    kith = Path(sys.executable).with_name("kith")
    env = {k: v for k, v in os.environ.items() if k != "KITHKIN_DATABASE_URL"}
    process = subprocess.Popen(
        [str(kith), "--db", str(db), "serve", "--no-browser", "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/healthz", timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read() if process.stdout else ""
                    pytest.fail(f"kith serve did not start: {out}")
                time.sleep(0.05)  # a failed connect costs little; a long nap delays the test
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.fixture
def k_db(tmp_path: Path, schema_sqlite: Path) -> Path:
    """A database with the schema and no rows, as ``kith`` leaves a new one: these tests
    are about who may connect, and test_serve.py starts ``kith serve`` on a new file."""
    shutil.copyfile(schema_sqlite, tmp_path / "k.db")
    return tmp_path / "k.db"


def test_behind_a_proxy_every_other_peer_is_refused(k_db: Path) -> None:
    with _serving(k_db, "--behind-proxy", "10.9.9.9") as base:
        reply = httpx.get(base + "/healthz", timeout=ANSWER_WITHIN_S)
        assert reply.status_code == 403
        assert reply.text == "this server answers only through its reverse proxy"
        assert httpx.get(base + "/people", timeout=ANSWER_WITHIN_S).status_code == 403


def test_the_named_proxy_gets_through(k_db: Path) -> None:
    with _serving(k_db, "--behind-proxy", "127.0.0.1") as base:
        reply = httpx.get(
            base + "/healthz",
            headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
            timeout=ANSWER_WITHIN_S,
        )
        assert reply.status_code == 200 and reply.json() == {"ok": True}
