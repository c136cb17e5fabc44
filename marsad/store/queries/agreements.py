"""Agreements and their status."""

from __future__ import annotations

import json
from typing import Any

from marsad.store.queries.common import Conn, Page, QueryError, _conn, _limit, check_code, decode_cursor, encode_cursor


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
