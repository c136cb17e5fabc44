"""Named-entity tags for token sequences (CoNLL): PERS, LOC, ORG, MISC in IOB2.

The tagger runs marsad's own recognizers — gazetteer names, role phrases, unknown person
names and organisation heads — over the sentence text rebuilt from its tokens, and maps each
mention's character span back to the tokens it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, Mention, Segment, Story
from marsad.recognize.actors import recognize_actors
from marsad.recognize.gazetteer import entity_matcher, role_matcher
from marsad.recognize.names import NameLexicon, NameMemory, _is_trigger_form, _plain_start, name_lexicon
from marsad.resources import read_tsv, word_list

# Mention kind → CoNLL type; adjectives (الروسي) and role phrases (الرئيس الروسي) are not names.
_TYPE = {"PERS": "PERS", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}
_NOT_NAMES = frozenset({"adjective", "title", "counterpart", "body", "pair", "anaphor"})
_ROLES = frozenset({"title", "counterpart", "body"})
_PLACE_VIAS = frozenset({"name", "capital", "city", "region"})


@dataclass(frozen=True, slots=True)
class Sentence:
    tokens: list[str]
    tags: list[str]  # gold tags when read from an annotated file, else empty


def read_conll(lines: Iterable[str]) -> Iterator[Sentence]:
    """Sentences of a CoNLL file: token in column 1, optional tag in the last column."""
    tokens: list[str] = []
    tags: list[str] = []
    for line in lines:
        cols = line.split()
        if not cols:
            if tokens:
                yield Sentence(tokens, tags)
            tokens, tags = [], []
            continue
        tokens.append(cols[0])
        tags.append(cols[-1] if len(cols) > 1 else "")
    if tokens:
        yield Sentence(tokens, tags)


def entity_mentions(text: str, memory: NameMemory | None = None) -> list[Mention]:
    """Name mentions of a piece of text (one story, undated)."""
    doc = Doc(text, id="ner")
    doc.stories = [Story(0, len(text), segments=[Segment(0, len(text), "body")])]
    found = recognize_actors(doc, memory)
    out = [m for m in found if m.via not in _NOT_NAMES and m.kind in _TYPE and not _seat_in_role(doc, m)]
    out.extend(p for m in found if m.via in _ROLES for p in _places_in_role(doc, m))
    return out


def _seat_in_role(doc: Doc, m: Mention) -> bool:
    """وزيرة الخارجية الأميركية: a ministry named by its seat (الخارجية الأميركية) that shares its
    first word with a role phrase (وزيرة الخارجية) is part of the role, not an organisation name."""
    if m.via != "seat":
        return False
    norm = doc.norm
    s, e = norm.norm_index(m.start), norm.norm_index(m.end - 1) + 1
    return any(r.start < s < r.end <= e for r in role_matcher().find(norm.text, max(0, s - 30), e))


def _places_in_role(doc: Doc, role: Mention) -> list[Mention]:
    """وزير خارجية كوريا الجنوبية، حكومة الخرطوم: the state or capital a role phrase names is a
    place name for NER, though the actor layer folds it into the role."""
    norm = doc.norm
    out: list[Mention] = []
    for m in entity_matcher().find(norm.text, norm.norm_index(role.start), norm.norm_index(role.end - 1) + 1):
        if any(e.via in _PLACE_VIAS for e in m.entries) and all(e.via != "adjective" for e in m.entries):
            s, e = norm.raw_start(m.start), norm.raw_end(m.end)
            out.append(Mention(s, e, text=doc.text[s:e], kind="LOC", code=role.code, via="name"))
    return out


def tag_tokens(tokens: list[str], memory: NameMemory | None = None) -> list[str]:
    """IOB2 tags for one sentence of tokens."""
    offsets: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    text = " ".join(tokens)
    tags = ["O"] * len(tokens)
    titles = name_lexicon().titles
    descriptors = _descriptors()
    sporty = any(_is_one_of(t, _sport_words()) for t in tokens)
    for m in sorted(entity_mentions(text, memory), key=lambda m: (m.start, -(m.end - m.start))):
        covered = [i for i, (s, e) in enumerate(offsets) if s < m.end and m.start < e]
        while m.kind == "PERS" and len(covered) > 1 and normalize_text(tokens[covered[0]]) in titles:
            covered = covered[1:]  # الملك عبدالله الثاني: the title is not part of the name
        if len(covered) > 1 and _is_one_of(tokens[covered[0]], descriptors.get(m.kind, frozenset())):
            covered = covered[1:]  # صحيفة ديلي تلغراف، إقليم دارفور: the name proper follows
        if covered and m.kind in ("LOC", "GPE", "PERS") and "\u064b" in tokens[covered[-1]]:
            continue  # إسبانياً، بياناً: with tanween a name is an adverb, adjective or common noun
        if m.kind in ("LOC", "GPE") and covered and _not_a_place(tokens, covered, descriptors["LOC"]):
            continue
        if not covered or any(tags[i] != "O" for i in covered):
            continue
        kind = _kind(tokens, covered[0], m, sporty)
        for n, i in enumerate(covered):
            tags[i] = ("B-" if n == 0 else "I-") + kind
    _tag_bare_orgs(tokens, tags)
    _tag_named_places(tokens, tags)
    _tag_party_words(tokens, tags)
    _tag_byline(tokens, tags)
    _join_adjacent_people(tokens, tags)
    return tags


def _kind(tokens: list[str], first: int, m: Mention, sporty: bool) -> str:
    """The CoNLL type of a mention whose first token is tokens[first]; sporty: the sentence
    reports sport."""
    team = _after_team_cue(tokens, first) or (sporty and _in_match(tokens, first, m.via))
    if m.via == "seat" and _town_seat(m.text):
        return "ORG" if team else "LOC"  # رام الله، بعبدا: a seat of government that is a town
    if m.via == "org" and m.sector == "CVL" and not (team or sporty) and _town_seat(m.text):
        return "LOC"  # في مدينة لاتسيو: a club named after its town, outside sports
    if m.kind == "PERS" and m.via == "unknown" and _after_place_noun(tokens, first):
        return "LOC"  # بلدة بني سهيلة: an unknown name after a place noun names the place
    return "ORG" if m.kind in ("LOC", "GPE") and team else _TYPE[m.kind]


def _join_adjacent_people(tokens: list[str], tags: list[str]) -> None:
    """حميد + كرزاي: a person's name right after another, with no conjunction or punctuation
    between them, is one name (a given name found alone and a known family name)."""
    for i in range(1, len(tags)):
        if tags[i] == "B-PERS" and tags[i - 1].endswith("PERS") and not normalize_text(tokens[i]).startswith("و"):
            tags[i] = "I-PERS"


def _after_team_cue(tokens: list[str], first: int) -> bool:
    """منتخب مصر، تغلب على إسبانيا: a place right after a sports cue is a team."""
    cues = _team_cues()
    one = normalize_text(tokens[first - 1]) if first > 0 else ""
    two = " ".join(normalize_text(t) for t in tokens[max(0, first - 2):first]) if first > 1 else ""
    return one in cues or (one.startswith("و") and one[1:] in cues) or two in cues


def _in_match(tokens: list[str], first: int, via: str) -> bool:
    """In a sports sentence: a state or city right after a match word (فازت إنجلترا على هولندا،
    تعادل سرقسطة مع ضيفه), or a city with a clitic (الهدف الثاني لبرشلونة) — a team."""
    before = tokens[first - 1] if first > 0 else ""
    if before and _is_one_of(before, _match_cues()):
        return True
    word = normalize_text(tokens[first])
    return via == "city" and word[:1] in "لب" and normalize_text(before) not in ("في", "وفي") and \
        not _is_one_of(before, _place_name_heads())


_DASHES = frozenset({"-", "–", "—"})
_MAX_BYLINE = 4


def _tag_byline(tokens: list[str], tags: list[str]) -> None:
    """عمان - X Y - قال …: between the dashes after a dateline place, a name that starts with a
    given name is the reporter's."""
    lex = name_lexicon()
    for i in range(1, len(tokens) - 2):
        if tokens[i] not in _DASHES or not tags[i - 1].endswith("LOC") or i > 3:
            continue
        end = next((k for k in range(i + 2, min(len(tokens), i + 2 + _MAX_BYLINE)) if tokens[k] in _DASHES), 0)
        words = [normalize_text(t) for t in tokens[i + 1:end]]
        if end and words[0] in lex.given and all(w.isalpha() and w not in lex.function_words for w in words):
            tags[i + 1:end] = ["B-PERS"] + ["I-PERS"] * (end - i - 2)
        return


def _tag_party_words(tokens: list[str], tags: list[str]) -> None:
    """كوادر فتح، (فتح)، فتح وحماس: a movement whose name is also a word, named in context."""
    parties, members = _party_words(), _member_nouns()
    n = len(tokens)
    for i, tok in enumerate(tokens):
        key = normalize_text(tok)
        conj = key.startswith("و") and key[1:] in parties
        if tags[i] != "O" or not (key in parties or conj or (key[:1] in "لب" and key[1:] in parties)):
            continue
        before, after = (tokens[i - 1] if i else ""), (tokens[i + 1] if i + 1 < n else "")
        bracketed = before == "(" and after == ")"
        joined = (conj and i > 0 and tags[i - 1].endswith("ORG")) or \
            (after.startswith("و") and i + 1 < n and tags[i + 1] == "B-ORG")
        if bracketed or ((joined or _is_one_of(before, members)) and not normalize_text(after).startswith("ال")):
            tags[i] = "B-ORG"


@lru_cache(maxsize=256)
def _town_seat(text: str) -> bool:
    key = " ".join(normalize_text(text).split())
    return any(m.start == 0 and m.end == len(key) and any(e.via in ("city", "region") for e in m.entries)
               for m in entity_matcher().find(key))


def _after_place_noun(tokens: list[str], first: int) -> bool:
    """A place noun right before a name that does not start with a given name (مدينة الحسين is
    named after a person)."""
    if first == 0 or not _is_one_of(tokens[first - 1], _place_name_heads()):
        return False
    word = normalize_text(tokens[first])
    return word.removeprefix("ال") not in name_lexicon().given and word not in name_lexicon().given


def _tag_named_places(tokens: list[str], tags: list[str]) -> None:
    """إقليم X، بمدينة X: an unknown, indefinite, name-like word after a place noun in construct
    is the place's name."""
    heads = _place_name_heads()
    lex = name_lexicon()
    for i in range(1, len(tokens)):
        if tags[i] != "O" or tags[i - 1] != "O" or not _is_one_of(tokens[i - 1], heads):
            continue
        word = normalize_text(tokens[i])
        if _place_like(word, lex) and not (word.endswith("ي") and len(word) <= 5):  # قصر ملكي
            tags[i] = "B-LOC"
            nxt = normalize_text(tokens[i + 1]) if i + 1 < len(tokens) else ""
            if nxt and tags[i + 1] == "O" and not nxt.startswith("و") and not nxt.endswith(("ا", "ي")) and \
                    _place_like(nxt, lex):
                tags[i + 1] = "I-LOC"  # قرية عين حوض، مقاطعة كوانغ نغاي


def _place_like(word: str, lex: NameLexicon) -> bool:
    """An indefinite name word: not a common, feminine, plural or verbal word, nor a conjunction or
    preposition on one (وولفسبورج and بكينغهام are names, وقرية and بالقرب are not)."""
    clitic = word[:1] in "وب" and not word.startswith("وو") and \
        (word[1:] in lex.common or word[1:] in lex.function_words or not _plain_start(word[1:], lex)
         or word.startswith(("بال", "وال")) or word[1:] in _place_name_heads())
    return (len(word) >= 3 and word.isalpha() and not word.startswith(("ال", "لل")) and not clitic
            and not word.endswith(("ات", "ى")) and _plain_start(word, lex)
            and word not in lex.common and word not in lex.function_words
            and word not in lex.given and word not in lex.titles and word not in lex.person_nouns
            and word not in lex.org_heads and not _is_trigger_form(word))


def _tag_bare_orgs(tokens: list[str], tags: list[str]) -> None:
    """القاعدة، للجزيرة: an organisation named by a common noun, when no word with the article follows."""
    names = _bare_orgs()
    for i, tok in enumerate(tokens):
        if tags[i] != "O" or not _is_one_of(tok, names):
            continue
        after = normalize_text(tokens[i + 1]) if i + 1 < len(tokens) else ""
        before = normalize_text(tokens[i - 1]) if i > 0 else ""
        if not after.startswith("ال") and before != "شبه":
            tags[i] = "B-ORG"


def _party_words() -> frozenset[str]:
    return word_list("party_words.tsv")


def _member_nouns() -> frozenset[str]:
    return word_list("member_nouns.tsv")


def _sport_words() -> frozenset[str]:
    return word_list("sport_words.tsv")


def _match_cues() -> frozenset[str]:
    return word_list("match_cues.tsv")


def _place_name_heads() -> frozenset[str]:
    return word_list("place_name_heads.tsv")


@lru_cache(maxsize=1)
def _team_cues() -> frozenset[str]:
    return frozenset(" ".join(normalize_text(w).split()) for (w,) in read_tsv("team_cues.tsv"))


@lru_cache(maxsize=1)
def _bare_orgs() -> frozenset[str]:
    names = {normalize_text(w) for (w,) in read_tsv("bare_orgs.tsv")}
    return frozenset(names | {"ل" + n[1:] for n in names})  # ل + القاعدة → للقاعدة


def _not_a_place(tokens: list[str], covered: list[int], descriptors: frozenset[str]) -> bool:
    """السلطات الهندية، العاصمة السعودية: after a definite noun, a one-word place name in ية is
    the noun's adjective; بطولة فرنسا المفتوحة، رالي باريس: a place names an event."""
    if covered[0] == 0:
        return False
    before = tokens[covered[0] - 1]
    if _is_one_of(before, _event_heads()):
        return True
    word, before = normalize_text(tokens[covered[0]]), normalize_text(before)
    return (len(covered) == 1 and word.startswith("ال") and word.endswith("يه") and before.startswith("ال")
            and before[2:] not in descriptors)


def _event_heads() -> frozenset[str]:
    return word_list("event_heads.tsv")


@lru_cache(maxsize=1)
def _descriptors() -> dict[str, frozenset[str]]:
    """Nouns dropped from the front of a name, by mention kind."""
    org = word_list("org_descriptors.tsv")
    place = word_list("place_descriptors.tsv")
    return {"ORG": org, "LOC": place, "GPE": place}


def _is_one_of(token: str, words: frozenset[str]) -> bool:
    """The token is one of words, maybe after a conjunction or preposition (لصحيفة → صحيفة)."""
    key = normalize_text(token)
    return key in words or any(key.startswith(p) and key[len(p):] in words for p in ("ول", "وب", "و", "ل", "ب"))


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start token, end token, type) of an IOB2 sequence (I- without B- opens one)."""
    out: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        head, _, typ = tag.partition("-")
        if start >= 0 and (head != "I" or typ != kind):
            out.add((start, i, kind))
            start, kind = -1, ""
        if head == "B" or (head == "I" and start < 0):
            start, kind = i, typ
    return out
