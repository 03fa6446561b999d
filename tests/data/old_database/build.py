"""Build ``rows.json``: every row of a database made by the steps in ``steps.json``,
run by whichever Kithkin ``kithkin`` imports (see README.md for the release used).

    PYTHONPATH=/path/to/old/src python tests/data/old_database/build.py [OUT]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, select

HERE = Path(__file__).parent


def _plain(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # the store keeps UTC without saying so
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def main() -> None:
    import kithkin
    from kithkin.cli.main import run

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "old.db"
        os.environ["KITHKIN_DATABASE_URL"] = f"sqlite:///{db}"
        os.chdir(HERE)
        for step in json.loads((HERE / "steps.json").read_text()):
            try:
                run(["--now", "2026-06-01", *step])
            except SystemExit as exc:
                if exc.code:
                    sys.exit(f"{step} failed ({exc.code})")
        engine = create_engine(f"sqlite:///{db}")
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            tables = {
                name: [
                    {k: _plain(v) for k, v in row._mapping.items()}
                    for row in conn.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for name, table in sorted(meta.tables.items())
            }
        engine.dispose()
    print(f"built with {kithkin.__file__}", file=sys.stderr)
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "rows.json"
    out.write_text(json.dumps(tables, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
