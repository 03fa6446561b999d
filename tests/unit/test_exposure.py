"""Who may reach the server: a team server leaves loopback only with TLS or behind its proxy."""

from __future__ import annotations

from pathlib import Path

import pytest

from kithkin.errors import InvalidInput
from kithkin.web.exposure import Exposure, proxy_networks


@pytest.fixture
def pem(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("-----BEGIN CERTIFICATE-----\n")
    key.write_text("-----BEGIN PRIVATE KEY-----\n")
    return cert, key


def test_loopback_needs_nothing_for_a_team_or_one_person() -> None:
    Exposure("127.0.0.1").check(team=True, password_set=False)
    Exposure("::1").check(team=False, password_set=False)


def test_a_team_server_beyond_loopback_is_refused_without_tls_or_a_proxy() -> None:
    with pytest.raises(InvalidInput, match=r"team server on 0\.0\.0\.0 must speak TLS"):
        Exposure("0.0.0.0").check(team=True, password_set=True)


def test_a_team_server_beyond_loopback_with_tls_or_behind_its_proxy_starts(
    pem: tuple[Path, Path],
) -> None:
    Exposure("0.0.0.0", *pem).check(team=True, password_set=False)
    Exposure("0.0.0.0", proxy="10.0.0.5").check(team=True, password_set=False)


def test_one_person_beyond_loopback_still_needs_the_password(pem: tuple[Path, Path]) -> None:
    with pytest.raises(InvalidInput, match="set a password first"):
        Exposure("0.0.0.0", *pem).check(team=False, password_set=False)
    Exposure("0.0.0.0", *pem).check(team=False, password_set=True)


def test_half_a_tls_pair_a_missing_file_or_both_ways_at_once_are_one_line(
    pem: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, key = pem
    with pytest.raises(InvalidInput, match="needs both files"):
        Exposure("127.0.0.1", tls_cert=cert).check(team=True, password_set=False)
    with pytest.raises(InvalidInput, match=r"--tls-key .*missing\.pem: no such file"):
        Exposure("127.0.0.1", cert, tmp_path / "missing.pem").check(team=True, password_set=False)
    with pytest.raises(InvalidInput, match="choose one"):
        Exposure("0.0.0.0", cert, key, "10.0.0.5").check(team=True, password_set=False)


def test_the_proxy_is_an_address_a_network_or_a_name_that_resolves() -> None:
    assert [str(n) for n in proxy_networks("10.0.0.5")] == ["10.0.0.5/32"]
    assert [str(n) for n in proxy_networks("10.1.0.0/16")] == ["10.1.0.0/16"]
    assert "127.0.0.1/32" in [str(n) for n in proxy_networks("localhost")]
    with pytest.raises(InvalidInput, match=r"--behind-proxy no such proxy!: not an address"):
        proxy_networks("no such proxy!")
