"""``kith merge --log``: every merge, by hand, by review or by an import, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kithkin.service.app import App
from kithkin.service.import_people import MERGED


@dataclass(frozen=True, slots=True)
class MergeEntry:
    at: datetime
    kept_id: int
    kept_name: str
    how: str  # "by hand", or the import's source
    what: str  # the merged person, or the record and the evidence
    merge_id: int | None = None  # for kith unmerge --id; None for a record an import merged
    undone: bool = False


def merge_log(app: App) -> list[MergeEntry]:
    with app.uow(write=False) as uow:
        names = uow.merges.names()
        entries = [
            MergeEntry(
                row.at,
                row.kept_id,
                names.get(row.kept_id, f"#{row.kept_id}"),
                "by hand",
                _merged_name(row.snapshot, row.merged_id),
                row.id,
                bool(row.undone),
            )
            for row in uow.merges.log()
        ]
        entries += [
            MergeEntry(
                row.at,
                row.entity_id,
                names.get(row.entity_id, f"#{row.entity_id}"),
                f"{row.source} import",
                f"{row.file}: {row.record}",
            )
            for row in uow.merges.merged_by_import(MERGED)
        ]
    return sorted(entries, key=lambda e: (e.at, e.merge_id or 0), reverse=True)


def _merged_name(snapshot: object, merged_id: int) -> str:
    """The merged person's name as the merge's snapshot kept it."""
    if isinstance(snapshot, dict):
        for row in (snapshot.get("tables") or {}).get("person", []) or []:
            if isinstance(row, dict) and row.get("id") == merged_id:
                return f"{row.get('display_name', '')} (#{merged_id})"
    return f"#{merged_id}"
