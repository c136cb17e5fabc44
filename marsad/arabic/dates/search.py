"""Finding: candidate starts (the few tokens before an anchor), the patterns a token can open,
the matches at those starts, and the longest non-overlapping ones that a handler accepts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.dates.absolute import (
    _h_century,
    _h_day_range,
    _h_days_num,
    _h_decade,
    _h_dm,
    _h_dm_cue,
    _h_dm_rel_month,
    _h_dmy,
    _h_dmy_word,
    _h_hijri,
    _h_hijri_alone,
    _h_hijri_dm,
    _h_holiday,
    _h_iso,
    _h_month_alone,
    _h_month_paren,
    _h_month_rel,
    _h_month_year,
    _h_season,
    _h_year,
    _h_year_bare,
)
from marsad.arabic.dates.context import _Ctx, _Handler
from marsad.arabic.dates.grammar import (
    _CLITIC_FORMS,
    _DAY_FIRST,
    _DIGIT_OK,
    _DIGIT_ONLY,
    _LEADS,
    _YEAR_FIRST,
    _fragment_forms,
    _patterns,
)
from marsad.arabic.dates.lexicon import lexicon
from marsad.arabic.dates.relative import (
    _h_ago,
    _h_clock,
    _h_deictic,
    _h_duration,
    _h_night,
    _h_part_unit,
    _h_plural_rel,
    _h_rel_unit,
    _h_set,
    _h_this_unit,
    _h_unit_acc,
    _h_unit_one,
    _h_unit_signal,
    _h_vague,
    _h_weekday,
)
from marsad.arabic.dates.values import _Val

_HANDLERS: dict[str, _Handler] = {
    "iso": _h_iso, "dmy": _h_dmy, "dm_rel_month": _h_dm_rel_month, "dm_cue": _h_dm_cue, "dmy_word": _h_dmy_word, "mdy": _h_dmy_word,
    "dm": _h_dm, "day_range": _h_day_range, "month_year": _h_month_year, "month_paren": _h_month_paren,
    "year": _h_year, "part_year": _h_year, "year_bare": _h_year_bare, "month_rel": _h_month_rel,
    "month_alone": _h_month_alone, "rel_unit": _h_rel_unit, "this_unit": _h_this_unit,
    "part_unit": _h_part_unit, "plural_rel": _h_plural_rel, "num_unit_rel": _h_plural_rel,
    "weekday": _h_weekday, "deictic": _h_deictic, "clock": _h_clock, "ago": _h_ago,
    "duration": _h_duration, "unit_one": _h_unit_one, "unit_acc": _h_unit_acc, "days_num": _h_days_num,
    "hijri_year": _h_year, "unit_signal": _h_unit_signal, "night": _h_night, "set": _h_set, "vague": _h_vague,
    "decade": _h_decade, "decade_only": _h_decade, "century": _h_century, "season": _h_season,
    "hijri": _h_hijri, "hijri_dm": _h_hijri_dm, "hijri_alone": _h_hijri_alone, "holiday": _h_holiday,
}


_LOOKBACK = 4  # an expression starts at most this many tokens before its first anchor
_WINDOW = 80  # and at most this many characters before it
_WORD_RE = re.compile(r"[^\W_]+")  # a token: letters and digits
_DIGITS_RE = re.compile(r"\d+")


def _candidate_starts(t: str) -> list[tuple[int, str]]:
    """(offset, token) of the token starts from which an expression may begin: among the few
    tokens before each anchor (a time word or a digit) and the anchor itself, those that can open
    one (digits, time words, numbers, parts, and the signals that belong to a value such as منذ in
    منذ عامين). A sentence with no anchor, most of them, costs one findall and a set test."""
    lx = lexicon()
    words = _WORD_RE.findall(t)
    digits = not "".join(words).isalpha()  # a token with a digit (or another numeral) in it
    if not digits and lx.anchors.isdisjoint(words):
        return []
    anchor_words = lx.anchors
    if digits:
        marked = [k for k, w in enumerate(words) if w in anchor_words or not w.isalpha()]
    else:
        marked = [k for k, w in enumerate(words) if w in anchor_words]
    if not marked:
        return []
    starts = []
    pos = 0
    for word in words[:marked[-1] + 1]:  # tokens follow each other with only other characters between them
        pos = t.find(word, pos)
        starts.append(pos)
        pos += len(word)
    anchors = []  # (token index, offset of the anchor)
    for k in marked:
        word = words[k]
        if word in anchor_words:
            anchors.append((k, starts[k]))
        if digits and not word.isalpha():
            for m in _DIGITS_RE.finditer(word):  # a number, with the letters just before it
                a = m.start()
                while a > 0 and word[a - 1].isalpha():
                    a -= 1
                anchors.append((k, starts[k] + a))
    openers = lx.openers
    found: dict[int, str] = {}
    for k, a in anchors:
        lo = a - _WINDOW
        if starts[k] >= lo:
            found[starts[k]] = words[k]
        for j in range(k - 1, max(-1, k - _LOOKBACK - 1), -1):  # back from the anchor
            s = starts[j]
            if s < lo:
                break
            word = words[j]
            if s not in found and (word in openers or not word.isalpha()):
                found[s] = word
    return sorted(found.items())


@dataclass(slots=True)
class _Found:
    start: int  # normalized offsets
    end: int
    val: _Val
    kind: str
    signal: str = ""  # set by _link_ranges for the second end of a range
    signal_start: int = -1


_DIGIT_START = re.compile(r"[وفبلك]{0,2}(?:ال)?(\d+)")  # clitics and a run of digits


@lru_cache(maxsize=1)
def _pattern_groups() -> tuple[list[tuple[int, re.Pattern[str]]], list[tuple[int, re.Pattern[str]]]]:
    """The patterns to try at a token that starts with a digit, and at one that does not."""
    numbered = list(enumerate(p for _, p in _patterns()))
    names = [n for n, _ in _patterns()]
    return ([(i, p) for i, p in numbered if names[i] in _DIGIT_OK],
            [(i, p) for i, p in numbered if names[i] not in _DIGIT_ONLY])


@lru_cache(maxsize=1)
def _lead_words() -> list[tuple[int, re.Pattern[str], tuple[str, ...], bool]]:
    """For each pattern tried at a word: (index, pattern, the first tokens it can open with, whether
    it can open with clitics alone); a pattern with a form that opens with no token is always tried."""
    from marsad.arabic.numbers import lexicon as number_lexicon

    nlx = number_lexicon()
    forms: dict[str, list[str]] = {**_fragment_forms(), "NUM": [*nlx.cardinal], "ORD": [*nlx.ordinal, *nlx.ordinal_unit]}
    names = [n for n, _ in _patterns()]
    out = []
    for i, pat in _pattern_groups()[1]:
        firsts: set[str] = set()
        for item in _LEADS[names[i]]:
            for form in forms.get(item, [item]):
                m = _WORD_RE.match(form)
                firsts.add(m.group() if m else "")
        out.append((i, pat, tuple(sorted(firsts - {""})), "(" in _LEADS[names[i]] or "" in firsts))
    return out


@lru_cache(maxsize=4096)
def _patterns_at(token: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
    """The patterns that can match at a token (found once per token form): at a number (after
    clitics), those its length allows; at a word, those whose first word can be the token without
    its clitics. Both read only the token, which is why they can be cached on it."""
    digits = _DIGIT_START.match(token)
    if digits is not None:
        return _digit_patterns(min(5, len(digits.group(1))))
    stems = [token[len(c):] for c in _CLITIC_FORMS if token.startswith(c)]
    return tuple((i, pat) for i, pat, firsts, bare in _lead_words()
                 if (bare and "" in stems) or any(stem.startswith(firsts) for stem in stems))


@lru_cache(maxsize=8)
def _digit_patterns(run: int) -> tuple[tuple[int, re.Pattern[str]], ...]:
    """The patterns that can match at a token whose first run of digits is this long (up to 5)."""
    names = [n for n, _ in _patterns()]
    skip = _YEAR_FIRST if run <= 2 else _DAY_FIRST if run == 4 else _YEAR_FIRST | _DAY_FIRST
    return tuple((i, pat) for i, pat in _pattern_groups()[0] if names[i] not in skip)


def _match_all(t: str) -> list[tuple[int, int, int, re.Match[str]]]:
    """All pattern matches at candidate starts: (start, end, pattern index, match)."""
    out = []
    for pos, token in _candidate_starts(t):
        for i, pat in _patterns_at(token):
            m = pat.match(t, pos)
            if m is not None and m.end() > pos:
                out.append((pos, m.end(), i, m))
    return out


@lru_cache(maxsize=1)
def _with_core() -> frozenset[int]:
    """The patterns whose value is only part of their match (the group named core)."""
    return frozenset(i for i, (_, pat) in enumerate(_patterns()) if "core" in pat.groupindex)


def _select(t: str, ref: dt.date | None, future: bool) -> list[_Found]:
    """Longest matches first, no overlaps; a match whose handler refuses it makes way for others."""
    candidates = _match_all(t)
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken = bytearray(len(t) + 1)
    ctx = _Ctx(t, ref, future)
    found: list[_Found] = []
    patterns = _patterns()
    with_core = _with_core()
    for s, e, i, m in candidates:
        if i in with_core and m["core"]:
            s, e = m.span("core")
        while e > s and t[e - 1].isspace():
            e -= 1
        if taken.find(1, s, e) >= 0:
            continue
        ctx.start, ctx.end = s, e
        kind = patterns[i][0]
        val = _HANDLERS[kind](m, ctx)
        if val is None:
            continue
        if val.span is not None:
            s, e = val.span
            kind = "duration"
        taken[s:e] = b"\x01" * (e - s)
        found.append(_Found(s, e, val, kind))
    found.sort(key=lambda f: f.start)
    return found
