"""Events: the filter every view shares, pages of events, the export stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from marsad.store import dialect as D
from marsad.store.queries.common import (
    AUX_VALUES,
    EVENT_TYPES,
    QUAD_OF,
    Conn,
    Page,
    QueryError,
    _conn,
    _date_range,
    _keyset,
    _limit,
    _linked,
    check_code,
    columns,
    encode_cursor,
    parse_dyad,
    quad_types,
    set_deadline,
)


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
