"""Arabic numbers: digits (Latin, Arabic-Indic, Persian), decimal and thousands separators, number
words with their compounds (مئة وخمسون، ثلاثة آلاف، ملياري), vague counts (بضعة، عشرات),
fractions (نصف، ربع، ثلث) and ordinals (السادس، الحادي عشر، الحادي والعشرين).

The vocabulary lives in ``data/number_words.tsv``. Patterns and parsers work on normalized text
(:func:`marsad.arabic.normalize.normalize`); the public parsers normalize their input themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from marsad.arabic.normalize import Normalized, normalize, normalize_text
from marsad.resources import read_tsv

_DIGITS = r"\d+(?:[.,]\d+)*"
_WB = r"(?![^\W\d_])"  # not followed by a letter


@dataclass(slots=True, frozen=True)
class Number:
    """A number found in a text; offsets into that text."""

    start: int
    end: int
    text: str
    value: float
    kind: str = "cardinal"  # cardinal, ordinal or fraction
    approx: bool = False  # a vague count (بضعة، عشرات، آلاف): value is its order of magnitude


@dataclass(slots=True, frozen=True)
class _Lexicon:
    cardinal: dict[str, tuple[str, float]]  # normalized form -> (kind, value)
    ordinal: dict[str, int]  # الأول..العاشر and tens (العشرين)
    ordinal_unit: dict[str, int]  # الحادي (units of compound ordinals)
    cardinal_re: str  # one cardinal word (a regex alternation)
    ordinal_re: str  # one ordinal expression


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    cardinal: dict[str, tuple[str, float]] = {}
    ordinal: dict[str, int] = {}
    ordinal_unit: dict[str, int] = {}
    for kind, value, forms in read_tsv("number_words.tsv"):
        for form in forms.split("|"):
            key = normalize_text(form.strip())
            if kind == "ordinal":
                ordinal[key] = int(value)
            elif kind == "ordinal_unit":
                ordinal_unit[key] = int(value)
            else:
                cardinal[key] = (kind, float(value))
    card_re = _alternation(cardinal)
    low = _alternation(k for k, v in ordinal.items() if v < 10)
    units = _alternation([*(k for k, v in ordinal.items() if v < 10), *ordinal_unit])
    tens = _alternation(k for k, v in ordinal.items() if v >= 20)
    ten = _alternation(k for k, v in ordinal.items() if v == 10)
    ordinal_re = (rf"(?:(?:{units})\s+(?:عشر|عشره){_WB}|(?:{units})\s+و(?:{tens}){_WB}|(?:{tens}){_WB}"
                  rf"|(?:{ten}){_WB}|(?:{low}){_WB})")
    return _Lexicon(cardinal, ordinal, ordinal_unit, card_re, ordinal_re)


@lru_cache(maxsize=1)
def number_regex() -> str:
    """A regex fragment (no groups) for one number on normalized text: digits with separators, a
    scale or fraction after them (3 مليارات، 1.5 مليون), or a sequence of number words joined by
    spaces and و (مئة وخمسون، عشرات الآلاف). The caller supplies the left boundary."""
    w = lexicon().cardinal_re
    word = rf"(?:{w}){_WB}"
    more = rf"(?:\s+(?:و\s*)?(?:ال)?{word})"
    return rf"(?:{_DIGITS}(?:\s+(?:ال)?{word}(?:\s+و\s*{word})?)?|{word}{more}*)"


@lru_cache(maxsize=1)
def ordinal_regex() -> str:
    """A regex fragment (no groups) for one ordinal on normalized text (السادس، الحادي والعشرين)."""
    return lexicon().ordinal_re


def digits_value(s: str) -> float | None:
    """Value of a digit string: "1,500" and "1.500.000" group thousands; "2,5", "2.5" and "٢٫٥" are
    decimals (a comma or point followed by other than exactly three digits)."""
    s = normalize_text(s.strip())
    if not s or not s[0].isdigit():
        return None
    if "," in s and "." in s:
        s = s.replace(",", "")
    for sep in (",", "."):
        if sep in s:
            head, *groups = s.split(sep)
            if all(len(g) == 3 for g in groups) and (sep == "," or len(groups) > 1):
                s = head + "".join(groups)
            elif len(groups) == 1:
                s = f"{head}.{groups[0]}"
            else:
                return None
    try:
        return float(s)
    except ValueError:
        return None


def _words_of(norm: str) -> list[tuple[str, bool]]:
    """(word, joined by و) pairs of a normalized number phrase, with و and ال split off."""
    lx = lexicon().cardinal
    out: list[tuple[str, bool]] = []
    for raw in norm.split():
        word, waw = raw, False
        if word == "و":
            out.append(("", True))
            continue
        if word not in lx and word.startswith("و") and not word[1:2].isdigit() and len(word) > 2:
            word, waw = word[1:], True
        if word not in lx and word.startswith("ال") and word[2:] in lx:
            word = word[2:]
        if out and out[-1][0] == "":
            out[-1] = (word, True)
        else:
            out.append((word, waw))
    return out


class _Acc:
    """Accumulator of the usual left-to-right reading of Arabic number words."""

    __slots__ = ("approx", "cur", "last_scale", "total")

    def __init__(self) -> None:
        self.total = 0.0
        self.cur = 0.0
        self.last_scale = 0.0
        self.approx = False

    def scale(self, v: float) -> None:
        self.total += (self.cur or 1.0) * v
        self.cur = 0.0
        self.last_scale = v

    def add(self, kind: str, v: float, waw: bool) -> None:
        if kind in ("unit", "teen_unit", "tens", "hundreds"):
            self.cur += v
        elif kind == "ten_word":
            self.cur += 10
        elif kind == "hundred":
            self.cur = self.cur * 100 if 0 < self.cur < 10 and not waw else self.cur + 100
        elif kind == "scale":
            self.scale(v)
        elif kind == "scale_dual":
            self.total += self.cur + v
            self.cur, self.last_scale = 0.0, v / 2
        elif kind == "vague":
            self._vague(v)
        elif kind == "fraction":
            self._fraction(v, waw)

    def _vague(self, v: float) -> None:
        if v >= 100 and self.cur:  # ثلاثة آلاف: the plural of a scale after a count
            if v >= 1000:
                self.scale(v)
            else:
                self.cur *= v
            return
        self.approx = True
        if v >= 1000:
            self.scale(v)
        elif self.cur and v >= 100:
            self.cur *= v
        else:
            self.cur += v

    def _fraction(self, v: float, waw: bool) -> None:
        if waw and self.last_scale:  # مليون ونصف
            self.total += v * self.last_scale
        elif waw:  # ثلاثة ونصف
            self.cur += v
        elif self.cur:  # ثلاثة أرباع
            self.cur *= v
        else:
            self.cur = v

    def value(self) -> float:
        return self.total + self.cur


def parse_number(text: str) -> float | None:
    """Value of a whole number expression (digits, words or both), or None.

    >>> parse_number("مئة وخمسون"), parse_number("3 مليارات"), parse_number("نصف مليون")
    (150.0, 3000000000.0, 500000.0)
    """
    found = parse_number_ex(text)
    return None if found is None else found[0]


def parse_number_ex(text: str) -> tuple[float, bool] | None:
    """(value, approx) of a whole number expression, or None; approx for vague counts."""
    norm = normalize_text(text).strip()
    if not norm:
        return None
    lx = lexicon().cardinal
    acc = _Acc()
    words = _words_of(norm)
    for i, (word, waw) in enumerate(words):
        if word[:1].isdigit():
            v = digits_value(word)
            if v is None:
                return None
            acc.cur += v
            continue
        entry = lx.get(word)
        if entry is None:
            return None
        if entry[0] == "teen_unit" and (i + 1 >= len(words) or lx.get(words[i + 1][0], ("",))[0] != "ten_word"):
            return None  # أحد، إحدى alone mean "one of", not a number
        acc.add(entry[0], entry[1], waw)
    value = acc.value()
    return (value, acc.approx) if value or norm.startswith("0") else None


def parse_ordinal(text: str) -> int | None:
    """Value of an ordinal expression: السادس → 6, الحادي عشر → 11, الحادي والعشرين → 21,
    الـ19 → 19."""
    norm = normalize_text(text).strip()
    lx = lexicon()
    digits = norm.removeprefix("ال")
    if digits.isdigit():
        return int(digits)
    words = norm.split()
    if not words:
        return None
    if len(words) == 1:
        return lx.ordinal.get(words[0])
    first = lx.ordinal.get(words[0], lx.ordinal_unit.get(words[0], 0))
    if not first or first >= 10 or len(words) != 2:
        return None
    second = words[1]
    if second in ("عشر", "عشره"):
        return first + 10
    tens = lx.ordinal.get(second.removeprefix("و"), 0) if second.startswith("و") else 0
    return first + tens if tens >= 20 else None


@lru_cache(maxsize=1)
def _finder() -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_])(?:[وفبلك]|ال)?(?P<n>{number_regex()})(?![^\W\d_])")


@lru_cache(maxsize=1)
def _word_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for word in lexicon().cardinal:
        auto.add_word(word, len(word))
    auto.make_automaton()
    return auto


_DIGIT_RUN_RE = re.compile(r"\d+")
_PROCLITIC_CHARS = "وفبلك"


def _number_starts(text: str) -> list[int]:
    """Every place a number may begin, and more: a digit or a number word, and the proclitic or
    article before it. Trying the number pattern only there gives what scanning every position
    with it gives, in a fifth of the time (the pattern's left boundary rejects the extra places)."""
    found: set[int] = set()
    starts = [m.start() for m in _DIGIT_RUN_RE.finditer(text)]
    starts += [end + 1 - length for end, length in _word_automaton().iter(text)]
    for s in starts:
        if s == 0 or not text[s - 1].isalnum():
            found.add(s)
            continue
        if text[s - 1] in _PROCLITIC_CHARS:
            found.add(s - 1)
        if s >= 2 and text[s - 2:s] == "ال":
            found.add(s - 2)
    return sorted(found)


def _number_matches(text: str) -> Iterator[re.Match[str]]:
    """``_finder().finditer(text)``, tried only where a number may begin."""
    finder = _finder()
    pos = 0
    for s in _number_starts(text):
        if s < pos:
            continue
        m = finder.match(text, s)
        if m is not None:
            yield m
            pos = m.end()


def find_numbers(text: str, norm: Normalized | None = None) -> list[Number]:
    """Cardinal numbers (digits or words) in a text, with offsets into it and their values.
    ``norm``: the text's normalization when the caller has it."""
    norm = norm if norm is not None else normalize(text)
    out: list[Number] = []
    for m in _number_matches(norm.text):
        parsed = parse_number_ex(m.group("n"))
        if parsed is None:
            continue
        s, e = norm.raw_start(m.start("n")), norm.raw_end(m.end("n"))
        kind = "fraction" if 0 < parsed[0] < 1 else "cardinal"
        out.append(Number(s, e, text[s:e], parsed[0], kind, parsed[1]))
    return out
