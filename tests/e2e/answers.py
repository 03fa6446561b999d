"""Waiting for the server's answer, not for a fixed few seconds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# However long the server takes under load (a write rescoring the network on a busy
# machine), a test waits for its answer; this only bounds a server that never answers.
ANSWER_WITHIN_MS = 120_000
ANSWER_WITHIN_S = ANSWER_WITHIN_MS / 1000  # for httpx, whose own default is 5 s


@contextmanager
def answered(page: Any, method: str = "POST") -> Iterator[None]:
    """Wait until the server has answered the request that the block's click sends."""
    with page.expect_response(
        lambda response: response.request.method == method, timeout=ANSWER_WITHIN_MS
    ):
        yield
