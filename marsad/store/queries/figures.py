"""Figures (amounts, counts, percentages) found in stories."""

from __future__ import annotations

from marsad.store.queries.common import Conn, Page, _conn, _keyset, _limit, check_code, columns, encode_cursor


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
