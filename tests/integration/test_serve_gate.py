"""``kith serve --team`` refuses, in one line, what would expose a team or cannot hold one."""

from __future__ import annotations

from typing import Any


def test_a_team_server_beyond_loopback_needs_tls_or_a_proxy(kith: Any, db_url: str) -> None:
    result = kith("serve", "--team", "--host", "0.0.0.0", "--no-browser")
    assert result.code != 0
    assert "a team server on 0.0.0.0 must speak TLS: add --tls-cert CERT.pem" in result.err
    assert "Traceback" not in result.err and "Kithkin is at" not in result.out


def test_a_team_server_needs_postgresql_and_no_single_password(kith: Any, db_url: str) -> None:
    both = kith("serve", "--team", "--set-password", "--no-browser")
    assert both.code != 0 and "leave out --set-password and --demo" in both.err
    if db_url.startswith("sqlite"):
        lite = kith("serve", "--team", "--no-browser")
        assert lite.code != 0 and "a team server needs PostgreSQL" in lite.err
    else:
        empty = kith("serve", "--team", "--no-browser")
        assert empty.code != 0 and "holds no team; start one with 'kith team init" in empty.err


def test_several_web_processes_are_for_a_team_server(kith: Any, db_url: str) -> None:
    alone = kith("serve", "--workers", "2", "--no-browser")
    assert alone.code != 0 and "--workers is for a team server (--team)" in alone.err
    if not db_url.startswith("sqlite"):
        empty = kith("serve", "--team", "--workers", "2", "--no-browser")
        assert empty.code != 0 and "holds no team; start one with 'kith team init" in empty.err
        assert "Kithkin is at" not in empty.out
