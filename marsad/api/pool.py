"""A small pool of read connections to the store, usable from any worker thread."""

from __future__ import annotations

import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from marsad.store import Store, is_postgres_url, open_store
from marsad.store.queries import install_budget, set_deadline


class StorePool:
    """Stores opened once (schema checked by :class:`Store`), each on a connection that any thread
    may use one at a time; read-only pools set ``PRAGMA query_only`` so no statement can write."""

    def __init__(self, path: str, readonly: bool = True, idle: int = 8, query_seconds: float = 5.0) -> None:
        self.path = path
        self.readonly = readonly
        self.query_seconds = query_seconds
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue(maxsize=idle)
        self.release(self._open())  # fail now, with the store's own message, if it cannot be opened

    def _open(self) -> Store:
        if is_postgres_url(self.path):  # a psycopg connection serves any thread; read-only sessions
            return open_store(self.path, readonly=self.readonly)  # type: ignore[return-value]
        store = Store(self.path, readonly=self.readonly)
        store.conn.close()
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 2000")
        if self.readonly:
            conn.execute("PRAGMA query_only = ON")
        install_budget(conn)
        store.conn = conn
        return store

    def acquire(self) -> Store:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return self._open()

    def release(self, store: Store) -> None:
        if getattr(store.conn, "broken", False):  # a lost PostgreSQL connection: open a new one next time
            store.close()
            return
        set_deadline(store, None)
        try:
            self._idle.put_nowait(store)
        except queue.Full:
            store.close()

    @contextmanager
    def store(self, seconds: float | None = None) -> Iterator[Store]:
        """A store for one request; statements longer than ``seconds`` (default: the pool's
        budget) are interrupted."""
        store = self.acquire()
        set_deadline(store, self.query_seconds if seconds is None else seconds)
        try:
            yield store
        finally:
            self.release(store)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
