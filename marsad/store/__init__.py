"""The store: SQLite by default (one file, WAL, FTS5 over normalized text); PostgreSQL for a
``postgresql://`` URL (the multi-user server option). Both run the same store code and schema."""

from __future__ import annotations

from pathlib import Path

from marsad.store.base import BaseStore
from marsad.store.dialect import StoreError
from marsad.store.postgres import is_postgres_url, redact
from marsad.store.sqlite import Store, default_db_path

__all__ = ["BaseStore", "Store", "StoreError", "default_db_path", "describe", "is_postgres_url", "open_store"]


def open_store(db: str | Path, readonly: bool = False) -> BaseStore:
    """The store at ``db``: a PostgreSQL database for a ``postgresql://`` URL, else a SQLite file."""
    if is_postgres_url(str(db)):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(str(db), readonly=readonly)
    return Store(db, readonly=readonly)


def describe(db: str | Path) -> str:
    """The store's name for messages (a URL without its password)."""
    return redact(str(db)) if is_postgres_url(str(db)) else str(db)
