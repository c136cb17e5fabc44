"""The identity of a story: the few words that tell one happening from another told in the same words.

Ministries publish templated reports — an execution statement, a relief plane's arrival, fines for
so many sites, a congratulation cable — whose wording is reused for every happening; two such
reports share most shingles and differ only in their numbers and in the names of people and
places. An agency copy with a footer, a dateline, other alef forms or a new headline keeps those.

A story's identity is three small sets of folded keys, kept beside its signature:

* numbers — digit runs (thousands groups joined, zeros at either end dropped) and number words,
  ordinals included (الخامسة is 5);
* places — single-word names of the gazetteer and places lists;
* names — words of people's names (the given-name list and the gazetteer's people), seen at least
  twice in the story (a name a report is about is repeated; a one-off mention is not).

No word list counted on a corpus is used: the corpora marsad is measured on may not be shipped in
any form, and names from marsad's own lists keep the rule the same on any news.

Keys are folded so that spelling variants of one name meet: proclitic و and the article dropped,
the letters غ ق ك written ج, hamza seats dropped, long vowels after the first letter dropped
(اميركا and امريكا, بنغلاديش and بنجلاديش).

Two stories are told as different happenings when each holds identity the other lacks, weighed
:data:`NUMBER_WEIGHT` for a number and 1 for a place or a name, at least :data:`MIN_DISAGREEMENT` on
both sides.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.formcache import FormCache
from marsad.resources import read_tsv

# reused templates are at most this similar: above it, texts are copies whatever their numbers
TEMPLATE_CEILING = 0.8
MIN_DISAGREEMENT = 3
NUMBER_WEIGHT = 3
MIN_REPEATS = 2
_NUMBER_KINDS = {"unit", "teen_unit", "tens", "hundreds", "ordinal"}
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
_FOLD = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "ة": "ه", "ى": "ي", "ء": "", "ئ": "", "ؤ": "",
                       "أ": "", "إ": "", "آ": ""})
_DIGITS_RE = re.compile(r"[0-9]+")
_SEP = " "
_NUM, _PLACE, _NAME, _DIGITS, _NONE = "number", "place", "name", "digits", ""


@dataclass(frozen=True, slots=True)
class Identity:
    numbers: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.numbers or self.places or self.names)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    numbers: dict[str, str]
    people: frozenset[str]
    places: frozenset[str]
    common: frozenset[str]


def stem(word: str) -> str:
    """A normalized word without proclitic و and the article."""
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article):]
    return word


def fold(word: str) -> str:
    """A stem's spelling-insensitive key."""
    w = word.translate(_FOLD)
    return w[:1] + "".join(c for c in w[1:] if c not in "اوي")


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    numbers = {normalize_text(f.strip()): str(int(float(value)))
               for kind, value, forms in read_tsv("number_words.tsv") if kind in _NUMBER_KINDS
               for f in forms.split("|")}
    places = {stem(normalize_text(n)) for name in ("gazetteer.tsv", "places.tsv")
              for row in read_tsv(name) for n in row[5].split("|") if n and " " not in n.strip()}
    common = {normalize_text(row[0]) for name in ("common_words.tsv", "function_words.tsv")
              for row in read_tsv(name)}
    people = {stem(normalize_text(w)) for row in read_tsv("given_names.tsv") if row[2] != "particle"
              for w in row[0].split()}
    people |= {stem(normalize_text(w)) for row in read_tsv("gazetteer.tsv") if row[1] == "PERS"
               for n in row[5].split("|") for w in n.split()}
    return _Lexicon(numbers, frozenset(people), frozenset(places), frozenset(common))


def _number(digits: str) -> str:
    return digits.strip("0") or "0"


def identity_of(ws: list[str], memo: FormCache[tuple[str, str]] | None = None) -> Identity:
    """The identity of a story from its normalized words (:func:`marsad.link.minhash.words`).
    Each word form is looked at once per story, however often it occurs; most forms are known from
    earlier stories to be none of a number, a place or a name."""
    forms = list(set(ws))
    cache = memo if memo is not None else _memo()
    # the forms that are numbers, places, names or digit words
    kinds = {w: k for w, k in zip(forms, cache.many(forms), strict=True) if k[0]}
    numbers: set[str] = set()
    places: set[str] = set()
    names: list[str] = []
    digit_forms = set()
    for w, (kind, key) in kinds.items():
        if kind == _NUM:
            numbers.update(key.split(_SEP))
        elif kind == _PLACE:
            places.add(key)
        elif kind == _NAME:
            names.append(w)
        else:
            digit_forms.add(w)
    if any(len(w) == 3 for w in digit_forms):  # 12 500: groups of three digits may continue a number
        numbers.update(_digit_runs(ws, digit_forms))
    else:
        numbers.update(_number(w) for w in digit_forms)
    repeats: Counter[str] = Counter()
    if names:
        counts = Counter(ws)
        for w in names:
            repeats[kinds[w][1]] += counts[w]
    return Identity(frozenset(numbers), frozenset(places),
                    frozenset(k for k, c in repeats.items() if c >= MIN_REPEATS))


def _digit_runs(ws: list[str], digit_forms: set[str]) -> list[str]:
    """Numbers written in digits: a digit word with the words of three digits after it (12,500 or
    12 500)."""
    at = [i for i, w in enumerate(ws) if w in digit_forms]
    out = []
    j, n = 0, len(at)
    while j < n:
        i = at[j]
        w = ws[i]
        j += 1
        while j < n and at[j] == i + 1 and len(ws[i + 1]) == 3:
            i += 1
            w += ws[i]
            j += 1
        out.append(_number(w))
    return out


@lru_cache(maxsize=1)
def _memo() -> FormCache[tuple[str, str]]:
    """What each word form seen lately is to the identity (full after a few thousand stories, then
    first in, first out: an ingest's memory does not grow with the corpus)."""
    return FormCache(_classify, 1 << 17)


def _classify(w: str) -> tuple[str, str]:
    """What a word form is to the identity, and its key."""
    if not w.isalpha():
        if w.isdigit():
            return _DIGITS, ""
        if w[0].isdigit() or w[-1].isdigit():  # 1436ه, 2015م
            return _NUM, _SEP.join(sorted({_number(d) for d in _DIGITS_RE.findall(w)}))
        return _NONE, ""  # the lexicon holds no word with a digit
    lex = lexicon()
    value = lex.numbers.get(w) or (lex.numbers.get(w[1:]) if w.startswith("و") else None)
    if value:
        return _NUM, value
    s = stem(w)
    if len(s) < 3 or s in lex.common or w in lex.common:
        return _NONE, ""
    if s in lex.places:
        return _PLACE, fold(s)
    if s in lex.people:
        return _NAME, fold(s)
    return _NONE, ""


def disagreement(a: Identity, b: Identity) -> int:
    """How much identity each side holds that the other lacks: the smaller of the two weights."""
    return min(_own(a, b), _own(b, a))


def _own(x: Identity, y: Identity) -> int:
    words_y = y.places | y.names
    return (NUMBER_WEIGHT * len(x.numbers - y.numbers) + len(x.places - words_y) + len(x.names - words_y))


def different_happenings(sim: float, a: Identity, b: Identity) -> bool:
    """Two texts similar enough to be copies that report different happenings of one template.
    From TEMPLATE_CEILING up texts are copies; an empty identity (a story stored before identities
    were kept) never disagrees."""
    return sim < TEMPLATE_CEILING and bool(a) and bool(b) and disagreement(a, b) >= MIN_DISAGREEMENT


def to_text(ident: Identity) -> str:
    """A compact text for the store: numbers as #N, places as @key, names as they are."""
    return _SEP.join([*(f"#{x}" for x in sorted(ident.numbers)), *(f"@{x}" for x in sorted(ident.places)),
                      *sorted(ident.names)])


def from_text(text: str | None) -> Identity:
    keys = (text or "").split()
    return Identity(frozenset(k[1:] for k in keys if k[0] == "#"), frozenset(k[1:] for k in keys if k[0] == "@"),
                    frozenset(k for k in keys if k[0] not in "#@"))
