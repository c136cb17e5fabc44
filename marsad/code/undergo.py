"""Events a clause's subject undergoes: تتعرض قطر إلى مقاطعة وحصار، يتعرض ترامب لانتقادات، يواجه
عقوبات. The subject of the undergo verb is the event's recipient; its agent is whoever the story
last had do that kind of thing to it, else someone unnamed (XXX) — never the subject itself, nor
what the clause says the event is about (بسبب تقاربه مع روسيا)."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit, Slot, clause_start, hit_clause
from marsad.code.roles import Past, bare_word, words
from marsad.code.subjects import relative_antecedent
from marsad.code.voice import unknown_agent
from marsad.doc import Mention

_WINDOW = 8  # تتعرض منذ أكثر من أسبوعين إلى مقاطعة: a time phrase may stand between
_TO = frozenset({"الي", "لل", "ل"})
_ON_IT = frozenset({"عليها", "عليه", "عليهم", "عليهما"})


def undergone(tokens: list[Token], hit: Hit, slots: list[Slot],
              history: list[Past]) -> tuple[list[Mention], list[Mention]] | None:
    """(actors, recipients) of a verbal noun an undergo verb governs with إلى/لـ, or of one imposed
    on the clause's subject, or None."""
    if not hit.nominal and hit.trigger.kind == "verb":
        return None
    verb = _undergo_verb(tokens, hit)
    if verb is None:
        return _imposed_on(tokens, hit, slots, history)
    subject = _subject(tokens, hit, verb, slots)
    if subject is None:
        return None
    receiver = subject.mention
    return _agents(hit, receiver, history), [receiver]


def _imposed_on(tokens: list[Token], hit: Hit, slots: list[Slot],
                history: list[Past]) -> tuple[list[Mention], list[Mention]] | None:
    """لن تتفاوض الدوحة حتى تُرفع الإجراءات العقابية التي فرضت عليها: a definite verbal noun whose
    relative clause has it done "on her" is suffered by the clause's subject before it."""
    rel = hit.end
    if rel + 2 >= len(tokens) or tokens[rel].text not in words("relative") or tokens[rel + 2].text not in _ON_IT:
        return None
    start = hit_clause(tokens, hit)
    before = [s for s in slots if start <= s.tok < hit.start and not s.prep and s.mention.code != "XXX"]
    if not before:
        return None
    receiver = before[0].mention
    return _agents(hit, receiver, history), [receiver]


def _undergo_verb(tokens: list[Token], hit: Hit) -> int | None:
    if hit.prefix not in _TO and not (hit.start > 0 and tokens[hit.start - 1].text in _TO):
        return None
    start = max(hit_clause(tokens, hit), hit.start - _WINDOW)
    for k in range(hit.start - 1, start - 1, -1):
        if bare_word(tokens[k].text) in words("undergo"):
            return k
    return None


def _subject(tokens: list[Token], hit: Hit, verb: int, slots: list[Slot]) -> Slot | None:
    """The undergo verb's subject: right after it (يتعرض ترامب), right before it (قطر تتعرض) or the
    antecedent of the relative pronoun before it (قطر، التي تتعرض)."""
    after = [s for s in slots if verb < s.tok < hit.start and not s.prep]
    if after:
        return after[0]
    antecedent = relative_antecedent(tokens, Hit(verb, verb + 1, hit.trigger, ""), slots)
    if antecedent is not None:
        return antecedent
    start = clause_start(tokens, verb)
    before = [s for s in slots if start <= s.tok and verb - 2 <= s.last < verb and not s.prep]
    return before[-1] if before else None


def _agents(hit: Hit, receiver: Mention, history: list[Past]) -> list[Mention]:
    for trig, acted, received in reversed(history):
        if trig is not None and trig.event == hit.trigger.event and receiver.code in {r.code for r in received}:
            others = [a for a in acted if a.code != receiver.code]
            if others:
                return others
    return [unknown_agent(receiver)]


