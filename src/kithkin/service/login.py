"""The web app's password: an argon2id hash in a login file beside the database.

Serving beyond this machine needs a password, because then anyone who reaches the
port could read the whole network. The file holds the hash (never the password)
and a random key that signs the browser's session cookie; setting a new password
draws a new key, so every earlier session ends with it. The file is readable by
its owner only.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from platformdirs import user_data_dir

from kithkin.errors import InvalidInput
from kithkin.store import Settings

MIN_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id with the library's current recommended cost


@dataclass(frozen=True, slots=True)
class Login:
    """What the server checks a password against, and the key its sessions are signed with."""

    password_hash: str
    session_key: str
    path: Path

    def verify(self, password: str) -> bool:
        try:
            return _HASHER.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def login_path(settings: Settings) -> Path:
    """``kithkin.db.login`` beside an SQLite file; for a database server, in the data directory."""
    db = settings.sqlite_file
    if db is not None:
        return db.with_name(db.name + ".login")
    return Path(user_data_dir("kithkin", appauthor=False)) / "server.login"


def failures_path(login: Login) -> Path:
    """Where the server keeps recent wrong passwords: beside the login file, not in it,
    so the server never rewrites the file that holds the password's hash."""
    return login.path.with_name(login.path.name + ".failures")


def set_password(settings: Settings, password: str) -> Login:
    """Store a new password (its hash) and a new session key; earlier sessions end, and so
    does the count of wrong tries (they were tries at the old password: an owner locked out
    by their own mistakes sets a new one to get back in)."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"the password is {len(password)} characters long; use at least {MIN_LENGTH}"
        )
    path = login_path(settings)
    login = Login(_HASHER.hash(password), secrets.token_urlsafe(32), path)
    body = json.dumps({"argon2id": login.password_hash, "session_key": login.session_key})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed into place, owner-only from the first byte.
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(body + "\n")
        os.replace(tmp, path)
        failures_path(login).unlink(missing_ok=True)
    except OSError as exc:
        raise InvalidInput(f"cannot write the login file {path}: {exc.strerror}") from exc
    return login


def load_login(settings: Settings) -> Login | None:
    """The stored login, or None when no password was ever set."""
    path = login_path(settings)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Login(str(data["argon2id"]), str(data["session_key"]), path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"the login file {path} cannot be read ({exc}); set the password again",
            see="password",
        ) from exc
