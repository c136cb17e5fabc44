"""The shared vocabulary of the coder's argument rules: trigger hits, mention slots, clause
boundaries inside a sentence."""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.arabic.tokenize import Token
from marsad.code.lexicon import Trigger
from marsad.doc import Mention

BOUNDARIES = frozenset({"ان", "انه", "انها", "انهم", "لكن", "بينما", "فيما", "حيث", "الذي", "التي",
                         "الذين", "اللذين", "بعدما", "عندما", "وقال", "قال", "واضاف", "اضاف"})


@dataclass(slots=True)
class Hit:
    start: int  # token index of the first word
    end: int  # token index after the last word
    trigger: Trigger
    prefix: str
    nominal: bool = False
    governor: Hit | None = None  # the accusation this hit is the content of
    clause: int = field(default=-1, compare=False, repr=False)  # where its clause starts, once asked
    stop: tuple[int, int] = field(default=(-1, -1), compare=False, repr=False)  # (end, its clause's end)



@dataclass(slots=True)
class Slot:
    mention: Mention
    tok: int  # token index of the mention's first word
    prep: str  # preposition governing it, or ""
    conj: bool = False  # the mention carries the conjunction و (coordinated with what precedes)
    last: int = 0  # token index of the mention's last word



def clause_end(tokens: list[Token], after: int) -> int:
    for k in range(after, len(tokens)):
        if tokens[k].text in BOUNDARIES:
            return k
    return len(tokens)



def clause_start(tokens: list[Token], before: int) -> int:
    for k in range(before - 1, -1, -1):
        if tokens[k].text in BOUNDARIES:
            return k + 1
    return 0



def hit_clause(tokens: list[Token], hit: Hit) -> int:
    """Where the hit's clause starts (:func:`clause_start` before it), found once per hit: the rules
    ask it again and again."""
    if hit.clause < 0:
        hit.clause = clause_start(tokens, hit.start)
    return hit.clause



def hit_clause_end(tokens: list[Token], hit: Hit) -> int:
    """Where the hit's clause ends (:func:`clause_end` after it), found once per hit and end."""
    end, stop = hit.stop
    if end != hit.end:
        stop = clause_end(tokens, hit.end)
        hit.stop = (hit.end, stop)
    return stop



def unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[str, str]] = set()
    out = []
    for m in mentions:
        key = (m.code, m.sector)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
