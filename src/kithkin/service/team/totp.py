"""Time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, six digits)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime, timedelta

STEP = 30
DIGITS = 6


def new_secret() -> str:
    """A random base32 secret, as authenticator apps take it."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def code_at(secret: str, when: datetime) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(when.timestamp()) // STEP
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def verify(secret: str, code: str, when: datetime) -> bool:
    """The code of this step or the one before or after (clocks drift)."""
    code = "".join(code.split())
    return any(
        hmac.compare_digest(code_at(secret, when + timedelta(seconds=STEP * d)), code)
        for d in (-1, 0, 1)
    )
