"""What both stores share: writing a processed document (with linking) and the CLI's reads.

The SQL is written once, with ``?`` placeholders; what differs between SQLite and PostgreSQL goes
through the store's :class:`~marsad.store.dialect.Dialect`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from marsad.doc import Doc
from marsad.store import dialect as _dialect
from marsad.store.dialect import TAB, Dialect
from marsad.store.rows import Prepared, content_hash, document_row, prepare

_OUTLETS = f"(length(outlets) - length(replace(outlets, '{TAB}', '')) + 1)"


class BaseStore:
    """A store on one connection (``conn``: sqlite3 or a :class:`~marsad.store.postgres.PgConnection`)."""

    conn: Any
    dialect: Dialect
    path: str

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> BaseStore:
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

    def add(self, item: Doc | Prepared) -> bool:
        """Store a processed document (or its rows, prepared by a worker process); False when the
        same content is already stored."""
        conn, dialect = self.conn, self.dialect
        document = item.document if isinstance(item, Prepared) else document_row(item)
        document_id = dialect.insert_new_id(
            conn, "INTO documents(doc, content_hash, path, stages, doc_json) VALUES (?,?,?,?,?)", document)
        if document_id is None:
            return False
        from marsad.link.linker import Linker  # here: the linker imports the store's dialect layer

        p = item if isinstance(item, Prepared) else prepare(item, document)
        stages = p.stages
        linker = Linker(conn)
        story_ids: dict[int, int] = {}
        for s in p.stories:
            placed = linker.place(s.prints, [key for key, _ in s.events], s.cluster_title, s.date)
            sid = dialect.insert_id(
                conn,
                'INSERT INTO stories(document_id, idx, title, date, date_precision, date_source, date_min, date_max,'
                ' source, url, lang, start, "end", text, fingerprint, duplicate_of, similarity, cluster_id)'
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (document_id, *s.row, placed.fingerprint, placed.duplicate_of, placed.similarity, placed.cluster_id))
            story_ids[s.index] = sid
            dialect.fts_index(conn, sid, s.fts_title, s.fts_body)
            if s.mentions:
                dialect.insert_many(
                    conn, 'INSERT INTO mentions(story_id, start, "end", text, kind, code, sector, entity, via)'
                    " VALUES (?,?,?,?,?,?,?,?,?)", [(sid, *m) for m in s.mentions])
            if s.figures:
                dialect.insert_many(
                    conn, 'INSERT INTO figures(story_id, start, "end", text, value, unit, currency, measure,'
                    " direction, period, parties) VALUES (?,?,?,?,?,?,?,?,?,?,?)", [(sid, *f) for f in s.figures])
            linker.record(sid, placed, s.outlet, s.date)
            for key, values in s.events:
                group_id, first = linker.corroborate(key, placed.cluster_id, s.outlet)
                conn.execute(
                    "INSERT INTO events(story_id, event, mode, date, aux, actor_codes, recipient_codes,"
                    " loc_country, record, stages, group_id, first_report) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (sid, *values, stages, group_id, int(first)))
        for index, values in p.agreements:
            conn.execute(
                "INSERT INTO agreements(story_id, name, kind, parties, signed, ratified, in_force, term, record)"
                " VALUES (?,?,?,?,?,?,?,?,?)", (story_ids[index], *values))
        return True

    def holds(self, doc: Doc) -> bool:
        """The store has a document with this document's text (``add`` would add nothing)."""
        return self.conn.execute("SELECT 1 FROM documents WHERE content_hash = ?",
                                 (content_hash(doc),)).fetchone() is not None

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
            f"SELECT * FROM clusters WHERE {_OUTLETS} >= ? ORDER BY stories DESC, id LIMIT ? OFFSET ?",
            (min_outlets, limit, offset))
        return [{"id": r["id"], "title": r["title"], "first_seen": r["first_seen"], "last_seen": r["last_seen"],
                 "stories": r["stories"], "outlets": [o for o in r["outlets"].split(TAB) if o]} for r in rows]

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
            yield story_row(row)

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
            rec["sources"] = len([o for o in (row["outlets"] or "").split(TAB) if o]) or 1
            yield rec

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Stories matching the query, best first among the newest RANK_WINDOW matches."""
        fts = self.dialect.fts(query, window=_dialect.RANK_WINDOW)
        if fts is None:
            return []
        rows = self.conn.execute(
            f"SELECT s.*, d.doc, {fts.score} AS score FROM {fts.source} JOIN documents d ON d.id = s.document_id"
            f" WHERE {fts.where} ORDER BY score, s.id LIMIT ?", (*fts.source_args, *fts.where_args, limit))
        return [story_row(r) for r in rows]

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


def story_row(row: Any) -> dict[str, Any]:
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
