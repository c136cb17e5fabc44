"""Finding event triggers in a sentence's tokens: the lexicon's word forms with their clitics,
the object a trigger needs, a verb form read as a noun after a preposition, and which earlier
trigger a trigger is the content of (طلب منه نشر الصواريخ)."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise
from operator import itemgetter

from marsad.arabic.tokenize import Token
from marsad.code.asides import past_aside
from marsad.code.clauses import Hit as _Hit
from marsad.code.clauses import clause_end as _clause_end
from marsad.code.clauses import clause_start as _clause_start
from marsad.code.constructions import time_frame
from marsad.code.lexicon import Trigger, lexicon
from marsad.code.parties import CLAUSE_LINKS as _CLAUSE_LINKS
from marsad.code.parties import alleging as _alleging
from marsad.code.roles import words

_VERB_PREFIXES = frozenset({"", "و", "ف", "س", "وس", "فس", "ل", "ول", "فل"})
_NOUN_PREFIXES = frozenset({"", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل",
                            "ولل", "وب", "ول", "فب", "فل", "وبال"})
_WINDOW_OBJ = 16  # VSO: subject, titles, names, place and day may all stand before the object
_WINDOW_NOT = 5
_WINDOW_ANTECEDENT = 8
_OBJECT_PRONOUNS = ("ها", "هما", "هم")
# A nominal trigger right after one of these names an agreement (اتفاقية التعاون) rather than
# reporting an event; right after a quantity word it is a statistic (حجم التبادل التجاري).
_AGREEMENT_NOUNS = frozenset({"اتفاقيه", "الاتفاقيه", "اتفاق", "الاتفاق", "معاهده", "المعاهده", "مذكره",
                              "بروتوكول", "ميثاق", "اتفاقيات", "معاهدات", "اطار", "بموجب"})
_QUANTITY_NOUNS = frozenset({"حجم", "قيمه", "نسبه", "معدل", "اجمالي", "ارقام"})
# Events whose content is another action (طلب منه نشر الصواريخ، هدد بقصف، رفض الانسحاب): a trigger
# that follows them in the same clause is that content, not an event of its own.
_CONTENT_TAKING = frozenset({"REQUEST", "AGREE", "REJECT", "THREATEN", "ACCUSE"})
_CONTENT_WINDOW = 12
_FRAME_WORDS = frozenset({"خلال", "اثناء", "في", "قبل", "بعد", "عقب", "لدي", "ابان", "وخلال"})
CLITIC_PREPS = ("ب", "ل", "ك", "وب", "ول", "فب", "فل", "لل", "ولل", "بال", "وبال")
ENCLITICS = ("هما", "هم", "هن", "ها", "ه", "نا", "كم", "ي")
# Words a finite verb never directly follows: a verb form after them is its verbal noun (على نشر).
NOUN_GOVERNORS = frozenset({"علي", "الي", "من", "في", "عن", "حول", "ضد", "خلال", "عقب", "بعد", "قبل", "رغم",
                            "بسبب", "اثر", "جراء", "لدي", "منذ", "وعلي", "والي", "ومن", "وفي", "وعن"})
IN = frozenset({"في", "وفي"})


@lru_cache(maxsize=200_000)
def _trigger_readings(text: str) -> tuple[tuple[tuple[str, ...], Trigger, str, bool, bool], ...]:
    """(words, trigger, proclitics, nominal, suffixed) for every lexicon entry a token may begin,
    its clitics allowed: the unsuffixed readings first, then those without a pronoun suffix
    (توقيعها → توقيع، توقيعه). Most tokens begin none, and a word form is looked at once."""
    index = lexicon().index
    splits = Token(0, 0, text).splits()
    readings = [(p, s, False) for p, s in splits if s in index]
    object_pronoun = text.endswith(_OBJECT_PRONOUNS)  # not ه: وزارة، حركة end so once normalized
    for p, s in splits:
        for suffix in ENCLITICS:
            if s.endswith(suffix) and len(s) - len(suffix) >= 3:
                base = s[: -len(suffix)]
                readings.append((p, base, True))
                if base.endswith("ت"):  # توقيعها → توقيعة → توقيعه (taa marbuta before a suffix)
                    readings.append((p, base[:-1] + "ه", True))
    out = []
    for prefix, stem, suffixed in readings:
        for forms, trig, nominal in index.get(stem, ()):
            allowed = _NOUN_PREFIXES if nominal or trig.kind != "verb" else _VERB_PREFIXES
            if prefix in allowed and (nominal or not suffixed or object_pronoun):
                out.append((forms, trig, prefix, nominal, suffixed))  # اتهمها، اشترتهما: the object a pronoun
    return tuple(out)


def find_triggers(tokens: list[Token]) -> list[_Hit]:
    readings = list(map(_trigger_readings, map(itemgetter(2), tokens)))  # most words begin no trigger
    hits: list[_Hit] = []
    seen: list[_Hit] = []
    after = 0  # tokens before this belong to a trigger already found
    for i in [k for k, r in enumerate(readings) if r]:
        if i < after:
            continue
        best: _Hit | None = None
        for forms, trig, prefix, nominal, suffixed in readings[i]:
            n = len(forms)
            if i + n > len(tokens) or any(tokens[i + k].text != forms[k] for k in range(1, n)):
                continue
            if suffixed and not nominal and trig.objects and not _any_seq(tokens, max(0, i - _WINDOW_ANTECEDENT), i,
                                                                           trig.objects) \
                    and not (trig.lemma in words("two_objects") and _context_ok(tokens, i + n, trig)):
                continue  # الحاملة … التي اشترتها مصر: the pronoun stands for an object named before (or
                # a second object follows: التي تصنفها الدول جماعة إرهابية)
            if not _context_ok(tokens, i + n, trig, object_in_suffix=suffixed):
                continue
            if nominal and i > 0 and _names_or_counts(tokens[i - 1], trig):
                continue
            longer = best is None or n > best.end - best.start
            if longer or (n == best.end - best.start and trig.objects and not best.trigger.objects):
                best = _Hit(i, i + n, trig, prefix, nominal)  # the longer, or the one whose object is there
        if best:
            if not best.nominal and _after_preposition(best, tokens):
                best.nominal = True  # ردا على نشر الولايات المتحدة، في هجوم انتحاري، بكمين: a noun after a preposition
            if _describes(best, hits, tokens):
                if hits[-1].trigger.objects:
                    hits[-1].end = best.end  # نشر قطع بحرية أمريكية: the verbal noun's object
                after = best.end
                continue  # هجوم استهدف مواقع الحشد: an indefinite noun's relative verb is the same event
            best.governor = _governor(best, seen, tokens)
            hits.append(best)  # content is coded only when its own agent is named (see _own_content)
            seen.append(best)  # a dropped trigger still governs what follows (استنكر تلويح واشنطن بفرض العقوبات)
            after = best.end
    return hits


def _after_preposition(hit: _Hit, tokens: list[Token]) -> bool:
    """A verb form right after a preposition, or a phrase right after في or a clitic one, is a noun."""
    if hit.trigger.kind == "phrase":
        return hit.prefix in CLITIC_PREPS or (not hit.prefix and hit.start > 0 and tokens[hit.start - 1].text in IN)
    return hit.trigger.kind == "verb" and not hit.prefix and hit.start > 0 \
        and (tokens[hit.start - 1].text in NOUN_GOVERNORS or tokens[hit.start - 1].text in words("among"))


def _describes(hit: _Hit, hits: list[_Hit], tokens: list[Token]) -> bool:
    """A finite verb right after a verbal noun of its own type (غارة استهدفت، هجوم إسرائيلي استهدف)."""
    if hit.nominal or hit.trigger.kind == "noun" or hit.prefix or not hits:
        return False
    prev = hits[-1]
    if not (prev.nominal or prev.trigger.kind == "noun") or prev.trigger.event != hit.trigger.event:
        return False
    gap = tokens[prev.end - 1:hit.start + 1]
    return hit.start - prev.end <= 1 and all(b.start - a.end == 1 for a, b in pairwise(gap)) \
        and all(t.text not in _CLAUSE_LINKS for t in gap)


def _governor(hit: _Hit, hits: list[_Hit], tokens: list[Token]) -> _Hit | None:
    """The trigger whose content this one is (طلب منه نشر الصواريخ), if any."""
    if not hits or (not hit.nominal and hit.prefix[:1] in ("و", "ف")):
        return None  # ودعا …: a coordinated verb starts an assertion of its own
    if hit.start > 0 and tokens[hit.start - 1].text in _CLAUSE_LINKS:
        return None  # …، ثم دعا
    prev = hits[-1]
    if len(hits) > 1 and time_frame(tokens, prev.start):
        prev = hits[-2]  # طلب خلال الاجتماع من بوتين نشر: the framing meeting governs nothing
    if _alleging(prev) and not hit.nominal:
        return None  # an accusation's content is a verbal noun (اتهمه بقصف), a finite verb is news of its own
    if hit.nominal and hit.start - prev.end <= 1:
        return prev  # يناقشان التعاون: a verbal noun right after a trigger is its topic
    if prev.trigger.event in _CONTENT_TAKING and hit.start - prev.end <= _CONTENT_WINDOW:
        if hit.start > 0 and tokens[hit.start - 1].text in _FRAME_WORDS:
            return None  # طلب خلال الاجتماع: the meeting frames the request, it is not its content
        return prev if _clause_start(tokens, hit.start) <= prev.start else None
    return None


def _names_or_counts(previous: Token, trig: Trigger) -> bool:
    stems = _stems(previous)
    if stems & _QUANTITY_NOUNS:
        return True
    return trig.event != "SUPPORT" and bool(stems & _AGREEMENT_NOUNS)


def _stems(token: Token) -> frozenset[str]:
    return _stems_of(token.text)


@lru_cache(maxsize=100_000)
def _stems_of(text: str) -> frozenset[str]:
    return frozenset(stem for _p, stem in Token(0, 0, text).splits())


def _seq_at(tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(tokens) or words[0] not in _stems(tokens[i]):
        return False
    return all(tokens[i + k].text == words[k] for k in range(1, len(words)))


def _any_seq(tokens: list[Token], start: int, stop: int, seqs: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of the word sequences starts at a token in [start, stop)."""
    firsts = _firsts(seqs)
    for j in range(start, min(stop, len(tokens))):
        stems = _stems_of(tokens[j].text)
        if not stems.isdisjoint(firsts) and any(_seq_at(tokens, j, w) for w in seqs if w[0] in stems):
            return True
    return False


@lru_cache(maxsize=4096)
def _firsts(seqs: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    return frozenset(w[0] for w in seqs)


def _context_ok(tokens: list[Token], after: int, trig: Trigger, object_in_suffix: bool = False) -> bool:
    """The trigger's required object follows in its clause (توقيع الاتفاقية), or is the pronoun on it
    (توقيعها)."""
    if trig.objects and not object_in_suffix:
        stop = min(after + _WINDOW_OBJ, _clause_end(tokens, after))
        if not _any_seq(tokens, after, stop, trig.objects) and not _object_past_aside(tokens, stop, trig):
            return False
    return not (trig.negatives and _any_seq(tokens, after, after + _WINDOW_NOT, trig.negatives))


def _object_past_aside(tokens: list[Token], stop: int, trig: Trigger) -> bool:
    """فرضت الصين، التي تعد …، عقوبات: the object right after a comma-set relative clause."""
    resume = past_aside(tokens, stop)
    return resume is not None and _any_seq(tokens, resume, resume + 1, trig.objects)
