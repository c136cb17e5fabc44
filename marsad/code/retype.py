"""Events whose type the parties change: a negated talk that is a refusal (لن تتفاوض), a joint
action done with another state (مناورات مع القوات الكورية), a boycott or a closed border between
governments, forces that "arrive" (a deployment, not a visit)."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit as _Hit
from marsad.code.clauses import Slot as _Slot
from marsad.code.lexicon import NO_EVENT_ALONE
from marsad.code.qualify import refused
from marsad.doc import Mention

_REFUSABLE = frozenset({"CONSULT", "CONCEDE", "AGREE", "COOPERATE"})
_JOINT_WINDOW = 10


def retype(tokens: list[Token], hit: _Hit, slots: list[_Slot], parties: tuple[list[Mention], list[Mention]],
           aux: str) -> tuple[str, str, list[Mention]]:
    """(event type, aux, recipients) once the parties are known."""
    actors, recipients = parties
    event = hit.trigger.event
    if aux == "negated" and event in _REFUSABLE and refused(tokens, hit):
        event, aux = "REJECT", ""  # لن تتفاوض، لن نرضخ: a refusal, not a negated talk
    partner = joint_partner(hit, slots, actors) if hit.trigger.joint else None
    if partner is not None:
        event = hit.trigger.joint  # مناورات مع القوات الكورية: a joint exercise
        recipients = recipients if any(r.code == partner.code for r in recipients) else [partner]
    if (event == "PROTEST" or hit.trigger.between_states) and between_states(actors, recipients):
        # تقاطع الحكومات الأربع قطر، أغلقت السعودية حدودها مع قطر: one state's boycott or closure of
        # another reduces relations
        event = hit.trigger.between_states or "SANCTION"
    if hit.trigger.mode == "visit" and actors and all(a.via == "body" and a.sector == "MIL" for a in actors):
        event = "MOBILIZE"  # وصول الطائرات الأمريكية إلى تركيا: forces arriving are deployed, not visiting
    if hit.trigger.alone not in ("", NO_EVENT_ALONE) and not recipients:
        event = hit.trigger.alone  # أطلقت كوريا الشمالية صاروخا باليستيا: at nothing, a show of force
    return event, aux, recipients


def joint_partner(hit: _Hit, slots: list[_Slot], actors: list[Mention]) -> Mention | None:
    """The other side of a joint action, after مع in the trigger's clause (المناورات التي تجريها
    واشنطن مع سيول)."""
    stop = hit.end + _JOINT_WINDOW
    own = {a.code for a in actors}
    return next((s.mention for s in slots if hit.end <= s.tok < stop and s.prep == "مع" and s.mention.code not in own),
                None)


def between_states(actors: list[Mention], recipients: list[Mention]) -> bool:
    """Governments on both sides, of different states."""
    own = {a.code for a in actors}
    return all(a.sector == "GOV" for a in actors) and any(r.code not in own and r.sector == "GOV" for r in recipients)
