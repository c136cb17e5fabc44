"""The SQLite store: one file, WAL, versioned schema, FTS5 over normalized story text."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from marsad.store.base import BaseStore, story_row
from marsad.store.dialect import SQLITE, StoreError
from marsad.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["Store", "StoreError", "default_db_path", "story_row"]


def default_db_path() -> str:
    return os.environ.get("MARSAD_DB", "marsad.db")


class Store(BaseStore):
    dialect = SQLITE

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        if readonly and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path} (run `marsad ingest` first, or pass --db)")
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate(readonly)

    def _migrate(self, readonly: bool) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}; this marsad knows up to {SCHEMA_VERSION}")
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(f"{self.path} needs a schema upgrade; open it once with `marsad ingest`")
        for number in range(version + 1, SCHEMA_VERSION + 1):
            self.conn.execute("BEGIN")
            try:
                for statement in SQLITE.statements(MIGRATIONS[number - 1]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                self.conn.execute("ROLLBACK")
                raise

    def __enter__(self) -> Store:
        return self
