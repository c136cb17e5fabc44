"""The PostgreSQL store: the multi-user server option (psycopg 3).

The same store code as SQLite's runs on a :class:`PgConnection`, a thin wrapper that gives
psycopg the face of ``sqlite3``: ``execute(sql, params)`` with ``?`` placeholders, rows readable by
position and by name, explicit ``BEGIN``/``COMMIT`` on an autocommit connection. The schema
migrations are the shared ones (:mod:`marsad.store.schema`), recorded in ``schema_version``.

Writers serialize on an advisory lock held to the end of their transaction, so documents linked
by concurrent ``marsad ingest`` runs see each other exactly as one sequential run would; readers
are never blocked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from marsad.doc import Doc
from marsad.store.base import BaseStore
from marsad.store.dialect import POSTGRES, QueryInterrupted, StoreError
from marsad.store.rows import Prepared
from marsad.store.schema import MIGRATIONS, SCHEMA_VERSION

_WRITE_LOCK = 0x6D61727361640001  # pg_advisory_xact_lock key of marsad writers ("marsad" + 1)
_SCHEMA_LOCK = 0x6D61727361640002


def is_postgres_url(db: str) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


# -- sqlite3-like rows and placeholders ---------------------------------------------------------------
class Row(tuple):  # type: ignore[type-arg]
    """A result row read by position or by column name, like ``sqlite3.Row`` (``dict(row)`` works)."""

    __slots__ = ()
    _index: dict[str, int] = {}  # noqa: RUF012 - set per column list by _row_class

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    index: dict[str, int] = {}
    for i, n in enumerate(names):
        index.setdefault(n, i)  # the first of equal names, as sqlite3.Row does
    return type("Row", (Row,), {"__slots__": (), "_index": index})


def _row_factory(cursor: Any) -> Any:
    desc = cursor.description
    cls = _row_class(tuple(c.name for c in desc) if desc else ())
    return cls


@lru_cache(maxsize=2048)
def pg_sql(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (and a literal ``%`` as ``%%``), outside quotes."""
    out = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        if ch == "%":
            out.append("%%")
            continue
        out.append(ch)
    return "".join(out)


class PgConnection:
    """A psycopg connection behind the part of the ``sqlite3.Connection`` API marsad uses."""

    dialect = POSTGRES

    def __init__(self, url: str, readonly: bool = False) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError("a postgresql:// store needs psycopg: pip install 'psycopg[binary]'") from None
        self._psycopg = psycopg
        try:
            self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, application_name="marsad",
                                       **({} if "connect_timeout" in url else {"connect_timeout": 10}))
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {redact(url)}: {str(exc).strip()}") from None
        if readonly:
            self.raw.execute("SET default_transaction_read_only = on")
        # plan each statement for its values: the store's tables grow from empty, and a generic plan
        # made while they were small (a scan instead of an index lookup) would stay for the session
        self.raw.execute("SET plan_cache_mode = force_custom_plan")
        db, schema = self.raw.execute("SELECT current_database(), current_schema()").fetchone()
        info = self.raw.info
        self.ident = f"postgresql://{info.host}:{info.port}/{db}#{schema}"
        self._timeout_applied: float | None = None
        self._timeout_wanted: float | None = None

    def _run(self, cur: Any, sql: str, params: Sequence[Any] | None) -> Any:
        if self._timeout_wanted != self._timeout_applied:
            ms = 0 if self._timeout_wanted is None else max(1, int(self._timeout_wanted * 1000))
            self.raw.execute("SELECT set_config('statement_timeout', %s, false)", (str(ms),))
            self._timeout_applied = self._timeout_wanted
        try:
            if params:
                return cur.execute(pg_sql(sql), params)
            return cur.execute(sql)
        except self._psycopg.errors.QueryCanceled as exc:
            raise QueryInterrupted(f"interrupted: {str(exc).strip()}") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._run(self.raw.cursor(), sql, params)

    def executemany(self, sql: str, seq: Sequence[Sequence[Any]]) -> Any:
        cur = self.raw.cursor()
        try:
            cur.executemany(pg_sql(sql), seq)
        except self._psycopg.errors.QueryCanceled as exc:
            raise QueryInterrupted(f"interrupted: {str(exc).strip()}") from exc
        return cur

    def copy_rows(self, target: str, rows: Sequence[Sequence[Any]]) -> None:
        """Rows into ``table(col, ...)`` through COPY."""
        with self.raw.cursor() as cur, cur.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Rows of a long result read from a server-side cursor, a batch at a time (closes itself
        and ends its transaction when exhausted or closed)."""
        return _Stream(self, sql, params)

    def set_statement_timeout(self, seconds: float | None) -> None:
        self._timeout_wanted = seconds  # applied before the next statement, when it changed

    @property
    def broken(self) -> bool:
        """Whether the connection is lost (a server restart, a network failure): not to be reused."""
        return bool(self.raw.closed or self.raw.broken)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class _Stream:
    """A server-side cursor (in a transaction of its own) read ``BATCH`` rows per round trip."""

    BATCH = 500

    def __init__(self, conn: PgConnection, sql: str, params: Sequence[Any]) -> None:
        self.conn = conn
        self.own_tx = not conn.in_transaction
        self.rows: list[Any] = []
        self.done = False
        if self.own_tx:
            conn.raw.execute("BEGIN")
        self.cur = conn.raw.cursor(name="marsad_stream")
        try:
            conn._run(self.cur, sql, params)
        except BaseException:
            self.close()
            raise

    def fetchone(self) -> Any:
        if not self.rows and not self.done:
            try:
                self.rows = self.cur.fetchmany(self.BATCH)[::-1]
            except self.conn._psycopg.errors.QueryCanceled as exc:
                raise QueryInterrupted(f"interrupted: {str(exc).strip()}") from exc
            self.done = not self.rows
        return self.rows.pop() if self.rows else None

    def close(self) -> None:
        try:
            if not self.cur.closed and not self.conn.broken:
                self.cur.close()
        finally:
            if self.own_tx and not self.conn.broken and self.conn.in_transaction:
                self.conn.raw.execute("ROLLBACK")
                self.conn._timeout_applied = -1.0  # a rollback undoes settings made in it: set it again


_NUL_RE = re.compile(r"(?<!\\)\\u0000")


class PostgresStore(BaseStore):
    """The store in a PostgreSQL database (its current schema: pick one with
    ``?options=-csearch_path%3Dname`` in the URL)."""

    dialect = POSTGRES

    def __init__(self, url: str, readonly: bool = False) -> None:
        self.url = url
        self.path = redact(url)
        self.conn = PgConnection(url, readonly=readonly)
        self._locked = False  # whether this transaction holds the writers' lock
        try:
            self._migrate(readonly)
        except BaseException:
            self.conn.close()
            raise

    def _version(self) -> int:
        exists = self.conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
        if not exists:
            return -1
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self, readonly: bool) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}; this marsad knows up to {SCHEMA_VERSION}")
        if version == SCHEMA_VERSION:
            return
        if readonly:
            if version < 0:
                raise StoreError(f"no marsad store in {self.path} (run `marsad ingest --db URL` first)")
            raise StoreError(f"{self.path} needs a schema upgrade; open it once with `marsad ingest`")
        conn = self.conn
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            version = max(0, self._version())  # another process may have migrated meanwhile
            for number in range(version + 1, SCHEMA_VERSION + 1):
                migration = MIGRATIONS[number - 1]
                for statement in POSTGRES.statements(migration):
                    conn.execute(statement)
                if migration.after is not None:
                    migration.after(conn)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version(version) VALUES (?)", (number,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def add(self, doc: Doc | Prepared) -> bool:
        if isinstance(doc, Prepared):  # rows made by a worker: their document's JSON tells of a NUL
            if _NUL_RE.search(doc.document[4]):
                doc = Doc.from_json(_NUL_RE.sub(r"\\ufffd", doc.document[4]))
        elif "\x00" in doc.text or "\\u0000" in json.dumps(doc.meta):
            # PostgreSQL text cannot hold NUL: one replacement character for each keeps every offset
            doc = Doc.from_json(_NUL_RE.sub(r"\\ufffd", doc.to_json()))
        own = not self.conn.in_transaction
        if own:
            self.begin()
        try:
            if not self._locked:
                self.conn.execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
                self._locked = True
            added = super().add(doc)
        except BaseException:
            if own:
                self.rollback()
            raise
        if own:
            self.commit()
        return added

    def begin(self) -> None:
        self._locked = False
        super().begin()

    def commit(self) -> None:
        self._locked = False
        super().commit()

    def rollback(self) -> None:
        self._locked = False
        super().rollback()

    def add_error(self, location: str, stage: str, message: str) -> None:
        super().add_error(*(s.replace("\x00", "\ufffd") for s in (location, stage, message)))

    def __enter__(self) -> PostgresStore:
        return self
