"""Relative clauses set off by commas inside a clause (فرضت الصين، التي تعد شريان حياة كوريا
الشمالية، عقوبات): the main clause goes on after the closing comma, so a verb's object may stand
past the aside and a verbal noun after it has the aside's antecedent as agent."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.code.roles import words

_ASIDE = 14  # words an aside may hold before its closing comma


def _punct_before(tokens: list[Token], k: int) -> bool:
    """Something other than one space (a comma) stands between token k-1 and token k."""
    return k > 0 and tokens[k].start - tokens[k - 1].end > 1


def past_aside(tokens: list[Token], k: int) -> int | None:
    """If token k is a relative pronoun opening a comma-set aside, the first token after the aside's
    closing comma; else None."""
    if k >= len(tokens) or tokens[k].text not in words("relative") or not _punct_before(tokens, k):
        return None
    for j in range(k + 2, min(len(tokens), k + 1 + _ASIDE)):
        if _punct_before(tokens, j):
            return j
    return None


def aside_antecedent(tokens: list[Token], start: int) -> int | None:
    """For a word at start: the last token before the relative pronoun of a comma-set aside that
    closed just before it (the aside's antecedent), else None."""
    if not _punct_before(tokens, start):
        return None
    for rel in range(start - 2, max(0, start - 1 - _ASIDE), -1):
        if tokens[rel].text in words("relative"):
            return rel - 1 if past_aside(tokens, rel) == start else None
    return None
