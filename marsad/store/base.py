"""What both stores share: writing a processed document (with linking) and the CLI's reads.

The SQL is written once, with ``?`` placeholders; what differs between SQLite and PostgreSQL goes
through the store's :class:`~marsad.store.dialect.Dialect`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, Event, Figure, Mention
from marsad.records import agreement_record, event_record, story_norm_text, story_text
from marsad.store import dialect as _dialect
from marsad.store.dialect import TAB, Dialect

_OUTLETS = f"(length(outlets) - length(replace(outlets, '{TAB}', '')) + 1)"


def _by_story(doc: Doc) -> list[tuple[list[Mention], list[Event], list[Figure]]]:
    """Each story's mentions, events and figures, in story order (a mention outside every story
    is not stored)."""
    parts: list[tuple[list[Mention], list[Event], list[Figure]]] = [([], [], []) for _ in doc.stories]
    at = {s.index: k for k, s in enumerate(doc.stories)}
    for m in doc.mentions:
        story = doc.story_of(m.start)
        if story is not None:
            parts[at[story.index]][0].append(m)
    for ev in doc.events:
        parts[at[ev.story]][1].append(ev)
    for f in doc.figures:
        if f.story in at:
            parts[at[f.story]][2].append(f)
    return parts


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

    @staticmethod
    def content_hash(doc: Doc) -> str:
        return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()

    def add(self, doc: Doc) -> bool:
        """Store a processed document; False when the same content is already stored."""
        conn, dialect = self.conn, self.dialect
        stages = json.dumps(doc.stages)
        document_id = dialect.insert_new_id(
            conn, "INTO documents(doc, content_hash, path, stages, doc_json) VALUES (?,?,?,?,?)",
            (doc.id, self.content_hash(doc), doc.meta.get("path", ""), stages,
             doc.prepared.doc_json if doc.prepared is not None else doc.to_json()))
        if document_id is None:
            return False
        from marsad.link.linker import Linker  # here: the linker imports the store's dialect layer

        linker = Linker(conn)
        story_ids: dict[int, int] = {}
        prints = doc.prepared.prints if doc.prepared is not None else [None] * len(doc.stories)
        for story, (mentions, events, figures), p in zip(doc.stories, _by_story(doc), prints, strict=True):
            placed = linker.place(doc, story, events, p)
            sid = dialect.insert_id(
                conn,
                'INSERT INTO stories(document_id, idx, title, date, date_precision, date_source, date_min, date_max,'
                ' source, url, lang, start, "end", text, fingerprint, duplicate_of, similarity, cluster_id)'
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (document_id, story.index, story.title, story.date, story.date_precision,
                 story.date_source, story.date_min, story.date_max, story.source, story.url, story.lang,
                 story.start, story.end, story_text(doc, story), placed.fingerprint, placed.duplicate_of,
                 placed.similarity, placed.cluster_id))
            story_ids[story.index] = sid
            dialect.fts_index(conn, sid, normalize_text(story.title), story_norm_text(doc, story))
            self._add_parts(doc, sid, mentions, figures)
            outlet = linker.record(sid, placed, doc, story)
            for ev in events:
                self._add_event(doc, sid, ev, stages, *linker.corroborate(ev, placed.cluster_id, outlet))
        for ag in doc.agreements:
            rec = agreement_record(doc, ag)
            conn.execute(
                "INSERT INTO agreements(story_id, name, kind, parties, signed, ratified, in_force, term, record)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (story_ids[ag.story], ag.name, ag.kind, " ".join(ag.parties), ag.signed, ag.ratified, ag.in_force,
                 ag.term, json.dumps(rec, ensure_ascii=False)))
        return True

    def _add_parts(self, doc: Doc, story_id: int, mentions: list[Mention], figures: list[Figure]) -> None:
        if mentions:
            self.dialect.insert_many(
                self.conn, 'INSERT INTO mentions(story_id, start, "end", text, kind, code, sector, entity, via)'
                " VALUES (?,?,?,?,?,?,?,?,?)",
                [(story_id, m.start, m.end, m.text, m.kind, m.code, m.sector, m.entity, m.via) for m in mentions])
        if figures:
            self.dialect.insert_many(
                self.conn, 'INSERT INTO figures(story_id, start, "end", text, value, unit, currency, measure,'
                " direction, period, parties) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(story_id, f.start, f.end, f.text, f.value, f.unit, f.currency, f.measure, f.direction, f.period,
                  " ".join(f.parties)) for f in figures])

    def _add_event(self, doc: Doc, story_id: int, ev: Event, stages: str, group_id: int, first: bool) -> None:
        self.conn.execute(
            "INSERT INTO events(story_id, event, mode, date, aux, actor_codes, recipient_codes,"
            " loc_country, record, stages, group_id, first_report) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (story_id, ev.event, ev.mode, ev.date, ev.aux, " ".join(sorted({p.code for p in ev.actor})),
             " ".join(sorted({p.code for p in ev.recipient})), ev.loc.country,
             json.dumps(event_record(doc, ev), ensure_ascii=False), stages, group_id, int(first)))

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
