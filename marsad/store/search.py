"""Arabic-aware full-text queries: normalized, clitic-tolerant, injection-safe.

The user's query is parsed into terms, "quoted phrases", OR and -negation; every term is
normalized like the indexed text and expanded with the proclitics a word can carry. The parsed
query is rendered for each engine: an FTS5 MATCH expression (SQLite) in which every piece is a
quoted string, or a tsquery (PostgreSQL) in which every word is a quoted lexeme — so query syntax
can never leak into SQL, FTS5 or tsquery.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from marsad.arabic.normalize import normalize_text

_QUERY_RE = re.compile(r'(-?)"([^"]+)"|(\S+)')
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")
_ARTICLE_CLITICS = ("", "و", "ف", "ب", "ك", "وب", "فب")

Phrase = tuple[str, ...]
Piece = list[Phrase]  # alternatives: the piece matches when any of its phrases does


def _variants(word: str) -> list[str]:
    if word.startswith("ال") and len(word) > 3:
        return [c + word for c in _ARTICLE_CLITICS] + ["لل" + word[2:], "ولل" + word[2:], "فلل" + word[2:]]
    if not word.isascii():
        return [c + word for c in _CLITICS]
    return [word]


def _piece(words: list[str]) -> Piece:
    """The words as a phrase, the first word with any proclitic."""
    return [(v, *words[1:]) for v in _variants(words[0])]


def parse_query(query: str) -> tuple[list[Piece], list[Piece]]:
    """The pieces all of which a hit must match, and the pieces none of which it may match."""
    positives: list[Piece] = []
    negatives: list[Piece] = []
    pending_or = False
    for m in _QUERY_RE.finditer(query):
        neg, phrase, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None and bare.upper() == "OR":
            pending_or = bool(positives)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            neg, bare = "-", bare[1:]
        words = re.findall(r"[^\W_]+", normalize_text(phrase if phrase is not None else bare))
        if not words:
            continue
        piece = _piece(words)
        if neg:
            negatives.append(piece)
        elif pending_or and positives:
            positives[-1] = positives[-1] + piece
            pending_or = False
        else:
            positives.append(piece)
    return positives, negatives


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts5_piece(piece: Piece) -> str:
    alts = [_quote(" ".join(p)) for p in piece]
    return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


def render_fts5(positives: list[Piece], negatives: list[Piece]) -> str:
    if not positives:
        return ""
    expr = " AND ".join(_fts5_piece(p) for p in positives)
    for n in negatives:
        expr = f"({expr}) NOT {_fts5_piece(n)}"
    return expr


def render_tsquery(positives: list[Piece], negatives: list[Piece], fold: Callable[[str], str],
                   quote: Callable[[str], str], max_len: int) -> str:
    """A tsquery: phrases as ``'a' <-> 'b'``, alternatives with ``|``, pieces with ``&``, and
    negations as ``& !(...)``; every word folded as the index folds it and quoted as a lexeme."""
    def phrase(p: Phrase) -> str:
        return " <-> ".join(quote(fold(w)[:max_len]) for w in p)

    def piece(pc: Piece) -> str:
        alts = [phrase(p) for p in pc]
        return "(" + " | ".join(alts) + ")"

    if not positives:
        return ""
    expr = " & ".join(piece(p) for p in positives)
    for n in negatives:
        expr = f"({expr}) & !{piece(n)}"
    return expr


def fts_query(query: str) -> str:
    """Translate a user query into a safe FTS5 MATCH expression ('' when nothing to search)."""
    return render_fts5(*parse_query(query))
