"""Read queries for the HTTP API and the web UI: filters, keyset pagination, aggregates.

Every function takes a store (SQLite or PostgreSQL) or its connection, builds its SQL from fixed
fragments and passes user values as parameters only, and bounds its work with a LIMIT; the API
adds a time budget through :func:`set_deadline`. Nothing here writes. The SQL is shared by both
engines; what differs (full-text search, column lists) goes through :mod:`marsad.store.dialect`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.arabic.normalize import normalize, normalize_text
from marsad.doc import Doc
from marsad.records import event_record
from marsad.store import dialect as D

Conn = Any  # a store, a sqlite3.Connection or a PgConnection

# -- PLOVER types and CAMEO-style quad classes --------------------------------------------------
QUADS: dict[str, tuple[str, ...]] = {
    "verbal_cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material_cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal_conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material_conflict": ("PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"),
}
QUAD_ORDER: tuple[str, ...] = tuple(QUADS)
QUAD_OF: dict[str, str] = {t: q for q, types in QUADS.items() for t in types}
EVENT_TYPES: tuple[str, ...] = tuple(t for types in QUADS.values() for t in types)
QUAD_ALIASES = {"1": "verbal_cooperation", "2": "material_cooperation", "3": "verbal_conflict",
                "4": "material_conflict", "vcoop": "verbal_cooperation", "mcoop": "material_cooperation",
                "vconf": "verbal_conflict", "mconf": "material_conflict",
                "cooperation": "cooperation", "conflict": "conflict"}
AUX_VALUES = ("asserted", "future", "negated", "historical", "hypothetical")

MAX_LIMIT = 200
_CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,24}$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class QueryError(ValueError):
    """A parameter the queries cannot accept (the API answers 422 with its message)."""


def _conn(source: Conn) -> Any:
    return source if isinstance(source, sqlite3.Connection) else getattr(source, "conn", source)


_COLUMNS: dict[tuple[str, str], frozenset[str]] = {}


def columns(conn: Any, table: str) -> frozenset[str]:
    """The columns a table has in this store (later schema versions add some)."""
    dialect = D.dialect_of(conn)
    key = (dialect.ident(conn), table)
    if key not in _COLUMNS:
        _COLUMNS[key] = dialect.columns(conn, table)
    return _COLUMNS[key]


def _linked(conn: Any) -> bool:
    """Whether the store links reports of one happening (events.group_id, event_groups)."""
    return "group_id" in columns(conn, "events")


def is_cooperation(event_type: str) -> bool:
    return QUAD_OF.get(event_type, "").endswith("cooperation")


def quad_types(quad: str) -> tuple[str, ...]:
    """The PLOVER types of a quad class name (or alias, or 'cooperation' / 'conflict')."""
    key = QUAD_ALIASES.get(quad.strip().lower(), quad.strip().lower())
    if key == "cooperation":
        return QUADS["verbal_cooperation"] + QUADS["material_cooperation"]
    if key == "conflict":
        return QUADS["verbal_conflict"] + QUADS["material_conflict"]
    if key not in QUADS:
        raise QueryError(f"unknown quad class {quad!r}; use one of {', '.join(QUAD_ORDER)}, cooperation, conflict")
    return QUADS[key]


def check_code(code: str, what: str = "code") -> str:
    code = code.strip().upper()
    if not _CODE_RE.match(code):
        raise QueryError(f"{what} must be an actor code such as RUS or UN, got {code!r}")
    return code


def check_date(value: str, what: str = "date") -> str:
    value = value.strip()
    if value:
        padded = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
        try:
            ok = bool(_DATE_RE.match(value)) and bool(dt.date.fromisoformat(padded))
        except ValueError:
            ok = False
        if not ok:
            raise QueryError(f"{what} must be a date like YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def parse_dyad(dyad: str) -> tuple[str, str]:
    parts = [p for p in re.split(r"[-_,:> ]+", dyad.strip()) if p]
    if len(parts) != 2:
        raise QueryError(f"dyad must be two actor codes like RUS-IRN, got {dyad!r}")
    return check_code(parts[0], "dyad"), check_code(parts[1], "dyad")


# -- time budget ----------------------------------------------------------------------------------
def install_budget(conn: Any) -> None:
    """Let :func:`set_deadline` interrupt any statement on this connection that runs too long."""
    D.install_budget(conn)


def set_deadline(source: Conn, seconds: float | None) -> None:
    """A time budget for what runs next (SQLite: all statements together; PostgreSQL: each one)."""
    D.set_deadline(_conn(source), seconds)


# -- cursors --------------------------------------------------------------------------------------
def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise QueryError("cursor is not one this server issued") from None
    if not isinstance(values, list) or len(values) != size or not all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        raise QueryError("cursor is not one this server issued")
    return values


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None = None
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _keyset(col: str, desc: bool, cursor: str | None) -> tuple[str, list[Any]]:
    """WHERE fragment continuing after the cursor for ORDER BY col, id (both in one direction)."""
    if not cursor:
        return "", []
    value, last_id = decode_cursor(cursor, 2)
    op = "<" if desc else ">"
    return f"({col}, {col.split('.')[0]}.id) {op} (?, ?)", [value, last_id]


def _date_range(col: str, date_from: str, date_to: str) -> tuple[list[str], list[Any]]:
    """Overlap of a date at any precision (YYYY, YYYY-MM, YYYY-MM-DD) with [from, to]."""
    where, args = [], []
    date_from, date_to = check_date(date_from, "date_from"), check_date(date_to, "date_to")
    if date_from:
        where.append(f"{col} != '' AND {col} >= substr(?, 1, length({col}))")
        args.append(date_from)
    if date_to:
        where.append(f"{col} != '' AND substr({col}, 1, length(?)) <= ?")
        args.extend([date_to, date_to])
    return where, args


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


# -- events ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class EventFilter:
    types: tuple[str, ...] = ()
    quad: str = ""
    actor: str = ""
    recipient: str = ""
    dyad: str = ""
    directed: bool = False
    country: str = ""
    party: str = ""  # as actor or as recipient
    date_from: str = ""
    date_to: str = ""
    aux: str = ""
    min_sources: int = 0
    story_id: int | None = None
    unique: bool = True  # one event per happening (its first report), where the store links reports

    def where(self, conn: Any) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        if self.unique and self.story_id is None and "first_report" in columns(conn, "events"):
            where.append("e.first_report = 1")
        types = [t.strip().upper() for t in self.types if t.strip()]
        for t in types:
            if t not in QUAD_OF:
                raise QueryError(f"unknown event type {t!r}; use one of {', '.join(EVENT_TYPES)}")
        if self.quad:
            allowed = set(quad_types(self.quad))
            types = [t for t in types if t in allowed] if types else sorted(allowed)
            if not types:
                where.append("1 = 0")
        if types:
            where.append(f"e.event IN ({','.join('?' * len(types))})")
            args.extend(types)

        def has(column: str, code: str) -> None:
            where.append(f"(' ' || e.{column} || ' ') LIKE ?")
            args.append(f"% {code} %")

        if self.actor:
            has("actor_codes", check_code(self.actor, "actor"))
        if self.recipient:
            has("recipient_codes", check_code(self.recipient, "recipient"))
        if self.dyad:
            a, b = parse_dyad(self.dyad)
            pair = ("(' ' || e.actor_codes || ' ') LIKE ? AND (' ' || e.recipient_codes || ' ') LIKE ?")
            if self.directed:
                where.append(f"({pair})")
                args.extend([f"% {a} %", f"% {b} %"])
            else:
                where.append(f"(({pair}) OR ({pair}))")
                args.extend([f"% {a} %", f"% {b} %", f"% {b} %", f"% {a} %"])
        if self.country:
            c = check_code(self.country, "country")
            where.append("((' ' || e.actor_codes || ' ' || e.recipient_codes || ' ') LIKE ? OR e.loc_country = ?)")
            args.extend([f"% {c} %", c])
        if self.party:
            p = check_code(self.party, "party")
            where.append("(' ' || e.actor_codes || ' ' || e.recipient_codes || ' ') LIKE ?")
            args.append(f"% {p} %")
        frags, dargs = _date_range("e.date", self.date_from, self.date_to)
        where.extend(frags)
        args.extend(dargs)
        if self.aux:
            aux = self.aux.strip().lower()
            if aux not in AUX_VALUES:
                raise QueryError(f"aux must be one of {', '.join(AUX_VALUES)}")
            where.append("e.aux = ?")
            args.append("" if aux == "asserted" else aux)
        if self.min_sources and self.min_sources > 1:
            where.append(f"coalesce({_sources_expr(conn)}, 1) >= ?")
            args.append(self.min_sources)
        if self.story_id is not None:
            where.append("e.story_id = ?")
            args.append(self.story_id)
        return where, args


def _sources_expr(conn: Any) -> str:
    """How many outlets report an event: those of its event group when the store links reports,
    else the record's `sources` field, else 1 (the event's own story)."""
    if _linked(conn):
        return ("(SELECT CASE WHEN coalesce(g.outlets, '') = '' THEN 1 ELSE"
                f" length(g.outlets) - length(replace(g.outlets, '{D.TAB}', '')) + 1 END"
                " FROM event_groups g WHERE g.id = e.group_id)")
    return ("(CASE json_type(e.record, '$.sources') WHEN 'array' THEN json_array_length(e.record, '$.sources')"
            " WHEN 'integer' THEN json_extract(e.record, '$.sources') ELSE 1 END)")


_EVENT_SORTS = {"date": ("e.date", False), "-date": ("e.date", True), "id": ("e.id", False),
                "-id": ("e.id", True), "type": ("e.event", False), "-type": ("e.event", True)}


def _event_row(row: Any) -> dict[str, Any]:
    rec = json.loads(row["record"])
    rec["id"] = row["id"]
    rec["story_id"] = row["story_id"]
    rec["quad"] = QUAD_OF.get(rec.get("event", ""), "")
    rec["story_title"] = row["title"]
    rec["story_date"] = row["sdate"]
    rec["source"] = row["source"]
    rec["url"] = row["url"]
    outlets = [o for o in (row["outlets"] or "").split("\t") if o]
    rec["reports"] = row["reports"] or 1
    rec["sources"] = len(outlets) or 1
    rec["outlets"] = outlets or ([row["source"]] if row["source"] else [])
    return rec


def _event_sql(conn: Any, flt: EventFilter, sort: str, cursor: str | None) -> tuple[str, list[Any]]:
    if sort not in _EVENT_SORTS:
        raise QueryError(f"sort must be one of {', '.join(_EVENT_SORTS)}")
    col, desc = _EVENT_SORTS[sort]
    where, args = flt.where(conn)
    frag, cargs = _keyset(col, desc, cursor)
    if frag:
        where.append(frag)
        args.extend(cargs)
    direction = "DESC" if desc else "ASC"
    order = f"ORDER BY {col} {direction}, e.id {direction}"
    group = ("g.reports, g.outlets FROM events e LEFT JOIN event_groups g ON g.id = e.group_id" if _linked(conn)
             else "NULL AS reports, NULL AS outlets FROM events e")
    # pick the page's ids from the events table alone, then fetch records and stories for those only
    pick = ("SELECT e.id FROM events e" + (" WHERE " + " AND ".join(where) if where else "") + f" {order} LIMIT ?")
    sql = ("SELECT e.id, e.story_id, e.event, e.date, e.record, s.title, s.date AS sdate, s.source, s.url, "
           + group + f" JOIN stories s ON s.id = e.story_id WHERE e.id IN ({pick}) {order}")
    return sql, args


def list_events(store: Conn, flt: EventFilter, sort: str = "-date", limit: int = 50,
                cursor: str | None = None) -> Page:
    conn = _conn(store)
    sql, args = _event_sql(conn, flt, sort, cursor)
    rows = conn.execute(sql, (*args, _limit(limit) + 1)).fetchall()
    items = [_event_row(r) for r in rows[:limit]]
    nxt = None
    if len(rows) > limit:
        col = _EVENT_SORTS[sort][0].split(".")[1]
        last = rows[limit - 1]
        nxt = encode_cursor([last[col], last["id"]])
    return Page(items, nxt)


def iter_events(store: Conn, flt: EventFilter, sort: str = "id", max_rows: int = 1_000_000,
                step_seconds: float | None = None) -> Iterator[dict[str, Any]]:
    """Every matching event, one at a time from a live cursor (for streaming exports); with
    ``step_seconds`` each step of the cursor (not the whole export) gets that time budget."""
    conn = _conn(store)
    sql, args = _event_sql(conn, flt, sort, None)
    if step_seconds is not None:
        set_deadline(conn, step_seconds)
    # PostgreSQL reads a server-side cursor a batch at a time; sqlite3 steps through its own
    cur = conn.stream(sql, (*args, max_rows)) if hasattr(conn, "stream") else conn.execute(sql, (*args, max_rows))
    try:
        while True:
            if step_seconds is not None:
                set_deadline(conn, step_seconds)
            row = cur.fetchone()
            if row is None:
                return
            yield _event_row(row)
    finally:
        cur.close()
        if step_seconds is not None:
            set_deadline(conn, None)


EXPORT_COLUMNS = ("id", "story_id", "doc", "event", "quad", "mode", "actor", "recipient", "date", "loc_text",
                  "loc_country", "aux", "trigger", "confidence", "source", "url", "reports", "sources", "sent_start",
                  "sent_end", "text")


def flat_event(rec: dict[str, Any]) -> list[Any]:
    """One event as a CSV row in EXPORT_COLUMNS order."""
    def codes(parties: list[dict[str, Any]]) -> str:
        return ";".join(f"{p.get('code', '')}/{p.get('sector', '')}".rstrip("/") for p in parties)

    sent = rec.get("sent") or ["", ""]
    loc = rec.get("loc") or {}
    return [rec.get("id"), rec.get("story_id"), rec.get("doc"), rec.get("event"), rec.get("quad"), rec.get("mode"),
            codes(rec.get("actor") or []), codes(rec.get("recipient") or []), rec.get("date"), loc.get("text", ""),
            loc.get("country", ""), rec.get("aux"), rec.get("trigger"), rec.get("confidence"), rec.get("source"),
            rec.get("url"), rec.get("reports", 1), rec.get("sources", 1), sent[0], sent[1], rec.get("text")]


# -- timeline -------------------------------------------------------------------------------------
_BUCKET_CHARS = {"day": 10, "week": 10, "month": 7}
_DATED_RE = re.compile(r"^[0-9]{4}-[0-9]{2}")


def timeline(store: Conn, flt: EventFilter, by: str = "week", max_buckets: int = 2000) -> dict[str, Any]:
    """Event counts per day, week (starting Monday) or month, stacked by quad class. Only events
    dated to the day count (month for by=month); the others are reported as `undated`."""
    if by not in _BUCKET_CHARS:
        raise QueryError("by must be day, week or month")
    conn = _conn(store)
    where, args = flt.where(conn)
    n = _BUCKET_CHARS[by]
    # the SQL counts per date prefix (portable); weeks are folded from days here
    sql = (f"SELECT CASE WHEN length(e.date) >= {n} THEN substr(e.date, 1, {n}) END AS bucket, e.event,"
           " count(*) AS n FROM events e" + (" WHERE " + " AND ".join(where) if where else "")
           + " GROUP BY bucket, e.event")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for r in conn.execute(sql, args):
        bucket = r["bucket"] if r["bucket"] and _DATED_RE.match(r["bucket"]) else ""
        if bucket and by == "week":
            bucket = _bucket(bucket, "week")
        if bucket:
            counts[bucket][QUAD_OF.get(r["event"], "other")] += r["n"]
        else:
            undated += r["n"]
    return _timeline_from(counts, by, undated, max_buckets)


def _timeline_from(counts: dict[str, Counter[str]], by: str, undated: int, max_buckets: int = 2000
                   ) -> dict[str, Any]:
    """Buckets from the first to the last date with zeros in the gaps. When that span holds more
    than ``max_buckets``, it keeps the span from the 5th to the 99.5th percentile of events,
    widened over neighbouring busy buckets (and at most the last ``max_buckets`` of it); events
    left out are counted in ``outside``."""
    keys = sorted(counts)
    totals = [sum(counts[k].values()) for k in keys]
    outside = 0
    filled = _continuous(keys, by, max_buckets) if keys else []
    if keys and not filled:
        grand, run, lo, hi = sum(totals), 0, 0, len(keys) - 1
        for i, n in enumerate(totals):
            run += n
            if run <= grand * 0.05:
                lo = i + 1
            if run >= grand * 0.995:
                hi = i
                break
        lo = min(lo, hi)
        busy = max(totals) * 0.25
        while lo > 0 and totals[lo - 1] >= busy:
            lo -= 1
        while hi < len(keys) - 1 and totals[hi + 1] >= busy:
            hi += 1
        filled = _continuous(keys[lo:hi + 1], by, max_buckets)
        if not filled:  # still too long: keep the most recent part that fits
            lo = next((i for i in range(lo, hi + 1) if _span(keys[i], keys[hi], by) <= max_buckets), hi)
            filled = _continuous(keys[lo:hi + 1], by, max_buckets)
        if not filled:
            filled = [keys[hi]]
        outside = sum(n for k, n in zip(keys, totals, strict=True) if not filled[0] <= k <= filled[-1])
    empty: Counter[str] = Counter()
    buckets = [{"date": b, **{q: counts.get(b, empty).get(q, 0) for q in QUAD_ORDER},
                "total": sum(counts.get(b, empty).values())} for b in filled]
    return {"by": by, "buckets": buckets, "undated": undated, "outside": outside, "quads": list(QUAD_ORDER)}


_PRECISE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _bucket(date: str, by: str) -> str:
    """The timeline bucket of a date, as the SQL of :func:`timeline` computes it ('' if too vague)."""
    if by == "month":
        return date[:7] if re.match(r"^\d{4}-\d{2}", date) else ""
    if not _PRECISE_RE.match(date):
        return ""
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return ""
    if by == "week":
        day -= dt.timedelta(days=day.weekday())
    return day.isoformat()


def _span(first: str, last: str, by: str) -> int:
    """How many buckets run from ``first`` to ``last`` inclusive."""
    try:
        if by == "month":
            (y0, m0), (y1, m1) = map(int, first.split("-")), map(int, last.split("-"))
            return (y1 - y0) * 12 + (m1 - m0) + 1
        days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    except ValueError:
        return 1 << 30
    return days // (7 if by == "week" else 1) + 1


def _continuous(keys: list[str], by: str, max_buckets: int) -> list[str]:
    """Every bucket from the first to the last key (so gaps show as gaps), or [] when that
    would be more than ``max_buckets``."""
    try:
        if by == "month":
            y0, m0 = map(int, keys[0].split("-"))
            y1, m1 = map(int, keys[-1].split("-"))
            n = (y1 - y0) * 12 + (m1 - m0) + 1
            if n > max_buckets:
                return []
            return [f"{y0 + (m0 - 1 + i) // 12:04d}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(n)]
        first, last = dt.date.fromisoformat(keys[0]), dt.date.fromisoformat(keys[-1])
    except ValueError:
        return []
    step = 7 if by == "week" else 1
    n = (last - first).days // step + 1
    if n > max_buckets:
        return []
    return [(first + dt.timedelta(days=i * step)).isoformat() for i in range(n)]


# -- actors ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, str]]:
    from marsad.resources import read_tsv

    names: dict[str, dict[str, str]] = {}
    rank = {"name": 0, "org": 1, "person": 2}
    best: dict[str, int] = {}
    for cols in read_tsv("gazetteer.tsv"):
        if len(cols) < 6:
            continue
        entity, _kind, code, _sector, via, variants = cols[:6]
        for key in {entity, code}:
            r = rank.get(via, 9) + (0 if key == entity else 5)
            if key not in best or r < best[key]:
                best[key] = r
                names[key] = {"ar": variants.split("|")[0]}
    try:
        import pycountry

        for c in pycountry.countries:
            names.setdefault(c.alpha_3, {})["en"] = getattr(c, "common_name", None) or c.name
    except ImportError:
        pass
    return names


def actor_name(code: str, lang: str = "ar") -> str:
    entry = _names().get(code, {})
    return entry.get(lang) or entry.get("ar" if lang == "en" else "en") or code


def _participants(conn: Any, where: str = "", args: tuple[Any, ...] = (),
                  unique: bool = True) -> Iterator[tuple[str, list[str], list[str], str, int]]:
    if unique and "first_report" in columns(conn, "events") and "first_report" not in where:
        where = f"({where}) AND e.first_report = 1" if where else "e.first_report = 1"
    for r in conn.execute("SELECT e.event, e.actor_codes, e.recipient_codes, e.date, e.id FROM events e"
                          + (f" WHERE {where}" if where else "") + " ORDER BY e.id", args):
        yield r[0], r[1].split(), r[2].split(), r[3], r[4]


_CACHE: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}


def _version(conn: Any) -> tuple[Any, ...]:
    row = conn.execute("SELECT (SELECT max(id) FROM events), (SELECT max(id) FROM stories),"
                       " (SELECT max(id) FROM mentions)").fetchone()
    return (D.dialect_of(conn).ident(conn), *tuple(row))


def _cached(conn: Any, key: str, build: Any) -> Any:
    version = _version(conn)
    full = (str(version[0]), key)
    hit = _CACHE.get(full)
    if hit is not None and hit[0] == version:
        return hit[1]
    value = build()
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[full] = (version, value)
    return value


def actors(store: Conn, q: str = "", limit: int = 100, offset: int = 0, lang: str = "ar") -> Page:
    """Actor codes with their number of events (as actor, as recipient) and of mentions."""
    conn = _conn(store)

    def build() -> list[dict[str, Any]]:
        stats: dict[str, Counter[str]] = defaultdict(Counter)
        for event, acts, recs, _date, _id in _participants(conn):
            coop = "cooperation" if is_cooperation(event) else "conflict"
            for c in set(acts):
                stats[c]["as_actor"] += 1
                stats[c][coop] += 1
            for c in set(recs):
                stats[c]["as_recipient"] += 1
                if c not in acts:
                    stats[c][coop] += 1
        for r in conn.execute("SELECT code, count(*) FROM mentions WHERE code != '' GROUP BY code"):
            stats[r[0]]["mentions"] = r[1]
        rows = [{"code": c, "events": s["as_actor"] + s["as_recipient"], "as_actor": s["as_actor"],
                 "as_recipient": s["as_recipient"], "mentions": s["mentions"], "cooperation": s["cooperation"],
                 "conflict": s["conflict"]} for c, s in stats.items()]
        rows.sort(key=lambda r: (-r["events"], -r["mentions"], r["code"]))
        return rows

    rows = _cached(conn, "actors", build)
    if q:
        nq = normalize_text(q.strip()).lower()
        rows = [r for r in rows if nq in r["code"].lower() or nq in normalize_text(actor_name(r["code"], "ar"))
                or nq in actor_name(r["code"], "en").lower()]
    page = rows[offset:offset + _limit(limit)]
    items = [{**r, "name": actor_name(r["code"], lang), "name_ar": actor_name(r["code"], "ar"),
              "name_en": actor_name(r["code"], "en")} for r in page]
    nxt = encode_cursor([offset + limit, 0]) if offset + limit < len(rows) else None
    return Page(items, nxt, total=len(rows))


def actor_profile(store: Conn, code: str, by: str = "week", lang: str = "ar", quotes_limit: int = 20) -> dict[
        str, Any] | None:
    """Counterparts, event mix, timeline and quotes of one actor code; None when it never appears."""
    conn = _conn(store)
    code = check_code(code, "actor code")
    like = f"% {code} %"
    where = "((' ' || e.actor_codes || ' ') LIKE ? OR (' ' || e.recipient_codes || ' ') LIKE ?)"
    mix: Counter[str] = Counter()
    quads: Counter[str] = Counter()
    partners: dict[str, Counter[str]] = defaultdict(Counter)
    n_events = 0
    by_bucket: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for event, acts, recs, date, _id in _participants(conn, where, (like, like)):
        n_events += 1
        bucket = _bucket(date, by)
        if bucket:
            by_bucket[bucket][QUAD_OF.get(event, "other")] += 1
        else:
            undated += 1
        mix[event] += 1
        quads[QUAD_OF.get(event, "other")] += 1
        side = "cooperation" if is_cooperation(event) else "conflict"
        if code in acts:
            others = [c for c in recs if c != code]
            for c in set(others):
                partners[c]["as_actor"] += 1
                partners[c][side] += 1
        if code in recs:
            for c in set(a for a in acts if a != code):
                partners[c]["as_recipient"] += 1
                partners[c][side] += 1
    n_mentions = conn.execute("SELECT count(*) FROM mentions WHERE code = ?", (code,)).fetchone()[0]
    if n_events == 0 and n_mentions == 0 and code not in _names():
        return None
    counterparts = sorted(({"code": c, "name": actor_name(c, lang), "events": s["cooperation"] + s["conflict"],
                            "cooperation": s["cooperation"], "conflict": s["conflict"],
                            "to": s["as_actor"], "from": s["as_recipient"]} for c, s in partners.items()),
                          key=lambda r: (-r["events"], r["code"]))[:50]
    return {
        "code": code, "name": actor_name(code, lang), "name_ar": actor_name(code, "ar"),
        "name_en": actor_name(code, "en"), "events": n_events, "mentions": n_mentions,
        "event_mix": [{"event": t, "quad": QUAD_OF.get(t, ""), "count": n} for t, n in mix.most_common()],
        "quad_mix": {q: quads.get(q, 0) for q in QUAD_ORDER},
        "counterparts": counterparts,
        "timeline": _timeline_from(by_bucket, by, undated),
        "quotes": actor_quotes(conn, code, quotes_limit),
    }


def actor_quotes(store: Conn, code: str, limit: int = 20, max_docs: int = 25) -> list[dict[str, Any]]:
    """Quotes whose speaker is the actor, newest stories first (read from the stored documents)."""
    conn = _conn(store)
    # the latest stories that mention the actor: walk its mentions newest first and stop early
    story_ids: list[int] = []
    for (sid,) in conn.execute("SELECT story_id FROM mentions WHERE code = ? ORDER BY id DESC", (code,)):
        if sid not in story_ids:
            story_ids.append(sid)
            if len(story_ids) >= max_docs:
                break
    if not story_ids:
        return []
    found = {r["story_id"]: r for r in conn.execute(
        "SELECT s.id AS story_id, s.idx, s.title, s.date, s.document_id FROM stories s"
        f" WHERE s.id IN ({','.join('?' * len(story_ids))})", story_ids)}
    rows = sorted(found.values(), key=lambda r: (r["date"], r["story_id"]), reverse=True)
    out: list[dict[str, Any]] = []
    docs: dict[int, Doc] = {}
    for r in rows:
        if r["document_id"] not in docs:
            raw = conn.execute("SELECT doc_json FROM documents WHERE id = ?", (r["document_id"],)).fetchone()
            docs[r["document_id"]] = Doc.from_json(raw[0])
        doc = docs[r["document_id"]]
        for q in doc.quotes:
            if q.story == r["idx"] and q.code == code:
                out.append({"story_id": r["story_id"], "title": r["title"], "date": r["date"],
                            "speaker": q.speaker, "verb": q.verb, "direct": q.direct,
                            "text": doc.text[q.start:q.end]})
                if len(out) >= limit:
                    return out
    return out


# -- relations graph ------------------------------------------------------------------------------
def graph(store: Conn, flt: EventFilter | None = None, max_nodes: int = 30, min_events: int = 1,
          max_edges: int = 500) -> dict[str, Any]:
    """Actors as nodes and actor–recipient pairs as undirected edges, weighted by events and split
    into cooperation and conflict; the busiest ``max_nodes`` actors and the heaviest ``max_edges``
    edges between them are kept (``hidden_edges`` counts the others)."""
    conn = _conn(store)
    flt = flt or EventFilter()
    where, args = flt.where(conn)

    def build() -> dict[str, Any]:
        edges: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        degree: Counter[str] = Counter()
        for event, acts, recs, _date, _id in _participants(conn, " AND ".join(where), tuple(args)):
            side = "cooperation" if is_cooperation(event) else "conflict"
            for a in set(acts):
                for b in set(recs):
                    if a != b:
                        key = (a, b) if a < b else (b, a)
                        edges[key][side] += 1
                        degree[a] += 1
                        degree[b] += 1
        return {"edges": edges, "degree": degree}

    built = _cached(conn, "graph:" + json.dumps([where, args], ensure_ascii=False), build)
    edges, degree = built["edges"], built["degree"]
    keep = {c for c, _ in degree.most_common(max_nodes)}
    out_edges = [{"source": a, "target": b, "cooperation": c["cooperation"], "conflict": c["conflict"],
                  "events": c["cooperation"] + c["conflict"]}
                 for (a, b), c in edges.items() if a in keep and b in keep
                 and c["cooperation"] + c["conflict"] >= min_events]
    out_edges.sort(key=lambda e: (-e["events"], e["source"], e["target"]))
    hidden = max(0, len(out_edges) - max_edges)
    out_edges = out_edges[:max_edges]
    linked = {e["source"] for e in out_edges} | {e["target"] for e in out_edges}
    nodes = [{"code": c, "name_ar": actor_name(c, "ar"), "name_en": actor_name(c, "en"), "events": degree[c]}
             for c, _ in degree.most_common(max_nodes) if c in linked]
    return {"nodes": nodes, "edges": out_edges, "hidden_edges": hidden}


# -- figures --------------------------------------------------------------------------------------
def list_figures(store: Conn, measure: str = "", party: str = "", unit: str = "", story_id: int | None = None,
                 limit: int = 50, cursor: str | None = None) -> Page:
    """Figures stated as facts (trade +13%, 20 killed ...), newest stories first (when the store
    keeps a figures table)."""
    conn = _conn(store)
    if not columns(conn, "figures"):
        return Page([], None)
    where, args = [], []
    if measure:
        where.append("f.measure = ?")
        args.append(measure)
    if unit:
        where.append("f.unit = ?")
        args.append(unit)
    if party:
        where.append("(' ' || f.parties || ' ') LIKE ?")
        args.append(f"% {check_code(party, 'party')} %")
    if story_id is not None:
        where.append("f.story_id = ?")
        args.append(story_id)
    frag, cargs = _keyset("f.id", True, cursor)
    if frag:
        where.append(frag)
        args.extend(cargs)
    rows = conn.execute(
        "SELECT f.*, s.title, s.date AS story_date, s.source FROM figures f JOIN stories s ON s.id = f.story_id"
        + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY f.id DESC LIMIT ?",
        (*args, _limit(limit) + 1)).fetchall()
    items = [{"id": r["id"], "story_id": r["story_id"], "text": r["text"], "value": r["value"], "unit": r["unit"],
              "currency": r["currency"], "measure": r["measure"], "direction": r["direction"], "period": r["period"],
              "parties": r["parties"].split(), "span": [r["start"], r["end"]], "story_title": r["title"],
              "story_date": r["story_date"], "source": r["source"]} for r in rows[:limit]]
    nxt = encode_cursor([rows[limit - 1]["id"], rows[limit - 1]["id"]]) if len(rows) > limit else None
    return Page(items, nxt)


# -- agreements -----------------------------------------------------------------------------------
def agreement_status(rec: dict[str, Any]) -> str:
    if rec.get("in_force"):
        return "in_force"
    if rec.get("ratified"):
        return "ratified"
    if rec.get("signed"):
        return "signed"
    return "mentioned"


def list_agreements(store: Conn, party: str = "", kind: str = "", status: str = "", limit: int = 50,
                    cursor: str | None = None) -> Page:
    conn = _conn(store)
    where, args = [], []
    if party:
        where.append("(' ' || a.parties || ' ') LIKE ?")
        args.append(f"% {check_code(party, 'party')} %")
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    if status:
        status_sql = {"in_force": "a.in_force != ''", "ratified": "a.in_force = '' AND a.ratified != ''",
                      "signed": "a.in_force = '' AND a.ratified = '' AND a.signed != ''",
                      "mentioned": "a.in_force = '' AND a.ratified = '' AND a.signed = ''"}
        if status not in status_sql:
            raise QueryError(f"status must be one of {', '.join(status_sql)}")
        where.append(status_sql[status])
    if cursor:
        (last,) = decode_cursor(cursor, 1)
        where.append("a.id > ?")
        args.append(last)
    sql = ("SELECT a.id, a.story_id, a.record, s.title, s.date, s.source, s.document_id FROM agreements a"
           " JOIN stories s ON s.id = a.story_id" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY a.id LIMIT ?")
    rows = conn.execute(sql, (*args, _limit(limit) + 1)).fetchall()
    items = []
    for r in rows[:limit]:
        rec = json.loads(r["record"])
        rec.update(id=r["id"], story_id=r["story_id"], story_title=r["title"], story_date=r["date"],
                   source=r["source"], status=agreement_status(rec))
        rec["linked_events"] = _agreement_events(conn, r["document_id"], r["story_id"], rec)
        items.append(rec)
    nxt = encode_cursor([rows[limit - 1]["id"]]) if len(rows) > limit else None
    return Page(items, nxt)


def _agreement_events(conn: Any, document_id: int, story_id: int,
                      rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The events the agreement record links to (by trigger), from the same story."""
    triggers = list(rec.get("events") or [])
    if not triggers:
        return []
    out = []
    for r in conn.execute("SELECT id, event, date, record FROM events WHERE story_id = ? ORDER BY id LIMIT 200",
                          (story_id,)):
        trig = json.loads(r["record"]).get("trigger")
        if trig in triggers:
            triggers.remove(trig)
            out.append({"id": r["id"], "event": r["event"], "date": r["date"], "trigger": trig,
                        "story_id": story_id})
    return out


# -- search ---------------------------------------------------------------------------------------
_TERM_RE = re.compile(r'(-?)"([^"]+)"|(\S+)')
_WORD_RE = re.compile(r"[^\W_]+")
_CLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"})
_LAM = frozenset({"لل", "ولل", "فلل"})


def query_terms(query: str) -> list[str]:
    """The normalized words a query asks for (not its negated ones), to highlight."""
    terms: list[str] = []
    for m in _TERM_RE.finditer(query):
        neg, phrase, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None and (bare.upper() == "OR" or (bare.startswith("-") and len(bare) > 1)):
            continue
        if neg:
            continue
        terms.extend(_WORD_RE.findall(normalize_text(phrase if phrase is not None else bare).lower()))
    return list(dict.fromkeys(terms))


def _token_matches(token: str, terms: list[str]) -> bool:
    for w in terms:
        if token == w:
            return True
        if token.endswith(w) and token[: len(token) - len(w)] in _CLITICS and not w.isascii():
            return True
        if w.startswith("ال") and len(w) > 3 and token.endswith(w[2:]) and token[: len(token) - len(w) + 2] in _LAM:
            return True
    return False


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Raw-text spans of the words of ``text`` that match the query terms the way FTS5 did."""
    if not terms or not text:
        return []
    norm = normalize(text)
    spans = []
    for m in _WORD_RE.finditer(norm.text.lower()):
        if _token_matches(m.group(), terms):
            spans.append((norm.raw_start(m.start()), norm.raw_end(m.end())))
    return spans


def snippet(text: str, spans: list[tuple[int, int]], width: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """A window of text around the first match, with the match spans shifted into it."""
    if not spans:
        cut = text[:width]
        return cut + ("…" if len(text) > width else ""), []
    first = spans[0][0]
    start = max(0, first - width // 3)
    while start > 0 and not text[start - 1].isspace() and first - start < width // 2:
        start -= 1
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace() and end - start < width + 30:
        end += 1
    inner = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    prefix = "…" if start > 0 else ""
    body = text[start:end]
    return prefix + body + ("…" if end < len(text) else ""), [(s + len(prefix), e + len(prefix)) for s, e in inner]


def search(store: Conn, query: str, date_from: str = "", date_to: str = "", source: str = "",
           sort: str = "relevance", limit: int = 20, cursor: str | None = None) -> Page:
    """Full-text search (Arabic-aware, injection-safe: see :mod:`marsad.store.search`) with filters;
    each hit carries a snippet and the spans of the matched words in its title and snippet."""
    conn = _conn(store)
    if sort not in ("relevance", "date", "-date"):
        raise QueryError("sort must be relevance, date or -date")
    offset = decode_cursor(cursor, 1)[0] if cursor else 0
    if not isinstance(offset, int) or not 0 <= offset <= 10_000:
        raise QueryError("cursor is not one this server issued")
    where, args = _date_range("s.date", date_from, date_to)
    if source:
        where.append("s.source = ?")
        args.append(source)
    # unfiltered relevance search ranks the newest matches only, so common words stay fast; a
    # filtered one ranks every match that passes its filters
    window = D.RANK_WINDOW if sort == "relevance" and not where else 0
    fts = D.dialect_of(conn).fts(query, window=window)
    if fts is None:
        return Page([], None, total=0, extra={"terms": []})
    extra = (" AND " + " AND ".join(where)) if where else ""
    order = {"relevance": "score, s.id", "date": "s.date, s.id", "-date": "s.date DESC, s.id DESC"}[sort]
    base = f" FROM {fts.source} JOIN documents d ON d.id = s.document_id WHERE {fts.where}{extra}"
    rows = conn.execute(f"SELECT {_story_cols(conn)}, s.text, {fts.score} AS score{base} ORDER BY {order}"
                        " LIMIT ? OFFSET ?",
                        (*fts.source_args, *fts.where_args, *args, _limit(limit) + 1, offset)).fetchall()
    total = conn.execute(f"SELECT count(*) FROM (SELECT 1{base} LIMIT 10001) AS hits",
                         (*fts.source_args, *fts.where_args, *args)).fetchone()[0]
    terms = query_terms(query)
    items = []
    for r in rows[:limit]:
        item = _story_summary(r)
        item["score"] = r["score"]
        item["title_spans"] = match_spans(r["title"], terms)
        body = r["text"]
        if r["title"] and body.startswith(r["title"]):
            body = body[len(r["title"]):].lstrip()
        snip, spans = snippet(body, match_spans(body, terms))
        item["snippet"] = snip
        item["snippet_spans"] = spans
        items.append(item)
    nxt = encode_cursor([offset + limit]) if len(rows) > limit and offset + limit <= 10_000 else None
    return Page(items, nxt, total=total, extra={"terms": terms})


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
