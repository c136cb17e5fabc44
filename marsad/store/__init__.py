"""The store: SQLite by default (one file, WAL, FTS5 over normalized text)."""

from marsad.store.sqlite import Store, default_db_path

__all__ = ["Store", "default_db_path"]
