"""Arabic-aware full-text queries for FTS5: normalized, clitic-tolerant, injection-safe.

The user's query is parsed into terms, "quoted phrases", OR and -negation; every term is
normalized like the indexed text and expanded with the proclitics a word can carry, and every
piece reaches FTS5 as a quoted string, so query syntax can never leak into SQL or FTS5.
"""

from __future__ import annotations

import re

from marsad.arabic.normalize import normalize_text

_QUERY_RE = re.compile(r'(-?)"([^"]+)"|(\S+)')
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")
_ARTICLE_CLITICS = ("", "و", "ف", "ب", "ك", "وب", "فب")


def _variants(word: str) -> list[str]:
    if word.startswith("ال") and len(word) > 3:
        return [c + word for c in _ARTICLE_CLITICS] + ["لل" + word[2:], "ولل" + word[2:], "فلل" + word[2:]]
    if not word.isascii():
        return [c + word for c in _CLITICS]
    return [word]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _piece(words: list[str]) -> str:
    """An FTS5 expression matching the words as a phrase, the first word with any proclitic."""
    rest = " ".join(words[1:])
    alts = [_quote(f"{v} {rest}".strip()) for v in _variants(words[0])]
    return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


def fts_query(query: str) -> str:
    """Translate a user query into a safe FTS5 MATCH expression ('' when nothing to search)."""
    positives: list[str] = []
    negatives: list[str] = []
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
            positives[-1] = f"({positives[-1]} OR {piece})"
            pending_or = False
        else:
            positives.append(piece)
    if not positives:
        return ""
    expr = " AND ".join(positives)
    for n in negatives:
        expr = f"({expr}) NOT {n}"
    return expr
