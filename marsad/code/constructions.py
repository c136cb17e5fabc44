"""Events said by a construction rather than by one trigger word (data/constructions.tsv):

- nuclear posture: a right, readiness, threshold or possibility to use nuclear weapons or "all
  means" (الحق باستخدام كافة الوسائل، على استعداد للعمل بسلاحها النووي، العتبة التي يمكن عندها
  استخدام روسيا لأسلحتها النووية) is a THREATEN by the state whose weapons they are or who claims
  the right;
- a treaty as the instrument of a two-party verb (روسيا وبيلاروس تعززان التحالف بمعاهدة) is the
  two sides signing it (SUPPORT);
- a demonstrative re-mention of an agreement (مع هذا الاتفاق) in a sentence naming its two sides,
  once the story has reported a signing, is SUPPORT between them.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise
from operator import itemgetter

from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import PROCLITICS, Token
from marsad.code.clauses import Hit, Slot, clause_start
from marsad.code.lexicon import Trigger
from marsad.code.qualify import aux, event_date, location
from marsad.code.roles import Past
from marsad.doc import Doc, Event, Mention, Participant, Sentence, Story, TimeExpr
from marsad.resources import read_tsv

_USE_WINDOW = 5  # posture word … use (العتبة التي يمكن عندها استخدام)
_WEAPON_WINDOW = 3  # use … weapon (استخدام روسيا لأسلحتها النووية)
_SUBJECT_WINDOW = 3  # subject … posture word (العاصمة البيلاروسية على استعداد)
_VERB_WINDOW = 5  # two-party verb … instrument (تعززان التحالف الأمني بمعاهدة)
_PAIR_WINDOW = 15  # the two sides … this agreement
_INSTRUMENT_PREFIXES = frozenset({"ب", "وب"})


@lru_cache(maxsize=1)
def _classes() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for category, word in read_tsv("constructions.tsv"):
        out.setdefault(category, set()).update(_bare_forms(normalize_text(word.strip())))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=64)
def construction_words(category: str) -> frozenset[str]:
    return _classes().get(category, frozenset())


def forms(text: str) -> frozenset[str]:
    """A token's stems without its proclitics and article (للعمل → عمل، بمعاهده → معاهده)."""
    out: set[str] = set()
    for _prefix, stem in Token(0, 0, text).splits():
        out |= _bare_forms(stem)
    return frozenset(out)


def _bare_forms(stem: str) -> set[str]:
    return {stem, stem[2:]} if stem.startswith("ال") and len(stem) > 3 else {stem}


def _is(token: Token, category: str) -> bool:
    return token.text in _class_forms().get(category, frozenset())


@lru_cache(maxsize=1)
def _class_forms() -> dict[str, frozenset[str]]:
    """For each word class, every token form one of whose :func:`forms` is in it (its clitics and
    article allowed): a word is of a class by one set test."""
    proclitics = ("", *PROCLITICS)
    out: dict[str, frozenset[str]] = {}
    for category, words in _classes().items():
        candidates = {p + a + w for w in words for p in proclitics for a in ("", "ال")}
        out[category] = frozenset(c for c in candidates if not forms(c).isdisjoint(words))
    return out


def time_frame(tokens: list[Token], k: int) -> bool:
    """The word at k follows a framing word (خلال الاجتماع، وأثناء الزيارة، على هامش القمة)."""
    return k > 0 and _is(tokens[k - 1], "frame")


def possible(text: str) -> bool:
    """Whether a sentence's normalized text may hold a construction: a few substring tests for the
    rarest word of each (most sentences have none, and are left before any other work)."""
    for key, cues in _cues():
        if key in text and (not cues or any(map(text.__contains__, cues))):
            return True
    return False


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The weapon of a posture, ب before an instrument, a demonstrative before an agreement; a cue
    holding a shorter one is left out (النوويه holds نووي). Cues of two words are grouped under their
    second, tested first (most sentences name no agreement)."""
    cues = {w for w in construction_words("nuclear") | construction_words("means") if not w.startswith("ال")}
    cues |= {"ب" + w for w in construction_words("instrument")}
    cues |= {f"{p} {a}" for p in construction_words("pointer") for a in construction_words("agreement")
             if a.startswith("ال")}
    kept = sorted(c for c in cues if not any(o != c and o in c for o in cues))
    groups: dict[str, list[str]] = {}
    for cue in kept:
        groups.setdefault(cue.rsplit(" ", 1)[-1], []).append(cue)
    return tuple((key, () if group == [key] else tuple(group)) for key, group in groups.items())


def construction_events(doc: Doc, sent: Sentence, story: Story | None, found: list[Event],
                        context: tuple[list[Token], list[Slot], list[TimeExpr], list[Past]]) -> list[Event]:
    """The sentence's construction events, except those its triggers already gave (same type and actor)."""
    tokens, slots, timexes, history = context
    if not tokens or not possible(doc.norm.text[tokens[0].start:tokens[-1].end]):
        return []
    candidates = _postures(tokens, slots) + _instruments(tokens, slots) + _references(tokens, slots, history)
    out: list[Event] = []
    for hit, actors, recipients in candidates:
        codes = {a.code for a in actors}
        if any(e.event == hit.trigger.event and codes & {a.code for a in e.actor} for e in found + out):
            continue
        out.append(_event(doc, sent, story, (tokens, slots, timexes), (hit, actors, recipients)))
    return out


Candidate = tuple[Hit, list[Mention], list[Mention]]


def _trigger(event: str, mode: str, lemma: str) -> Trigger:
    return Trigger(event, mode, "phrase", lemma)


def _postures(tokens: list[Token], slots: list[Slot]) -> list[Candidate]:
    if _class_forms()["posture"].isdisjoint(map(itemgetter(2), tokens)):
        return []  # most sentences hold no posture word
    out: list[Candidate] = []
    k = 0
    while k < len(tokens):
        span = _posture_at(tokens, k) if _is(tokens[k], "posture") else None
        if span is None:
            k += 1
            continue
        use, end = span
        actor = _posture_actor(tokens, slots, k, use)
        if actor is not None:
            out.append((Hit(k, end, _trigger("THREATEN", "", "posture"), ""), [actor], []))
        k = end
    return out


def _posture_at(tokens: list[Token], cue: int) -> tuple[int, int] | None:
    """(use, end) when a use of nuclear weapons or of all means follows the posture word."""
    for use in range(cue + 1, min(cue + 1 + _USE_WINDOW, len(tokens))):
        if _is(tokens[use], "use"):
            end = _weapon_end(tokens, use)
            return (use, end) if end else None
    return None


def _weapon_end(tokens: list[Token], use: int) -> int:
    for k in range(use + 1, min(use + 1 + _WEAPON_WINDOW, len(tokens))):
        if _is(tokens[k], "nuclear"):
            return k + 1
        if _is(tokens[k], "means") and _is(tokens[k - 1], "all"):
            peaceful = k + 1 < len(tokens) and _is(tokens[k + 1], "peaceful")
            return 0 if peaceful else k + 1
    return 0


def _posture_actor(tokens: list[Token], slots: list[Slot], cue: int, use: int) -> Mention | None:
    """The state whose weapons they are (استخدام روسيا), the subject that holds the right or
    readiness (العاصمة البيلاروسية على استعداد), or who says so (أشار بوتين إلى أن المعاهدة تمنح الحق)."""
    owner = next((s for s in slots if s.tok == use + 1 and not s.prep), None)
    if owner is not None:
        return owner.mention
    clause = clause_start(tokens, cue)
    subject = [s for s in slots if clause <= s.tok < cue and not s.prep and s.last >= cue - _SUBJECT_WINDOW]
    if subject:
        return subject[-1].mention
    if clause > 0:
        speaker = [s for s in slots if s.tok < clause and not s.prep]
        if speaker:
            return speaker[-1].mention
    return None


def _instruments(tokens: list[Token], slots: list[Slot]) -> list[Candidate]:
    if _class_forms()["instrument"].isdisjoint(map(itemgetter(2), tokens)):
        return []
    out: list[Candidate] = []
    for k, token in enumerate(tokens):
        if not _instrument_noun(token):
            continue
        clause = clause_start(tokens, k)
        verb = next((v for v in range(k - 1, max(clause, k - _VERB_WINDOW) - 1, -1) if _two_party_verb(tokens[v])),
                    None)
        if verb is None:
            continue
        sides = _distinct([s.mention for s in slots if clause <= s.tok < verb and not s.prep and s.last >= verb - 4])
        if len(sides) >= 2:
            out.append((Hit(k, k + 1, _trigger("SUPPORT", "sign", "instrument"), "ب"), sides[:1], sides[1:]))
    return out


def _instrument_noun(token: Token) -> bool:
    return _is(token, "instrument") and _after_ba(token.text)


@lru_cache(maxsize=100_000)
def _after_ba(text: str) -> bool:
    nouns = construction_words("instrument")
    return any(p in _INSTRUMENT_PREFIXES and s in nouns for p, s in Token(0, 0, text).splits())


def _two_party_verb(token: Token) -> bool:
    """An imperfect verb in the dual (تعززان، يوقعان، وتوقعان)."""
    text = token.text[1:] if token.text[:1] in ("و", "ف") and len(token.text) > 6 else token.text
    return len(text) >= 5 and text[:1] in ("ت", "ي") and text.endswith("ان") and not text.startswith("ال")


def _references(tokens: list[Token], slots: list[Slot], history: list[Past]) -> list[Candidate]:
    if not any(t is not None and t.event == "SUPPORT" and t.mode == "sign" for t, _a, _r in history):
        return []
    for k in range(len(tokens) - 1):
        if tokens[k].text in construction_words("pointer") and _is(tokens[k + 1], "agreement"):
            sides = _pair_before(slots, k)
            if sides:
                return [(Hit(k, k + 2, _trigger("SUPPORT", "sign", "reference"), ""), sides[:1], sides[1:])]
    return []


def _pair_before(slots: list[Slot], k: int) -> list[Mention]:
    """Two states named side by side before k (التحالف الروسي-البيلاروسي، روسيا وبيلاروس)."""
    near = [s for s in slots if k - _PAIR_WINDOW <= s.tok < k and not s.prep and len(s.mention.code) == 3]
    for a, b in pairwise(near):
        if b.tok - a.last <= 1 and a.mention.code != b.mention.code:
            return [a.mention, b.mention]
    return []


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.code and m.code not in seen:
            seen.add(m.code)
            out.append(m)
    return out


def _event(doc: Doc, sent: Sentence, story: Story | None, context: tuple[list[Token], list[Slot], list[TimeExpr]],
           candidate: Candidate) -> Event:
    tokens, slots, timexes = context
    hit, actors, recipients = candidate
    date, timex = event_date(doc, tokens, hit, timexes, story)
    start = doc.norm.raw_start(tokens[hit.start].start + len(hit.prefix))
    end = doc.norm.raw_end(tokens[hit.end - 1].end)
    return Event(sent.start, sent.end, hit.trigger.event, doc.text[start:end], start, end, story=sent.story,
                 mode=hit.trigger.mode, actor=[participant(m) for m in actors],
                 recipient=[participant(m) for m in recipients], date=date,
                 loc=location(tokens, hit, slots, actors + recipients), aux=aux(tokens, hit, timex, story),
                 rule=f"construction:{hit.trigger.lemma}", confidence=0.5)


def participant(m: Mention) -> Participant:
    sector = m.sector or ("GOV" if m.kind == "GPE" else "")  # a state named by its adjective
    return Participant(m.code, sector, m.text, m.start, m.end)

