"""Stories, their detail page, duplicates and clusters; the store overview."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from marsad.doc import Doc
from marsad.records import event_record
from marsad.store import dialect as D
from marsad.store.queries.actor_pages import _cached
from marsad.store.queries.agreements import agreement_status
from marsad.store.queries.common import (
    QUAD_OF,
    Conn,
    Page,
    QueryError,
    _conn,
    _date_range,
    _keyset,
    _limit,
    _linked,
    columns,
    encode_cursor,
)

# -- stories --------------------------------------------------------------------------------------
_STORY_COLS = ("s.id, s.title, s.date, s.date_precision, s.date_source, s.date_min, s.source, s.url, s.lang,"
               " s.idx, d.doc")
_STORY_SORTS = {"date": ("s.date", False), "-date": ("s.date", True), "id": ("s.id", False), "-id": ("s.id", True)}


def _story_cols(conn: Any) -> str:
    have = columns(conn, "stories")
    return _STORY_COLS + "".join(f", s.{c}" for c in ("duplicate_of", "cluster_id") if c in have)


def _story_summary(row: Any) -> dict[str, Any]:
    keys = row.keys()
    return {"id": row["id"], "doc": row["doc"], "index": row["idx"], "title": row["title"], "date": row["date"],
            "date_precision": row["date_precision"], "date_source": row["date_source"],
            "date_min": row["date_min"], "source": row["source"], "url": row["url"], "lang": row["lang"],
            "duplicate_of": row["duplicate_of"] if "duplicate_of" in keys else None,
            "cluster": row["cluster_id"] if "cluster_id" in keys else None}


def list_stories(store: Conn, date_from: str = "", date_to: str = "", source: str = "", sort: str = "-date",
                 limit: int = 50, cursor: str | None = None) -> Page:
    if sort not in _STORY_SORTS:
        raise QueryError(f"sort must be one of {', '.join(_STORY_SORTS)}")
    col, desc = _STORY_SORTS[sort]
    where, args = _date_range("s.date", date_from, date_to)
    if source:
        where.append("s.source = ?")
        args.append(source)
    frag, cargs = _keyset(col, desc, cursor)
    if frag:
        where.append(frag)
        args.extend(cargs)
    direction = "DESC" if desc else "ASC"
    sql = (f"SELECT {_story_cols(_conn(store))} FROM stories s JOIN documents d ON d.id = s.document_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY {col} {direction}, s.id {direction} LIMIT ?")
    rows = _conn(store).execute(sql, (*args, _limit(limit) + 1)).fetchall()
    items = [_story_summary(r) for r in rows[:limit]]
    nxt = None
    if len(rows) > limit:
        last = rows[limit - 1]
        nxt = encode_cursor([last[col.split(".")[1]], last["id"]])
    return Page(items, nxt)


def sources(store: Conn, limit: int = 200) -> list[dict[str, Any]]:
    conn = _conn(store)

    def build() -> list[dict[str, Any]]:
        rows = conn.execute(
            "SELECT source, count(*) AS n FROM stories WHERE source != '' GROUP BY source ORDER BY n DESC, source"
            " LIMIT ?",
            (limit,))
        return [{"source": r["source"], "stories": r["n"]} for r in rows]

    return _cached(conn, f"sources:{limit}", build)


def story_detail(store: Any, story_id: int) -> dict[str, Any] | None:
    """A story with its text, mentions, events (with database ids), quotes, figures, agreements,
    provenance and duplicates; offsets are raw-text offsets of the document."""
    conn = _conn(store)
    row = conn.execute(
        f"SELECT {_story_cols(conn)}, s.start, s.\"end\", s.document_id, d.doc_json, d.path, d.ingested_at, d.stages,"
        " d.content_hash FROM stories s JOIN documents d ON d.id = s.document_id WHERE s.id = ?",
        (story_id,)).fetchone()
    if row is None:
        return None
    doc = Doc.from_json(row["doc_json"])
    index = row["idx"]
    story = next((s for s in doc.stories if s.index == index), None)
    if story is None:
        return None
    event_ids = _event_ids(conn, row["document_id"], doc)
    groups: dict[int, tuple[int, list[str]]] = {}
    if _linked(conn):
        for g in conn.execute("SELECT e.id, g.reports, g.outlets FROM events e JOIN event_groups g ON g.id = e.group_id"
                              " WHERE e.story_id = ?", (story_id,)):
            groups[g[0]] = (g[1] or 1, [o for o in (g[2] or "").split("\t") if o])

    def inside(start: int, end: int) -> bool:
        return story.start <= start and end <= story.end

    segments = [{"start": s.start, "end": s.end, "role": s.role, "text": doc.text[s.start:s.end]}
                for s in story.segments]
    sentences = [[s.start, s.end] for s in doc.sentences if inside(s.start, s.end)]
    mentions = [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "code": m.code,
                 "sector": m.sector, "entity": m.entity, "via": m.via}
                for m in doc.mentions if inside(m.start, m.end)]
    events = []
    for k, ev in enumerate(doc.events):
        if ev.story != index:
            continue
        rec = event_record(doc, ev)
        rec["id"] = event_ids.get(k)
        rec["story_id"] = story_id
        rec["quad"] = QUAD_OF.get(ev.event, "")
        reports, outlets = groups.get(rec["id"] or -1, (1, []))
        rec["reports"], rec["sources"], rec["outlets"] = reports, len(outlets) or 1, outlets
        events.append(rec)
    quotes = [{"start": q.start, "end": q.end, "text": doc.text[q.start:q.end], "speaker": q.speaker,
               "code": q.code, "verb": q.verb, "direct": q.direct,
               "speaker_span": [q.speaker_start, q.speaker_end]}
              for q in doc.quotes if q.story == index]
    figures = [{"start": f.start, "end": f.end, "text": f.text, "value": f.value, "unit": f.unit,
                "currency": f.currency, "measure": f.measure, "direction": f.direction, "period": f.period,
                "parties": f.parties} for f in doc.figures if f.story == index]
    agreements = []
    for row_ag in conn.execute("SELECT id, record FROM agreements WHERE story_id = ? ORDER BY id", (story_id,)):
        rec = json.loads(row_ag["record"])
        rec["id"] = row_ag["id"]
        rec["status"] = agreement_status(rec)
        agreements.append(rec)
    try:
        stages = json.loads(row["stages"])
    except ValueError:
        stages = {}
    return {
        **_story_summary(row),
        "start": row["start"], "end": row["end"],
        "text": "\n".join(s["text"] for s in segments),
        "segments": segments, "sentences": sentences, "mentions": mentions, "events": events,
        "quotes": quotes, "figures": figures, "agreements": agreements,
        "provenance": {"doc": row["doc"], "path": row["path"], "source": row["source"], "url": row["url"],
                       "date": row["date"], "date_precision": row["date_precision"],
                       "date_source": row["date_source"], "date_min": row["date_min"],
                       "ingested_at": row["ingested_at"], "content_hash": row["content_hash"],
                       "stages": stages, "meta": doc.meta},
        "duplicates": duplicates(conn, story_id, row["title"]),
        "cluster": cluster_of(conn, story_id),
        "other_stories": [{"id": r["id"], "title": r["title"]} for r in conn.execute(
            "SELECT id, title FROM stories WHERE document_id = ? AND id != ? ORDER BY idx LIMIT 20",
            (row["document_id"], story_id))],
    }


def _event_ids(conn: Any, document_id: int, doc: Doc) -> dict[int, int]:
    """Database id of each of the document's events, matched on story, trigger and sentence spans."""
    by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for r in conn.execute("SELECT e.id, s.idx, e.record FROM events e JOIN stories s ON s.id = e.story_id"
                          " WHERE s.document_id = ? ORDER BY e.id", (document_id,)):
        rec = json.loads(r["record"])
        key = (r["idx"], rec.get("event"), tuple(rec.get("trigger_span") or ()), tuple(rec.get("sent") or ()))
        by_key[key].append(r["id"])
    out: dict[int, int] = {}
    for k, ev in enumerate(doc.events):
        ids = by_key.get((ev.story, ev.event, (ev.trigger_start, ev.trigger_end), (ev.sent_start, ev.sent_end)))
        if ids:
            out[k] = ids.pop(0)
    return out


def duplicates(conn: Conn, story_id: int, title: str, limit: int = 20) -> list[dict[str, Any]]:
    """Copies of the story: its original and the stories marked as duplicates of the same original
    (when the store links duplicates), else other stories with exactly the same title."""
    c = _conn(conn)
    cols = columns(c, "stories")
    if "duplicate_of" in cols:
        row = c.execute("SELECT duplicate_of, cluster_id FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return []
        original = row[0] or story_id
        # a duplicate shares its original's cluster: look among the cluster's stories (indexed)
        scope, key = ("s.cluster_id = ?", row[1]) if row[1] else ("s.duplicate_of = ?", original)
        rows = c.execute(
            "SELECT s.id, s.title, s.date, s.source, s.url, s.similarity FROM stories s"
            f" WHERE {scope} AND (s.id = ? OR s.duplicate_of = ?) AND s.id != ? ORDER BY s.date, s.id LIMIT ?",
            (key, original, original, story_id, limit))
        return [{**dict(r), "original": r["id"] == original} for r in rows]
    if len(title.strip()) < 12:
        return []
    rows = c.execute("SELECT s.id, s.title, s.date, s.source, s.url FROM stories s WHERE s.title = ? AND s.id != ?"
                     " ORDER BY s.date, s.id LIMIT ?", (title, story_id, limit))
    return [dict(r) for r in rows]


def cluster_of(conn: Conn, story_id: int, limit: int = 30) -> dict[str, Any] | None:
    """The story cluster (same news across outlets) the story belongs to, with its other stories."""
    c = _conn(conn)
    if "cluster_id" not in columns(c, "stories"):
        return None
    row = c.execute("SELECT cluster_id FROM stories WHERE id = ?", (story_id,)).fetchone()
    if not row or not row[0]:
        return None
    return cluster_detail(c, row[0], limit, exclude=story_id)


def cluster_detail(conn: Conn, cluster_id: int, limit: int = 100, exclude: int | None = None
                   ) -> dict[str, Any] | None:
    c = _conn(conn)
    if "cluster_id" not in columns(c, "stories"):
        return None
    head = c.execute("SELECT * FROM clusters WHERE id = ?", (cluster_id,)).fetchone()
    if head is None:
        return None
    stories = [dict(r) for r in c.execute(
        "SELECT id, title, date, source, url FROM stories WHERE cluster_id = ? AND id != ? ORDER BY date, id LIMIT ?",
        (cluster_id, exclude or -1, limit))]
    return {"id": head["id"], "title": head["title"], "first_seen": head["first_seen"],
            "last_seen": head["last_seen"], "size": head["stories"],
            "outlets": [o for o in head["outlets"].split("\t") if o], "stories": stories}


def list_clusters(store: Conn, min_outlets: int = 1, min_stories: int = 1, limit: int = 50,
                  cursor: str | None = None) -> Page:
    """Story clusters, largest first."""
    c = _conn(store)
    if "cluster_id" not in columns(c, "stories"):
        return Page([], None)
    where = [f"(length(outlets) - length(replace(outlets, '{D.TAB}', '')) + 1) >= ?", "stories >= ?"]
    args: list[Any] = [min_outlets, min_stories]
    frag, cargs = _keyset("c.stories", True, cursor)
    if frag:
        where.append(frag)
        args.extend(cargs)
    rows = c.execute("SELECT c.* FROM clusters c WHERE " + " AND ".join(where)
                     + " ORDER BY c.stories DESC, c.id DESC LIMIT ?", (*args, _limit(limit) + 1)).fetchall()
    items = [{"id": r["id"], "title": r["title"], "first_seen": r["first_seen"], "last_seen": r["last_seen"],
              "size": r["stories"], "outlets": [o for o in r["outlets"].split("\t") if o]} for r in rows[:limit]]
    nxt = encode_cursor([rows[limit - 1]["stories"], rows[limit - 1]["id"]]) if len(rows) > limit else None
    return Page(items, nxt)


# -- overview -------------------------------------------------------------------------------------
def overview(store: Conn) -> dict[str, Any]:
    conn = _conn(store)

    def build() -> dict[str, Any]:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "stories", "events", "agreements")}
        span = conn.execute("SELECT min(date), max(date) FROM stories WHERE date != ''").fetchone()
        types = {r[0]: r[1] for r in conn.execute("SELECT event, count(*) FROM events GROUP BY event")}
        return {**counts, "first_date": span[0] or "", "last_date": span[1] or "", "event_types": types}

    return _cached(conn, "overview", build)
