"""Values every test module shares, in a module of a name of its own: ``from conftest
import …`` would take whichever of the several ``conftest`` modules was loaded first."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

PG_ADMIN_URL = os.environ.get(
    "KITHKIN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

# For a check that cannot differ between the databases (the OpenAPI schema, response
# headers, a request refused before the store is reached): the ``db_url`` fixture's SQLite
# case alone. Everything that reads or writes through the store runs on both.
ONE_DATABASE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
