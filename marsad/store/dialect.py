"""The thin layer between marsad's SQL and its two engines.

Store code, the linker and the read queries write their SQL once, with ``?`` placeholders and the
SQL both engines share (standard joins, ``substr``/``length``/``replace``, row-value comparisons,
``ON CONFLICT``). What differs lives here, in one :class:`Dialect` per engine:

- placeholders: ``?`` for sqlite3, ``%s`` for psycopg (the PostgreSQL connection translates);
- new row ids: ``cursor.lastrowid`` vs ``RETURNING id``; INSERT OR IGNORE vs ON CONFLICT DO NOTHING;
- schema: PRAGMA user_version vs a ``schema_version`` table; the few DDL type names that differ;
- full-text search: FTS5 MATCH over normalized text vs a ``tsvector`` of the same normalized
  tokens (built here, so both engines see the same words) queried with a ``tsquery``;
- store identity (for caches), column lists, and the time budget of a statement.

``dialect_of(conn)`` gives the dialect of a connection: a ``sqlite3.Connection`` is SQLite, any
other connection carries its own ``dialect`` attribute.
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.store.schema import Migration
from marsad.store.search import parse_query, render_fts5, render_tsquery

TAB = "\t"  # outlets are stored tab-separated; SQL gets the tab as a literal both engines read


class StoreError(RuntimeError):
    """A store that cannot be opened or is newer than this marsad."""


class QueryInterrupted(sqlite3.OperationalError):
    """A statement stopped by the time budget (SQLite says "interrupted"; so does this)."""


RANK_WINDOW = 5000  # relevance ranked among this many newest matches: bounded cost for common words


@dataclass(frozen=True, slots=True)
class FtsParts:
    """Fragments of a full-text query: ``SELECT {score} ... FROM {source} ... WHERE {where}``, hits
    ranked by ``score`` (smaller is better); ``source_args`` and ``where_args`` bind their ``?``."""

    source: str
    source_args: tuple[Any, ...]
    where: str
    where_args: tuple[Any, ...]
    score: str


class Dialect:
    name = ""

    def insert_id(self, conn: Any, sql: str, params: Sequence[Any]) -> int:
        """Run an INSERT of one row and return the new row's id."""
        raise NotImplementedError

    def insert_new_id(self, conn: Any, sql: str, params: Sequence[Any]) -> int | None:
        """``INSERT INTO ...`` (given without its verb) of a row that may already exist by a unique
        key: the new id, or None when the row was there."""
        raise NotImplementedError

    def insert_many(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """``INSERT INTO t(...) VALUES (?, ...)`` once for each row."""
        raise NotImplementedError

    def band_candidates(self, conn: Any, keys: Sequence[int]) -> list[int]:
        """Stories sharing an LSH band key with ``keys`` (band ``b`` has key ``keys[b]``)."""
        raise NotImplementedError

    def statements(self, migration: Migration) -> list[str]:
        raise NotImplementedError

    def fts_index(self, conn: Any, story_id: int, title: str, body: str) -> None:
        """Index a story's normalized title and body."""
        raise NotImplementedError

    def set_group_date(self, conn: Any, group_id: int, date: str) -> None:
        """Give the codes of an event group (``event_group_codes``) the group's new date."""
        raise NotImplementedError

    def fts(self, query: str, window: int = 0) -> FtsParts | None:
        """The full-text fragments of a user query (None when there is nothing to search)."""
        raise NotImplementedError

    def columns(self, conn: Any, table: str) -> frozenset[str]:
        raise NotImplementedError

    def ident(self, conn: Any) -> str:
        """What identifies the store behind this connection (a file, a database and schema)."""
        raise NotImplementedError


def split_statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


# -- SQLite -----------------------------------------------------------------------------------------
class SQLiteDialect(Dialect):
    name = "sqlite"

    def insert_id(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int:
        return int(conn.execute(sql, params).lastrowid)  # type: ignore[arg-type]

    def insert_new_id(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int | None:
        cur = conn.execute("INSERT OR IGNORE " + sql, params)
        return int(cur.lastrowid) if cur.rowcount else None  # type: ignore[arg-type]

    def insert_many(self, conn: sqlite3.Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        conn.executemany(sql, rows)

    def band_candidates(self, conn: sqlite3.Connection, keys: Sequence[int]) -> list[int]:
        clause = " OR ".join(["(band = ? AND key = ?)"] * len(keys))
        args = [x for b, k in enumerate(keys) for x in (b, k)]
        return [r[0] for r in conn.execute(f"SELECT DISTINCT story_id FROM story_bands WHERE {clause}", args)]

    def statements(self, migration: Migration) -> list[str]:
        return split_statements(migration.shared) + split_statements(migration.sqlite)

    def fts_index(self, conn: sqlite3.Connection, story_id: int, title: str, body: str) -> None:
        conn.execute("INSERT INTO stories_fts(rowid, title, body) VALUES (?,?,?)", (story_id, title, body))

    def set_group_date(self, conn: sqlite3.Connection, group_id: int, date: str) -> None:
        # row by row: a statement that may change several rows (and abort) opens a statement
        # journal, whose savepoint makes FTS5 flush the stories indexed so far in the transaction
        # to a small segment of its own (2.4 ms each time, and more segments to merge)
        rowids = conn.execute("SELECT rowid FROM event_group_codes WHERE group_id = ?", (group_id,)).fetchall()
        conn.executemany("UPDATE event_group_codes SET date = ? WHERE rowid = ?", [(date, r[0]) for r in rowids])

    def fts(self, query: str, window: int = 0) -> FtsParts | None:
        """With ``window``, hits are ranked among the newest ``window`` matches only: FTS5 walks
        the index newest first and stops, so a word found in half of a million stories costs the
        same as a rare one."""
        expr = render_fts5(*parse_query(query))
        if not expr:
            return None
        if window:
            return FtsParts("(SELECT rowid AS rid, bm25(stories_fts) AS rank FROM stories_fts WHERE stories_fts MATCH ?"
                            f" ORDER BY rowid DESC LIMIT {int(window)}) AS f JOIN stories s ON s.id = f.rid", (expr,),
                            "1 = 1", (), "f.rank")
        return FtsParts("stories_fts JOIN stories s ON s.id = stories_fts.rowid", (), "stories_fts MATCH ?", (expr,),
                        "bm25(stories_fts)")

    def columns(self, conn: sqlite3.Connection, table: str) -> frozenset[str]:
        return frozenset(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))

    def ident(self, conn: sqlite3.Connection) -> str:
        return str(conn.execute("PRAGMA database_list").fetchone()[2])


# -- PostgreSQL -------------------------------------------------------------------------------------
_DDL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bINTEGER PRIMARY KEY REFERENCES\b"), "BIGINT PRIMARY KEY REFERENCES"),
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    # byte order, as SQLite compares text, whatever the database's locale
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(re.escape("(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")),
     """(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))"""),
)


def postgres_ddl(sql: str) -> str:
    """Shared DDL (written as SQLite reads it) as PostgreSQL reads it: type names in capitals are
    the only words mapped (BIGINT ids, DOUBLE PRECISION, BYTEA, byte-ordered TEXT, UTC defaults)."""
    for pattern, repl in _DDL_RULES:
        sql = pattern.sub(repl, sql)
    return sql


MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_LEXEME = 1000  # characters; PostgreSQL refuses lexemes over 2047 bytes
_TOKEN_RE = re.compile(r"[^\W_]+")


def _latin_bases() -> dict[int, str]:
    table = {}
    for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp) and base.isalnum():
            table[cp] = base
    return table


_FOLD = _latin_bases()


def fold_token(text: str) -> str:
    """Text as FTS5's unicode61 tokenizer (remove_diacritics 2) indexes it: lower case, Latin
    letters without their diacritics (Arabic text is already normalized by marsad)."""
    return text.lower().translate(_FOLD)


def fts_tokens(text: str) -> list[str]:
    """The words of normalized text as the full-text index sees them (letters and digits)."""
    return _TOKEN_RE.findall(fold_token(text))


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title: str, body: str) -> str:
    """A tsvector of normalized title (weight A) and body: one lexeme per token of
    :func:`fts_tokens`, with positions, and a gap between title and body so no phrase spans both."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for text, weight in ((title, "A"), (body, "")):
        for tok in fts_tokens(text):
            pos += 1
            if len(tok) > MAX_LEXEME:
                continue
            at = positions.setdefault(tok, [])
            if len(at) < 256:
                label = f"{min(pos, MAX_POSITION)}{weight}"
                if not at or at[-1] != label:
                    at.append(label)
        pos += 1
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


def tsquery_literal(query: str) -> str:
    """The user's query as a tsquery over the lexemes of :func:`tsvector_literal` ('' when empty)."""
    return render_tsquery(*parse_query(query), fold=fold_token, quote=_lexeme, max_len=MAX_LEXEME)


class PostgresDialect(Dialect):
    name = "postgresql"

    def insert_id(self, conn: Any, sql: str, params: Sequence[Any]) -> int:
        return int(conn.execute(sql + " RETURNING id", params).fetchone()[0])

    def insert_new_id(self, conn: Any, sql: str, params: Sequence[Any]) -> int | None:
        row = conn.execute("INSERT " + sql + " ON CONFLICT DO NOTHING RETURNING id", params).fetchone()
        return None if row is None else int(row[0])

    def insert_many(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        # COPY: one statement for all the rows, not one per row
        conn.copy_rows(sql.rsplit(" VALUES ", 1)[0].removeprefix("INSERT INTO "), rows)

    def band_candidates(self, conn: Any, keys: Sequence[int]) -> list[int]:
        return [r[0] for r in conn.execute(
            "SELECT DISTINCT b.story_id FROM unnest(CAST(? AS bigint[])) WITH ORDINALITY AS k(key, n)"
            " JOIN story_bands b ON b.band = k.n - 1 AND b.key = k.key", (list(keys),))]

    def statements(self, migration: Migration) -> list[str]:
        return [postgres_ddl(s) for s in split_statements(migration.shared)] + split_statements(migration.postgresql)

    def fts_index(self, conn: Any, story_id: int, title: str, body: str) -> None:
        conn.execute("INSERT INTO stories_fts(story_id, tsv) VALUES (?, CAST(? AS tsvector))",
                     (story_id, tsvector_literal(title, body)))

    def set_group_date(self, conn: Any, group_id: int, date: str) -> None:
        conn.execute("UPDATE event_group_codes SET date = ? WHERE group_id = ?", (date, group_id))

    def fts(self, query: str, window: int = 0) -> FtsParts | None:
        expr = tsquery_literal(query)
        if not expr:
            return None
        # marsad_fts (schema.py) looks the words up in the GIN index and ranks the hits
        return FtsParts("marsad_fts(CAST(? AS tsquery)) f JOIN stories s ON s.id = f.story_id", (expr,), "TRUE", (),
                        "-f.rank")

    def columns(self, conn: Any, table: str) -> frozenset[str]:
        return frozenset(r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ?", (table,)))

    def ident(self, conn: Any) -> str:
        return str(conn.ident)


SQLITE = SQLiteDialect()
POSTGRES = PostgresDialect()


def dialect_of(conn: Any) -> Dialect:
    if isinstance(conn, sqlite3.Connection):
        return SQLITE
    return conn.dialect  # type: ignore[no-any-return]


# -- time budget ------------------------------------------------------------------------------------
_DEADLINES: dict[int, float] = {}


def install_budget(conn: Any) -> None:
    """Let :func:`set_deadline` interrupt any statement on this connection that runs too long.
    SQLite checks a deadline from its progress handler; PostgreSQL uses ``statement_timeout``."""
    if not isinstance(conn, sqlite3.Connection):
        return
    key = id(conn)

    def check() -> int:
        deadline = _DEADLINES.get(key)
        return 1 if deadline is not None and time.monotonic() > deadline else 0

    conn.set_progress_handler(check, 20_000)


def set_deadline(conn: Any, seconds: float | None) -> None:
    """On SQLite, the statements run from now on share ``seconds``; on PostgreSQL each statement
    gets ``seconds``. None lifts the budget."""
    if not isinstance(conn, sqlite3.Connection):
        conn.set_statement_timeout(seconds)
        return
    key = id(conn)
    if seconds is None:
        _DEADLINES.pop(key, None)
    else:
        _DEADLINES[key] = time.monotonic() + seconds
