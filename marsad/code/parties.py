"""Parties the clause leaves open, filled from around it: the accused as agent of what they are
accused of, the speaker of a judgement, a dropped subject carried from the previous assertion, the
inverse of receiving verbs, and the government a protest is aimed at."""

from __future__ import annotations

from dataclasses import replace

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit as _Hit
from marsad.code.clauses import Slot as _Slot
from marsad.code.clauses import hit_clause as _hit_clause
from marsad.code.context import OPEN
from marsad.code.lexicon import Trigger
from marsad.code.roles import Discourse, Past, bare_word, governed_clause, speaker_at, words
from marsad.code.voice import is_passive, passive_parties, reported_arrest, undergoers, victims_after
from marsad.doc import Doc, Mention, Sentence

# …but what someone is accused of is reported as an event of the accused (اتهمه بقصف المواقع).
_ALLEGING = frozenset({"ACCUSE"})
# What is requested or promised has not happened (طالب باستقالة رئيس الوزراء); what is refused or
# yielded to has (لن ترضخ للتهديدات الأمريكية).
_UNREALIZED = frozenset({"REQUEST", "AGREE"})
# Words that put what follows in someone's mouth (قال إن، اعتبر).
_REPORTING = frozenset({"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "اعتبر", "اعتبرت", "يعتبر",
                        "تعتبر", "واعتبر", "واعتبرت", "يري", "تري", "وتري", "ويري"})
# Verbs of judging whose subject holds the judgement that follows (اعتبرت واشنطن الاعتقالات تحديا).
_OPINION = frozenset({"اعتبر", "اعتبرت", "واعتبر", "واعتبرت", "يعتبر", "تعتبر", "ويعتبر", "وتعتبر", "وصف", "وصفت",
                      "ووصف", "ووصفت"})
_OPINION_WINDOW = 8
CLAUSE_LINKS = frozenset({"بينما", "فيما", "كما", "ثم", "حيث"})
_RECEIVE_WINDOW = 3
_CARRIED = frozenset({"ASSAULT"})  # often passive (قتل 36 شخصا): never given a carried subject


def refine(doc: Doc, sent: Sentence, tokens: list[Token], hit: _Hit,
            found: tuple[list[Mention], list[Mention], str],
            context: tuple[list[_Slot], dict[int, tuple[list[Mention], list[Mention]]], list[Mention], Discourse],
            ) -> tuple[list[Mention], list[Mention]]:
    """Parties the clause leaves open: the accused as agent of what they are accused of, the speaker
    of a judgement, a dropped subject carried from the previous assertion, the inverse of receiving
    verbs, and the government a protest is aimed at."""
    actors, recipients, rule = found
    slots, parties, previous, discourse = context
    trig = hit.trigger
    if is_passive(doc, tokens, hit):
        return passive_parties(tokens, hit, (actors, recipients), slots, discourse.actors.get(sent.story, []))
    strong = rule in ("genitive", "vs", "relative", "agent", "first") or (rule == "sv" and not hit.nominal)
    if hit.governor is not None and alleging(hit.governor):
        accuser, accused = parties.get(id(hit.governor), ([], []))
        if not strong:
            actors = accused  # اتهم البيان القوات الأمريكية بقصف …: the accused did it
            recipients = [r for r in recipients if r.code not in {a.code for a in accused}]
        elif not recipients:
            recipients = [a for a in accuser if a.code not in {x.code for x in actors}]  # ندد بالغارة الأمريكية
    elif hit.governor is not None and trig.event not in OPEN:  # shows of force keep no recipient
        governing = parties.get(id(hit.governor), ([], []))[0]
        recipients = recipients or [a for a in governing if a.code not in {x.code for x in actors}]
    elif trig.speaker:
        pos = doc.norm.raw_start(tokens[hit.start].start)
        said_by = speaker_at(doc, sent, pos) if _reported(doc, tokens, hit) else None
        said_by = said_by or _headline_speaker(doc, slots) or _opinion_holder(tokens, hit, slots)
        judged = _judged(tokens, hit, slots, said_by) if said_by is not None else []
        if said_by is None:
            return [], []  # a judgement nobody is quoted making: the writer's words, or not said of anyone
        actors, recipients = [said_by], judged or [
            r for r in discourse.recipients.get(sent.story, []) if r.code != said_by.code]
    elif not strong and not hit.nominal and trig.event not in _CARRIED:
        actors = _dropped_subject(doc, sent, tokens, hit, actors, rule, previous, discourse)
        recipients = [r for r in recipients if r.code not in {a.code for a in actors}]
    actors, recipients = undergoers(hit, rule, actors, recipients, previous,
                                    _attackers(discourse.history.get(sent.story, [])))
    if trig.event == "COERCE" and actors and all(a.via == "implied" for a in actors):
        said_by = speaker_at(doc, sent, doc.norm.raw_start(tokens[hit.start].start))
        actors, recipients = reported_arrest(actors, recipients, said_by)
    if actors and not recipients:
        recipients = victims_after(hit, slots, actors)
    if (trig.inverse or ((hit.nominal or trig.kind != "verb") and _received(tokens, hit))) and actors:
        actors, recipients = _giver(trig, actors, recipients, discourse.history.get(sent.story, []))
    if trig.event == "PROTEST" and actors and not recipients:
        recipients = [replace(actors[0], sector="GOV")]  # a protest is aimed at its own government
        actors = [replace(a, sector="CVL") if a.sector == "GOV" else a for a in actors]
    return actors, recipients


def _attackers(history: list[Past]) -> list[Mention]:
    """Who the story last reported attacking (الهجوم … أسفر عن مقتل 89 شخصا refers to it)."""
    return next((acted for t, acted, _r in reversed(history) if t is not None and t.event == "ASSAULT"), [])


def _received(tokens: list[Token], hit: _Hit) -> bool:
    """تسلم بلاده قائمة مطالب من …، تلقت دعوة من …: an event the clause's subject receives."""
    receive = words("receive")
    return any(bare_word(tokens[k].text) in receive for k in range(max(0, hit.start - _RECEIVE_WINDOW), hit.start))


def _giver(trig: Trigger, receivers: list[Mention], givers: list[Mention],
           history: list[Past]) -> tuple[list[Mention], list[Mention]]:
    """(actors, recipients) of a received event: the side it comes from (من ألمانيا), else whoever the
    story last had do something of its kind, or anything, to the receiver; else no actor."""
    if givers:
        return givers, receivers
    own = {r.code for r in receivers}
    for same in (lambda t: t is not None and t.event == trig.event, lambda t: True):
        found = next((acted for t, acted, received in reversed(history)
                      if same(t) and own & {r.code for r in received}), None)
        if found:
            return [a for a in found if a.code not in own], receivers
    return [], receivers


def _reported(doc: Doc, tokens: list[Token], hit: _Hit) -> bool:
    """The words stand in a reported clause (… إن/أن …) or in quotation marks."""
    if any(t.text in _REPORTING for t in tokens[:hit.start]):
        return True
    start = doc.norm.raw_start(tokens[0].start)
    pos = doc.norm.raw_start(tokens[hit.start].start)
    return doc.text.count('"', start, pos) % 2 == 1 or doc.text.count("«", start, pos) > doc.text.count("»", start, pos)


def _headline_speaker(doc: Doc, slots: list[_Slot]) -> Mention | None:
    """قطر: القائمة الجديدة مفاجأة مخيبة للآمال — a headline's words are those of the name before its colon."""
    if not slots or slots[0].tok != 0:
        return None
    m = slots[0].mention
    return m if doc.text[m.end:m.end + 3].lstrip().startswith(":") else None


def _opinion_holder(tokens: list[Token], hit: _Hit, slots: list[_Slot]) -> Mention | None:
    """واعتبرت واشنطن هذه الإجراءات تحديا: the subject of a verb of judging before the words."""
    for k in range(max(0, hit.start - _OPINION_WINDOW), hit.start):
        if tokens[k].text in _OPINION:
            return next((s.mention for s in slots if k < s.tok <= k + 3 and s.tok < hit.start and not s.prep), None)
    return None


def _judged(tokens: list[Token], hit: _Hit, slots: list[_Slot], said_by: Mention) -> list[Mention]:
    """Whom a judgement is about: the first other state its clause names as a subject (… أن الهجوم
    الإسرائيلي يمثل انتهاكا، إن قطر … دعمها للتطرف), else the nearest before it, else the first after."""
    clause = _hit_clause(tokens, hit)
    others = [s for s in slots if s.mention.code != said_by.code and s.mention.code]
    before = [s for s in others if clause <= s.tok < hit.start]
    after = [s for s in others if s.tok >= hit.end]
    subjects = [s for s in before if not s.prep]  # روسيا … فإنها فشلت: the clause's subject, said first
    pick = subjects[0] if subjects else before[-1] if before else after[0] if after else None
    return [pick.mention] if pick is not None else []


def own_content(hit: _Hit, actors: list[Mention], rule: str,
                 parties: dict[int, tuple[list[Mention], list[Mention]]]) -> bool:
    """A trigger that is the content of another (رفض الانسحاب، طلب نشر الصواريخ) is an event of its
    own only when it is an accusation's content or names an agent other than the governor's
    (لن ترضخ للتهديدات الأمريكية)."""
    gov = hit.governor
    if gov is None or alleging(gov):
        return True
    governing = {a.code for a in parties.get(id(gov), ([], []))[0]}
    return gov.trigger.event not in _UNREALIZED and rule == "genitive" and bool({a.code for a in actors} - governing)


def alleging(hit: _Hit) -> bool:
    """An accusation by verb (اتهم، ندد), whose content is an act of the accused; a judgement
    (تستفزها) is not."""
    return hit.trigger.event in _ALLEGING and not hit.trigger.speaker


def _dropped_subject(doc: Doc, sent: Sentence, tokens: list[Token], hit: _Hit, actors: list[Mention], rule: str,
                     previous: list[Mention], discourse: Discourse) -> list[Mention]:
    """The subject a verb leaves unsaid: that of the assertion it is coordinated with (…، ودعا),
    of the sentence that governs its clause (… إلا أنه لم يتهم), or of the previous sentence when
    it opens the sentence (ونفى أن بلاده …)."""
    governed = governed_clause(tokens, _hit_clause(tokens, hit))
    if previous and (_coordinated_verb(tokens, hit) or (rule == "speaker" and governed)):
        return previous
    if rule == "speaker":
        said_by = speaker_at(doc, sent, sent.start)
        return [said_by] if said_by is not None else actors
    if not actors and hit.start <= 1 and sent.story in discourse.actors:
        return discourse.actors[sent.story]
    return actors


def _coordinated_verb(tokens: list[Token], hit: _Hit) -> bool:
    """The verb opens a new coordinated assertion whose subject was dropped (…، ودعا؛ بينما دعا)."""
    return hit.prefix[:1] in ("و", "ف") or (hit.start > 0 and tokens[hit.start - 1].text in CLAUSE_LINKS)

