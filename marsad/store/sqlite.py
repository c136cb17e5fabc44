"""The SQLite store: one file, WAL, versioned schema, FTS5 over normalized story text."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from marsad.store.base import BaseStore, story_row
from marsad.store.dialect import SQLITE, StoreError
from marsad.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["Store", "StoreError", "default_db_path", "story_row"]

WRITER_CACHE_KIB = 32768


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
            # a writer's page cache (32 MiB, not SQLite's 8): each story adds 64 band keys at random
            # places of one b-tree, which soon outgrows the default cache
            self.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
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
                migration = MIGRATIONS[number - 1]
                for statement in SQLITE.statements(migration):
                    self.conn.execute(statement)
                if migration.after is not None:
                    migration.after(self.conn)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def __enter__(self) -> Store:
        return self
