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
        "schema": uow.backup.schema_revision(),
        "tables": uow.backup.dump(),
    }


def export_json(app: App, path: Path) -> ExportResult:
    # A reading unit: one consistent version of every table, and a backup never waits
    # for (or blocks) a writer.
    with app.uow(write=False) as uow:
        data = backup_data(uow)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(path, (text + "\n").encode())
    return ExportResult(str(path), "json", len(data["tables"]["person"]))


def restore_backup(app: App, path: Path) -> RestoreResult:
    """Load a JSON backup into an empty database; nothing is written unless all of it is."""
    with app.uow() as uow:
        data = _read(Path(path), uow.backup.schema_revision())
        tables: dict[str, list[dict[str, Any]]] = data["tables"]
        names = uow.backup.table_names()
        unknown = set(tables) - set(names)
        if unknown:
            raise ImportFailed(
                f"{path}: tables this Kithkin does not have: {', '.join(sorted(unknown))}"
            )
        busy = uow.backup.tables_with_rows()
        if busy:
            raise InvalidInput(
                "restore needs an empty database, and this one has data "
                f"(in {', '.join(busy[:3])}); use --db with a new file"
            )
        counts = {}
        for name in names:
            rows = tables.get(name, [])
            try:
                uow.backup.load(name, rows)
            except (KeyError, TypeError, ValueError) as exc:
                raise ImportFailed(f"{path}: table {name} cannot be read: {exc}") from exc
            counts[name] = len(rows)
        uow.backup.continue_ids()
        uow.commit()
    return RestoreResult(str(path), counts)


def _read(path: Path, schema: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(f"{path}: not a Kithkin JSON backup ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed(f"{path}: not a Kithkin JSON backup", see="backup")
    if data.get("schema") != schema:
        raise ImportFailed(
            f"{path}: a backup of schema {data.get('schema')}, and this Kithkin has "
            f"{schema}; restore it with the Kithkin that made it"
        )
    if not isinstance(data.get("tables"), dict):
        raise ImportFailed(f"{path}: the backup has no tables")
    return data
