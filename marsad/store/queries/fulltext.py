"""Full-text search over stories with highlighted snippets."""

from __future__ import annotations

import re

from marsad.arabic.normalize import normalize, normalize_text
from marsad.store import dialect as D
from marsad.store.queries.common import Conn, Page, QueryError, _conn, _date_range, _limit, decode_cursor, encode_cursor
from marsad.store.queries.stories import _story_cols, _story_summary

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
