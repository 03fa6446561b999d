"""Where the database lives: built once at start-up, never at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import make_url

ENV_URL = "KITHKIN_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    # Connections a PostgreSQL engine keeps open between units of work (None: the
    # driver pool's default). A team server runs one engine per member and keeps few.
    pool_size: int | None = None

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return make_url(self.database_url).render_as_string(hide_password=True)

    @property
    def sqlite_file(self) -> Path | None:
        """The database file, for SQLite on disk; None for a server or an in-memory database."""
        url = make_url(self.database_url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        return Path(url.database)

    @classmethod
    def from_env(cls, db: str | Path | None = None) -> Settings:
        """``--db`` wins, then ``KITHKIN_DATABASE_URL``, then the user data directory."""
        if db is not None:
            return cls(database_url=url_for(db))
        if env := os.environ.get(ENV_URL):
            return cls(database_url=env if "://" in env else url_for(env))
        return cls(database_url=url_for(default_path()))


def default_path() -> Path:
    return Path(user_data_dir("kithkin", appauthor=False)) / "kithkin.db"


def url_for(db: str | Path) -> str:
    """A URL stays a URL; anything else is a path to an SQLite file."""
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"
