"""An incident re-mentioned with a neutral noun (ووقع الحادث في المجال الجوي الدولي): the sentence
reports the story's last incident again — its type and parties — with what it adds (place, time)."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit
from marsad.code.roles import Past, words
from marsad.doc import Mention

# Events an incident noun can stand for: a show of force, an attack, an arrest, a protest.
_INCIDENTS = frozenset({"MOBILIZE", "ASSAULT", "COERCE", "PROTEST"})


def incident_hits(tokens: list[Token], history: list[Past]) -> list[tuple[Hit, list[Mention], list[Mention]]]:
    """(hit, actors, recipients) for each "وقع الحادث" in the tokens, taking the trigger and parties of
    the story's last incident; none when the story has reported no incident."""
    last = next(((t, a, r) for t, a, r in reversed(history) if t is not None and t.event in _INCIDENTS), None)
    if last is None:
        return []
    trig, actors, recipients = last
    out = []
    for i in range(len(tokens) - 1):
        if tokens[i].text in words("happen") and tokens[i + 1].text in words("incident"):
            out.append((Hit(i, i + 2, trig, "", True), actors, recipients))
    return out
