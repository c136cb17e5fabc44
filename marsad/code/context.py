"""The other side of an event its sentence leaves unsaid, taken from the story: an attack or
arrest in a town is done to that state's people (هجوم كيماوي على بلدة خان شيخون); a demand, threat,
accusation or refusal is addressed to the side the story's recent events were between (ودعا إلى
…، سترد على التجربة). Annotators fill these from context; only meetings, agreements and shows of
force are commonly left without a recipient."""

from __future__ import annotations

from dataclasses import replace

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Slot
from marsad.code.lexicon import Trigger
from marsad.code.roles import Past, words
from marsad.doc import Mention

# Events reported without a recipient as often as with one: left as the sentence gives them.
OPEN = frozenset({"MOBILIZE", "CONSULT", "AGREE"})
_REMENTIONED = frozenset({"ASSAULT", "CONSULT"})
_AGAINST_PEOPLE = frozenset({"ASSAULT", "COERCE"})
_PLACE_VIA = frozenset({"city", "region", "capital", "name"})
_SETTING = frozenset({"في", "وفي", "علي", "ب", "وب"})
_FORCES = frozenset({"GOV", "MIL", "POL", "JUD"})
_PEOPLE = frozenset({"CVL", "OPP"})


def context_recipients(event: str, actors: list[Mention], tokens: list[Token], slots: list[Slot],
                       history: list[Past]) -> list[Mention]:
    """Recipients for an event whose clause names none (empty when the story gives none either)."""
    if event in OPEN or not actors:
        return []
    if event in _AGAINST_PEOPLE:
        place = _setting(tokens, slots, actors)
        if place is not None:
            return [replace(place, kind="ORG", sector="CVL", via="context")]
    domestic = _domestic(event, actors)
    if domestic:
        return domestic
    own = {a.code for a in actors}
    for _trigger, acted, received in reversed(history):
        for side in (received, acted):
            others = [m for m in side if m.code and m.code not in own]
            if others:
                return others
    return []


def _setting(tokens: list[Token], slots: list[Slot], actors: list[Mention]) -> Mention | None:
    """A town or region the sentence sets the event in (في إدلب، على بلدة خان شيخون)."""
    taken = {id(a) for a in actors}
    for s in slots:
        m = s.mention
        if id(m) in taken or m.kind not in ("LOC", "GPE") or m.via not in _PLACE_VIA or len(m.code) != 3:
            continue
        if s.prep in _SETTING or (s.tok >= 2 and _bare(tokens[s.tok - 1].text) in words("settlement")
                                  and tokens[s.tok - 2].text in _SETTING):
            return m
    return None


def _bare(text: str) -> str:
    return text[2:] if text.startswith("ال") else text


def _domestic(event: str, actors: list[Mention]) -> list[Mention]:
    """A state's forces arrest its own people; its people and opposition address its government."""
    codes = {a.code for a in actors}
    if len(codes) != 1 or len(next(iter(codes))) != 3:
        return []
    first = actors[0]
    if first.sector in _FORCES and event == "COERCE":
        return [replace(first, sector="CVL", via="context")]
    if first.sector in _PEOPLE:
        return [replace(first, sector="GOV", via="context")]
    return []


def anaphoric_parties(trigger: Trigger, history: list[Past]) -> tuple[list[Mention], list[Mention]]:
    """A definite verbal noun with no agent of its own (قائمة المطالب، التجربة الصاروخية) refers back
    to the story's latest event of the same word, else of its type, and takes its parties. Attacks
    and meetings are re-mentioned all through a story (الهجوم جاء ردا، اللقاء تناول): such a mention
    is no new event."""
    if trigger.event in _REMENTIONED:
        return [], []
    for same in (lambda t: t.lemma == trigger.lemma, lambda t: t.event == trigger.event):
        found = next(((acted, received) for t, acted, received in reversed(history) if t is not None and same(t)), None)
        if found is not None:
            return found
    return [], []
