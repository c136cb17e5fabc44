"""Names the gazetteer does not know: people from given names, titles and names seen earlier in
the text; organisations from the nouns that head their names (حزب، مجلس، منظمة …)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from operator import itemgetter

from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import Token, tokenize
from marsad.formcache import FormCache
from marsad.resources import data_path, read_tsv, word_list

_NAME_PROCLITICS = ("و", "ب", "ل", "ف", "وب", "ول")
_NAME_PROCLITICS_LONGEST_FIRST = tuple(sorted(_NAME_PROCLITICS, key=len, reverse=True))
_MAX_NAME_TOKENS = 4


@dataclass(frozen=True, slots=True)
class NameLexicon:
    given: dict[str, bool]  # normalized given name → also a common word
    particles: frozenset[str]  # بن، أبو، آل، عبد …
    function_words: frozenset[str]
    titles: frozenset[str]  # one-word titles; multiword ones by their last word
    person_nouns: frozenset[str]  # اللاعب، الدبلوماسي: nouns a nationality adjective and a name follow
    common: frozenset[str]  # common words: never part of an unknown name
    org_heads: dict[str, str]  # head noun → sector
    speech: frozenset[str]  # قال، أضاف، قالت: a name may follow as the subject
    name_endings: tuple[str, ...]  # ‑وف، ‑سكي، ‑يتش: foreign family names
    word_endings: tuple[str, ...]  # مخاوف، جوائز: Arabic words with those endings
    role_heads: frozenset[str]  # وزير، المتحدث، اللاعب: a role phrase they head may end in a name
    eponyms: frozenset[str] = frozenset()  # نوبل، غينيس: family names that also name prizes and brands


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    given: dict[str, bool] = {}
    particles: set[str] = set()
    if data_path("given_names.tsv").exists():
        for name, _gender, origin, note in read_tsv("given_names.tsv"):
            key = normalize_text(name)
            if origin == "particle":
                particles.add(key)
            else:
                given[key] = given.get(key, False) or note == "ambiguous"
    particles |= {normalize_text(p) for p in ("بن", "ابن", "بنت", "أبو", "أبي", "آل", "عبد", "ولد")}
    function_words = word_list("function_words.tsv")
    common = frozenset(w for (w,) in read_tsv("common_words.tsv"))
    for word in given.keys() & (function_words | common):
        given[word] = True  # علي is also على once normalized; صباح is also a morning
    return NameLexicon(
        given=given,
        particles=frozenset(particles),
        function_words=function_words,
        titles=frozenset(normalize_text(w) for (w,) in read_tsv("person_titles.tsv") if " " not in w),
        person_nouns=_with_bare(normalize_text(w) for (w,) in read_tsv("person_nouns.tsv")),
        common=common,
        org_heads={normalize_text(h): s for h, s in read_tsv("org_heads.tsv")},
        speech=_speech_forms(),
        name_endings=tuple(normalize_text(e) for e, kind in read_tsv("name_shapes.tsv") if kind == "name"),
        word_endings=tuple(normalize_text(e) for e, kind in read_tsv("name_shapes.tsv") if kind == "word"),
        role_heads=_role_heads(),
        eponyms=word_list("eponyms.tsv"),
    )


def _role_heads() -> frozenset[str]:
    words = [normalize_text(w) for (w,) in read_tsv("role_heads.tsv")]
    words += [normalize_text(w) for (w,) in read_tsv("person_titles.tsv") if " " not in w]
    words += [normalize_text(w) for (w,) in read_tsv("person_nouns.tsv")]
    out = set(words) | {"ال" + w for w in words if not w.startswith("ال")}
    return frozenset(out | {w[2:] for w in out if w.startswith("ال") and len(w) > 4})


def _speech_forms() -> frozenset[str]:
    forms: set[str] = set()
    for past, present in read_tsv("speech_verbs.tsv"):
        forms |= {normalize_text(past), normalize_text(past) + "ت", normalize_text(present)}
    return frozenset(forms)


def _with_bare(words: Iterable[str]) -> frozenset[str]:
    """Nouns with and without the article: اللاعب and لاعب."""
    out = set(words)
    return frozenset(out | {w[2:] for w in out if w.startswith("ال") and len(w) > 4})


@dataclass(frozen=True, slots=True)
class NameSpan:
    start: int  # offsets into the normalized text
    end: int
    kind: str  # PERS or ORG
    sector: str = ""
    after_title: bool = False


@dataclass(slots=True)
class NameMemory:
    """Surnames of people named in full earlier in the text, so a later surname alone is a person."""

    surnames: set[str] = field(default_factory=set)


@lru_cache(maxsize=50_000)
def _strip(token: str) -> tuple[str, str]:
    for p in _NAME_PROCLITICS_LONGEST_FIRST:
        if token.startswith(p) and len(token) - len(p) >= 3:
            return p, token[len(p):]
    return "", token


def _free(tokens: list[Token], i: int, taken: list[tuple[int, int]]) -> bool:
    """Token i overlaps no span in taken (a plain loop: this is the unknown-name pass's hot path)."""
    t = tokens[i]
    ts, te = t.start, t.end
    for s, e in taken:
        if s < te and ts < e:
            return False
    return True


def find_names(text: str, start: int, end: int, taken: list[tuple[int, int]],
                memory: NameMemory | None = None, cues: frozenset[int] = frozenset(),
                tokens: list[Token] | None = None) -> list[NameSpan]:
    """Unknown person and organisation names in text[start:end] (normalized text), outside taken;
    cues are the end offsets of nationality adjectives, which may stand before a name (الروسي X);
    ``tokens``: the tokens of text[start:end] when the caller has them."""
    from marsad.recognize.org_names import org_at  # org_names builds on this module's helpers

    lex = name_lexicon()
    tokens = tokenize(text, start, end) if tokens is None else tokens
    words = _words.many(list(map(itemgetter(2), tokens)))
    surnames = memory.surnames if memory is not None else set()
    out: list[NameSpan] = []
    roled = _role_ends(text, tokens, words, taken, lex)
    appositions = _appositions(text, tokens, words, taken, lex)
    known = len(surnames)
    look = _looked_at(tokens, words, surnames, cues, roled, appositions)
    i, pair_at, at = 0, -1, 0
    while True:
        if len(surnames) != known:  # a surname remembered: its later mentions are candidates too
            known = len(surnames)
            look, at = _looked_at(tokens, words, surnames, cues, roled, appositions), 0
        # the next token the test below may pass: a candidate, or the one right after a name (which
        # و may join to it)
        while at < len(look) and look[at] < i:
            at += 1
        i = min(look[at] if at < len(look) else len(tokens), pair_at if pair_at >= i else len(tokens))
        if i >= len(tokens):
            break
        w = words[i]
        maybe = (w[3] or (i > 0 and (words[i - 1][4] or tokens[i - 1].end in cues)) or i == pair_at
                 or (i > 1 and words[i - 2][4]) or w[1] in surnames or w[5] in surnames or i in roled
                 or (w[10] and i > 0 and words[i - 1][9]))
        pair = out[-1] if i == pair_at else None
        found = (i in appositions and _apposition_at(text, tokens, i, appositions[i], taken, lex, memory)) or \
            (maybe and _person_at(text, tokens, i, taken, lex, memory, cues, pair, i in roled)) or \
            (w[6] and org_at(text, tokens, i, taken, lex)) or None
        if found:
            found = _with_first_name(text, tokens, i, found, taken, lex)
            out.append(found)
            taken = [*taken, (found.start, found.end)]
            while i < len(tokens) and tokens[i].start < found.end:
                i += 1
            pair_at = i if found.kind == "PERS" else -1
        else:
            i += 1
    return out


def _looked_at(tokens: list[Token], words: list[tuple], surnames: set[str], cues: frozenset[int],
               roled: frozenset[int], appositions: dict[int, int]) -> list[int]:
    """The tokens where find_names' test may pass, in order, found with C-level passes over the
    flags of each word form: a word that may start a name or an organisation; the one or two words
    after a title, the word after a speech verb or a nationality adjective; a remembered surname; a
    word after a role phrase; the first word of an apposition."""
    n = len(tokens)
    look = set(compress(range(n), map(itemgetter(11), words)))
    for k in compress(range(n), map(itemgetter(4), words)):
        look.add(k + 1)
        look.add(k + 2)
    look.update(k + 1 for k in compress(range(n), map(itemgetter(9), words)))
    if cues:
        look.update(k + 1 for k, t in enumerate(tokens) if t.end in cues)
    if surnames and not surnames.isdisjoint(chain(map(itemgetter(1), words), map(itemgetter(5), words))):
        look.update(k for k, w in enumerate(words) if w[1] in surnames or w[5] in surnames)
    look.update(roled)
    look.update(appositions)
    return sorted(look)


def _with_first_name(text: str, tokens: list[Token], i: int, found: NameSpan, taken: list[tuple[int, int]],
                     lex: NameLexicon) -> NameSpan:
    """فيم دويسنبرج: a foreign family name found by its shape takes the unknown first name right
    before it (a plain, indefinite, name-like word the name list lacks); شريف أبو شمط: a family name
    with أبو or عبد takes a given name right before it."""
    if found.kind != "PERS" or i == 0 or found.start != tokens[i].start:
        return found
    prev = tokens[i - 1]
    word = prev.text
    if tokens[i].text in ("ابو", "عبد") and word in lex.given and word not in lex.function_words and \
            word not in _ROLE_GLUE and _free(tokens, i - 1, taken) and _gap_is_space(text, prev, tokens[i]):
        return NameSpan(prev.start, found.end, "PERS", found.sector, found.after_title)
    if not _head(tokens[i].text)[2]:
        return found
    if not (_free(tokens, i - 1, taken) and _gap_is_space(text, prev, tokens[i]) and word.isalpha()
            and len(word) >= 3 and not word.startswith(("ال", "و", "لل")) and not word.endswith(("ه", "ي", "ا", "اء"))
            and _name_like(word, lex) and _plain_start(word, lex) and not _clitic_noun(word, lex)
            and word not in lex.speech and word not in lex.role_heads):
        return found
    return NameSpan(prev.start, found.end, "PERS", found.sector, found.after_title)


def _read_word(token: str) -> tuple[str, str, bool, bool, bool, str, bool, bool, bool, bool, bool, bool]:
    """What find_names asks of a word form: proclitic, stem, foreign-name shape, may start a name
    (given name, particle or shape), is a title, the ل + ال reading of the stem (للربيعي), heads an
    organisation name, heads a role phrase, is definite, is a speech verb, is a definite nisba (الربيعي),
    and may start a name or an organisation by itself."""
    prefix, stem, shaped = _head(token)
    lex = name_lexicon()
    starter = stem in lex.given or stem in lex.particles or shaped
    lam = "ا" + stem if stem.startswith("ل") else "\0"
    org = _org_head(stem, lex) or _org_head(token, lex)
    definite = (stem.startswith("ال") or token.startswith(("لل", "ولل", "بال", "وبال"))) and len(stem) > 3 \
        and (token not in lex.function_words or stem in lex.role_heads)  # الذي، إلى are not definite nouns
    nisba = stem.startswith("ال") and stem.endswith("ي") and len(stem) >= 6 and stem.isalpha()
    role = stem in lex.role_heads or token in lex.role_heads  # وزير is not و + زير
    return (prefix, stem, shaped, starter, stem in lex.titles, lam, org, role, definite,
            stem in lex.speech, nisba, starter or org)


# what find_names asks of each word form, computed once per form (a dict lookup per token)
_words: FormCache[tuple[str, str, bool, bool, bool, str, bool, bool, bool, bool, bool, bool]] = \
    FormCache(_read_word, 50_000)

def _org_head(word: str, lex: NameLexicon) -> bool:
    return word in lex.org_heads or (word.startswith("ال") and word[2:] in lex.org_heads)


def _gap_is_space(text: str, a: Token, b: Token) -> bool:
    return not text[a.end:b.start].strip()


def _person_at(text: str, tokens: list[Token], i: int, taken: list[tuple[int, int]], lex: NameLexicon,
               memory: NameMemory | None, cues: frozenset[int] = frozenset(),
               pair: NameSpan | None = None, roled: bool = False) -> NameSpan | None:
    """A person's name starting at token i; pair is a name right before, which و may join to this one;
    roled: a complete role phrase ends right before (رئيس البنك المركزي الأوروبي X)."""
    prefix, stem, shaped = _head(tokens[i].text)
    is_known = _known(memory, stem)
    cued = i > 0 and tokens[i - 1].end in cues
    spoken = i > 0 and _words(tokens[i - 1].text)[9]  # قال X، وأضاف X
    if not (stem in lex.given or stem in lex.particles or shaped or is_known or cued or pair or roled
            or spoken or _title_before(tokens, i, lex)):
        return None  # the cheap test first: most words start no name
    word = tokens[i].text
    if not _free(tokens, i, taken) or (word in lex.common and word not in lex.given) or \
            (stem in lex.common and stem not in lex.given):
        return None  # بشأن is a word, not ب + شان
    if spoken and _words(word)[10] and not prefix and _name_like(word, lex):
        return _said_nisba(tokens, i, memory)
    titled = _after_title(tokens, i, taken, lex) or roled
    after_title = titled or (cued and _after_adjective(text, tokens, i, lex))
    if after_title and not titled and not (stem in lex.given or shaped or is_known) and \
            _plain_word(tokens, i, prefix, stem, lex, cues):
        return None  # الأرجنتيني محرزا، قطرية لتسهيل: after a nationality alone, a plain word is no name
    if after_title and not (stem in lex.given or shaped or is_known or _plain_start(word, lex)):
        return None  # الوزير عبارة، الدكتور استقبال: a noun, not a name
    if roled and prefix and not (stem in lex.given or shaped or is_known or _titled(tokens, i, lex)) and \
            (stem in lex.common or not _plain_start(stem, lex) or len(stem) < 4 or
             (i + 1 < len(tokens) and _words(tokens[i + 1].text)[8])):
        return None  # زعيم الحزب لوقف، رئيس الفريق بقيادة: a preposition and a noun, not a name
    is_given = stem in lex.given and (not lex.given[stem] or after_title or spoken)
    if stem in lex.particles and i + 1 < len(tokens):
        is_given = tokens[i + 1].text in lex.given or _compound_start(stem, tokens[i + 1].text, lex)
    is_given = is_given or (stem in lex.given and not prefix and (_inner_title(tokens, i + 1, lex)
                                                                  or _nisba_follows(tokens, i, taken, lex)))
    if (stem in lex.function_words or tokens[i].text in lex.function_words) and \
            not (stem in lex.given and _titled(tokens, i, lex) and _name_follows(tokens, i, lex, cues)):
        return None  # على, but السيد علي لاريجاني، السيد علي السويدي
    paired = pair is not None and prefix == "و" and _joins(stem, pair, lex)
    if not (is_given or is_known or shaped or paired or (after_title and _name_start(tokens[i].text, lex))):
        return None
    others_allowed = 1 + after_title - (is_known and not is_given and not shaped)
    j = _name_end(text, tokens, i, stem, taken, lex, cues, others_allowed)
    start = tokens[i].start + len(prefix)
    span = NameSpan(start, tokens[j - 1].end, "PERS", after_title=after_title)
    if j - i == 1 and (stem in lex.particles or
                       (not (is_known or after_title or shaped or paired) and lex.given.get(stem, True))):
        return None  # a lone given name that is also a word, or a lone particle
    if memory is not None and (j - i >= 2 or (after_title and stem not in lex.given)):
        remember(memory, tokens[j - 1].text)
    return span


def _name_end(text: str, tokens: list[Token], i: int, stem: str, taken: list[tuple[int, int]], lex: NameLexicon,
              cues: frozenset[int], others_allowed: int) -> int:
    """The token after the last one of a person's name that starts at token i (first word's stem
    ``stem``); others_allowed: how many name-like words that are no given name may follow."""
    j = i + 1
    others = 0
    while j < len(tokens) and (j - i < _MAX_NAME_TOKENS or (j - i < 2 * _MAX_NAME_TOKENS and tokens[j].text in
                                                              lex.particles)) \
            and _gap_is_space(text, tokens[j - 1], tokens[j]):
        word = tokens[j].text  # بن and آل may lengthen a name: حمد بن جاسم آل ثاني
        if word.startswith("ال") and tokens[j].end in cues and \
                ((j == i + 1 and stem in lex.given) or (j == i + 2 and stem in lex.particles)):
            j += 1  # علي السويدي، أبو أيوب المصري: after a given name or kunya, a nationality is a family name
            break
        if not _free(tokens, j, taken) or (word.startswith("و") and word not in lex.given):
            break  # راديك وفريدل: two people
        if (word in lex.particles or _inner_title(tokens, j, lex)) and j + 1 < len(tokens) and \
                _free(tokens, j + 1, taken) and (word == "ال" or _particle_name(tokens[j + 1].text, lex)):
            j += 2
            continue
        kunya = j == i + 1 and stem in lex.particles  # أبو لبدة
        after_family = j > i + 1 and tokens[j - 1].text.startswith("ال") and not word.startswith("ال")
        if _verb_shaped(word, lex) or (not kunya and _clitic_noun(word, lex)) or after_family:
            break  # بشار الأسد يفكر، X الزعبي كرة: a verb, or an indefinite word after a definite family name
        if (word in lex.given and not lex.given[word]) or _head(word)[2]:
            j += 1
            continue
        if not _name_like(word, lex) or others >= others_allowed:
            break
        others += 1
        j += 1
    return j


_INNER_TITLES = frozenset({"شيخ"})


def _inner_title(tokens: list[Token], j: int, lex: NameLexicon) -> bool:
    """خالد شيخ محمد: شيخ between two given names is part of the name, not a title."""
    return j + 1 < len(tokens) and tokens[j].text in _INNER_TITLES and tokens[j + 1].text in lex.given


def _nisba_follows(tokens: list[Token], i: int, taken: list[tuple[int, int]], lex: NameLexicon) -> bool:
    """خليل السكاكيني: a given name that is also a word, then a family name in ال‑ي that is no
    adjective already found (a nationality) nor a common word."""
    if i + 1 >= len(tokens) or not _words(tokens[i + 1].text)[10]:
        return False
    word = tokens[i + 1].text
    return word not in lex.common and word[2:] not in lex.common and _name_like(word, lex) and \
        _free(tokens, i + 1, taken)


def _compound_start(particle: str, word: str, lex: NameLexicon) -> bool:
    """عبد المجيد، عبد القوي: عبد and a divine name with the article; أبو لاوي، أبو السكر: a kunya
    with a name word that is no common word."""
    if particle == "عبد":
        return word.startswith("ال") and len(word) >= 5 and word.isalpha()
    return particle == "ابو" and word not in lex.common and word[2:] not in lex.common and _particle_name(word, lex)


def _particle_name(word: str, lex: NameLexicon) -> bool:
    """The word after بن، أبو، خان inside a name: a name word, not punctuation or a verb."""
    return word in lex.given or (word.isalpha() and word not in lex.function_words and not _verb_shaped(word, lex)
                                 and word not in lex.speech and not _is_trigger_form(word))


def _clitic_noun(word: str, lex: NameLexicon) -> bool:
    """بقيادة، بشعارات، لأول، ليكون: a preposition on a noun, verb or function word ends a name."""
    if word[:1] not in "بلفك" or word.startswith("لل") or word in lex.given or len(word) < 4:
        return False
    rest = word[1:]
    return rest in lex.common or rest in lex.function_words or rest.endswith(("ه", "ات")) or _masdar(rest)


def _verb_shaped(word: str, lex: NameLexicon) -> bool:
    """A short imperfect verb (يفكر، تعمل), not a name that starts like one (تشين)."""
    return (word.startswith(_VERB_STARTS) and 3 <= len(word) <= 5 and word[1] not in "اوي"
            and not word.startswith("تش") and word not in lex.given)


def _plain_word(tokens: list[Token], i: int, prefix: str, stem: str, lex: NameLexicon,
                cues: frozenset[int]) -> bool:
    """A preposition and a verbal noun or verb (لتسهيل), or an accusative word in ‑ا (محرزا) that
    no name word follows."""
    if prefix and not _plain_start(stem, lex):
        return True
    return tokens[i].text.endswith("ا") and not _name_follows(tokens, i, lex, cues)


def _name_follows(tokens: list[Token], i: int, lex: NameLexicon, cues: frozenset[int]) -> bool:
    """The word after a given name that is also a function word (علي/على) continues a name: an
    indefinite name-like word or a nationality in ‑ي, not a definite noun (على الأرجح)."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.end in cues or (not _words(nxt.text)[8] and _name_like(nxt.text, lex) and nxt.text.isalpha())


def _said_nisba(tokens: list[Token], i: int, memory: NameMemory | None) -> NameSpan:
    """قال الربيعي، وأضاف الهاشمي: a family name in ‑ي with the article as the subject of a speech verb."""
    if memory is not None:
        remember(memory, tokens[i].text)
    return NameSpan(tokens[i].start, tokens[i].end, "PERS")


_VERB_STARTS = ("ي", "ت")


def _titled(tokens: list[Token], i: int, lex: NameLexicon) -> bool:
    return i > 0 and _strip(tokens[i - 1].text)[1] in lex.titles


def _plain_start(word: str, lex: NameLexicon) -> bool:
    """An unknown first word of a name after a title or role: not a feminine, plural or verbal noun
    (زيارة، علاقات، استقبال، انسحاب، إعلان), not an imperfect verb (يزور، تعقد)."""
    return not (word.endswith(("ه", "ات", "ته", "تها", "تهم")) or _masdar(word) or word in lex.speech
                or (word.startswith(_VERB_STARTS) and 2 <= len(word) <= 6 and word[1] not in "اوي"))


def _masdar(word: str) -> bool:
    """Verbal nouns of the derived forms: إفعال (إعلان)، افتعال/انفعال (اجتماع، انسحاب)، استفعال (استقبال)."""
    n = len(word)
    if n == 5:
        return word[0] == "ا" and word[3] == "ا"
    if n == 6:
        return word[0] == "ا" and word[4] == "ا" and (word[2] in "تطد" or word[1] == "ن")
    return n == 7 and word.startswith("است") and word[5] == "ا"


_ROLE_GLUE = frozenset({"باسم", "في", "لدي"})  # normalized: لدى is written لدي
_APPOSITION_LEADS = frozenset({"احد", "احدى", "ابرز", "كبير", "كبيره"})  # X، أحد أبرز مستشاري …
_MAX_ROLE_TOKENS = 6


def _role_ends(text: str, tokens: list[Token], words: list[tuple], taken: list[tuple[int, int]],
               lex: NameLexicon) -> frozenset[int]:
    """Tokens right after a complete role phrase: a role noun, then definite words, nouns in construct,
    organisation heads and names already found (رئيس البنك المركزي الأوروبي X، المتحدث باسم وزارة
    الداخلية X، وزير خارجية كوريا الجنوبية X); the word before the name is definite or a name."""
    heads = [k for k, w in enumerate(words) if w[7]]
    out: set[int] = set()
    n = len(tokens)
    for h in heads:
        if words[h][8] and h + 1 < n and words[h + 1][3] and not words[h + 1][0] and \
                _gap_is_space(text, tokens[h], tokens[h + 1]):
            out.add(h + 1)  # المهاجم خالد العمري: a definite role noun is complete by itself
            continue
        k, definite = h + 1, False
        while k < n and k - h <= _MAX_ROLE_TOKENS and _gap_is_space(text, tokens[k - 1], tokens[k]):
            w = words[k]
            joined = w[0] == "و" and w[1].startswith("ال") and definite  # وزير الطاقة والنفط X
            if (w[3] and k > h + 1) or (w[0] == "و" and not (w[6] or w[7] or joined)):
                break  # a given name or a conjunction: the role phrase ended before it
            if w[8] or not _free(tokens, k, taken):
                definite = True
                if k + 1 < n and _gap_is_space(text, tokens[k], tokens[k + 1]):
                    out.add(k + 1)
            elif not (tokens[k].text in _ROLE_GLUE or w[6] or w[7]
                      or (not definite and _construct(tokens, words, k, taken, lex))):
                break  # after a definite word, an indefinite one is the name itself
            k += 1
    return frozenset(out)


def _construct(tokens: list[Token], words: list[tuple], k: int, taken: list[tuple[int, int]],
               lex: NameLexicon) -> bool:
    """An indefinite noun in construct with the definite word or name after it (خارجية كوريا)."""
    return (k + 1 < len(tokens) and tokens[k].text not in lex.function_words and tokens[k].text.isalpha()
            and (words[k + 1][8] or not _free(tokens, k + 1, taken)))


def _appositions(text: str, tokens: list[Token], words: list[tuple], taken: list[tuple[int, int]],
                 lex: NameLexicon) -> dict[int, int]:
    """Names set off by a comma before a role phrase (X Y، المتحدث باسم الحزب؛ X، رئيس البنك …):
    first token → last token of the name."""
    out: dict[int, int] = {}
    for k in [k for k, w in enumerate(words) if k > 0 and (w[7] or tokens[k].text in _APPOSITION_LEADS)]:
        if text[tokens[k - 1].end:tokens[k].start].strip() not in ("،", ",") or k + 1 >= len(tokens):
            continue
        r = k + 1 if tokens[k].text in _APPOSITION_LEADS and k + 2 < len(tokens) else k  # أحد أبرز مستشاري
        r += r + 1 < len(tokens) and tokens[r].text in _APPOSITION_LEADS
        if not words[r][7] or r + 1 >= len(tokens):
            continue
        if not (words[r + 1][8] or tokens[r + 1].text in _ROLE_GLUE or not _free(tokens, r + 1, taken)):
            continue
        start = k
        while start > 0 and k - start < 3 and _apposed(tokens[start - 1].text, start == k, lex) and \
                (start == k or _gap_is_space(text, tokens[start - 1], tokens[start])):
            start -= 1
        if start < k and _plain_start(tokens[start].text, lex) and not tokens[start].text.startswith("ال"):
            out[start] = k - 1
    return out


def _apposed(word: str, last: bool, lex: NameLexicon) -> bool:
    """A word of a name before a comma and a role: name-like, the last one alone may be definite."""
    if word in lex.given:
        return True
    return (_name_like(word, lex) and word.isalpha() and len(word) >= 3 and not word.startswith("و")
            and (last or not word.startswith("ال")) and word not in lex.speech and not word.startswith("لل"))


def _apposition_at(text: str, tokens: list[Token], i: int, last: int, taken: list[tuple[int, int]],
                   lex: NameLexicon, memory: NameMemory | None) -> NameSpan | None:
    if not all(_free(tokens, k, taken) for k in range(i, last + 1)):
        return None
    if memory is not None:
        remember(memory, tokens[last].text)
    prefix = _head(tokens[i].text)[0] if _head(tokens[i].text)[1] in lex.given else ""
    return NameSpan(tokens[i].start + len(prefix), tokens[last].end, "PERS", after_title=True)


@lru_cache(maxsize=50_000)
def _head(token: str) -> tuple[str, str, bool]:
    """Proclitic, stem, and whether the stem has the shape of a foreign family name (‑وف، ‑سكي)."""
    prefix, stem = _strip(token)
    if prefix and prefix != "و" and _shaped(token, token) and len(token) >= 6 and not _tafil(stem):
        return "", token, True  # بيتروفسكي is a name, not ب + يتروفسكي (but بظروف، بتعزيز are words)
    if prefix == "و" and _whole_name(token, stem):
        return "", token, _shaped(token, token)  # وانغ is a name, not و + انغ
    return prefix, stem, _shaped(stem, token)


def _tafil(word: str) -> bool:
    """A verbal noun of the form تفعيل (تعزيز، تسهيل)."""
    return len(word) == 5 and word[0] == "ت" and word[3] == "ي"


def _whole_name(token: str, stem: str) -> bool:
    """A given name that starts with و (وانغ، وليد) whose remainder is no name or known word."""
    lex = name_lexicon()
    return token in lex.given and stem not in lex.given and stem not in lex.common and \
        stem not in lex.function_words and not _is_trigger_form(stem)


def _shaped(stem: str, token: str) -> bool:
    lex = name_lexicon()
    return (len(stem) >= 5 and stem.endswith(lex.name_endings) and not stem.endswith(lex.word_endings)
            and not stem.startswith(("ال", "ي", "ت")) and not token.startswith("لل") and stem.isalpha()
            and (len(stem) >= 6 or not stem.endswith("ا")) and stem not in lex.given
            and stem not in lex.common and token not in lex.common and _name_like(stem, lex))


def _joins(stem: str, pair: NameSpan, lex: NameLexicon) -> bool:
    """راديك وفريدل، عطا وشهابات: a second name joined by و to a name found right before — a given
    name, or after a title or nationality (pairs in sport) any word that may be a name."""
    if stem.startswith("ال") or len(stem) < 3 or stem in lex.common or not _name_like(stem, lex):
        return False
    return stem in lex.given or (pair.after_title and not stem.endswith("ا"))  # وعددا is a noun


def _known(memory: NameMemory | None, stem: str) -> bool:
    """A surname seen earlier in a full name; ل + الربيعي is written للربيعي."""
    if memory is None or not memory.surnames:
        return False
    return stem in memory.surnames or (stem.startswith("ل") and "ا" + stem in memory.surnames)


def _after_adjective(text: str, tokens: list[Token], i: int, lex: NameLexicon) -> bool:
    """A singular nationality adjective used as a noun (فاز الروسي X، اللاعب البرازيلي X), not one
    that qualifies a noun (الجيش الروسي)."""
    adjective = tokens[i - 1]
    if not adjective.text.endswith(("ي", "يه")) or not _gap_is_space(text, adjective, tokens[i]):
        return False
    if i < 2 or not _gap_is_space(text, tokens[i - 2], adjective):
        return True
    before = _strip(tokens[i - 2].text)[1]
    return not before.startswith("ال") or before in lex.titles or before in lex.person_nouns


def remember(memory: NameMemory, surname: str) -> None:
    """Keep a surname for later sentences, unless it is a word that also has other uses."""
    lex = name_lexicon()
    if len(surname) >= 3 and _name_like(surname, lex) and surname not in lex.given and surname not in lex.eponyms and \
            _strip(surname)[1] not in lex.common and (not surname.startswith("ال") or len(surname) >= 5):
        memory.surnames.add(surname)


def _title_before(tokens: list[Token], i: int, lex: NameLexicon) -> bool:
    return (i > 0 and _strip(tokens[i - 1].text)[1] in lex.titles) or \
        (i > 1 and _strip(tokens[i - 2].text)[1] in lex.titles)


def _after_title(tokens: list[Token], i: int, taken: list[tuple[int, int]], lex: NameLexicon) -> bool:
    """الرئيس X, or a title and the adjective of its state: الرئيسة الفلبينية X."""
    if i > 0 and _strip(tokens[i - 1].text)[1] in lex.titles:
        return True
    return i > 1 and _strip(tokens[i - 2].text)[1] in lex.titles and not _free(tokens, i - 1, taken)


_CLITIC_ARTICLE = ("بال", "لل")
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "كم", "ته", "تهم")


def _name_like(word: str, lex: NameLexicon) -> bool:
    """A word that may stand in a name: not a function word, title, common word, person noun
    (X سائق فريق), word with a preposition and article (X للصحفيين) or pronoun suffix (X يبعدها)."""
    return (len(word) >= 2 and word not in lex.function_words and word not in lex.titles
            and word not in lex.common and not word.isdigit() and word not in lex.org_heads
            and word.removeprefix("ال") not in lex.org_heads and word not in lex.person_nouns
            and not (word.startswith(_CLITIC_ARTICLE) and len(word) >= 6) and not word.endswith(_PRONOUN_SUFFIXES)
            and not _is_trigger_form(word))


def _name_start(word: str, lex: NameLexicon) -> bool:
    """The first word of a name after a title: not a definite noun, verb or conjoined word."""
    if word in lex.given:
        return True
    return _name_like(word, lex) and not word.startswith(("ال", "لل", "و")) and word.isalpha()


def _is_trigger_form(word: str) -> bool:
    from marsad.code.lexicon import lexicon

    index = lexicon().index
    return word in index or (word[:1] in "وف" and word[1:] in index)
