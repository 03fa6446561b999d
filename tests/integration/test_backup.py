"""``kith export json`` and ``kith restore``: every table comes back row for row."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kithkin.service.app import App
from kithkin.service.backup import backup_data
from kithkin.store import Settings
from pg_databases import new_pg_database

PG_ADMIN_URL = os.environ.get(
    "KITHKIN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
CARDS = """BEGIN:VCARD
VERSION:4.0
FN:Wei Chen
N:Chen;Wei;;;
EMAIL:wei.chen@contoso.example.com
TEL:+1 206 555 0147
ORG:Contoso Ltd
TITLE:Director of Engineering
BDAY:--0415
CATEGORIES:Mentors,Work
RELATED;TYPE=colleague;VALUE=text:Daniel Okafor
NOTE:Met at PyCon\\, 2019
END:VCARD
"""
CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Wei,Chen,https://www.linkedin.com/in/wei,,Contoso Ltd,Director,22 Jun 2018
Daniel,Okafor,https://www.linkedin.com/in/dan,,Contoso Ltd,Engineer,01 Jan 2020
"""


@pytest.fixture
def empty_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database of the same kind as the test's own."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    with new_pg_database("kithkin_restore") as url:
        yield url


def populate(kith: Any, tmp_path: Path) -> None:
    (tmp_path / "wei.vcf").write_text(CARDS, encoding="utf-8")
    (tmp_path / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8")
    files = [str(tmp_path / "wei.vcf"), str(tmp_path / "Connections.csv")]
    assert kith("import", *files, "--me", "alex@example.com").code == 0
    assert kith("merge", "--review", "--accept-all").code == 0
    assert kith("log", "call", "Daniel Okafor", "--they-initiated", "--note", "ünïcode ✓").code == 0
    assert kith("give", "intro", "Daniel Okafor", "--weight", "2.5").code == 0
    assert kith("ask", "add", "Wei Chen", "--kind", "referral", "--for", "Contoso").code == 0
    assert kith("unmerge", "Daniel Okafor").code == 0
    assert kith("unmerge", "Wei Chen").code == 0
    assert kith("person", "edit", "#3", "--skill", "platform").code == 0


def _tables(app: App) -> dict[str, Any]:
    with app.uow() as uow:
        tables: dict[str, Any] = backup_data(uow)["tables"]
        return tables


def test_backup_restores_every_table_exactly(
    kith: Any, app: App, tmp_path: Path, empty_url: str
) -> None:
    populate(kith, tmp_path)
    before = _tables(app)
    assert all(before[name] for name in ("person", "tie", "interaction", "provenance"))
    assert all(before[name] for name in ("source_record", "merge_proposal", "merge_log"))
    backup = tmp_path / "backup.json"
    assert kith("export", "json", "-o", str(backup)).code == 0
    restored = App(Settings(empty_url))
    try:
        result = kith("--db", empty_url, "restore", str(backup), "--json")
        assert result.code == 0, result.err
        assert json.loads(result.out)["rows"]["person"] == len(before["person"])
        assert _tables(restored) == before
        # New rows get fresh ids after the restored ones (PostgreSQL sequences included).
        assert kith("--db", empty_url, "person", "add", "Rachel Kim").code == 0
        again = kith("--db", empty_url, "restore", str(backup))
        assert again.code == 2 and "empty database" in again.err
    finally:
        restored.close()


def test_restore_refuses_what_is_not_a_backup(kith: Any, app: App, tmp_path: Path) -> None:
    not_json = tmp_path / "x.json"
    not_json.write_text("{not json")
    assert kith("restore", str(not_json)).code == 4
    other = tmp_path / "y.json"
    other.write_text(json.dumps({"format": "something else"}))
    result = kith("restore", str(other))
    assert result.code == 4 and "not a Kithkin JSON backup" in result.err
    assert kith("restore", str(tmp_path / "missing.json")).code == 4
    assert _tables(app)["person"] == []


def test_a_backup_does_not_wait_for_a_writer(kith: Any, app: App, tmp_path: Path) -> None:
    """A backup only reads: it is taken while another writer holds the write lock."""
    populate(kith, tmp_path)
    backup = tmp_path / "while-writing.json"
    with app.uow() as writer:  # holds the write lock until the block ends
        writer.people.all()
        result = kith("export", "json", "-o", str(backup))
    assert result.code == 0, result.err
    assert len(json.loads(backup.read_text())["tables"]["person"]) == len(_tables(app)["person"])
