"""Forces deployed are their own state's (نشر القطع البحرية الأمريكية، إن نشر السفن الحربية الأمريكية):
the armed body or state adjective right after a deployment trigger with no agent of its own next to
it is the one deploying, not the side the deployment is aimed at."""

from __future__ import annotations

from dataclasses import replace

from marsad.code.clauses import Hit, Slot
from marsad.doc import Mention

_DEPLOY = frozenset({"troops", "weapons"})
_REACH = 2  # نشر القطع البحرية الأمريكية: the forces' noun may stand before the body named
_WEAK = frozenset({"clause", "speaker", "", "sv", "undergoer"})


def own_forces(hit: Hit, rule: str, slots: list[Slot],
               parties: tuple[list[Mention], list[Mention]]) -> tuple[list[Mention], list[Mention]]:
    actors, recipients = parties
    if hit.trigger.event != "MOBILIZE" or hit.trigger.mode not in _DEPLOY or rule not in _WEAK:
        return actors, recipients
    forces = next((s for s in slots if hit.end <= s.tok <= hit.end + _REACH and not s.prep), None)
    if forces is None or not (forces.mention.sector == "MIL" or forces.mention.via == "adjective"):
        return actors, recipients
    agent = forces.mention if forces.mention.sector else replace(forces.mention, sector="MIL")
    return [agent], [r for r in recipients if r.code != agent.code and r is not forces.mention]
