"""Every table of the network as plain JSON rows, and back into an empty database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from kithkin.store import schema as t
from kithkin.store.migrate import head_revision
from kithkin.store.sources import SourceRepository


class BackupRepository:
    """The whole network, table by table in dependency order, for backups and restores."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._rows = SourceRepository(conn)

    @staticmethod
    def schema_revision() -> str:
        return head_revision()

    @staticmethod
    def table_names() -> list[str]:
        """The network's tables, parents before the tables that point at them."""
        return [table.name for table in t.metadata.sorted_tables]

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every table's rows in key order, every value JSON-safe."""
        return {table.name: self._rows.dump(table) for table in t.metadata.sorted_tables}

    def tables_with_rows(self) -> list[str]:
        return [table.name for table in t.metadata.sorted_tables if self._rows.has_rows(table)]

    def load(self, name: str, rows: list[dict[str, Any]]) -> None:
        """Insert one table's rows exactly as dumped, ids included."""
        self._rows.load(t.metadata.tables[name], rows)

    def continue_ids(self) -> None:
        """New rows get ids after the restored ones (PostgreSQL's sequences)."""
        self._rows.reset_sequences()
