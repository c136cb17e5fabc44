"""An official named by office and the state it serves after في (بوزير الخارجية في كوريا الجنوبية،
السفير في قطر): the state is the official, so it takes the preposition that governs the office,
not في (which otherwise marks a place)."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.code.roles import words

_REACH = 3  # the office word, its complement (الخارجية، الأمريكي) and في


def office_preposition(tokens: list[Token], tok: int, prepositions: frozenset[str],
                       named: frozenset[int]) -> str | None:
    """For a mention at tok after في: the preposition of the office word before it ("" for none),
    or None when no office heads the في-phrase or the office already names its state (named: the
    tokens of earlier mentions; الرئيس الأمريكي في السعودية is where he is)."""
    if tok < 2 or tokens[tok - 1].text not in ("في", "وفي"):
        return None
    for head in range(tok - 2, max(-1, tok - 2 - _REACH), -1):
        if head in named:
            return None
        for prefix, stem in tokens[head].splits():
            if stem in words("office"):
                return _governing(tokens, head, prefix, prepositions)
        if tokens[head].text in prepositions:
            return None
    return None


def _governing(tokens: list[Token], head: int, prefix: str, prepositions: frozenset[str]) -> str:
    clitic = prefix[1:] if prefix[:1] in ("و", "ف") else prefix
    clitic = clitic[:-2] if clitic.endswith("ال") else clitic
    if clitic:
        return clitic
    if head > 0 and tokens[head - 1].text in prepositions:
        return tokens[head - 1].text
    return ""
