"""Persistence: SQLite by default (WAL), PostgreSQL when ``CALLSCOUT_DATABASE_URL`` says so.

The schema is owned by Alembic migrations; opening a store brings any database up to date, so a
user upgrading CallScout never runs a migration by hand.
"""

from callscout.store.store import (
    ResultRun,
    RunSummary,
    Snapshot,
    Store,
    default_database_url,
    home_directory,
    open_store,
)

__all__ = ["ResultRun", "RunSummary", "Snapshot", "Store", "default_database_url", "home_directory", "open_store"]
