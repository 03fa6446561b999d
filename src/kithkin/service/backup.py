"""``kith export json`` and ``kith restore``: every table, row for row, and back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kithkin.errors import ImportFailed, InvalidInput
from kithkin.service.app import App
from kithkin.service.export import ExportResult, write_atomic
from kithkin.store import UnitOfWork
from kithkin.store import schema as t
from kithkin.store.migrate import head_revision

FORMAT = "kithkin-backup"
VERSION = 1


@dataclass
class RestoreResult:
    path: str
    rows: dict[str, int]  # table -> rows restored


def backup_data(uow: UnitOfWork) -> dict[str, Any]:
    """The whole database as plain JSON: every table, rows in key order."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": head_revision(),
        "tables": {table.name: uow.sources.dump(table) for table in t.metadata.sorted_tables},
    }


def export_json(app: App, path: Path) -> ExportResult:
    with app.uow() as uow:
        data = backup_data(uow)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(path, (text + "\n").encode())
    return ExportResult(str(path), "json", len(data["tables"]["person"]))


def restore_backup(app: App, path: Path) -> RestoreResult:
    """Load a JSON backup into an empty database; nothing is written unless all of it is."""
    data = _read(Path(path))
    tables: dict[str, list[dict[str, Any]]] = data["tables"]
    unknown = set(tables) - set(t.metadata.tables)
    if unknown:
        raise ImportFailed(
            f"{path}: tables this Kithkin does not have: {', '.join(sorted(unknown))}"
        )
    with app.uow() as uow:
        busy = [table.name for table in t.metadata.sorted_tables if uow.sources.has_rows(table)]
        if busy:
            raise InvalidInput(
                "restore needs an empty database, and this one has data "
                f"(in {', '.join(busy[:3])}); use --db with a new file"
            )
        counts = {}
        for table in t.metadata.sorted_tables:
            rows = tables.get(table.name, [])
            try:
                uow.sources.load(table, rows)
            except (KeyError, TypeError, ValueError) as exc:
                raise ImportFailed(f"{path}: table {table.name} cannot be read: {exc}") from exc
            counts[table.name] = len(rows)
        uow.sources.reset_sequences()
        uow.commit()
    return RestoreResult(str(path), counts)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(f"{path}: not a Kithkin JSON backup ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed(f"{path}: not a Kithkin JSON backup", see="backup")
    if data.get("schema") != head_revision():
        raise ImportFailed(
            f"{path}: a backup of schema {data.get('schema')}, and this Kithkin has "
            f"{head_revision()}; restore it with the Kithkin that made it"
        )
    if not isinstance(data.get("tables"), dict):
        raise ImportFailed(f"{path}: the backup has no tables")
    return data
