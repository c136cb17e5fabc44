"""Actors: names, the actor list and profile, quotes, and the relations graph."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc
from marsad.store import dialect as D
from marsad.store.queries.common import (
    QUAD_OF,
    QUAD_ORDER,
    Conn,
    Page,
    _conn,
    _limit,
    check_code,
    columns,
    encode_cursor,
    is_cooperation,
)
from marsad.store.queries.events import EventFilter
from marsad.store.queries.timelines import _bucket, _timeline_from


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
