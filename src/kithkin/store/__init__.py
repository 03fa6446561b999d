"""Persistence: schema, queries and migrations. It stores; it never decides."""

from kithkin.store.database import Database
from kithkin.store.engine import make_engine
from kithkin.store.migrate import prepare
from kithkin.store.settings import Settings
from kithkin.store.uow import UnitOfWork

__all__ = ["Database", "Settings", "UnitOfWork", "make_engine", "prepare"]
