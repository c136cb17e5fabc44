"""Versioned schema, shared by both engines: migration N brings a store from version N-1 to N.

SQLite records the version in PRAGMA user_version, PostgreSQL in a ``schema_version`` table. Each
migration's ``shared`` DDL is written as SQLite reads it and runs on both (PostgreSQL maps the few
type names that differ: see :func:`marsad.store.dialect.postgres_ddl`); ``sqlite`` and
``postgresql`` hold the statements only one engine runs (the full-text index).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Migration:
    shared: str
    sqlite: str = ""
    postgresql: str = ""
    # what the SQL cannot do, run after it in the same transaction with the store's connection
    after: Callable[[Any], object] | None = None


def _resign(conn: Any) -> None:
    from marsad.link.resign import resign_stories  # here: the linker imports the store's dialect layer

    resign_stories(conn)


MIGRATIONS: tuple[Migration, ...] = (
    # 1: documents, stories, mentions, events, ingest errors, full-text index over stories
    Migration("""
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        doc TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL DEFAULT '',
        stages TEXT NOT NULL DEFAULT '{}',
        doc_json TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        date_precision TEXT NOT NULL DEFAULT '',
        date_source TEXT NOT NULL DEFAULT '',
        date_min TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX stories_document ON stories(document_id);
    CREATE INDEX stories_date ON stories(date);
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        code TEXT NOT NULL,
        sector TEXT NOT NULL,
        entity TEXT NOT NULL,
        via TEXT NOT NULL
    );
    CREATE INDEX mentions_story ON mentions(story_id);
    CREATE INDEX mentions_code ON mentions(code);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        mode TEXT NOT NULL,
        date TEXT NOT NULL,
        aux TEXT NOT NULL,
        actor_codes TEXT NOT NULL,
        recipient_codes TEXT NOT NULL,
        loc_country TEXT NOT NULL,
        record TEXT NOT NULL,
        stages TEXT NOT NULL
    );
    CREATE INDEX events_story ON events(story_id);
    CREATE INDEX events_type_date ON events(event, date);
    CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY,
        location TEXT NOT NULL,
        stage TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    )
    """,
    sqlite="CREATE VIRTUAL TABLE stories_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
    # the same normalized words as FTS5 sees them (built in Python: dialect.tsvector_literal), and the
    # lookup through the GIN index: the planner, blind to the cost of reading every tsvector, would
    # otherwise scan the table for frequent words (ten times slower)
    postgresql="""
    CREATE TABLE stories_fts (story_id BIGINT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
                              tsv TSVECTOR NOT NULL);
    CREATE INDEX stories_fts_tsv ON stories_fts USING gin (tsv);
    CREATE FUNCTION marsad_fts(q tsquery) RETURNS TABLE (story_id BIGINT, rank REAL)
        LANGUAGE sql STABLE SET enable_seqscan = off
        AS 'SELECT f.story_id, ts_rank(f.tsv, q, 1) FROM stories_fts f WHERE f.tsv @@ q'
    """),
    # 2: agreements as entities
    Migration("""
    CREATE TABLE agreements (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        parties TEXT NOT NULL,
        signed TEXT NOT NULL,
        ratified TEXT NOT NULL,
        in_force TEXT NOT NULL,
        term TEXT NOT NULL,
        record TEXT NOT NULL
    );
    CREATE INDEX agreements_story ON agreements(story_id);
    """),
    # 3: duplicates, story clusters and event corroboration (tables before the columns that refer to them)
    Migration("""
    CREATE TABLE clusters (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        first_seen TEXT NOT NULL DEFAULT '',
        last_seen TEXT NOT NULL DEFAULT '',
        stories INTEGER NOT NULL DEFAULT 0,
        outlets TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE stories ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
    ALTER TABLE stories ADD COLUMN duplicate_of INTEGER REFERENCES stories(id);
    ALTER TABLE stories ADD COLUMN similarity REAL;
    ALTER TABLE stories ADD COLUMN cluster_id INTEGER REFERENCES clusters(id);
    CREATE INDEX stories_fingerprint ON stories(fingerprint);
    CREATE INDEX stories_cluster ON stories(cluster_id);
    CREATE TABLE story_signatures (story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
                                   signature BLOB NOT NULL);
    CREATE TABLE story_bands (band INTEGER NOT NULL, key INTEGER NOT NULL, story_id INTEGER NOT NULL);
    CREATE INDEX story_bands_key ON story_bands(band, key);
    CREATE TABLE event_groups (
        id INTEGER PRIMARY KEY,
        event TEXT NOT NULL,
        date TEXT NOT NULL,
        actor_codes TEXT NOT NULL,
        recipient_codes TEXT NOT NULL,
        loc_country TEXT NOT NULL,
        cluster_id INTEGER,
        reports INTEGER NOT NULL DEFAULT 0,
        outlets TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE events ADD COLUMN group_id INTEGER REFERENCES event_groups(id);
    ALTER TABLE events ADD COLUMN first_report INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX events_group ON events(group_id);
    CREATE INDEX event_groups_type_date ON event_groups(event, date);
    CREATE INDEX event_groups_cluster ON event_groups(cluster_id)
    """),
    # 4: figures, and the upper bound of an undated story's date
    Migration("""
    ALTER TABLE stories ADD COLUMN date_max TEXT NOT NULL DEFAULT '';
    CREATE TABLE figures (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        currency TEXT NOT NULL,
        measure TEXT NOT NULL,
        direction TEXT NOT NULL,
        period TEXT NOT NULL,
        parties TEXT NOT NULL
    );
    CREATE INDEX figures_story ON figures(story_id);
    CREATE INDEX figures_measure ON figures(measure)
    """),
    # 5: corroboration candidates looked up by party: a group for each of its codes, so an event is
    # compared with the groups that share a state with it, not with every event of its type that week
    Migration("""
    CREATE TABLE event_group_codes (code TEXT NOT NULL, event TEXT NOT NULL, date TEXT NOT NULL,
                                    group_id INTEGER NOT NULL);
    CREATE INDEX event_group_codes_lookup ON event_group_codes(code, event, date)
    """, sqlite="""
    INSERT INTO event_group_codes(code, event, date, group_id)
    WITH RECURSIVE split(gid, event, date, rest, code) AS (
        SELECT id, event, date, actor_codes || ' ' || recipient_codes || ' ', '' FROM event_groups
        UNION ALL
        SELECT gid, event, date, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1)
        FROM split WHERE rest != ''
    )
    SELECT DISTINCT code, event, date, gid FROM split WHERE code != ''
    """, postgresql="""
    INSERT INTO event_group_codes(code, event, date, group_id)
    SELECT DISTINCT c, event, date, id
    FROM event_groups, regexp_split_to_table(trim(actor_codes || ' ' || recipient_codes), ' +') AS c
    WHERE c != ''
    """),
    # 6: each story's identity (numbers, places, people's names: marsad.link.identity) beside its signature,
    # so templated reports of different happenings are not taken for copies; stories linked before
    # keep an empty identity, which never disagrees
    Migration("""
    ALTER TABLE story_signatures ADD COLUMN identity TEXT NOT NULL DEFAULT ''
    """),
    # 7: a cluster's groups of one type, and a group's codes, found through an index (their cost
    # stays flat as the store grows)
    Migration("""
    CREATE INDEX event_groups_cluster_event ON event_groups(cluster_id, event);
    CREATE INDEX event_group_codes_group ON event_group_codes(group_id)
    """),
    # 8: MinHash signatures computed in numpy (marsad.link.minhash): every stored story is signed
    # again from its text, and its band keys replaced; on SQLite the bands are one b-tree keyed by
    # (band, key, story_id), which a candidate lookup reads without visiting a table
    Migration("", sqlite="""
    DROP TABLE story_bands;
    CREATE TABLE story_bands (band INTEGER NOT NULL, key INTEGER NOT NULL, story_id INTEGER NOT NULL,
                              PRIMARY KEY (band, key, story_id)) WITHOUT ROWID
    """, after=_resign),
)

SCHEMA_VERSION = len(MIGRATIONS)
