"""The password's pieces: the login file, signed sessions, and counting wrong tries."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithkin.errors import InvalidInput
from kithkin.service.login import failures_path, load_login, login_path, set_password
from kithkin.store import Settings
from kithkin.web.access import FailedLogins, new_session, valid_session


def test_the_login_file_holds_an_argon2id_hash_beside_the_database(tmp_path: Path) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'k.db'}")
    assert load_login(settings) is None
    login = set_password(settings, "long enough")
    assert login.path == login_path(settings) == tmp_path / "k.db.login"
    text = login.path.read_text()
    assert "$argon2id$" in text and "long enough" not in text
    assert login.path.stat().st_mode & 0o777 == 0o600
    loaded = load_login(settings)
    assert loaded is not None and loaded.verify("long enough") and not loaded.verify("long enougH")
    # A new password draws a new session key: every earlier session ends.
    again = set_password(settings, "another one")
    assert again.session_key != login.session_key
    assert not valid_session(again, new_session(login), 3600)
    assert valid_session(again, new_session(again), 3600)


def test_a_short_password_or_a_broken_file_is_one_clear_line(tmp_path: Path) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'k.db'}")
    with pytest.raises(InvalidInput, match="the password is 5 characters long; use at least 8"):
        set_password(settings, "short")
    assert not login_path(settings).exists()
    login_path(settings).write_text("not json")
    with pytest.raises(InvalidInput, match=r"the login file .*k\.db\.login cannot be read"):
        load_login(settings)


def test_sessions_are_signed_and_expire(tmp_path: Path) -> None:
    login = set_password(Settings(f"sqlite:///{tmp_path / 'k.db'}"), "long enough")
    token = new_session(login)
    assert valid_session(login, token, 3600)
    assert not valid_session(login, token[:-2] + "xx", 3600)
    assert not valid_session(login, None, 3600) and not valid_session(login, "", 3600)
    assert not valid_session(login, token, -1)  # older than its lifetime


def test_five_wrong_tries_in_the_window_make_one_address_wait() -> None:
    now = [1000.0]
    failures = FailedLogins(limit=5, window_s=900, clock=lambda: now[0])
    for _ in range(4):
        failures.failed("10.0.0.2")
        now[0] += 60
    assert failures.wait("10.0.0.2") == 0
    failures.failed("10.0.0.2")
    # The oldest try (at 1000 s) leaves the window at 1900 s; it is now 1240 s.
    assert failures.wait("10.0.0.2") == 661
    assert failures.wait("10.0.0.3") == 0  # another address is not held back
    now[0] = 1900.5
    assert failures.wait("10.0.0.2") == 0
    failures.failed("10.0.0.3")
    failures.succeeded("10.0.0.3")
    assert failures.wait("10.0.0.3") == 0


def test_wrong_tries_kept_in_a_file_outlive_the_server(tmp_path: Path) -> None:
    kept = tmp_path / "k.db.login.failures"
    now = [1000.0]
    before = FailedLogins(limit=5, window_s=900, clock=lambda: now[0], path=kept)
    for _ in range(5):
        before.failed("10.0.0.2")
    before.failed("10.0.0.3")
    before.succeeded("10.0.0.3")  # a right password clears that address, in the file too
    now[0] += 100
    after = FailedLogins(limit=5, window_s=900, clock=lambda: now[0], path=kept)
    assert after.wait("10.0.0.2") == 801
    assert after.wait("10.0.0.3") == 0
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    now[0] = 1000.0 - 5000  # the clock set back: the wait is never more than one window
    assert FailedLogins(5, 900, clock=lambda: now[0], path=kept).wait("10.0.0.2") == 901
    kept.write_text("not json")
    assert FailedLogins(5, 900, path=kept).wait("10.0.0.2") == 0


def test_a_new_password_forgets_the_wrong_tries_at_the_old_one(tmp_path: Path) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'k.db'}")
    login = set_password(settings, "long enough")
    tries = FailedLogins(limit=2, window_s=900, path=failures_path(login))
    tries.failed("10.0.0.2")
    tries.failed("10.0.0.2")
    assert FailedLogins(limit=2, window_s=900, path=failures_path(login)).wait("10.0.0.2") > 0
    again = set_password(settings, "another one")
    assert FailedLogins(limit=2, window_s=900, path=failures_path(again)).wait("10.0.0.2") == 0
