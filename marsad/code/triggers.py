"""Finding event triggers in a sentence's tokens: the lexicon's word forms with their clitics,
the object a trigger needs, a verb form read as a noun after a preposition, and which earlier
trigger a trigger is the content of (طلب منه نشر الصواريخ)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from itertools import compress, pairwise
from operator import itemgetter
from types import MappingProxyType

from marsad.arabic.tokenize import PROCLITICS, Token, proclitic_splits
from marsad.code.asides import past_aside
from marsad.code.clauses import BOUNDARIES
from marsad.code.clauses import Hit as _Hit
from marsad.code.clauses import hit_clause as _hit_clause
from marsad.code.constructions import time_frame
from marsad.code.lexicon import Trigger, lexicon
from marsad.code.parties import CLAUSE_LINKS as _CLAUSE_LINKS
from marsad.code.parties import alleging as _alleging
from marsad.code.roles import bare_word, words
from marsad.formcache import FormCache

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
# the enclitics by their last letter, in the order of ENCLITICS
_ENCLITICS_BY_LAST = MappingProxyType({c: tuple(e for e in ENCLITICS if e.endswith(c))
                                       for c in {e[-1] for e in ENCLITICS}})
# a trigger's own pronoun suffixes: not ي, which makes a nisba adjective (اجتماعي، دولي) far more
# often than "my"
_TRIGGER_ENCLITICS_BY_LAST = MappingProxyType({c: tuple(e for e in es if e != "ي")
                                               for c, es in _ENCLITICS_BY_LAST.items() if c != "ي"})
# Words a finite verb never directly follows: a verb form after them is its verbal noun (على نشر).
NOUN_GOVERNORS = frozenset({"علي", "الي", "من", "في", "عن", "حول", "ضد", "خلال", "عقب", "بعد", "قبل", "رغم",
                            "بسبب", "اثر", "جراء", "لدي", "منذ", "وعلي", "والي", "ومن", "وفي", "وعن"})
IN = frozenset({"في", "وفي"})


# the word forms that may begin one of a trigger's word sequences, each with the rest of the
# sequences it may begin (the words after the first)
_Cues = Mapping[str, tuple[tuple[str, ...], ...]]
# (words, trigger, proclitics, nominal, suffixed, the words after the first, the cues of the
# trigger's objects and of its negatives)
_Reading = tuple[tuple[str, ...], Trigger, str, bool, bool, tuple[str, ...], _Cues, _Cues]
# a word form's readings of one word, and by the word after it those that word may continue (all in
# the order of the readings: at the same length the first whose context is there wins)
_Readings = tuple[tuple[_Reading, ...], Mapping[str, tuple[_Reading, ...]]]
_NO_NEXT: Mapping[str, tuple[_Reading, ...]] = MappingProxyType({})


def _read_trigger(text: str) -> _Readings | tuple[()]:
    """The lexicon entries a token may begin, its clitics allowed: the unsuffixed readings first,
    then those without a pronoun suffix (توقيعها → توقيع، توقيعه). Most tokens begin none (an empty
    tuple)."""
    index = lexicon().index
    splits = proclitic_splits(text)
    readings = [(p, s, False) for p, s in splits if s in index and not (not p and _clitic_and_place(text))]
    for p, s in splits:
        if p.endswith(("ال", "لل")):
            continue  # the article takes no pronoun suffix: الاجتماعي is social, not "the my meeting"
        for suffix in _TRIGGER_ENCLITICS_BY_LAST.get(s[-1:], ()):
            if s.endswith(suffix) and len(s) - len(suffix) >= 3:
                base = s[: -len(suffix)]
                if base in index:
                    readings.append((p, base, True))
                if base.endswith("ت") and base[:-1] + "ه" in index:  # توقيعها → توقيعة → توقيعه (taa marbuta
                    readings.append((p, base[:-1] + "ه", True))  # before a suffix)
    if not readings:
        return ()
    object_pronoun = text.endswith(_OBJECT_PRONOUNS)  # not ه: وزارة، حركة end so once normalized
    out: list[_Reading] = []
    for prefix, stem, suffixed in readings:
        for forms, trig, nominal in index.get(stem, ()):
            allowed = _NOUN_PREFIXES if nominal or trig.kind != "verb" else _VERB_PREFIXES
            if prefix in allowed and (nominal or not suffixed or object_pronoun):
                out.append((forms, trig, prefix, nominal, suffixed, forms[1:],  # اتهمها، اشترتهما: the object a pronoun
                            _cues(trig.objects), _cues(trig.negatives)))
    if not out:
        return ()
    singles = tuple(r for r in out if not r[5])
    seconds = {r[5][0] for r in out if r[5]}
    if not seconds:
        return singles, _NO_NEXT
    return singles, MappingProxyType({w: tuple(r for r in out if not r[5] or r[5][0] == w) for w in seconds})


# a word form is looked at once (a sentence's forms are looked up in one pass: the coder spent a
# fifth of its time in this lookup with functools.lru_cache); 150,000 forms take the memory 100,000
# took in lru_cache, and miss as often (first in, first out, where lru_cache kept the recent ones)
_trigger_readings: FormCache[_Readings | tuple[()]] = FormCache(_read_trigger, 150_000)


def find_triggers(tokens: list[Token]) -> list[_Hit]:
    texts = tuple(map(itemgetter(2), tokens))
    found = _trigger_readings.many(texts)  # most words begin no trigger
    size = len(texts)
    hits: list[_Hit] = []
    seen: list[_Hit] = []
    after = 0  # tokens before this belong to a trigger already found
    for i in list(compress(range(size), found)):
        if i < after:
            continue
        singles, by_next = found[i]  # type: ignore[misc]  # compress kept only the words that begin one
        readings = by_next.get(texts[i + 1], singles) if by_next and i + 1 < size else singles
        if not readings:
            continue  # في، من، على begin phrases only
        reading = _best_reading(tokens, texts, i, readings)
        if reading is None:
            continue
        forms, trig, prefix, nominal = reading[:4]
        best = _Hit(i, i + len(forms), trig, prefix, nominal)
        if not nominal and _after_preposition(best, tokens):
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


def _best_reading(tokens: list[Token], texts: tuple[str, ...], i: int,
                  readings: tuple[_Reading, ...]) -> _Reading | None:
    """The reading the words at i are: the longest whose words and context are there, at the same
    length the first whose object is there."""
    best: _Reading | None = None
    best_n = 0
    for reading in readings:
        forms, trig, _prefix, nominal, suffixed, tail, objects, negatives = reading
        n = len(forms)
        if best is not None and (n < best_n or (n == best_n and (not trig.objects or best[1].objects))):
            continue  # it could not win: its context is not looked at
        if tail and texts[i + 1:i + n] != tail:
            continue
        if suffixed and not nominal and trig.objects and not _any_seq(texts, max(0, i - _WINDOW_ANTECEDENT), i,
                                                                       objects) \
                and not (trig.lemma in words("two_objects") and _context_ok(tokens, texts, i + n, trig,
                                                                            (objects, negatives))):
            continue  # الحاملة … التي اشترتها مصر: the pronoun stands for an object named before (or
            # a second object follows: التي تصنفها الدول جماعة إرهابية)
        if suffixed and nominal and trig.objects and not _any_seq(texts, 0, i, objects) \
                and not _context_ok(tokens, texts, i + n, trig, (objects, negatives)):
            continue  # العلاقات … وسبل دعمها وتعزيزها: a verbal noun's pronoun is its object named
            # earlier in the sentence (المعاهدة … بعد توقيعها) or its agent, whose object then follows
            # (تعزيزها لقواتها)
        if ((trig.objects and not suffixed) or trig.negatives) \
                and not _context_ok(tokens, texts, i + n, trig, (objects, negatives), object_in_suffix=suffixed):
            continue
        if suffixed and trig.objects and best is not None \
                and not _context_ok(tokens, texts, i + n, trig, (objects, negatives)):
            continue  # أعربت عن إدانتها للهجوم: a reading found first keeps the word unless this one's object is there
        if (nominal or trig.kind == "participle") and i > 0 and _names_or_counts(texts[i - 1], trig):
            continue  # عشرات الاتهامات: a counted noun, not an act
        if (nominal or trig.kind == "noun") and i > 0 and (texts[i - 1] in words("portfolio")
                                                           or texts[i - 1] in words("site")):
            continue  # وزير الاستثمار، وزارة التعاون الدولي، موقع الاحتجاج، قانون التظاهر: a name
        if (nominal or trig.kind in ("noun", "phrase")) and i > 0 and texts[i - 1] in words("stopped"):
            continue  # بوقف التنسيق الأمني: what ends, not what happens
        if nominal and i > 0 and texts[i - 1] in words("answered"):
            continue  # تلبية لدعوة: why a visit was made
        if i > 0 and (texts[i - 1] in words("without") or (
                not nominal and trig.kind == "verb" and texts[i - 1] in words("thing_relative"))):
            continue  # بدون تحفظ: a manner, not a refusal; بما يدعم الاستقرار: a thing does it (but مما
            # أدى إلى مقتل tells what an attack did)
        if trig.event == "ASSAULT" and (nominal or trig.kind == "phrase") and _after_disaster(texts, i):
            continue  # العاصفة أسفرت عن مقتل ستة أشخاص: no one attacked
        if _agent_noun(trig, nominal, texts, i, n):
            continue  # طالب سعودي، 8000 طالب وطالبة: students, not "demanded"
        if trig.kind == "participle" and i > 0 and texts[i - 1].isdigit():
            continue  # القبض على 1651 متهما: the accused, counted
        best, best_n = reading, n
    return best


_DISASTER_REACH = 3  # الحريق الذي اندلع أمس أسفر عن: the disaster a few words before its outcome


def _after_disaster(texts: tuple[str, ...], i: int) -> bool:
    disasters = words("disaster")
    return any(bare_word(texts[k]) in disasters for k in range(max(0, i - _DISASTER_REACH), i))


def _clitic_and_place(text: str) -> bool:
    """وعدن is و + عدن (Aden) before it is وعدن (they promised): a clitic on a place's name."""
    return text[:1] in ("و", "ف", "ب", "ل") and len(text) > 3 and text[1:] in _place_names()


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """One-word names of states and places in the gazetteer, normalized."""
    from marsad.recognize.gazetteer import entity_names

    return frozenset(name for name, entries in entity_names().items()
                     if " " not in name and any(e.kind in ("GPE", "LOC") for e in entries))


def _agent_noun(trig: Trigger, nominal: bool, texts: tuple[str, ...], i: int, n: int) -> bool:
    """A verb spelled like its agent noun (طالب: demanded / a student) is the noun with an indefinite
    nationality adjective right after it (جثة طالب سعودي), its feminine coordinated after it (طالب
    وطالبة) or a number right before it (8000 طالب)."""
    lemma = trig.lemma
    if nominal or trig.kind != "verb" or len(lemma) != 4 or lemma[1] != "ا":
        return False
    after = i + n
    if after < len(texts) and (texts[after] in _nationality_adjectives() or texts[after] == "و" + texts[i] + "ه"):
        return True
    return i > 0 and texts[i - 1].isdigit()


@lru_cache(maxsize=1)
def _nationality_adjectives() -> frozenset[str]:
    """Indefinite state adjectives (سعودي، أمريكية), normalized."""
    from marsad.recognize.gazetteer import entity_names

    return frozenset(name for name, entries in entity_names().items()
                     if not name.startswith("ال") and " " not in name and any(e.via == "adjective" for e in entries))


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
    between = tokens[prev.end:hit.start]
    if between and between[-1].text in words("relative"):
        between = between[:-1]  # التفجير الإرهابي الذي استهدف مسجدا: the relative verb tells the noun's event
        if not all(_adjective(t.text) for t in between):
            return False
    gap = tokens[prev.end - 1:hit.start + 1]
    return len(between) <= 1 and all(b.start - a.end == 1 for a, b in pairwise(gap)) \
        and all(t.text not in _CLAUSE_LINKS for t in gap)


def _adjective(word: str) -> bool:
    """A definite nisba adjective (الإرهابي، الانتحارية)."""
    return word.startswith("ال") and word.endswith(("ي", "يه")) and len(word) > 4


def _governor(hit: _Hit, hits: list[_Hit], tokens: list[Token]) -> _Hit | None:
    """The trigger whose content this one is (طلب منه نشر الصواريخ), if any."""
    if not hits or (not hit.nominal and hit.prefix[:1] in ("و", "ف")) or hit.trigger.kind == "participle":
        return None  # ودعا …، …، داعيا: a coordinated verb or a circumstantial participle asserts on its own
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
        return prev if _hit_clause(tokens, hit) <= prev.start else None
    return None


def _names_or_counts(previous: str, trig: Trigger) -> bool:
    if previous in _forms_of(_QUANTITY_NOUNS):
        return True
    return trig.event != "SUPPORT" and previous in _forms_of(_AGREEMENT_NOUNS)


@lru_cache(maxsize=4096)
def _stems_of(text: str) -> frozenset[str]:
    return frozenset(stem for _p, stem in Token(0, 0, text).splits())


@lru_cache(maxsize=64)
def _forms_of(stems: frozenset[str]) -> frozenset[str]:
    """Every word form one of whose stems (its proclitics taken off) is in stems."""
    out = set(stems)
    for stem in stems:
        out.update(w for w in (p + stem for p in PROCLITICS) if stem in _stems_of(w))
    return frozenset(out)


@lru_cache(maxsize=4096)
def _cues(seqs: tuple[tuple[str, ...], ...]) -> _Cues:
    """The word forms that may begin one of the sequences, with the rest of those they may begin."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for form in _forms_of(frozenset(w[0] for w in seqs)):
        stems = _stems_of(form)
        out[form] = [w[1:] for w in seqs if w[0] in stems]
    return MappingProxyType({form: tuple(rests) for form, rests in out.items()})


def _any_seq(texts: tuple[str, ...], start: int, stop: int, cues: _Cues) -> bool:
    """Whether one of the word sequences starts at a token in [start, stop) (a set test over the
    window first: most windows hold none)."""
    if cues.keys().isdisjoint(texts[start:stop]):
        return False
    for j in range(start, min(stop, len(texts))):
        for rest in cues.get(texts[j], ()):
            if texts[j + 1:j + 1 + len(rest)] == rest:
                return True
    return False


def _context_ok(tokens: list[Token], texts: tuple[str, ...], after: int, trig: Trigger,
                cues: tuple[_Cues, _Cues], object_in_suffix: bool = False) -> bool:
    """The trigger's required object follows in its clause (توقيع الاتفاقية), or is the pronoun on it
    (توقيعها); cues are those of its objects and its negatives."""
    objects, negatives = cues
    if trig.objects and not object_in_suffix:
        window = texts[after:after + _WINDOW_OBJ]
        stop = after + len(window) if BOUNDARIES.isdisjoint(window) else after + next(
            k for k, t in enumerate(window) if t in BOUNDARIES)
        if not _any_seq(texts, after, stop, objects) and not _object_past_aside(tokens, texts, stop, objects):
            return False
    return not (trig.negatives and _any_seq(texts, after, after + _WINDOW_NOT, negatives))


def _object_past_aside(tokens: list[Token], texts: tuple[str, ...], stop: int, objects: _Cues) -> bool:
    """فرضت الصين، التي تعد …، عقوبات: the object right after a comma-set relative clause."""
    resume = past_aside(tokens, stop)
    return resume is not None and _any_seq(texts, resume, resume + 1, objects)
