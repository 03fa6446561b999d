"""``kith serve`` as a user starts it: a real process on 127.0.0.1, with the demo network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from live_server import free_port


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        body: bytes = response.read()
        return body.decode()


def test_serve_demo_builds_the_network_and_answers_on_localhost(tmp_path: Path) -> None:
    port = free_port()
    kith = Path(sys.executable).with_name("kith")
    env = {k: v for k, v in os.environ.items() if k != "KITHKIN_DATABASE_URL"}
    process = subprocess.Popen(
        [
            str(kith),
            "--db",
            str(tmp_path / "k.db"),
            "--now",
            "2026-06-01",
            "serve",
            "--demo",
            "--no-browser",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                assert _get(base + "/healthz") == '{"ok":true}'
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read() if process.stdout else ""
                    pytest.fail(f"kith serve did not start: {out}")
                time.sleep(0.05)  # a failed connect costs little; a long nap delays the test
        home = _get(base + "/")
        assert "This week" in home and "Alex Morgan" in home
        # Only the loopback address answers: the server is not on the network.
        lan = socket.gethostbyname(socket.gethostname())
        if not lan.startswith("127."):
            with pytest.raises(OSError):
                _get(f"http://{lan}:{port}/healthz")
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)
    assert f"Kithkin is at http://127.0.0.1:{port}/" in out
