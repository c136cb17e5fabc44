"""The SQLite store: one file, WAL, versioned schema, FTS5 over normalized story text."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, Event
from marsad.link.linker import Linker
from marsad.records import agreement_record, event_record, story_record, story_text
from marsad.store.schema import MIGRATIONS, SCHEMA_VERSION
from marsad.store.search import fts_query


def default_db_path() -> str:
    return os.environ.get("MARSAD_DB", "marsad.db")


class StoreError(RuntimeError):
    """A store that cannot be opened or is newer than this marsad."""


class Store:
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
                for statement in _statements(MIGRATIONS[number - 1]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------
    def begin(self) -> None:
        self.conn.execute("BEGIN")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @staticmethod
    def content_hash(doc: Doc) -> str:
        return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()

    def add(self, doc: Doc) -> bool:
        """Store a processed document; False when the same content is already stored."""
        digest = self.content_hash(doc)
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO documents(doc, content_hash, path, stages, doc_json) VALUES (?,?,?,?,?)",
            (doc.id, digest, doc.meta.get("path", ""), json.dumps(doc.stages), doc.to_json()))
        if cur.rowcount == 0:
            return False
        document_id = cur.lastrowid
        stages = json.dumps(doc.stages)
        story_ids: dict[int, int] = {}
        for story in doc.stories:
            rec = story_record(doc, story)
            sid = self.conn.execute(
                'INSERT INTO stories(document_id, idx, title, date, date_precision, date_source, date_min, date_max,'
                ' source, url, lang, start, "end", text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                (document_id, story.index, story.title, story.date, story.date_precision,
                 story.date_source, story.date_min, story.date_max, story.source, story.url, story.lang,
                 story.start, story.end, rec["text"])).lastrowid
            story_ids[story.index] = sid
            self.conn.execute("INSERT INTO stories_fts(rowid, title, body) VALUES (?,?,?)",
                              (sid, normalize_text(story.title), normalize_text(story_text(doc, story))))
        for m in doc.mentions:
            story = doc.story_of(m.start)
            if story is None:
                continue
            self.conn.execute(
                'INSERT INTO mentions(story_id, start, "end", text, kind, code, sector, entity, via)'
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (story_ids[story.index], m.start, m.end, m.text, m.kind, m.code, m.sector, m.entity, m.via))
        story_events: dict[int, list[tuple[int, Event]]] = {}
        for ev in doc.events:
            rec = event_record(doc, ev)
            cur = self.conn.execute(
                "INSERT INTO events(story_id, event, mode, date, aux, actor_codes, recipient_codes,"
                " loc_country, record, stages) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (story_ids[ev.story], ev.event, ev.mode, ev.date, ev.aux,
                 " ".join(sorted({p.code for p in ev.actor})),
                 " ".join(sorted({p.code for p in ev.recipient})),
                 ev.loc.country, json.dumps(rec, ensure_ascii=False), stages))
            story_events.setdefault(ev.story, []).append((int(cur.lastrowid), ev))
        self.conn.executemany(
            'INSERT INTO figures(story_id, start, "end", text, value, unit, currency, measure, direction, period,'
            " parties) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(story_ids[f.story], f.start, f.end, f.text, f.value, f.unit, f.currency, f.measure, f.direction,
              f.period, " ".join(f.parties)) for f in doc.figures if f.story in story_ids])
        linker = Linker(self.conn)
        for story in doc.stories:
            linker.link_story(story_ids[story.index], doc, story, story_events.get(story.index, []))
        for ag in doc.agreements:
            rec = agreement_record(doc, ag)
            self.conn.execute(
                "INSERT INTO agreements(story_id, name, kind, parties, signed, ratified, in_force, term, record)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (story_ids[ag.story], ag.name, ag.kind, " ".join(ag.parties), ag.signed, ag.ratified, ag.in_force,
                 ag.term, json.dumps(rec, ensure_ascii=False)))
        return True

    def add_error(self, location: str, stage: str, message: str) -> None:
        self.conn.execute("INSERT INTO ingest_errors(location, stage, message) VALUES (?,?,?)",
                          (location, stage, message))

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "stories", "mentions", "events", "event_groups", "clusters", "agreements",
                          "figures", "ingest_errors")}

    def clusters(self, min_outlets: int = 1, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM clusters WHERE (length(outlets) - length(replace(outlets, char(9), '')) + 1) >= ?"
            " ORDER BY stories DESC, id LIMIT ? OFFSET ?", (min_outlets, limit, offset))
        return [{"id": r["id"], "title": r["title"], "first_seen": r["first_seen"], "last_seen": r["last_seen"],
                 "stories": r["stories"], "outlets": [o for o in r["outlets"].split("\t") if o]} for r in rows]

    def duplicates(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT s.id, s.title, s.source, s.url, s.date, s.duplicate_of, s.similarity, o.title AS original_title,"
            " o.source AS original_source FROM stories s JOIN stories o ON o.id = s.duplicate_of"
            " ORDER BY s.id LIMIT ? OFFSET ?", (limit, offset))
        return [dict(r) for r in rows]

    def stories(self, limit: int = 100, offset: int = 0) -> Iterator[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT s.*, d.doc FROM stories s JOIN documents d ON d.id = s.document_id"
            " ORDER BY s.document_id, s.idx LIMIT ? OFFSET ?", (limit, offset))
        for row in rows:
            yield _story_row(row)

    def story(self, story_id: int) -> tuple[Doc, int] | None:
        row = self.conn.execute(
            "SELECT s.idx, d.doc_json FROM stories s JOIN documents d ON d.id = s.document_id WHERE s.id = ?",
            (story_id,)).fetchone()
        if row is None:
            return None
        return Doc.from_json(row["doc_json"]), row["idx"]

    def events(self, event_type: str = "", actor: str = "", recipient: str = "", aux: str | None = None,
               limit: int = 100, offset: int = 0, reports: bool = False) -> Iterator[dict[str, Any]]:
        """Events, one per happening (the first report of each) unless ``reports`` asks for every
        report; each carries ``reports`` (stories asserting it) and ``sources`` (distinct outlets)."""
        where, args = [], []
        if not reports:
            where.append("first_report = 1")
        if event_type:
            where.append("e.event = ?")
            args.append(event_type.upper())
        if actor:
            where.append("(' ' || e.actor_codes || ' ') LIKE ?")
            args.append(f"% {actor.upper()} %")
        if recipient:
            where.append("(' ' || e.recipient_codes || ' ') LIKE ?")
            args.append(f"% {recipient.upper()} %")
        if aux is not None:
            where.append("e.aux = ?")
            args.append(aux)
        sql = ("SELECT e.id, e.story_id, e.record, g.reports, g.outlets FROM events e"
               " LEFT JOIN event_groups g ON g.id = e.group_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.story_id, e.id LIMIT ? OFFSET ?"
        for row in self.conn.execute(sql, (*args, limit, offset)):
            rec = json.loads(row["record"])
            rec["id"] = row["id"]
            rec["story_id"] = row["story_id"]
            rec["reports"] = row["reports"] or 1
            rec["sources"] = len([o for o in (row["outlets"] or "").split("\t") if o]) or 1
            yield rec

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        expr = fts_query(query)
        if not expr:
            return []
        rows = self.conn.execute(
            "SELECT s.*, d.doc, bm25(stories_fts) AS score FROM stories_fts"
            " JOIN stories s ON s.id = stories_fts.rowid JOIN documents d ON d.id = s.document_id"
            " WHERE stories_fts MATCH ? ORDER BY score LIMIT ?", (expr, limit))
        return [_story_row(r) for r in rows]

    def agreements(self, party: str = "", limit: int = 100, offset: int = 0) -> Iterator[dict[str, Any]]:
        sql, args = "SELECT id, story_id, record FROM agreements", []
        if party:
            sql += " WHERE (' ' || parties || ' ') LIKE ?"
            args.append(f"% {party.upper()} %")
        for row in self.conn.execute(sql + " ORDER BY story_id, id LIMIT ? OFFSET ?", (*args, limit, offset)):
            yield {"id": row["id"], "story_id": row["story_id"], **json.loads(row["record"])}

    def figures(self, measure: str = "", party: str = "", limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        where, args = [], []
        if measure:
            where.append("measure = ?")
            args.append(measure)
        if party:
            where.append("(' ' || parties || ' ') LIKE ?")
            args.append(f"% {party.upper()} %")
        sql = 'SELECT id, story_id, start, "end", text, value, unit, currency, measure, direction, period, parties' \
              " FROM figures" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id LIMIT ? OFFSET ?"
        return [dict(r) for r in self.conn.execute(sql, (*args, limit, offset))]

    def errors(self, limit: int = 100) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT location, stage, message, at FROM ingest_errors ORDER BY id DESC LIMIT ?", (limit,))]


def _story_row(row: sqlite3.Row) -> dict[str, Any]:
    keys = row.keys()
    out = {"id": row["id"], "doc": row["doc"], "index": row["idx"], "title": row["title"],
           "duplicate_of": row["duplicate_of"], "cluster": row["cluster_id"],
           "date": row["date"], "date_precision": row["date_precision"], "date_min": row["date_min"],
           "date_max": row["date_max"],
           "source": row["source"], "url": row["url"], "lang": row["lang"], "start": row["start"],
           "end": row["end"], "text": row["text"]}
    if "score" in keys:
        out["score"] = row["score"]
    return out


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
