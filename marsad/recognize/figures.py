"""Figures: quantities stated as facts ("ارتفعت التجارة بنسبة 13% العام الماضي" → 13 percent,
trade, rise, period 2023), as :class:`marsad.doc.Figure` records.

A figure is a number (digits or words, see :mod:`marsad.arabic.numbers`) with a unit after it:
a percentage (13%، 13 في المئة، ثلاثة بالمئة), an amount of money with its ISO currency (3 مليارات
دولار → 3e9 USD), people (مقتل 12 شخصا → 12 people, killed), a period (معاهدة لعشرين عاما → 20
year, term), a distance, an area, a weight, barrels, or military items. Then, from its sentence:
- ``measure``: the nearest measure word before it (التجارة → trade, مقتل → killed), else just
  after it, unless the unit says it (قتلى → killed);
- ``direction``: the nearest rise/fall word before it in the sentence (ارتفع، صعد، انخفض، تراجع);
- ``period``: the value of the time expression that governs it: the first date after it in its
  clause (before the next figure), else the nearest before it in the sentence.
Not figures: numbers inside a date or another time expression (عام 2025، 6 ديسمبر), numbers that
name or index something (قرار 2231، المادة 5، F-16، كوفيد-19، G20), and bare numbers without a
unit or a people-count context. Parties stay empty; :func:`attach_parties` fills them from the
actor mentions of the text. Vocabulary: ``data/units.tsv``, ``currencies.tsv``,
``figure_words.tsv``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from marsad.arabic.dates import Timex, find_timexes
from marsad.arabic.normalize import Normalized, normalize, normalize_text
from marsad.arabic.numbers import Number, find_numbers
from marsad.doc import Figure
from marsad.resources import read_tsv

_E = r"(?![^\W\d_])"
_CLITIC = r"(?:[وف]?(?:[بلك]?ال|لل|[بلك])?)"
_SENTENCE_END = re.compile(r"[!?؟\n]|\.(?!\d)|(?<!\d)\.")  # a point between digits is a decimal point
_TIME_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "MIN": "minute", "DE": "decade",
               "CE": "century"}


class HasCode(Protocol):
    start: int
    end: int
    code: str


@dataclass(slots=True, frozen=True)
class _Unit:
    unit: str
    kind: str
    measure: str
    currency: str = ""


@dataclass(slots=True, frozen=True)
class _Lexicon:
    units: dict[str, _Unit]  # normalized form -> unit
    unit_re: re.Pattern[str]  # a unit right after a number
    words: dict[str, dict[str, str]]  # kind (measure, direction, label, approx) -> form -> key
    measure_re: re.Pattern[str]
    direction_re: re.Pattern[str]
    term_re: re.Pattern[str]


def _norm(form: str) -> str:
    return " ".join(normalize_text(form.strip()).lower().split())


def _alt(forms: Iterable[str]) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=len, reverse=True))


def _word_re(forms: Iterable[str]) -> re.Pattern[str]:
    """Whole words (with clitics and article) from a set of forms; group ``w`` is the form."""
    bare = {f[2:] if f.startswith("ال") and " " not in f else f for f in forms}
    return re.compile(rf"(?<![^\W_]){_CLITIC}(?P<w>{_alt(bare)}){_E}")


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    units: dict[str, _Unit] = {}
    for unit, kind, measure, forms in read_tsv("units.tsv"):
        for form in forms.split("|"):
            units[_norm(form)] = _Unit(unit, kind, "" if measure == "-" else measure)
    for code, forms in read_tsv("currencies.tsv"):
        for form in forms.split("|"):
            units[_norm(form)] = _Unit("currency", "currency", "", "" if code == "-" else code)
    words: dict[str, dict[str, str]] = {}
    for kind, key, forms in read_tsv("figure_words.tsv"):
        for form in forms.split("|"):
            words.setdefault(kind, {})[_norm(form)] = key
    unit_re = re.compile(rf"\s*(?:ال)?(?P<u>{_alt(units)})(?![^\W\d_])")
    term = {f for f, k in words["measure"].items() if k in ("term", "sentence")}
    return _Lexicon(units, unit_re, words, _word_re(words["measure"]), _word_re(words["direction"]), _word_re(term))


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _lookup(table: dict[str, str], word: str) -> str:
    w = " ".join(word.split())
    return table.get(w) or table.get("ال" + w) or table.get(_bare(w), "")


# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    text: str
    norm: Normalized
    t: str  # normalized text
    timexes: list[Timex]
    sentences: list[tuple[int, int]] | None = None  # normalized spans, found when first asked for

    def sentence_of(self, pos: int) -> tuple[int, int]:
        if self.sentences is None:
            self.sentences = _sentences(self.t)  # most texts with a number have no figure
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.t)


def _sentences(t: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(t):
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, len(t)))
    return out


def _labelled(ctx: _Ctx, n: Number) -> bool:
    """Whether the number names or indexes something (قرار 2231، F-16، كوفيد-19، G20)."""
    raw = ctx.text
    before = raw[max(0, n.start - 2):n.start]
    if before[-1:].isalpha() or (before[-1:] in "-_" and before[:1].isalpha()):
        return True
    if raw[n.end:n.end + 1].isalpha() and raw[n.end:n.end + 1].isascii():
        return True
    ns = ctx.norm.norm_index(n.start)
    m = re.search(r"([^\W\d_]+)\s*(?:رقم\s*)?[(:]?\s*$", ctx.t[max(0, ns - 30):ns])
    return m is not None and _bare(_strip_clitics(m.group(1))) in lexicon().words["label"]


def _strip_clitics(word: str) -> str:
    for p in ("وال", "فال", "بال", "لل", "و", "ف", "ب", "ل"):
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p):]
    return word


def _unit_after(ctx: _Ctx, n: Number) -> tuple[_Unit, int] | None:
    """The unit right after a number and the normalized end of the figure, or None."""
    ne = ctx.norm.norm_index(n.end)
    m = lexicon().unit_re.match(ctx.t, ne)
    if m:
        return lexicon().units[" ".join(m.group("u").split())], m.end()
    ns = ctx.norm.norm_index(n.start)
    if ctx.t[max(0, ns - 1):ns] in ("$", "€", "£"):  # $3 مليارات
        return lexicon().units[ctx.t[ns - 1]], ne
    return None


@lru_cache(maxsize=1)
def _people_word_re() -> re.Pattern[str]:
    """The word before a number, past a hedge (مقتل نحو 12، ارتفعت الحصيلة إلى 50)."""
    hedges = _alt([*lexicon().words["approx"], "الي", "علي"])
    return re.compile(rf"([^\W\d_]+)\s+(?:(?:{hedges})\s+)?$")


def _people_context(ctx: _Ctx, ns: int) -> str:
    """killed/injured/... when a people-count word comes right before the number (مقتل 12)."""
    window = ctx.t[max(0, ns - 40):ns]
    m = _people_word_re().search(window)
    if not m:
        return ""
    key = _lookup(lexicon().words["measure"], _strip_clitics(m.group(1)))
    return key if key in ("killed", "injured", "arrested", "displaced", "evacuated", "refugees") else ""


def _nearest(pattern: re.Pattern[str], t: str, lo: int, hi: int) -> re.Match[str] | None:
    last = None
    for m in pattern.finditer(t, lo, hi):
        last = m
    return last


_PERIOD_MEASURES = frozenset({"term", "sentence"})  # what a period measures, never an amount


def _measure(ctx: _Ctx, s: int, e: int, unit: _Unit) -> str:
    """The unit's own measure, else the nearest measure word before the figure in its sentence,
    else one just after it."""
    if unit.measure:
        return unit.measure
    lx = lexicon()
    ss, se = ctx.sentence_of(s)
    table = lx.words["measure"]
    before = [k for k in (_lookup(table, m.group("w")) for m in lx.measure_re.finditer(ctx.t, max(ss, s - 120), s))
              if k not in _PERIOD_MEASURES]
    if before:
        return before[-1]
    for m in lx.measure_re.finditer(ctx.t, e, min(se, e + 40)):
        key = _lookup(table, m.group("w"))
        if key not in _PERIOD_MEASURES:
            return key
    return ""


def _direction(ctx: _Ctx, s: int) -> str:
    ss, _ = ctx.sentence_of(s)
    m = _nearest(lexicon().direction_re, ctx.t, max(ss, s - 150), s)
    return _lookup(lexicon().words["direction"], m.group("w")) if m else ""


_CALENDAR = re.compile(r"\d{4}(?:-(?:\d\d(?:-\d\d)?|H\d|Q\d|W\d\d|SP|SU|FA|WI))?|\d{3}X")


def _period(ctx: _Ctx, s: int, e: int, next_start: int) -> str:
    """The date governing a figure: a rate's set right after it (برميل يوميا → P1D), else the
    first date after it in its clause, else the nearest date before it in its sentence."""
    ss, se = ctx.sentence_of(s)
    for t in ctx.timexes:
        ts = ctx.norm.norm_index(t.start)
        if t.type == "SET" and ts >= e and not ctx.t[e:ts].strip():
            return t.value
    dates = [t for t in ctx.timexes if t.type == "DATE" and (not t.value or _CALENDAR.fullmatch(t.value))]
    for t in dates:
        ts = ctx.norm.norm_index(t.start)
        if e <= ts < min(se, next_start):
            return t.value
    before = [t for t in dates if ss <= ctx.norm.norm_index(t.start) and ctx.norm.norm_index(t.end) <= s]
    return before[-1].value if before else ""




def _duration_figure(ctx: _Ctx, t: Timex) -> Figure | None:
    """A period as a figure when it is a term (معاهدة لعشرين عاما), a sentence (بالسجن 10 سنوات)
    or an age (البالغ من العمر 30 عاما، "(24 عاما)"); other durations are just time."""
    m = re.fullmatch(r"PT?(\d+)(Y|M|W|D|H|DE|CE)", t.value)
    if t.type != "DURATION" or not m:
        return None
    unit = "minute" if t.value.startswith("PT") and m[2] == "M" else _TIME_UNITS[m[2]]
    measure = _period_measure(ctx, t)
    return Figure(t.start, t.end, t.text, float(m[1]), unit, "", measure) if measure else None


@lru_cache(maxsize=1)
def _cue_res() -> dict[str, re.Pattern[str]]:
    """Regexes for the words just before a period: age, sentence and for (a term)."""
    cues: dict[str, list[str]] = {}
    for form, key in lexicon().words["cue"].items():
        cues.setdefault(key, []).append(form)
    hedge = r"(?:\s+(?:مده\s+)?(?:لا\s+)?[^\W\d_]+\s+(?:عن|علي))?"  # مدة لا تقل عن
    return {
        "age": re.compile(rf"(?<![^\W_])(?:{_alt(cues['age'])})(?:\s+من\s+العمر)?\s+$"),
        "sentence": re.compile(rf"(?<![^\W_])(?:{_alt(cues['sentence'])}){hedge}\s+$"),
        "for": re.compile(rf"(?:^|(?<![^\W_]))[وف]?(?:{_alt(cues['for'])})\s*$"),
    }


def _period_measure(ctx: _Ctx, t: Timex) -> str:
    s = ctx.norm.norm_index(t.start)
    before = ctx.t[max(0, s - 60):s]
    cue = _cue_res()
    in_parens = before.rstrip().endswith("(") and ctx.text[t.end:t.end + 2].strip().startswith(")")
    if in_parens or cue["age"].search(before):
        return "age"  # "(24 عاما)" after a name, البالغ من العمر 24 عاما
    if cue["sentence"].search(before):
        return "sentence"
    ss, _ = ctx.sentence_of(s)
    attached = ctx.t[s] == "ل" and ctx.t[s:s + 2] != "لل"  # لعشرين عاما
    if not (attached or cue["for"].search(before)):
        return ""
    near = _nearest(lexicon().term_re, ctx.t, max(ss, s - 60), s)
    key = _lookup(lexicon().words["measure"], near.group("w")) if near else ""
    return key if key in _PERIOD_MEASURES else ""


def find_figures(text: str, ref: dt.date | None = None, timexes: list[Timex] | None = None,
                 norm: Normalized | None = None) -> list[Figure]:
    """Figures of a text, in order, with offsets into it (``story`` left 0, ``parties`` empty).
    ``timexes`` and ``norm``: the text's time expressions and normalization when the caller has them."""
    norm = norm if norm is not None else normalize(text)
    numbers = find_numbers(text, norm)
    if not numbers:
        return []  # every figure, durations included, has a number
    timexes = find_timexes(text, ref) if timexes is None else timexes
    ctx = _Ctx(text, norm, norm.text, timexes)
    blocked = [(t.start, t.end) for t in timexes if t.type != "DURATION"]
    figures = [f for f in (_duration_figure(ctx, t) for t in timexes) if f is not None]
    taken = [(f.start, f.end) for f in figures] + blocked
    for n in numbers:
        if any(s < n.end and n.start < e for s, e in taken) or _labelled(ctx, n):
            continue
        fig = _number_figure(ctx, n)
        if fig is not None:
            figures.append(fig)
            taken.append((fig.start, fig.end))
    figures.sort(key=lambda f: f.start)
    _fill_context(ctx, figures)
    return figures


def _number_figure(ctx: _Ctx, n: Number) -> Figure | None:
    found = _unit_after(ctx, n)
    if found is None:
        killed = _people_context(ctx, ctx.norm.norm_index(n.start))
        if not killed:
            return None
        unit, end = _Unit("people", "people", killed), ctx.norm.norm_index(n.end)
    else:
        unit, end = found
        if unit.kind == "time":
            return None  # a period that is not a time expression (e.g. 2000 يوم): not sure enough
    re_ = ctx.norm.raw_end(end)
    start = min(n.start, ctx.norm.raw_start(ctx.norm.norm_index(n.start) - 1)) if ctx.text[n.start - 1:n.start] in (
        "$", "€", "£") else n.start
    unit_name = "percent" if unit.kind == "percent" else unit.unit
    value = n.value
    if unit.kind in ("people", "item") and re.fullmatch(r"\d{1,3}(?:[.٫]\d{3})+", n.text):
        value = float(re.sub(r"\D", "", n.text))  # 12.500 جندي: a count has no decimals
    return Figure(start, re_, ctx.text[start:re_], value, unit_name, unit.currency, unit.measure)


def _fill_context(ctx: _Ctx, figures: list[Figure]) -> None:
    for i, f in enumerate(figures):
        s, e = ctx.norm.norm_index(f.start), ctx.norm.norm_index(f.end)
        nxt = ctx.norm.norm_index(figures[i + 1].start) if i + 1 < len(figures) else len(ctx.t)
        unit = _Unit(f.unit, "", f.measure)
        if f.unit in _TIME_UNITS.values():
            continue  # a period: its measure is set, it has no period of its own
        f.measure = _measure(ctx, s, e, unit)
        f.direction = _direction(ctx, s)
        f.period = _period(ctx, s, e, nxt)


# ---------------------------------------------------------------------------------------------

_BETWEEN = re.compile(r"(?:^|\s)[وف]?(?:ما\s+)?بين\s*$")


def attach_parties(figures: Sequence[Figure], mentions: Sequence[HasCode], text: str) -> Sequence[Figure]:
    """Set ``parties`` of each figure whose sentence says "بين X وY" before it (التبادل التجاري
    بين روسيا وإيران), X and Y being mentions with codes, or names the pair as adjectives joined by
    a hyphen or a space (التجارة الروسية-الإيرانية). Figures, mentions and ``text`` must share
    offsets (e.g. all doc-level). Returns the figures, changed in place."""
    ordered = sorted((m for m in mentions if getattr(m, "code", "")), key=lambda m: m.start)
    starts = [m.start for m in ordered]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] if figures else []
    for f in figures:
        k = bisect_right(ends, f.start) - 1  # the last sentence end at or before the figure
        lo = ends[k] if k >= 0 else 0
        inside = [m for m in ordered[bisect_left(starts, lo):bisect_left(starts, f.start)] if m.end <= f.start]
        pair = _last_pair(text, inside)
        if pair:
            f.parties = pair
    return figures


def _last_pair(text: str, mentions: list[HasCode]) -> list[str]:
    for x, y in reversed(list(pairwise(mentions))):
        between = text[x.end:y.start]
        if x.code == y.code:
            continue
        if re.fullmatch(r"\s*و?\s*", between) and _BETWEEN.search(normalize_text(text[max(0, x.start - 12):x.start])):
            return [x.code, y.code]
        if re.fullmatch(r"\s*-\s*|\s+", between) and not between.strip("- \t"):
            if re.fullmatch(r"\s*-\s*", between) or _adjectival(text, x, y):
                return [x.code, y.code]
    return []


def _adjectival(text: str, x: HasCode, y: HasCode) -> bool:
    """Two adjectives in a row (الروسية الإيرانية): both end with the nisba ي/ية."""
    a, b = normalize_text(text[x.start:x.end]), normalize_text(text[y.start:y.end])
    return all(w.startswith("ال") and w.endswith(("ي", "يه")) for w in (a, b))
