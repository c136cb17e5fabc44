"""Who does and who undergoes an event when the clause's subject is not its agent: passives
(قُبض على، فُرضت عليها، تم اعتقاله) whose agent comes in a من قبل/على يد phrase or goes unsaid, and
the people an arrest or an attack is done to (اعتقال المتظاهرين، قتل المدنيين), which are never
its agent. An arrest of a state's own people with no agent named is that state's government's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit, Slot, hit_clause_end
from marsad.code.roles import words
from marsad.doc import Doc, Event, Mention

_DAMMA = "\u064f"
# Sectors of those an arrest or an attack is done to; a state's forces and government are agents.
_VICTIMS = frozenset({"CVL", "MED", "OPP"})
_FORCES = frozenset({"GOV", "POL", "MIL", "JUD"})
_AGAINST_PEOPLE = frozenset({"COERCE", "ASSAULT"})
_RECIPROCAL = frozenset({"SUPPORT", "AGREE", "COOPERATE", "CONSULT"})
# Verbal nouns whose genitive is who suffers them (مقتل الجنود، اغتيال السفير، اختطاف الصحفيين).
_PATIENT_MODES = frozenset({"kill", "abduct"})
_AGENT_WINDOW = 8
_VICTIM_WINDOW = 6


@lru_cache(maxsize=1)
def _agent_heads() -> frozenset[tuple[str, str]]:
    """(preposition, noun) pairs that introduce a passive's agent: من قبل، على يد، من جانب."""
    pairs = (w.split() for w in words("agent"))
    return frozenset((p[0], p[1]) for p in pairs if len(p) == 2)


def is_passive(doc: Doc, tokens: list[Token], hit: Hit) -> bool:
    """A verb written with the passive damma on its first letter (قُبض، أُمهلت، فُرضت), or a verbal
    noun after تم/يتم/جرى (تم اعتقاله)."""
    if hit.nominal:
        return hit.start > 0 and tokens[hit.start - 1].text in words("passive_aux")
    norm = doc.norm
    pos = norm.raw_start(tokens[hit.start].start + len(hit.prefix))
    return doc.text[pos + 1:pos + 2] == _DAMMA


def passive_parties(tokens: list[Token], hit: Hit, found: tuple[list[Mention], list[Mention]],
                    slots: list[Slot], earlier: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The agent of a passive from its من قبل/على يد phrase; the mentions the clause rules took as
    its subject are what undergoes it. Without a named agent: the government of an arrested
    state's people, else the last actor of the story when it is another side."""
    actors, recipients = found
    patients = _merge(actors, recipients)
    agent = _agent(tokens, hit, slots)
    if agent:
        return agent, [p for p in patients if p.code not in {a.code for a in agent}]
    if hit.trigger.event in _RECIPROCAL:
        return _signatories(patients, slots)
    patient_codes = {p.code for p in patients}
    own = domestic_government(hit, patients)
    if own:
        return own, patients
    others = [a for a in earlier if a.code not in patient_codes]
    return (others, patients) if patients and others else ([], [])


def _signatories(patients: list[Mention], slots: list[Slot]) -> tuple[list[Mention], list[Mention]]:
    """A deal signed or agreed with no agent named (صفقة تم توقيعها، اتفاق أُبرم بين …) is between the
    states the clause took as its parties, else the sentence's (تسلمت مصر غواصة ألمانية … في إطار صفقة
    تم توقيعها): the first named and the next of another state."""
    for found in (patients, [s.mention for s in slots]):
        states = [m for m in found if _is_state(m.code)]
        others = [m for m in states if m.code != states[0].code] if states else []
        if others:
            return states[:1], others[:1]
    return [], []


def _agent(tokens: list[Token], hit: Hit, slots: list[Slot]) -> list[Mention]:
    slot = agent_slot(tokens, hit, slots)
    return [slot.mention] if slot is not None else []


def agent_slot(tokens: list[Token], hit: Hit, slots: list[Slot]) -> Slot | None:
    """The mention a من قبل/على يد/من جانب phrase after the trigger names as its agent (فُرضت من قبل
    الأمم المتحدة، وقوع هجوم من جانب الحكومة السورية)."""
    heads = _agent_heads()
    stop = min(hit_clause_end(tokens, hit), hit.end + _AGENT_WINDOW)
    for k in range(hit.end + 1, stop):
        if (tokens[k - 1].text, tokens[k].text) in heads:
            return next((s for s in slots if s.tok == k + 1), None)
    return None


def undergoers(hit: Hit, rule: str, actors: list[Mention], recipients: list[Mention],
               previous: list[Mention], attackers: Sequence[Mention] = ()) -> tuple[list[Mention], list[Mention]]:
    """People an arrest or attack is done to are its recipients, never its agent (7 أشخاص
    اعتقلوا، اعتقال نافالني); the agent is then their government for an arrest, else the actor of
    the sentence's previous assertion (شنت غارة أسفرت عن مقتل المدنيين), else the story's attacker, else
    someone unnamed."""
    if hit.trigger.event not in _AGAINST_PEOPLE or not actors:
        return actors, recipients
    genitive_patient = hit.nominal and rule == "genitive" and hit.trigger.event == "COERCE"
    killed = rule == "undergoer" or (hit.nominal and rule == "genitive" and hit.trigger.mode in _PATIENT_MODES) \
        or (hit.trigger.mode == "kill" and not recipients and all(a.via == "group" for a in actors))  # جنود قتلوا
    victims = actors if killed else [a for a in actors if _victim(a) or (genitive_patient and _not_force(a))]
    if not victims:
        return actors, recipients
    rest = [a for a in actors if a not in victims]
    patients = victims if genitive_patient else _merge(victims, recipients)
    if rest:
        return rest, patients
    own = domestic_government(hit, victims)
    victim_codes = {(v.code, v.sector) for v in victims}
    own = own or [p for p in previous if (p.code, p.sector) not in victim_codes]
    if not own and hit.trigger.event == "ASSAULT":
        own = [p for p in attackers if (p.code, p.sector) not in victim_codes]  # the story's attacker
    if own:
        return own, patients
    armed = [v for v in patients if v.sector not in _VICTIMS]
    if hit.trigger.event == "ASSAULT" and armed:
        return [unknown_agent(armed[0])], patients  # قتل 36 من مقاتلي الحشد في هجوم: by someone unnamed
    return actors, recipients  # civilians killed with no attacker named: left to their own state


_RESULT_VERBS = frozenset({"اسفر", "اسفرت", "واسفر", "واسفرت", "ادي", "ادت", "وادي", "وادت"})
_RESULT_PREPS = frozenset({"عن", "الي"})
# the first words of trigger phrases that tell an outcome (أسفر عن مقتل، أدى إلى مقتل، أودى بحياة)
_RESULT_PHRASE_VERBS = _RESULT_VERBS | {"اودي", "اودت", "واودي", "واودت"}


def outcome_of_previous(tokens: list[Token], hit: Hit, earlier: list[Hit]) -> bool:
    """A verbal noun after أسفر عن / أدى إلى that names the same kind of event as a trigger before it
    in the sentence is that event's outcome (نفذت غارات … ما أسفر عن تدمير 14 هدفا), not another event."""
    k = hit.start
    if hit.trigger.kind == "phrase" and hit.end - k >= 2 and tokens[k].text in _RESULT_PHRASE_VERBS:
        # the whole phrase is the trigger (وأدى إلى مقتل): the outcome of an event that is itself the
        # content of another (أدانت التفجير الذي استهدف مسجدا وأدى إلى مقتل …), not news of its own
        return any(h.trigger.event == hit.trigger.event and h.end <= k and h.governor is not None for h in earlier)
    return hit.nominal and k >= 2 and tokens[k - 1].text in _RESULT_PREPS and tokens[k - 2].text in _RESULT_VERBS \
        and any(h.trigger.event == hit.trigger.event and h.end <= k - 2 for h in earlier)


def unknown_agent(near: Mention) -> Mention:
    """The attacker a report of victims leaves unnamed, coded XXX as annotators do."""
    return Mention(near.start, near.start, text="", kind="ORG", code="XXX", sector="", via="implied")


def victims_after(hit: Hit, slots: list[Slot], actors: list[Mention]) -> list[Mention]:
    """The people an attack or arrest names no other side for: a group right after it (أسفر عن مقتل
    عشرات المدنيين، تستهدف مناطق المسلحين)."""
    if hit.trigger.event not in _AGAINST_PEOPLE:
        return []
    own = {(a.code, a.sector) for a in actors}
    for s in slots:
        m = s.mention
        if hit.end <= s.tok <= hit.end + _VICTIM_WINDOW and m.via == "group" and (m.code, m.sector) not in own \
                and (m.sector in _VICTIMS or m.sector == "REB"):
            return [m]
    return []


def domestic_government(hit: Hit, patients: list[Mention]) -> list[Mention]:
    """The government of the state whose people are arrested (an arrest names no agent)."""
    if hit.trigger.event != "COERCE":
        return []
    state = next((p for p in patients if _is_state(p.code) and (p.kind == "PERS" or p.sector in _VICTIMS)), None)
    if state is None:
        return []
    return [Mention(state.start, state.start, text="", kind="GPE", code=state.code, sector="GOV", via="implied")]


def reported_arrest(actors: list[Mention], patients: list[Mention],
                    said_by: Mention | None) -> tuple[list[Mention], list[Mention]]:
    """An arrest with no agent named that a state's government reports (قالت فرنسا إن 7 أشخاص
    يحملون الجنسيات الفرنسية والمغربية اعتقلوا) is that state's; the people it arrested are then not
    known by nationality (XXX), unless they are its own."""
    if said_by is None or said_by.sector != "GOV" or not _is_state(said_by.code):
        return actors, patients
    if said_by.code in {a.code for a in actors}:
        return actors, patients
    agent = replace(said_by, via="implied")
    return [agent], [p if p.code == said_by.code else replace(p, code="XXX") for p in patients]


def _victim(m: Mention) -> bool:
    return m.via == "group" and m.sector in _VICTIMS


def _not_force(m: Mention) -> bool:
    return m.kind == "PERS" or m.sector not in _FORCES


def _is_state(code: str) -> bool:
    return len(code) == 3 and code.isupper() and code != "XXX"


def _merge(first: list[Mention], second: list[Mention]) -> list[Mention]:
    seen = {id(m) for m in first}
    return first + [m for m in second if id(m) not in seen]


def one_attack(events: list[Event]) -> list[Event]:
    """مقتل سليماني في غارة أمريكية: victims whose attacker the sentence names in another trigger are
    that attack's recipients, not an attack of their own by someone unnamed."""
    named = [e for e in events if e.event == "ASSAULT" and not _unnamed(e)]
    if not named or not any(_unnamed(e) for e in events):
        return events
    out = []
    for e in events:
        if e.event == "ASSAULT" and _unnamed(e):
            target = named[0]
            own = {p.code for p in target.actor} | {p.code for p in target.recipient}
            target.recipient = [p for p in e.recipient if p.code not in own] + target.recipient
        else:
            out.append(e)
    return out


def _unnamed(e: Event) -> bool:
    return all(p.code == "XXX" and not p.text for p in e.actor)
