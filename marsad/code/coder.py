"""Rule-based event coding over one sentence at a time.

For each trigger found in a sentence the coder picks actors and recipients among the sentence's
mentions by Arabic clause structure (verb–subject–object and subject–verb order, prepositions,
coordination, complement clauses after أن/إن), then qualifies the event (aux, date, location).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from operator import itemgetter
from typing import TypeVar

from marsad.arabic.tokenize import Token
from marsad.code.asides import aside_antecedent
from marsad.code.clauses import Hit as _Hit
from marsad.code.clauses import Slot as _Slot
from marsad.code.clauses import hit_clause as _hit_clause
from marsad.code.clauses import hit_clause_end as _hit_clause_end
from marsad.code.clauses import unique as _unique
from marsad.code.constructions import construction_events, possible
from marsad.code.context import anaphoric_parties, context_recipients
from marsad.code.domain import KEPT_IN_SPORTS, sports_report
from marsad.code.followups import follow_up
from marsad.code.forces import own_forces
from marsad.code.incidents import incident_hits
from marsad.code.lexicon import NO_EVENT_ALONE, first_person, lexicon
from marsad.code.offices import office_preposition
from marsad.code.parties import own_content as _own_content
from marsad.code.parties import refine as _refine
from marsad.code.qualify import aux as _aux
from marsad.code.qualify import event_date, location, refused
from marsad.code.retype import retype
from marsad.code.roles import (
    DOMESTIC_SECTORS,
    Discourse,
    Past,
    bare_word,
    feminine_state,
    governed_clause,
    quoted_speaker,
    self_references,
    speaker_at,
    verb_gender,
    words,
)
from marsad.code.subjects import (
    antecedent_is_subject,
    criticised_owner,
    place_adjectives,
    pronoun_between,
    relative_antecedent,
    resumptive_follows,
    thing_subject,
    unnamed_subject,
)
from marsad.code.triggers import CLITIC_PREPS as _CLITIC_PREPS
from marsad.code.triggers import ENCLITICS as _ENCLITICS
from marsad.code.triggers import IN as _IN
from marsad.code.triggers import NOUN_GOVERNORS as _NOUN_GOVERNORS
from marsad.code.triggers import find_triggers
from marsad.code.undergo import undergone
from marsad.code.voice import agent_slot, one_attack, outcome_of_previous
from marsad.doc import Doc, Event, Mention, Participant, Sentence, Span, Story, TimeExpr

_PREPOSITIONS = frozenset({"حول", "قرب", "داخل", "عبر", "فوق", "قبالة", "شمال", "جنوب", "شرق", "غرب", "شمالي",
                           "جنوبي", "شرقي", "غربي", "وسط", "اراضي", "في", "وفي", "مع", "الي", "علي", "ضد", "من",
                           "تجاه", "بحق", "نحو", "لدي", "عن", "بين", "ازاء", "حيال"})
_ACTOR_VIA_WEAK = "adjective"
_RECIPROCAL = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT"})
_ADDRESSED = frozenset({"من", "ل", "لل", "الي"})  # whom a request is made of, after what it asks
# A meeting's other side comes with مع، ب or as an object, never after على/ضد/عن/من (للقاء لتنسيق رد على X).
_NOT_CONSULTED = frozenset({"علي", "ضد", "عن", "من", "نحو", "تجاه"})
_DOMESTIC_EVENTS = frozenset({"COERCE", "ASSAULT", "MOBILIZE", "PROTEST"})
# Events that need the other side named: aid goes to someone, cooperation is with someone, a visit
# is to someone; without a recipient the trigger is more likely a topic than an event.
_NEEDS_RECIPIENT = frozenset({"AID", "COOPERATE"})
_TWO_SIDED = frozenset({"visit", "host"})  # a visit or a reception names who came
# verbal nouns whose genitive is their agent, so a mention after it is their object (لقاء الملك سلمان
# الرئيس السيسي); the genitive of an attack, an arrest or relief is who suffers it (اعتقال كوري جنوبي)
_AGENT_GENITIVE = frozenset({"CONSULT", "REQUEST", "ACCUSE", "SUPPORT", "REJECT", "AGREE"})
_VERB_PARTICLES = frozenset({"قد", "لقد", "فقد", "وقد", "سوف", "لم", "لن", "لا", "كان", "كانت"})
_PURPOSE = frozenset({"ل", "لل", "ول", "ولل"})  # لـ before a verbal noun: the purpose of the clause's subject
_POINTERS = frozenset({"هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين", "كل", "جميع"})
_MEDIUM = frozenset({"علي", "عبر", "في", "وفي"})
_NOT_RECIPIENT = frozenset({"عن", "لدي", "بين", "في", "وفي"})  # about, at: no recipient behind these
_S = TypeVar("_S", bound=Span)
_START = itemgetter(0)


def code_events(doc: Doc) -> list[Event]:
    events: list[Event] = []
    stories = {s.index: s for s in doc.stories}
    discourse = Discourse()
    mentions = _by_sentence(doc, [m for m in doc.mentions if m.code])
    timexes = _by_sentence(doc, doc.timexes)
    for k, sent in enumerate(doc.sentences):
        found = code_sentence(doc, sent, stories.get(sent.story), discourse, mentions[k], timexes[k])
        if not found:
            _remember_speaker(doc, sent, discourse)
        events.extend(found)
    return follow_up(doc, events, find_triggers)


def _remember_speaker(doc: Doc, sent: Sentence, discourse: Discourse) -> None:
    """A sentence with no event whose words a state's government says (وكانت الحكومة المغربية قالت
    إنها تعتقد …) leaves it as the subject the next sentence may drop (وقد سجن حوالي 200 منهم)."""
    said_by = speaker_at(doc, sent, sent.start)
    if said_by is not None and said_by.sector == "GOV":
        discourse.actors[sent.story] = [said_by]


def _by_sentence(doc: Doc, spans: Sequence[_S]) -> list[list[_S]]:
    """The spans inside each sentence, in their order, in one pass over them."""
    starts = [s.start for s in doc.sentences]
    out: list[list[_S]] = [[] for _ in starts]
    for m in spans:
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and m.end <= doc.sentences[k].end:
            out[k].append(m)
    return out


def code_sentence(doc: Doc, sent: Sentence, story: Story | None, discourse: Discourse | None = None,
                  mentions: list[Mention] | None = None, timexes: list[TimeExpr] | None = None) -> list[Event]:
    norm = doc.norm
    tokens = doc.tokens(sent.start, sent.end)
    if not tokens:
        return []
    hits = find_triggers(tokens)
    if not hits and not possible(norm.text[tokens[0].start:tokens[-1].end]) \
            and words("incident").isdisjoint(map(itemgetter(2), tokens)):
        return []
    if hits and sports_report(tokens):
        hits = [h for h in hits if h.trigger.event in KEPT_IN_SPORTS]  # يستضيف الملعب المباراة: no visit
    discourse = discourse if discourse is not None else Discourse()
    if mentions is None:
        mentions = [m for m in doc.mentions if sent.start <= m.start and m.end <= sent.end and m.code]
    speaker = speaker_at(doc, sent, sent.start)
    mentions = sorted(mentions + self_references(doc, tokens, mentions, speaker), key=lambda m: (m.start, -m.end))
    slots = _slots(doc, tokens, mentions)
    inside = _inside_names(slots)
    named = [h for h in hits if h.start in inside] if inside else []
    if named:
        hits = [h for h in hits if not any(h is n for n in named)]
        for h in hits:
            if any(h.governor is n for n in named):
                h.governor = None  # مكتب التحقيقات … تحقيقا: a trigger word inside a name governs nothing
    if timexes is None:
        timexes = [t for t in doc.timexes if sent.start <= t.start and t.end <= sent.end]
    out: list[Event] = []
    seen: dict[tuple[str, str, str, frozenset[str]], list[set[str]]] = {}
    parties: dict[int, tuple[list[Mention], list[Mention]]] = {}  # each hit's sides, for what it governs
    previous: list[Mention] = []
    for hit in hits:
        if outcome_of_previous(tokens, hit, hits):
            continue
        actors, recipients, rule = _arguments(norm.text, tokens, hit, slots)
        recipients = _before_content(doc, tokens, hit, (hits, slots), recipients)
        if rule == "first":  # "سنحمل الولايات المتحدة المسؤولية": the speaker does it
            said_by = quoted_speaker(doc, sent, norm.raw_start(tokens[hit.start].start)) or speaker
            actors = [said_by] if said_by is not None else []
        if thing_subject(tokens, hit, slots, rule):
            continue  # إن جثامين القتلى وصلت: a thing is the subject of a verb done by someone
        if _reporter(actors, hit, rule):
            actors, rule = [], ""  # ذكرت وكالة فرانس برس أن الغارة …: the outlet reports the event
        if not _own_content(hit, actors, rule, parties):
            continue
        actors, recipients = _refine(doc, sent, tokens, hit, (actors, recipients, rule),
                                     (slots, parties, previous, discourse))
        actors, recipients = own_forces(hit, rule, slots, (actors, recipients))
        undergo = undergone(tokens, hit, slots, discourse.history.get(sent.story, []))
        if undergo is not None:
            actors, recipients = undergo  # تتعرض قطر إلى مقاطعة: the subject suffers it
        if not actors:
            actors, implied = _unsaid_agent(doc, sent, tokens, hit, discourse.history.get(sent.story, []))
            recipients = [r for r in recipients if r.code not in {a.code for a in actors}] or implied
        if not actors:
            actors = _unnamed_attacker(doc, tokens, hit)
        parties[id(hit)] = (actors, recipients)
        one_sided = not recipients and len({a.code for a in actors}) < 2
        if not actors or (one_sided and (hit.trigger.event in _NEEDS_RECIPIENT or hit.trigger.alone == NO_EVENT_ALONE
                                         or (hit.trigger.mode in _TWO_SIDED and not refused(tokens, hit)))):
            continue
        date, timex = event_date(doc, tokens, hit, timexes, story)
        aux = _aux(tokens, hit, timex, story)
        key = (hit.trigger.event, date, aux, frozenset(a.code for a in actors))
        told = {r.code for r in recipients}
        if key in seen and (not told or any(not s or s & told for s in seen[key])):
            continue  # one event per assertion: a second trigger of the same type, date and actors
        seen.setdefault(key, []).append(told)
        if not hit.nominal:
            previous = actors
        recipients = recipients or context_recipients(hit.trigger.event, actors, tokens, slots,
                                                      discourse.history.get(sent.story, []))
        discourse.remember(sent.story, actors, recipients, hit.trigger)
        t_start = norm.raw_start(tokens[hit.start].start + len(hit.prefix))
        t_end = norm.raw_end(tokens[hit.end - 1].end)
        event, aux, recipients = retype(tokens, hit, slots, (actors, recipients), aux)
        if event != hit.trigger.event and not recipients:  # لن تتفاوض: a refusal is addressed to someone
            recipients = context_recipients(event, actors, tokens, slots, discourse.history.get(sent.story, []))
        out.append(Event(
            sent.start, sent.end, event, doc.text[t_start:t_end], t_start, t_end,
            story=sent.story, mode=hit.trigger.mode if event == hit.trigger.event else "",
            actor=[_participant(m) for m in actors], recipient=[_participant(m) for m in recipients],
            date=date, loc=location(tokens, hit, slots, actors + recipients),
            aux=aux, rule=f"{hit.trigger.kind}:{hit.trigger.lemma}:{rule}",
            confidence=0.6 if recipients else 0.5,
        ))
    out += construction_events(doc, sent, story, out, (tokens, slots, timexes, discourse.history.get(sent.story, [])))
    out += _incidents(doc, sent, story, out, (tokens, slots, timexes, discourse.history.get(sent.story, [])))
    return one_attack(out)


def _incidents(doc: Doc, sent: Sentence, story: Story | None, out: list[Event],
               context: tuple[list[Token], list[_Slot], list, list[Past]]) -> list[Event]:
    """ووقع الحادث في …: the story's last incident again, placed and dated by this sentence."""
    tokens, slots, timexes, history = context
    found = []
    for hit, actors, recipients in incident_hits(tokens, history):
        if any(e.event == hit.trigger.event for e in out):
            continue
        date, timex = event_date(doc, tokens, hit, timexes, story)
        t_start = doc.norm.raw_start(tokens[hit.start].start)
        t_end = doc.norm.raw_end(tokens[hit.end - 1].end)
        found.append(Event(
            sent.start, sent.end, hit.trigger.event, doc.text[t_start:t_end], t_start, t_end,
            story=sent.story, mode=hit.trigger.mode,
            actor=[_participant(m) for m in actors], recipient=[_participant(m) for m in recipients],
            date=date, loc=location(tokens, hit, slots, actors + recipients),
            aux=_aux(tokens, hit, timex, story), rule=f"incident:{hit.trigger.lemma}", confidence=0.5,
        ))
    return found


def _unsaid_agent(doc: Doc, sent: Sentence, tokens: list[Token], hit: _Hit,
                  history: list[Past]) -> tuple[list[Mention], list[Mention]]:
    """Parties for a trigger whose clause names no agent: the speaker of the quoted words it stands
    in ("نوجه تحذيرا إلى إيران"), or those of the story's event a definite verbal noun refers to."""
    if hit.trigger.kind == "verb" and not hit.nominal:
        said_by = quoted_speaker(doc, sent, doc.norm.raw_start(tokens[hit.start].start))
        return ([said_by], []) if said_by is not None else ([], [])
    stem = tokens[hit.start].text[len(hit.prefix):]
    definite = hit.prefix in ("ال", "وال", "فال") or (not hit.prefix and stem.startswith("ال")) \
        or any(t.text.startswith("ال") for t in tokens[hit.start + 1:hit.end])  # من ضمن المطالب
    lead = tokens[hit.start - 1].text if hit.start > 0 else ""
    if lead in _PREPOSITIONS or lead in _NOUN_GOVERNORS or bare_word(lead) in words("frame") or lead in _POINTERS:
        return [], []  # حول المعتقل، بعد التجربة، هذه الاحتجاجات: background, not the event itself
    return anaphoric_parties(hit.trigger, history) if definite else ([], [])


def _unnamed_attacker(doc: Doc, tokens: list[Token], hit: _Hit) -> list[Mention]:
    """فجر انتحاري نفسه، أطلق مسلح النار: an attack verb whose subject right after it is an unnamed
    attacker (an indefinite noun, no state's name) is done by an unknown actor."""
    if hit.trigger.event != "ASSAULT" or hit.nominal or hit.end >= len(tokens) \
            or tokens[hit.end].text not in words("attacker"):
        return []
    t = tokens[hit.end]
    start, end = doc.norm.raw_start(t.start), doc.norm.raw_end(t.end)
    return [Mention(start, end, text=doc.text[start:end], kind="ORG", code="XXX", sector="REB", via="group")]


def _before_content(doc: Doc, tokens: list[Token], hit: _Hit, found: tuple[list[_Hit], list[_Slot]],
                    recipients: list[Mention]) -> list[Mention]:
    """Whom a request is made of stands before what it asks for: a side named inside the requested
    act (من ضمن المطالب قطع العلاقات مع تنظيم الدولة وحزب الله) is that act's, not the request's — unless
    من or لـ addresses it (تسعى إلى الحصول على دعم من صندوق النقد)."""
    hits, slots = found
    if hit.trigger.event != "REQUEST" or not recipients:
        return recipients
    content = next((h for h in hits if h.governor is hit and h.start >= hit.end), None)
    if content is None:
        return recipients
    stop = doc.norm.raw_start(tokens[content.start].start)
    return [r for r in recipients if r.start < stop or _slot_of(slots, r).prep in _ADDRESSED]


def _reporter(actors: list[Mention], hit: _Hit, rule: str) -> bool:
    """News outlets are the actor of a trigger only as the subject of its verb (تدعو الصحيفة)."""
    return bool(actors) and all(a.sector == "MED" for a in actors) and (hit.nominal or rule not in ("vs", "sv"))



def _slots(doc: Doc, tokens: list[Token], mentions: list[Mention]) -> list[_Slot]:
    norm = doc.norm
    slots: list[_Slot] = []
    for m in mentions:
        nstart = norm.norm_index(m.start)
        tok = bisect_right(tokens, nstart, key=_START) - 1  # the token holding the mention's start
        if tok < 0 or nstart >= tokens[tok].end:
            continue
        prep = ""
        token = tokens[tok]
        lead = token.text[: nstart - token.start]
        conj = lead.startswith("و")
        if lead in _CLITIC_PREPS:
            prep = lead
        elif tok > 0 and tokens[tok - 1].text in _PREPOSITIONS:
            prep = tokens[tok - 1].text
        elif tok > 0 and tokens[tok - 1].text.startswith("و") and tokens[tok - 1].text[1:] in _PREPOSITIONS:
            prep = tokens[tok - 1].text[1:]
        if not prep and slots and conj and 0 < tok - slots[-1].tok <= 3 and slots[-1].prep:
            prep = slots[-1].prep  # X مع Y وZ: a coordinated mention shares its head's preposition
        if prep in _IN:
            named = frozenset(k for s in slots for k in range(s.tok, s.last + 1))
            office = office_preposition(tokens, tok, _PREPOSITIONS, named)
            prep = prep if office is None else office  # بوزير الخارجية في كوريا الجنوبية: the minister
        if prep in ("في", "من", "ل", "لل") and _member_of(tokens, tok, prep):
            prep = ""  # عنصرا في تنظيم الدولة، تابعة للبحرية الأمريكية: the group itself
        nend = norm.norm_index(m.end) - 1
        last = bisect_right(tokens, nend, key=_START) - 1
        if last < tok or nend >= tokens[last].end:
            last = tok
        slots.append(_Slot(m, tok, prep, conj, last))
    places = place_adjectives(tokens, slots)
    return [s for k, s in enumerate(slots) if k not in places] if places else slots


def _inside_names(slots: list[_Slot]) -> set[int]:
    """The tokens inside a name, after its first (مكتب التحقيقات الفيدرالي، دول الحصار): a trigger word
    there is part of the name."""
    return {k for s in slots for k in range(s.tok + 1, s.last + 1)}


def _member_of(tokens: list[Token], tok: int, prep: str) -> bool:
    head = tok - 1 if prep in ("ل", "لل") else tok - 2
    return head >= 0 and bare_word(tokens[head].text) in words("member")


def _slot_of(slots: list[_Slot], m: Mention) -> _Slot:
    return next((s for s in slots if s.mention is m), _Slot(m, -1, ""))


def _coordinated(slots: list[_Slot], first: _Slot, tokens: list[Token]) -> list[_Slot]:
    """The slot plus the mentions coordinated with it by و (X وY، رئيسا روسيا وبيلاروس)."""
    group = [first]
    idx = slots.index(first)
    for nxt in slots[idx + 1:]:
        last = group[-1]
        if (nxt.mention.start, nxt.mention.end) == (first.mention.start, first.mention.end):
            group.append(nxt)  # the two states of a pair reference (البلدين)
            continue
        gap_tokens = nxt.tok - last.tok
        starts_with_wa = nxt.conj
        if nxt.mention.start < last.mention.end:
            continue
        shared = nxt.prep == "" or (nxt.prep == last.prep and not _far_apart(last, nxt))
        if gap_tokens <= 3 and starts_with_wa and shared and nxt.mention.via != _ACTOR_VIA_WEAK:
            group.append(nxt)
        elif gap_tokens == 1 and last.mention.via == nxt.mention.via == _ACTOR_VIA_WEAK:
            group.append(nxt)  # مباحثات سعودية تركية: adjectives side by side
        else:
            break
    return group


def _far_apart(a: _Slot, b: _Slot) -> bool:
    return b.tok - a.last > 2


def _punct_between(text: str, start: int, end: int) -> bool:
    return any(ch in "،,.:؛;" for ch in text[start:end])


def _head_of_coordination(slots: list[_Slot], slot: _Slot, tokens: list[Token]) -> _Slot:
    """The first member of the coordination a mention closes (روسيا وإيران → روسيا)."""
    idx = slots.index(slot)
    while idx > 0:
        prev = slots[idx - 1]
        cur = slots[idx]
        if prev.mention.start == cur.mention.start:  # the states of one pair reference (البلدان الأربعة)
            idx -= 1
            continue
        if prev.prep or not cur.conj or cur.tok - prev.tok > 3:
            break
        idx -= 1
    return slots[idx]


def _arguments(text: str, tokens: list[Token], hit: _Hit,
               slots: list[_Slot]) -> tuple[list[Mention], list[Mention], str]:
    strong = [s for s in slots
              if s.mention.via != _ACTOR_VIA_WEAK or s.mention.kind != "GPE" or _people(tokens, hit, s)]
    after = [s for s in strong if s.tok >= hit.end]
    before = [s for s in strong if s.tok < hit.start]
    actor_slot: _Slot | None = None
    rule = ""
    if hit.trigger.kind == "participle":
        actor_slot, rule = _participle_agent(before), "participle"
    elif hit.nominal:
        actor_slot, rule = _nominal_agent(tokens, hit, slots, before)
    elif first_person(hit.trigger, tokens[hit.start].text[len(hit.prefix):]):
        return [], _recipients(tokens, hit, slots, after, [], "first"), "first"
    else:
        # subject–verb: a mention right before the verb (واشنطن تطالب موسكو) is its subject
        clause = _hit_clause(tokens, hit)
        lead = hit.start
        while lead > 0 and tokens[lead - 1].text in _VERB_PARTICLES:
            lead -= 1  # فلين قد اتهم: particles between the subject and its verb
        close = [s for s in before if s.tok >= max(clause, lead - 2) and not s.prep and s.last + 1 >= lead] \
            or _qualified_subject(slots, clause, lead)
        if close and not resumptive_follows(tokens, hit):
            actor_slot, rule = _head_of_coordination(slots, close[-1], tokens), "sv"
        if actor_slot is None:
            actor_slot, rule = _verb_subject(text, tokens, hit, slots, before, after)
    clause = _hit_clause(tokens, hit)
    if actor_slot is None and governed_clause(tokens, clause) and (not hit.nominal or hit.start - clause <= 1):
        cands = [s for s in before if not s.prep]  # قالت كوريا الشمالية إنها ستدافع عن نفسها
        if cands:
            actor_slot, rule = _head_of_coordination(slots, cands[-1], tokens), "speaker"
    if actor_slot is None:
        between = [s for s in strong if s.prep == "بين"]
        if between:
            group = _coordinated(slots, between[0], tokens)
            if len(group) >= 2:
                return [group[0].mention], _unique([g.mention for g in group[1:]]), "between"
        if hit.trigger.event in _RECIPROCAL:
            stop = _hit_clause_end(tokens, hit)  # فاتحة للمفاوضات لكن حكومتي السعودية …: not the next clause's
            parties = _unique([s.mention for s in strong if clause <= s.tok < stop])
            if len(parties) >= 2 and len({p.code for p in parties}) >= 2:
                return parties[:1], [p for p in parties[1:] if p.code != parties[0].code][:1], "participants"
        return [], _recipients(tokens, hit, slots, after, [], ""), ""
    actors = _coordinated(slots, actor_slot, tokens)
    return _unique([a.mention for a in actors]), _recipients(tokens, hit, slots, after, actors, rule, text), rule


def _object_of_noun(text: str, tokens: list[Token], agent: _Slot, s: _Slot) -> bool:
    """A mention after a verbal noun's genitive agent, in the same phrase, is its object
    (استقبال الملك سلمان أمس وزير الخارجية المصري، زيارة بوتين تركيا)."""
    return bool(text) and s.tok > agent.last and not _punct_between(text, tokens[agent.last].end, tokens[s.tok].start)


def _people(tokens: list[Token], hit: _Hit, s: _Slot) -> bool:
    """A state's adjective that names its people: a crowd of them protesting (تظاهر آلاف الفلسطينيين)
    or a plural in the nominative right after a verb (قصف الإسرائيليون), where no noun stands for it
    to describe (a singular or an oblique plural there is a passive's victim or a verbal noun's
    object: قتل بريطاني، منع السعوديين من دخول)."""
    if hit.nominal:
        return False
    if hit.trigger.event == "PROTEST" and s.tok == hit.end + 1 and tokens[hit.end].text in words("crowd"):
        return True
    return s.tok == hit.end and tokens[s.tok].text.endswith("ون")


def _recipients(tokens: list[Token], hit: _Hit, slots: list[_Slot], after: list[_Slot], actors: list[_Slot],
                rule: str, text: str = "") -> list[Mention]:
    """The other side: the first mention after the trigger in its clause governed by a preposition
    or standing as the verb's object, with what is coordinated with it."""
    actor_codes = {a.mention.code for a in actors}
    recipients: list[Mention] = []
    taken = {id(a) for a in actors}
    clause_end = _hit_clause_end(tokens, hit)
    for s in after:
        if id(s) in taken or s.tok - hit.end > 20 or s.tok >= clause_end:
            continue
        if hit.trigger.event == "CONSULT" and s.prep in _NOT_CONSULTED:
            continue
        if s.mention.sector in ("MED", "BUS") and any(t.text in _MEDIUM for t in tokens[max(0, s.tok - 2):s.tok]):
            continue  # في تغريدة على موقع تويتر، عبر وكالة رويترز: the medium, not the other side
        # a verbal noun's genitive is its object once its agent is the role's (دور إيران في دعم النظام السوري)
        direct_object = not s.prep and (not hit.nominal or (rule == "role" and s.tok <= hit.end + 1)
                                        or (rule == "genitive" and hit.trigger.event in _AGENT_GENITIVE
                                            and _object_of_noun(text, tokens, actors[-1], s))
                                        or (rule == "pronoun" and s.tok <= hit.end + 1)) \
            and (rule != "vs" or s.tok > actors[-1].tok)  # استقبال الملك سلمان وزير الخارجية المصري
        if (s.prep and s.prep not in _NOT_RECIPIENT) or direct_object:
            if criticised_owner(tokens, hit, s, slots):
                recipients = [s.mention]  # ترامب يستنكر تلويح واشنطن: whose act is criticised, own side too
                break
            if not _other_side(s.mention, actors, hit.trigger.event):
                continue
            group = _coordinated(slots, s, tokens)
            recipients = [g.mention for g in group if _other_side(g.mention, actors, hit.trigger.event)]
            break
    if not recipients:
        # نددت بالغارات التركية: a state named by its adjective after the trigger, in the clause
        weak = [s for s in slots if s.tok >= hit.end and s.tok < clause_end and s.tok - hit.end <= 8
                and s.mention.via == _ACTOR_VIA_WEAK and s.mention.code not in actor_codes
                and not pronoun_between(tokens, hit.end, s.tok)]  # تفرض حصارا عليها: the other side is the pronoun
        if weak:
            recipients = [weak[0].mention]
    return _unique(recipients)


def _participle_agent(before: list[_Slot]) -> _Slot | None:
    """The agent of a circumstantial participle (قال …، داعيا الأمم المتحدة إلى): the subject of the
    sentence's verb, its first mention before the participle outside a prepositional phrase (the
    mention right after the participle is its object)."""
    return next((s for s in before if not s.prep), None)


def _nominal_agent(tokens: list[Token], hit: _Hit, slots: list[_Slot],
                   before: list[_Slot]) -> tuple[_Slot | None, str]:
    """A verbal noun takes its agent as a genitive or adjective right after it (زيارة بوتين، هجوم
    إسرائيلي), as the subject of a relative clause on it (العقوبات التي تفرضها السعودية) or as the
    subject of the clause just before it — not when it is framed as a cause or time (بسبب اتهامات)."""
    role = _role_agent(tokens, hit, slots)
    if role is not None:
        return role, "role"
    between_ok = hit.end < len(tokens) and tokens[hit.end].text[:1] not in ("ب", "ل", "و", "ف")
    near = [s for s in slots if (s.tok == hit.end or (s.tok == hit.end + 1 and between_ok)) and not s.prep]
    pronoun = hit.trigger.event == "CONSULT" and _carries_agent(tokens, hit)
    if near and not pronoun:
        return near[0], "genitive"
    agent = agent_slot(tokens, hit, slots)
    if agent is not None:
        return agent, "agent"
    relative = words("relative")
    rel = next((k for k in range(hit.end, min(hit.end + 4, len(tokens))) if tokens[k].text in relative), None)
    definite = rel is not None and all("ال" in t.text[:4] or t.text.startswith(("لل", "ولل"))
                                       for t in tokens[hit.start:rel])
    if rel is not None and definite:
        after_rel = [s for s in slots if rel + 2 <= s.tok <= rel + 4 and not s.prep]
        if after_rel:
            return after_rel[0], "relative"
    if hit.start > 0 and bare_word(tokens[hit.start - 1].text) in words("frame"):
        return None, ""
    clause = _hit_clause(tokens, hit)
    antecedent = aside_antecedent(tokens, hit.start)
    if antecedent is not None:  # فرضت الصين، التي …، عقوبات: the aside's antecedent
        return next((s for s in slots if s.last == antecedent and not s.prep), None), "sv"
    reach = clause if hit.prefix in _PURPOSE else max(clause, hit.start - 5)  # انضموا إلى … للمطالبة
    cands = [s for s in before if s.tok >= reach and not s.prep]
    if cands:
        # قتل 36 شخصا من مقاتلي الحشد في هجوم: those an attack is "in" suffered it
        suffered = _suffered(tokens, hit)
        rule = "undergoer" if suffered else "pronoun" if pronoun else "sv"
        return _head_of_coordination(slots, cands[-1], tokens), rule
    return None, ""


_AGENT_PRONOUNS = ("هما", "هم", "ها", "ه")


def _carries_agent(tokens: list[Token], hit: _Hit) -> bool:
    """A one-word verbal noun with a pronoun on it (خلال استقباله، زيارتها): the pronoun is its agent,
    so the mention right after it is its object, not its genitive agent."""
    if hit.end - hit.start != 1:
        return False
    word = tokens[hit.start].text[len(hit.prefix):]
    index = lexicon().index
    for suffix in _AGENT_PRONOUNS:
        base = word[: -len(suffix)]
        if not word.endswith(suffix) or len(base) < 3:
            continue
        if base.endswith("ت") and base[:-1] + "ه" in index:
            return True  # زيارته، إدانتها: ة before a pronoun is ت
        # a bare ه may be the normalized ة of the noun itself (مطالبة → مطالبه, not مطالب + ه)
        if base in index and (suffix != "ه" or base.endswith("ال")):
            return True  # لقاءها، استقباله
    return False


def _role_agent(tokens: list[Token], hit: _Hit, slots: list[_Slot]) -> _Slot | None:
    """دور إيران في دعم النظام، الدور البارز للمملكة في مساندة الشعب: a verbal noun after في or ل that
    tells a role or effort is done by the one named right after the role noun (the genitive after
    the verbal noun is then what it is done to)."""
    k = hit.start
    if hit.prefix not in _PURPOSE:
        if k == 0 or tokens[k - 1].text not in _IN:
            return None
        k -= 1
    role = next((j for j in range(k - 1, max(-1, k - 5), -1) if bare_word(tokens[j].text) in words("role")), None)
    if role is None:
        return None
    return next((s for s in slots if role < s.tok < k and s.prep in ("", "ل", "لل")), None)


def _suffered(tokens: list[Token], hit: _Hit) -> bool:
    """قتل 36 شخصا في هجوم: the subject of a clause an attack is "in" suffered it — not when it took
    part (شاركت في الهجوم), fought (في قتالها، في معارك مع) or the noun carries its agent."""
    if hit.trigger.event != "ASSAULT" or hit.start < 1 or tokens[hit.start - 1].text not in _IN:
        return False
    if hit.trigger.lemma in words("mutual_fight") or tokens[hit.start].text.endswith(_ENCLITICS):
        return False
    return hit.start < 2 or bare_word(tokens[hit.start - 2].text) not in words("take_part")


def _qualified_subject(slots: list[_Slot], clause: int, lead: int) -> list[_Slot]:
    """طائرة إيرانية (بدون طيار) اقتربت: a state's adjective just before the verb names its subject."""
    last = [s for s in slots if s.tok < lead][-1:]
    return [s for s in last if s.mention.via == _ACTOR_VIA_WEAK and clause < s.tok and lead - 3 <= s.tok and not s.prep]


def _verb_subject(text: str, tokens: list[Token], hit: _Hit, slots: list[_Slot], before: list[_Slot],
                  after: list[_Slot]) -> tuple[_Slot | None, str]:
    """Verb–subject (a mention right after the verb, no preposition, no comma between, agreeing in
    gender: دعا قطر is not قطر calling), the antecedent of a relative verb, or the clause's subject."""
    gender = verb_gender(tokens[hit.start], hit.prefix, hit.trigger)
    antecedent = relative_antecedent(tokens, hit, slots)
    if antecedent is not None and antecedent_is_subject(tokens, hit):
        return _head_of_coordination(slots, antecedent, tokens), "relative"
    for s in after if not resumptive_follows(tokens, hit) else ():
        if s.tok - hit.end > 3 or _punct_between(text, tokens[hit.end - 1].end, tokens[s.tok].start):
            break
        if any(t.text in _PREPOSITIONS for t in tokens[hit.end:s.tok]):
            break  # سترد على نشر اليابان: a mention past a preposition's phrase is not the subject
        if not s.prep:
            if unnamed_subject(tokens, hit.end, s.tok, slots):
                break  # وتوعدت الكتائب القوات الأمريكية: the forces are the object
            if gender == "m" and feminine_state(s.mention):
                break  # the object: the subject was dropped
            return s, "vs"
    if antecedent is not None:
        return _head_of_coordination(slots, antecedent, tokens), "relative"
    clause = _hit_clause(tokens, hit)
    cands = [s for s in before if s.tok >= clause and not s.prep]
    if cands:  # أصدر بيانا، تلقت بي بي سي نسخة منه، اتهم فيه: the subject of the clause's first verb
        return _head_of_coordination(slots, cands[0 if resumptive_follows(tokens, hit) else -1], tokens), "clause"
    cands = [s for s in before if not s.prep]
    if cands:
        return _head_of_coordination(slots, cands[-1], tokens), "speaker"
    return None, ""


def _other_side(m: Mention, actors: list[_Slot], event: str) -> bool:
    """A recipient is another state — or, for a state acting at home by force, its own opposition,
    people, press or courts (اعتقلت السلطات الروسية زعيم المعارضة)."""
    same = [a.mention for a in actors if a.mention.code == m.code]
    if not same:
        return True
    return event in _DOMESTIC_EVENTS and m.sector in DOMESTIC_SECTORS and all(a.sector != m.sector for a in same)



def _participant(m: Mention) -> Participant:
    sector = m.sector or ("GOV" if m.kind == "GPE" else "")  # a state named by its adjective
    return Participant(m.code, sector, m.text, m.start, m.end)
