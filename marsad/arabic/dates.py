"""Time expressions in Arabic news (and the English forms found on Arabic pages): found with
offsets and normalized to TIMEX3 values.

Families: absolute dates (Egyptian/Gulf, Levantine/Iraqi and Maghrebi month names, English
months, ordinal days, numeric forms, Hijri dates), relative ones (اليوم، أمس، يوم الجمعة، الشهر
الماضي، أكتوبر الماضي، منذ أسبوعين، بعد ثلاثة أيام), parts and ranges (مطلع/منتصف/أواخر،
النصف الثاني من عام 2025، الربع الأول، بين … و…، من … إلى …), decades, centuries, seasons,
holidays, clock times, durations (لعشرين عاما), sets (سنويا، كل أسبوع) and vague references
(سابقا، حاليا، قريبا).

Values are TIMEX3: ``2024-12-06``, ``2024-11``, ``2024``, ``2024-W48``, ``2025-H2``, ``2025-Q1``,
``2024-SU``, ``198X`` (a decade), ``19`` (a century), ``2024-12-06TEV``, ``P20Y``, ``PT48H``,
``PXY`` (some years), ``P1W`` for a set, ``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``. A part of a
period that has no TIMEX3 suffix is a ``mod`` (START, MID, END); hedges are mods too (APPROX,
MORE_THAN, LESS_THAN). A date followed by a clock time is a TIME (``2017-08-11T15:20``).

Ranges: the two ends of بين X وY، من X إلى Y، X - Y stay two expressions (as TIMEX3 annotates
them), each carrying the range's ``start_value`` and ``end_value``, the first with its signal
(between, from), the second with its connector (and, to, until); an end without a year takes
the other's (من 1 يناير إلى 1 مايو 2019). A range whose first end is a bare day number (من 13 إلى
15 نوفمبر، 2 / 6 / 3 / 1942) or a year pair (2019/2020، 1936 - 1939) is one expression whose
``value`` is its start.

Spans: an expression covers the words that carry its value plus the clitics attached to its
first word (لعشرين عاما، وأمس). A separate signal word before it (منذ، خلال، بتاريخ، في، بحلول،
حتى) is left out of the span and recorded in ``signal`` (its meaning) and ``signal_start``;
corpora that put signals inside their spans (Wojood) are scored from ``signal_start``. Words
that make the value belong to the span: قبل عامين ("two years ago"), بعد ثلاثة أيام (from now;
in a past narrative, or before من/على, it counts from another event and stays a duration).

Relative expressions resolve against ``ref``; without one they are still found, with value ""
and ``relative`` set, and ``pattern`` keeps what is known (``XXXX-10`` for "أكتوبر الماضي").
A day or month named without a year (يوم الجمعة، في أكتوبر) is the past one unless its clause
speaks of the future (سـ + verb، سوف، لن، من المقرر، قد + imperfect, a scheduling verb such as
يزور or تعقد), or the caller passes ``future=True``.

Speed: the grammar is a list of regexes over normalized text, tried with ``match`` only at the
few token starts just before an anchor (a digit, or a word of the time vocabulary found by one
Aho-Corasick pass), so the cost is that pass plus a little work per anchor (about 4 MB of
Arabic news a second on one core, normalization included).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from marsad.arabic.normalize import Normalized, normalize_text
from marsad.arabic.numbers import number_regex, ordinal_regex, parse_number_ex, parse_ordinal
from marsad.resources import read_tsv


@dataclass(slots=True, frozen=True)
class Timex:
    start: int  # offsets into the text given to find_timexes
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value; "" for a relative expression without a reference date
    relative: bool = False  # the value depends on the reference date
    mod: str = ""  # START, MID, END, APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE
    start_value: str = ""  # first and last values of a range (and of a Hijri month or year)
    end_value: str = ""
    signal: str = ""  # meaning of the signal word just before: since, before, after, during, until,
    signal_start: int = -1  # by, dated, for, in, from, to, between; and where that word starts
    tense: str = ""  # past or future: the tense of the clause, for names of days and months
    pattern: str = ""  # underspecified value before resolution: XXXX-10, XXXX-WXX-5, REF-P1M


# ---------------------------------------------------------------------------------------------
# Vocabulary (data/*.tsv), loaded once on first use

_E = r"(?![^\W\d_])"  # end of a word: no letter follows
_PRE = r"(?:[وف]?[بلك]?)"  # clitics before an indefinite word or a number
_ART = r"(?:[وف]?(?:[بك]?ال|لل))"  # clitics with the article
_ARTICLE_CATEGORIES = ("unit", "unit_dual", "unit_plural", "season", "decade", "daypart")
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


@dataclass(slots=True, frozen=True)
class _Lexicon:
    months: dict[str, int]
    context_months: frozenset[str]  # names that need a day, a year or شهر next to them
    weekdays: dict[str, int]
    free_weekdays: frozenset[str]
    hijri: dict[str, int]
    words: dict[str, dict[str, str]]  # category -> normalized form -> key
    anchors: frozenset[str]  # tokens (with clitics) near which an expression can be
    openers: frozenset[str]  # tokens (with clitics) an expression can start with
    counted: frozenset[str]  # nouns counted after a number: "2000 جندي" is not a year
    labels: frozenset[str]  # words whose number is a name: "رؤية 2030"


def _norm_form(form: str) -> str:
    return " ".join(normalize_text(form.strip()).lower().split())


def _names(name: str) -> tuple[dict[str, int], set[str]]:
    """All names of a month/weekday table, and those of its context-only column."""
    out: dict[str, int] = {}
    context: set[str] = set()
    for cols in read_tsv(name):
        for i, col in enumerate(cols[1:3], start=1):
            for form in col.split("|"):
                if form.strip():
                    out[_norm_form(form)] = int(cols[0])
                    if i == 2:
                        context.add(_norm_form(form))
    return out, context


def _table(name: str, key_col: int, forms_col: int) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for cols in read_tsv(name):
        group = out.setdefault(cols[0], {})
        for form in cols[forms_col].split("|"):
            if form.strip():
                group[_norm_form(form)] = cols[key_col]
    return out


def _with_clitics(words: Iterable[str], article: bool = False) -> set[str]:
    """The words with the proclitics they may carry (و ف ب ل ك), and with the article when asked."""
    out: set[str] = set()
    for w in words:
        out.update(p + w for p in _CLITICS)
        if article and not w.startswith("ال"):
            out.update(p + "ال" + w for p in ("", "و", "ف", "ب", "ك", "وب", "وك", "فب"))
            out.update(("لل" + w, "ولل" + w, "فلل" + w))
        elif w.startswith("ال"):
            out.update(("لل" + w[2:], "ولل" + w[2:], "فلل" + w[2:]))
    return out


def _words_of(forms: Iterable[str], stop: dict[str, str]) -> set[str]:
    return {w for form in forms for w in form.split() if w not in stop}


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    months, context_months = _names("months.tsv")
    weekdays, context_weekdays = _names("weekdays.tsv")
    hijri, _ = _names("hijri_months.tsv")
    words = _table("timex_words.tsv", 1, 2)
    stop = words["not_anchor"]
    anchors = _with_clitics(_words_of([*months, *weekdays, *hijri], stop))
    for category in ("deictic", "vague", "set", "holiday"):
        anchors |= _with_clitics(_words_of(words.get(category, {}), stop))
    for category in (*_ARTICLE_CATEGORIES, "unit_named"):
        anchors |= _with_clitics(_words_of(words.get(category, {}), stop), article=True)
    from marsad.arabic.numbers import lexicon as number_lexicon

    nlx = number_lexicon()
    opening = {f.split()[0] for cat in ("part", "approx", "vague", "this") for f in words.get(cat, {})}
    opening.update(words["opener"], words["year_word"], words["few"], nlx.cardinal, nlx.ordinal, nlx.ordinal_unit)
    openers = anchors | _with_clitics(opening)
    counted = {_norm_form(f) for unit, kind, _, forms in read_tsv("units.tsv") if kind != "time"
               for f in forms.split("|")}
    counted.update(f for group in _table("currencies.tsv", 0, 1).values() for f in group)
    labels = set(_table("figure_words.tsv", 1, 2).get("label", {}))
    return _Lexicon(months, frozenset(context_months), weekdays,
                    frozenset(set(weekdays) - context_weekdays), hijri, words,
                    frozenset(anchors), frozenset(openers), frozenset(counted), frozenset(labels))


def _alt(forms: Iterable[str]) -> str:
    """A regex alternation of (normalized) forms, longest first; a space matches any spacing."""
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=len, reverse=True))


def _key(category: str, form: str) -> str:
    return lexicon().words[category][" ".join(form.split())]


# ---------------------------------------------------------------------------------------------
# The grammar


@lru_cache(maxsize=1)
def _fragment_forms() -> dict[str, list[str]]:
    """The word lists behind the grammar's fragments (normalized forms)."""
    lx = lexicon()
    w = lx.words
    single_units = [f for f, k in w["unit"].items() if f not in w["unit_ambiguous"]
                    and f not in w["unit_plural"] and not f.endswith("ا")]
    return {
        "MON": [*lx.months], "MONF": [m for m in lx.months if m not in lx.context_months], "WD": [*lx.weekdays],
        "WDF": [*lx.free_weekdays], "WDI": [f[2:] for f in lx.free_weekdays if f.startswith("ال")],
        "HM": [*lx.hijri], "UNIT": [*w["unit"]], "UDUAL": [*w["unit_dual"]],
        "UPL": [*w["unit_plural"]], "U1": single_units, "REL": [*w["rel"]],
        "RECENT": [*w["recent"]], "DEIC": [*w["deictic"]], "DAYP": [*w["daypart"]],
        "VAGUE": [*w["vague"]], "SETW": [*w["set"]], "PART": [*w["part"]],
        "SEASON": [*w["season"]], "DECADE": [*w["decade"]], "APPROX": [*w["approx"]],
        "ERA": [*w["era"]], "AH": [f for f, k in w["era"].items() if k == "AH"], "THIS": [*w["this"]],
        "EPI": [*w["epithet"]], "HOLI": [*w["holiday"]], "UNAMED": [*w["unit_named"]], "YW": [*w["year_word"]],
        "FEW": [*w["few"]], "ACC1": [*w["unit_one_acc"]], "ACC1X": [*w["unit_one_acc_ambiguous"]],
        "ERA_WORD": [f for f in w["era"] if len(f) > 2],
        "SIG_DUR": [f for f, k in w["signal"].items() if k in ("during", "for")],
    }


@lru_cache(maxsize=1)
def _fragments() -> dict[str, str]:
    out = {key: _alt(forms) for key, forms in _fragment_forms().items()}
    out.update(NUM=number_regex(), ORD=ordinal_regex())
    return out


def _yr(g: str) -> str:
    """A year, optionally in parentheses and with a second year (1931/1932, 2019-2020)."""
    return (rf"(?P<{g}p>\(\s*)?(?P<{g}>(?:1\d|20)\d\d)(?![\d]|[.,]\d)"
            rf"(?:\s*[/-]\s*(?P<{g}2>(?:1\d|20)\d\d|\d\d)(?![\d]|[.,]\d))?(?({g}p)\s*\))")


def _mon(f: dict[str, str], g: str = "m", names: str = "MON") -> str:
    """A month name, optionally followed by its other name (أكتوبر / تشرين الأول)."""
    return (rf"(?P<{g}>{f[names]}){_E}(?P<{g}alt>\s*/\s*(?:{f['MON']}){_E}|\s*\(\s*(?:{f['MON']})\s*\)"
            rf"|\s+(?:{f['MONF']}){_E})?")


def _pattern_sources() -> list[tuple[str, str]]:
    f = _fragments()
    era = rf"(?:\s*(?P<era>{f['ERA']})(?![^\W\d_.]))?"
    ycue = rf"(?:{_PRE}(?:{f['YW']})|{_ART}(?:{f['YW']}))"
    part = rf"(?:{_PRE}(?P<part>{f['PART']}){_E}\s+(?:من\s+)?)"
    wdp = rf"(?:{_PRE}يوم\s+)?(?:{_PRE}(?P<wd>{f['WD']}){_E}\s*[،,]?\s*(?:الموافق\s*:?\s*)?)?"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    oday = rf"(?P<od>{f['ORD']})"
    num_unit = rf"(?:(?P<num>{f['NUM']})\s+(?P<u>{f['UNIT']})|(?P<few>{f['FEW']})\s+(?P<fu>{f['UNIT']})|(?P<du>{f['UDUAL']}))"
    sep = r"(?:\s*/\s*|-|\.)"
    clock = (r"(?:\s*[,،]?\s*(?:الساعه\s+)?(?P<th>[0-2]?\d):(?P<tm>[0-5]\d)(?::[0-5]\d)?(?!\d)"
             r"(?:\s*(?:gmt|utc|بتوقيت\s+[^\W\d_]+))?)?")
    return [
        ("iso", r"(?P<y>(?:1\d|20)\d\d)(?P<s>[-/.])(?P<mo>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?:t(?P<th>[0-2]\d):(?P<tm>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?(?!\d)"),
        ("days_num", rf"{_PRE}(?P<d1>[0-3]?\d)\s*/\s*(?P<d2>[0-3]?\d)\s*/\s*(?P<mo>[01]?\d)\s*/\s*{_yr('y')}"),
        ("dmy", rf"{wdp}{_PRE}(?P<op>\(\s*)?{day}{sep}(?P<mo>[0-3]?\d){sep}\s*{_yr('y')}(?(op)\s*\)){era}"),
        ("dm_cue", rf"{_PRE}(?:بتاريخ|الموافق|يوم)\s*:?\s*(?P<core>(?P<d>[0-3]?\d)\s*/\s*(?P<mo>[01]?\d))(?!\s*/|\d|[.,]\d)"),
        ("dmy_word", rf"{wdp}{_PRE}(?:{day}|{oday})\s*,?\s*(?:من\s+)?(?:شهر\s+)?{_mon(f)}\.?\s*[,،/]?\s*(?:من\s+)?(?:{ycue}\s*)?{_yr('y')}{era}{clock}"),
        ("mdy", rf"(?:(?P<wd>{f['WD']}){_E}\s*[,،]?\s*)?{_mon(f)}\.?\s+{day}\s*[,،]?\s+{_yr('y')}"),
        ("dm_rel_month", rf"{wdp}{_PRE}(?:{day}|{oday})\s+من\s+(?:هذا\s+الشهر|{_ART}شهر\s+(?P<rel>{f['REL']}){_E})"),
        ("dm", rf"{wdp}{_PRE}(?:{day}|{oday})\s*(?:من\s+)?(?:شهر\s+)?{_mon(f)}(?:\s+(?P<rel>{f['REL']}){_E})?"),
        ("day_range", rf"(?:(?P<rng>{_PRE}(?:من|بين))\s+)?(?P<d1>[0-3]?\d)\s*(?:-|–|وحتي|ولغايه|الي|حتي|و)\s*(?P<d2>[0-3]?\d)\s*(?:من\s+)?(?:شهر\s+)?{_mon(f)}(?:\s*[,،]?\s*(?:{ycue}\s*)?{_yr('y')})?"),
        ("month_year", rf"{part}?{_PRE}(?:شهر\s+)?{_mon(f)}\s*(?:[,،/]\s*)?(?:من\s+)?(?:{ycue}\s*)?{_yr('y')}{era}"),
        ("month_paren", rf"{_PRE}(?:شهر\s+)?{_mon(f)}\s*\(\s*(?P<d>[0-3]?\d)\s*/\s*(?P<mo>[01]?\d)\s*/\s*(?P<y>(?:1\d|20)\d\d)\s*\)"),
        ("year", rf"{part}?{ycue}(?:\s+(?P<rel>{f['REL']}){_E})?\s*:?\s*{_yr('y')}{era}"),
        ("part_year", rf"{_PRE}(?P<part>{f['PART']}){_E}\s+(?:من\s+)?{_yr('y')}{era}"),
        ("hijri_year", rf"{_PRE}(?P<yp>\(\s*)?(?P<y>1[2-4]\d\d)(?(yp)\s*\))\s*(?P<era>{f['AH']})(?![^\W\d_.])"),
        ("year_bare", rf"{_PRE}(?P<y>1[89]\d\d|20\d\d)(?![\d%٪]|[.,]\d|\s*[%٪])(?:\s*[-–/]\s*(?P<y2>1[89]\d\d|20\d\d)(?!\d))?{era}"),
        ("month_rel", rf"{part}?{_PRE}(?:شهر\s+)?{_mon(f)}\s+(?P<rel>{f['REL']}){_E}"),
        ("month_alone", rf"{part}?(?:(?P<sh>{_PRE}شهر)\s+)?{_PRE}{_mon(f)}"),
        ("rel_unit", rf"{part}?{_ART}(?P<unit>{f['UNAMED']})\s+(?P<rel>{f['REL']}){_E}"),
        ("this_unit", rf"{part}?{_PRE}(?:(?:{f['THIS']})\s+ال|هال)(?P<unit>{f['UNAMED']}){_E}"),
        ("part_unit", rf"{_PRE}(?P<part>{f['PART']}){_E}\s+(?:من\s+)?{_ART}(?P<unit>{f['UNAMED']}){_E}(?!\s+(?:{f['REL']}|\d))"),
        ("plural_rel", rf"{_ART}(?P<pu>{f['UPL']})(?:\s+(?:ال)?(?P<num>{f['NUM']}))?\s+(?P<rel>{f['REL']}|{f['RECENT']}){_E}"),
        ("num_unit_rel", rf"{_ART}(?P<num>\d+)\s+(?P<u>{f['UNIT']})\s+(?P<rel>{f['REL']}|{f['RECENT']}){_E}"),
        ("weekday", rf"(?:(?P<dp>{_PRE}(?:{f['DAYP']}))\s+)?(?:(?:{_PRE}يوم\s+)?(?P<today>{_PRE}(?:اليوم|امس|الامس|غدا))\s+(?P<tp>\(\s*)?|{_PRE}يوم\s+)?{_PRE}(?P<wd>{f['WDF']}){_E}(?(tp)\s*\))(?:\s+(?P<rel>{f['REL']}){_E})?"),
        ("deictic", rf"(?:(?P<dp>{_PRE}(?:{f['DAYP']}))\s+)?(?:{_PRE}يوم\s+)?{_PRE}(?P<deic>{f['DEIC']}){_E}(?:\s+(?P<dp2>{f['DAYP']}){_E})?"),
        ("clock", rf"(?:(?:{_PRE}الساعه\s+(?:(?P<h>[0-2]?\d)(?:[:.](?P<mi>[0-5]\d))?|(?P<ho>{f['ORD']})(?:\s+و(?P<frac>النصف|الربع|نصف|ربع))?))|(?<![\d:])(?P<h2>[0-2]?\d):(?P<mi2>[0-5]\d)(?::[0-5]\d)?)(?!\d)(?:\s+(?P<dp>{f['DAYP']}){_E})?(?:\s+(?:بتوقيت\s+[^\W\d_]+(?:\s+[^\W\d_]+)?|gmt|utc))?"),
        ("ago", rf"(?P<ago>{_PRE}(?:منذ|قبل|بعد))\s+(?:(?P<ap>{f['APPROX']})\s+)?(?:{num_unit}|(?P<u1>{f['U1']})|(?P<pl>{f['UPL']}))(?:\s+و\s*(?P<half>نصف))?{_E}"),
        ("duration", rf"(?:(?P<ap>{f['APPROX']})\s+)?{_PRE}(?:{num_unit}|(?P<u1>{f['U1']})(?=\s+و\s*نصف)){_E}(?:\s+و\s*(?P<half>نصف))?"),
        ("unit_acc", rf"{_PRE}(?:(?P<u>{f['ACC1']})(?:\s+(?:كاملا|واحدا))?|(?P<u2>{f['ACC1X']})\s+(?:كاملا|واحدا)){_E}(?!\s+(?:ما|بعد){_E})"),
        ("unit_signal", rf"{_PRE}(?:{f['SIG_DUR']})\s+(?P<core>(?:(?P<u1>{f['U1']})|(?P<pl>{f['UPL']}))(?:\s+و\s*(?P<half>نصف))?){_E}"),
        ("night", rf"{_PRE}(?P<night>الليله)(?:\s+(?P<rel>{f['REL']}|البارحه))?{_E}"),
        ("unit_one", rf"{_PRE}(?P<u>{f['U1']})\s+(?:واحد|واحده){_E}"),
        ("set", rf"{_PRE}(?:كل\s+(?:{num_unit}|(?P<swd>{f['WDF']})|يوم\s+(?P<swi>{f['WDI']}|{f['WDF']}))|(?P<setw>{f['SETW']})){_E}"),
        ("vague", rf"{_PRE}(?P<vg>{f['VAGUE']}){_E}"),
        ("decade", rf"(?:{_ART}?عقد\s+)?{_PRE}(?:ال)?(?P<dec>{f['DECADE']}){_E}(?:\s+(?:من\s+)?{_ART}?قرن\s+(?:(?P<crel>{f['REL']})|(?:ال)?(?P<cnum>\d\d?)|(?P<cord>{f['ORD']}))){_E}"),
        ("decade_only", rf"(?:{_ART}?عقد\s+)?{_PRE}(?:ال)?(?P<dec>{f['DECADE']}){_E}"),
        ("century", rf"{part}?{_ART}قرن\s+(?:(?P<crel>{f['REL']})|(?:ال)?(?P<cnum>\d\d?)|(?P<cord>{f['ORD']})){_E}(?:\s+(?:ال)?(?P<cera>{f['ERA_WORD']}))?"),
        ("season", rf"{part}?(?:(?P<fs>{_PRE}فصل)\s+)?{_PRE}(?P<art>ال)?(?P<sea>{f['SEASON']}){_E}(?:\s+(?:(?:من\s+)?{ycue}\s*)?{_yr('y')}|\s+(?P<rel>{f['REL']}){_E})?"),
        ("hijri", rf"{wdp}{_PRE}(?:(?:{day}|{oday})\s*(?:/\s*|من\s+)?)?(?:شهر\s+)?(?P<hm>{f['HM']}){_E}(?:\s+(?:{f['EPI']}){_E})?\s*(?:/\s*)?(?:(?:من\s+)?{ycue}\s*)?{_yr('y')}{era}"),
        ("hijri_dm", rf"{wdp}{_PRE}(?:{day}|{oday})\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{f['HM']}){_E}(?:\s+(?:{f['EPI']}){_E})?(?:\s+(?P<rel>{f['REL']}){_E})?"),
        ("hijri_alone", rf"(?:(?P<sh>{_PRE}شهر)\s+{_PRE}(?P<hm>{f['HM']}){_E}(?:\s+(?:{f['EPI']}){_E})?|{_PRE}(?P<hm2>{f['HM']})\s+(?:{f['EPI']}){_E})(?:\s+(?P<rel>{f['REL']}){_E})?"),
        ("holiday", rf"{_PRE}(?P<hol>{f['HOLI']}){_E}(?:\s+(?:(?:من\s+)?{ycue}\s*)?{_yr('y')}{era}|\s+(?P<rel>{f['REL']}){_E})?"),
    ]


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(src)) for name, src in _pattern_sources()]


# ---------------------------------------------------------------------------------------------
# Values


@dataclass(slots=True)
class _Val:
    type: str
    value: str
    relative: bool = False
    mod: str = ""
    start_value: str = ""
    end_value: str = ""
    pattern: str = ""
    tense: str = ""
    ymd: tuple[int | None, int | None, int | None] = (None, None, None)  # for ranges
    span: tuple[int, int] | None = None  # a span narrower than the match, when the handler says so


@dataclass(slots=True)
class _Ctx:
    t: str  # normalized text
    ref: dt.date | None
    future: bool
    start: int = 0  # span of the match being valued
    end: int = 0

    def tense(self) -> str:
        if self.future:
            return "future"
        return _clause_tense(self.t, self.start, self.end)

    def before(self, n: int = 40) -> str:
        return self.t[max(0, self.start - n):self.start]

    def after(self, n: int = 40) -> str:
        return self.t[self.end:self.end + n]


_Handler = Callable[[re.Match[str], _Ctx], "_Val | None"]


def _valid(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and 1 <= y <= 9999


def _ymd(y: int, mo: int, d: int | None = None) -> str:
    return f"{y:04d}-{mo:02d}" if d is None else f"{y:04d}-{mo:02d}-{d:02d}"


def _shift_month(y: int, mo: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (mo - 1) + delta
    return k // 12, k % 12 + 1


def _rel_delta(rel: str | None) -> int | None:
    if not rel:
        return None
    return int(_key("rel", rel)) if " ".join(rel.split()) in lexicon().words["rel"] else -1


def _month(name: str) -> int:
    return lexicon().months[" ".join(name.split())]


def _day_of(g: dict[str, str | None]) -> int | None:
    if g.get("d"):
        return int(g["d"])  # type: ignore[arg-type]
    if g.get("od"):
        return parse_ordinal(g["od"])  # type: ignore[arg-type]
    return None


def _year_of(g: dict[str, str | None], name: str = "y") -> int | None:
    return int(g[name]) if g.get(name) else None  # type: ignore[arg-type]


def _era(g: dict[str, str | None]) -> str:
    e = g.get("era")
    return _key("era", e) if e else ""


def _year_for_month(month: int, ref: dt.date, delta: int | None, tense: str) -> int:
    """The year of a month named without one: last/next/this by the adjective, else by tense
    (past: the latest such month up to now; future: the next one from now)."""
    if delta == -1:
        return ref.year if month < ref.month else ref.year - 1
    if delta == 1:
        return ref.year if month > ref.month else ref.year + 1
    if delta == 0:
        return ref.year
    if tense == "future":
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


# Hijri -----------------------------------------------------------------------------------------


def _hijri_to_greg(y: int, mo: int, d: int) -> dt.date | None:
    from hijridate import Hijri

    try:
        return dt.date(*Hijri(y, mo, d).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def _hijri_month_span(y: int, mo: int) -> tuple[dt.date, dt.date] | None:
    from hijridate import Hijri

    try:
        first = Hijri(y, mo, 1)
        start = dt.date(*first.to_gregorian().datetuple())
        return start, start + dt.timedelta(days=first.month_length() - 1)
    except (ValueError, OverflowError):
        return None


def _hijri_year_value(y: int) -> _Val:
    """A Hijri year: the Gregorian year holding most of it (an approximation outside the range
    hijridate covers)."""
    first, last = _hijri_month_span(y, 1), _hijri_month_span(y, 12)
    if first and last:
        mid = first[0] + (last[1] - first[0]) / 2
        return _Val("DATE", f"{mid.year:04d}", start_value=first[0].isoformat(), end_value=last[1].isoformat())
    return _Val("DATE", f"{int(y * 0.970224 + 621.5774 + 0.485):04d}")


def _hijri_month_value(y: int, mo: int, d: int | None) -> _Val | None:
    if d is not None:
        day = _hijri_to_greg(y, mo, d)
        return _Val("DATE", day.isoformat(), ymd=(day.year, day.month, day.day)) if day else None
    span = _hijri_month_span(y, mo)
    if span is None:
        return _Val("DATE", _hijri_year_value(y).value)
    mid = span[0] + dt.timedelta(days=14)
    return _Val("DATE", _ymd(mid.year, mid.month), start_value=span[0].isoformat(), end_value=span[1].isoformat())


def _hijri_today(ref: dt.date) -> tuple[int, int, int]:
    from hijridate import Gregorian

    h = Gregorian(ref.year, ref.month, ref.day).to_hijri()
    return h.year, h.month, h.day


def _hijri_year_for(mo: int, d: int, ref: dt.date, delta: int | None, tense: str) -> int:
    hy, hm, hd = _hijri_today(ref)
    if delta == 0:
        return hy
    if delta == -1 or (delta is None and tense != "future"):
        return hy if (mo, d) <= (hm, hd) or (delta == -1 and mo < hm) else hy - 1
    return hy if (mo, d) >= (hm, hd) else hy + 1


def _hijri_in_greg_year(mo: int, d: int | None, year: int) -> _Val | None:
    """A Hijri month (and day) in a Gregorian year: رمضان عام 1992."""
    from hijridate import Gregorian

    try:
        hy = Gregorian(year, 1, 1).to_hijri().year
    except (ValueError, OverflowError):
        return None
    for y in (hy, hy + 1):
        val = _hijri_month_value(y, mo, d)
        if val and val.value.startswith(f"{year:04d}"):
            return val
    return None


# Durations and shifts -------------------------------------------------------------------------

_SMALLER = {"CE": ("Y", 100), "DE": ("Y", 10), "Y": ("M", 12), "M": ("D", 30), "W": ("D", 7),
            "D": ("H", 24), "H": ("MIN", 60)}


def _duration(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P20Y, P18M (عام ونصف), PT48H, PT30M, PXD (some days)."""
    if n is None:
        return f"PTX{'M' if unit == 'MIN' else 'H'}" if unit in ("H", "MIN") else f"PX{unit}"
    while n != int(n) and unit in _SMALLER:
        unit, factor = _SMALLER[unit]
        n *= factor
    count = round(n)
    if unit in ("H", "MIN"):
        return f"PT{count}{'M' if unit == 'MIN' else 'H'}"
    return f"P{count}{unit}"


def _shifted(ref: dt.date, unit: str, n: float, sign: int) -> str:
    """The date n units before (sign -1) or after (sign 1) ref, at the unit's granularity."""
    while n != int(n) and unit in _SMALLER:
        unit, factor = _SMALLER[unit]
        n *= factor
    k = sign * round(n)
    if unit == "CE":
        return f"{ref.year // 100 + k:02d}"
    if unit == "DE":
        return f"{ref.year // 10 + k}X"
    if unit == "Y":
        return f"{ref.year + k:04d}"
    if unit == "M":
        return _ymd(*_shift_month(ref.year, ref.month, k))
    if unit == "W":
        iso = (ref + dt.timedelta(weeks=k)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "D":
        return (ref + dt.timedelta(days=k)).isoformat()
    return ref.isoformat()  # hours and minutes: the reference day


def _count_unit(g: dict[str, str | None]) -> tuple[float | None, str, str] | None:
    """(count, unit code, approx mod) of a number + unit group; count None for "some"."""
    if g.get("du"):
        return 2.0, _key("unit_dual", g["du"]), ""  # type: ignore[arg-type]
    if g.get("few"):
        return None, _key("unit", g["fu"]), ""  # type: ignore[arg-type]
    if g.get("u1"):
        n, unit = 1.0, _key("unit", g["u1"])  # type: ignore[arg-type]
    elif g.get("num"):
        parsed = parse_number_ex(g["num"])  # type: ignore[arg-type]
        if parsed is None or parsed[0] <= 0:
            return None
        n, unit = (None if parsed[1] else parsed[0]), _key("unit", g["u"])  # type: ignore[arg-type]
        if n is None:
            return None, unit, ""
    else:
        return None
    if g.get("half") and n is not None:
        n += 0.5
    return n, unit, ""


def _approx(g: dict[str, str | None]) -> str:
    a = g.get("ap")
    return _key("approx", a) if a else ""


# Handlers: one per pattern, (match, context) -> value or None when the match is not a time ------


def _h_iso(m: re.Match[str], c: _Ctx) -> _Val | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    return _with_clock(_Val("DATE", _ymd(y, mo, d), ymd=(y, mo, d)), m) if _valid(y, mo, d) else None


def _with_clock(v: _Val | None, m: re.Match[str]) -> _Val | None:
    """A date followed by a clock time (Fri, 11 Aug 2017 15:20:08 GMT) is a TIME."""
    g = m.groupdict()
    if v is None or not g.get("th") or int(g["th"]) > 24:
        return v
    v.type, v.value = "TIME", f"{v.value}T{int(g['th']):02d}:{g['tm']}"
    return v


_HIJRI_YEARS = range(1300, 1461)  # an unmarked year here is Hijri (1436 in a Saudi paper); 1515 is not


def _is_hijri(y: int, era: str) -> bool:
    return era == "AH" or (era == "" and y in _HIJRI_YEARS)


def _date_val(y: int, mo: int, d: int, era: str) -> _Val | None:
    if _is_hijri(y, era):
        return _hijri_month_value(y, mo, d) if 1 <= mo <= 12 else None
    if mo > 12 and d <= 12:
        mo, d = d, mo  # month/day/year
    return _Val("DATE", _ymd(y, mo, d), ymd=(y, mo, d)) if _valid(y, mo, d) else None


def _h_dmy(m: re.Match[str], c: _Ctx) -> _Val | None:
    return _date_val(int(m["y"]), int(m["mo"]), int(m["d"]), _era(m.groupdict()))


def _h_dmy_word(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    d = _day_of(g)
    return _with_clock(_date_val(int(m["y"]), _month(m["m"]), d, ""), m) if d else None


def _h_dm_rel_month(m: re.Match[str], c: _Ctx) -> _Val | None:
    """السابع والعشرين من الشهر الجاري، 15 من الشهر المقبل: a day of a month named relatively."""
    g = m.groupdict()
    d, delta = _day_of(g), _rel_delta(g.get("rel")) or 0
    if not d or not 1 <= d <= 31:
        return None
    if c.ref is None:
        return _Val("DATE", "", True, pattern=f"REF{delta:+d}M-{d:02d}")
    y, mo = _shift_month(c.ref.year, c.ref.month, delta)
    return _Val("DATE", _ymd(y, mo, d), True, ymd=(y, mo, d)) if _valid(y, mo, d) else None


def _relative_day(mo: int, d: int, g: dict[str, str | None], c: _Ctx) -> _Val | None:
    tense = c.tense() if not g.get("rel") else ""
    pattern = f"XXXX-{mo:02d}-{d:02d}"
    if c.ref is None:
        return _Val("DATE", "", True, pattern=pattern, tense=tense, ymd=(None, mo, d))
    y = _year_for_month(mo, c.ref, _rel_delta(g.get("rel")), tense)
    if not g.get("rel") and tense == "past" and _valid(y + 1, mo, d) and _valid(y, mo, d) and (
            c.ref - dt.date(y, mo, d)).days > 300 and (dt.date(y + 1, mo, d) - c.ref).days <= 60:
        y += 1  # "1 سبتمبر" written on 1 August: the coming one, not eleven months ago
    if not _valid(y, mo, d):
        return None
    return _Val("DATE", _ymd(y, mo, d), True, pattern=pattern, tense=tense, ymd=(None, mo, d))


def _h_dm_cue(m: re.Match[str], c: _Ctx) -> _Val | None:
    d, mo = int(m["d"]), int(m["mo"])
    return _relative_day(mo, d, m.groupdict(), c) if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _h_dm(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    d = _day_of(g)
    return _relative_day(_month(m["m"]), d, g, c) if d and 1 <= d <= 31 else None


def _h_day_range(m: re.Match[str], c: _Ctx) -> _Val | None:
    mo, d1, d2 = _month(m["m"]), int(m["d1"]), int(m["d2"])
    if not (1 <= d1 < d2 <= 31) or (m["rng"] is None and not re.search(r"-|–|الي|حتي", m.group())):
        return None
    if m["y"]:
        y = int(m["y"])
        if not (_valid(y, mo, d1) and _valid(y, mo, d2)):
            return None
        return _Val("DATE", _ymd(y, mo, d1), start_value=_ymd(y, mo, d1), end_value=_ymd(y, mo, d2))
    first = _relative_day(mo, d1, {}, c)
    if first is None:
        return None
    end = "" if not first.value else first.value[:8] + f"{d2:02d}"
    return replace(first, start_value=first.value, end_value=end)


def _with_part(v: _Val, part: str | None) -> _Val:
    """Apply مطلع/منتصف/أواخر (a mod) or النصف الثاني/الربع الأول (a suffix) to a value."""
    if not part:
        return v
    key = _key("part", part)
    if key in ("START", "MID", "END"):
        v.mod = key
        if key == "END" and re.fullmatch(r"\d{4}-W\d\d", v.value):
            v.value, v.mod = v.value + "-WE", ""  # نهاية الأسبوع: the weekend
    elif re.fullmatch(r"\d{4}", v.value):
        v.value += f"-{key}"
    elif re.fullmatch(r"\d{4}-\d\d", v.value) and key in ("H1", "H2"):
        v.mod = "START" if key == "H1" else "END"
    return v


def _year_val(y: int, g: dict[str, str | None]) -> _Val:
    era = _era(g)
    if _is_hijri(y, era):
        return _hijri_year_value(y)
    if era == "BC":
        return _Val("DATE", f"BC{y:04d}")
    y2 = g.get("y2")
    if y2:
        end = int(y2) if len(y2) == 4 else y // 100 * 100 + int(y2)
        if end > y:
            return _Val("DATE", f"{y:04d}", start_value=f"{y:04d}", end_value=f"{end:04d}", ymd=(y, None, None))
    return _Val("DATE", f"{y:04d}", ymd=(y, None, None))


def _h_month_year(m: re.Match[str], c: _Ctx) -> _Val | None:
    y, mo = int(m["y"]), _month(m["m"])
    if _is_hijri(y, _era(m.groupdict())):
        return None
    return _with_part(_Val("DATE", _ymd(y, mo), ymd=(y, mo, None)), m["part"])


def _h_month_paren(m: re.Match[str], c: _Ctx) -> _Val | None:
    return _date_val(int(m["y"]), int(m["mo"]), int(m["d"]), "")


def _h_year(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    if _counted_after(c):
        return None  # العام الحالي 1190 دولارا: a price, not a year
    return _with_part(_year_val(int(m["y"]), g), g.get("part"))


def _number_scale(word: str) -> bool:
    from marsad.arabic.numbers import lexicon as number_lexicon

    return number_lexicon().cardinal.get(word, ("",))[0] in ("scale", "scale_dual")


def _counted_after(c: _Ctx) -> bool:
    """Whether a counted noun (a unit, a currency, people) follows: then the number is a count."""
    lx = lexicon()
    nxt = _words_after(c.t, c.end)
    first = nxt.split(" ")[0] if nxt else ""
    if nxt in lx.counted or first in lx.counted or _number_scale(first):
        return True
    return first == "من" and _strip_article(_words_after(c.t, c.end, 2).split(" ")[-1]) in lx.counted


def _word_before(t: str, pos: int) -> str:
    """The word just before pos (normalized text), without its clitics and article."""
    m = re.search(r"([^\W\d_]+)[\s(،,:]*$", t[max(0, pos - 30):pos])
    if not m:
        return ""
    w = m.group(1)
    for p in ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل"):
        if w.startswith(p) and len(w) - len(p) >= 2:
            return w[len(p):]
    return w


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _words_after(t: str, pos: int, n: int = 2) -> str:
    return " ".join(re.findall(r"[^\W_]+|[%٪]", t[pos:pos + 40])[:n])


def _h_year_bare(m: re.Match[str], c: _Ctx) -> _Val | None:
    """A year without عام/سنة: not when a label names it (رؤية 2030، القرار 2043), nor when a
    counted noun follows it (2000 جندي), nor after a hedge (نحو 1900)."""
    lx = lexicon()
    prev = _word_before(c.t, c.start)
    if prev in lx.labels or prev in ("نحو", "حوالي", "قرابه", "زهاء", "اكثر", "اقل", "رقم", "الرقم"):
        return None
    if _counted_after(c):
        return None  # 2000 جندي، 2000 من الجنود
    return _year_val(int(m["y"]), m.groupdict())


def _relative_month(mo: int, g: dict[str, str | None], c: _Ctx) -> _Val:
    delta = _rel_delta(g.get("rel"))
    tense = "past" if delta == -1 else "future" if delta == 1 else c.tense()
    val = _Val("DATE", "", True, pattern=f"XXXX-{mo:02d}", tense=tense, ymd=(None, mo, None))
    if c.ref is not None:
        val.value = _ymd(_year_for_month(mo, c.ref, delta, tense), mo)
    return _with_part(val, g.get("part"))


def _h_month_rel(m: re.Match[str], c: _Ctx) -> _Val | None:
    return _relative_month(_month(m["m"]), m.groupdict(), c)


def _h_month_alone(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    name = " ".join(m["m"].split())
    if name in lexicon().context_months and not (g.get("sh") or g.get("malt") or g.get("part")):
        f = _fragments()
        after_signal = _word_before(c.t, c.start) in _signal_words()
        if not after_signal and not re.search(rf"(?:{f['MON']}){_E}\s*(?:-|الي|حتي|وحتي)?\s*$", c.before()):
            return None  # مارس، آب alone are words; after في or another month (يناير ومارس) they are months
    return _relative_month(_month(m["m"]), g, c)


@lru_cache(maxsize=1)
def _signal_words() -> frozenset[str]:
    """Single-word signals (في، منذ، خلال، حتى ...), as _word_before returns them."""
    return frozenset(w for w in lexicon().words["signal"] if " " not in w)




def _unit_value(unit: str, delta: int, ref: dt.date | None) -> tuple[str, str]:
    """(value, pattern) of "this/last/next <unit>"."""
    code = _key("unit_named", unit)
    pattern = "REF" if delta == 0 else f"REF{'+' if delta > 0 else '-'}P1{code}"
    if ref is None:
        return "", pattern
    return _shifted(ref, code, abs(delta), 1 if delta >= 0 else -1), pattern


def _h_rel_unit(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    if _key("unit_named", m["unit"]) == "Y":  # الأمين العام السابق: "general", not "year"
        if _word_before(c.t, c.start) in lexicon().words.get("not_year_noun", {}) or (
                _rel_delta(g["rel"]) == -1 and "سابق" in g["rel"] and re.search(r"ال[^\W\d_]+\s+$", c.before())):
            return None
    value, pattern = _unit_value(m["unit"], _rel_delta(g["rel"]) or 0, c.ref)
    return _with_part(_Val("DATE", value, True, pattern=pattern), g.get("part"))


def _h_this_unit(m: re.Match[str], c: _Ctx) -> _Val | None:
    value, pattern = _unit_value(m["unit"], 0, c.ref)
    return _with_part(_Val("DATE", value, True, pattern=pattern), m.groupdict().get("part"))


def _h_part_unit(m: re.Match[str], c: _Ctx) -> _Val | None:
    value, pattern = _unit_value(m["unit"], 0, c.ref)
    return _with_part(_Val("DATE", value, True, pattern=pattern), m["part"])


def _h_plural_rel(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    unit = _key("unit_plural", g["pu"]) if g.get("pu") else _key("unit", g["u"])
    n = None
    if g.get("num"):
        parsed = parse_number_ex(g["num"])
        if parsed is None:
            return None
        n = None if parsed[1] else parsed[0]
    return _Val("DURATION", _duration(n, unit))


def _h_weekday(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    words = lexicon().words
    if not g.get("dp") and _word_before(c.t, c.start) in words["not_weekday"]:
        return None  # صلاة الجمعة
    if m["wd"] in words["both"] and not (g.get("today") or g.get("rel") or m.group().startswith(("يوم", "ويوم"))) and (
            _word_before(c.t, c.start) in words["both_context"] or _words_after(c.t, c.end, 1) in words["both_context"]):
        return None  # بين الاثنين، الاثنين معا: "the two"
    wd = lexicon().weekdays[m["wd"]]
    delta = _rel_delta(g.get("rel"))
    tense = "past" if delta == -1 else "future" if delta == 1 else c.tense()
    dp = _key("daypart", _strip_pre(g["dp"])) if g.get("dp") else ""
    val = _Val("TIME" if dp else "DATE", "", True, pattern=f"XXXX-WXX-{wd}", tense=tense)
    if c.ref is not None:
        if g.get("today"):  # اليوم الجمعة، أمس (الخميس): the deictic word dates it
            day = c.ref + dt.timedelta(days=int(_key("deictic", _strip_pre(g["today"]))))
        elif tense == "future":
            day = c.ref + dt.timedelta(days=(wd - c.ref.isoweekday()) % 7 or 7)
        else:
            day = c.ref - dt.timedelta(days=(c.ref.isoweekday() - wd) % 7)
        val.value = day.isoformat() + (f"T{dp}" if dp else "")
    return val


def _strip_pre(word: str) -> str:
    """A daypart or deictic word without the clitics before it."""
    words = lexicon().words
    w = " ".join(word.split())
    for i in range(3):
        if w[i:] in words["daypart"] or w[i:] in words["deictic"]:
            return w[i:]
    return w


def _h_deictic(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    word = _strip_pre(g["deic"])
    words = lexicon().words
    if word == "اليوم":
        nxt = _words_after(c.t, c.end, 1)
        if nxt in words["not_today"] or parse_ordinal(nxt) or _word_before(c.t, c.start) in words["not_today_prev"]:
            return None
    dp_word = g.get("dp") or g.get("dp2")
    dp = _key("daypart", _strip_pre(dp_word)) if dp_word else ""
    delta = int(_key("deictic", word))
    val = _Val("TIME" if dp else "DATE", "", True, pattern="REF" if not delta else f"REF{delta:+d}D")
    if c.ref is not None:
        val.value = (c.ref + dt.timedelta(days=delta)).isoformat() + (f"T{dp}" if dp else "")
    return val


def _h_clock(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    h = g.get("h") or g.get("h2")
    hour = int(h) if h else parse_ordinal(g["ho"] or "") or 0
    minute = int(g.get("mi") or g.get("mi2") or 0)
    if g.get("frac"):
        minute = 30 if "نصف" in g["frac"] else 15
    if not (0 <= hour <= 24) or (h is None and not g.get("ho")):
        return None
    dp = _key("daypart", g["dp"]) if g.get("dp") else ""
    if dp in ("AF", "EV", "NI") and hour < 12 and not (dp == "NI" and hour < 5):
        hour += 12
    clock = f"T{hour:02d}:{minute:02d}"
    val = _Val("TIME", "", True, pattern="XXXX-XX-XX" + clock)
    if c.ref is not None:
        val.value = c.ref.isoformat() + clock
    return val


def _h_ago(m: re.Match[str], c: _Ctx) -> _Val | None:
    """منذ/قبل عامين "two years ago", بعد ثلاثة أيام "three days from now": a date. قبل/بعد
    followed by من/على count from another event (بعد ثلاثة أيام من الهجوم): a duration then."""
    g = m.groupdict()
    word = g["ago"][-3:]  # منذ، قبل، بعد after their clitics
    sign = 1 if word == "بعد" else -1
    if g.get("pl"):
        return _Val("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", pattern=f"REF{'+' if sign > 0 else '-'}PX")
    anchored = word in ("قبل", "بعد") and re.match(r"\s+(?:من|علي)\s", c.after(6))
    if anchored or (sign > 0 and c.tense() != "future"):
        # a period counted from another event (بعد ثلاثة أيام من الهجوم), or "later" in a past
        # narrative (وبعد ثلاثة أيام أعلن الجيش): the duration alone, its start unknown
        found = _count_unit(g)
        start = m.end("ago")
        while c.t[start].isspace():
            start += 1
        return _Val("DURATION", _duration(found[0], found[1]), span=(start, c.end)) if found else None
    found = _count_unit(g)
    if found is None:
        return None
    n, unit, _ = found
    if n is None:
        return _Val("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF")
    pattern = f"REF{'+' if sign > 0 else '-'}{_duration(n, unit)}"
    value = _shifted(c.ref, unit, n, sign) if c.ref is not None else ""
    return _Val("DATE", value, True, mod=_approx(g), pattern=pattern)


def _h_duration(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    found = _count_unit(g)
    if found is None:
        return None
    n, unit, _ = found
    if g.get("num") and n is not None and n > 1000:
        return None  # "2000 يوم" is rare; a large count is a figure, not a period
    return _Val("DURATION", _duration(n, unit), mod=_approx(g))


def _h_unit_acc(m: re.Match[str], c: _Ctx) -> _Val | None:
    """شهرا، يوما "a month, a day" on their own; عاما and عقدا ("general", "contract") only with
    كاملا or واحدا."""
    return _Val("DURATION", _duration(1, _key("unit", m["u"] or m["u2"])))


def _h_days_num(m: re.Match[str], c: _Ctx) -> _Val | None:
    """Two days of one month: "2 / 6 / 3 / 1942" (the 2nd and the 6th of March 1942)."""
    d1, d2, mo, y = int(m["d1"]), int(m["d2"]), int(m["mo"]), int(m["y"])
    if not (d1 < d2 and _valid(y, mo, d1) and _valid(y, mo, d2)):
        return None
    return _Val("DATE", _ymd(y, mo, d1), start_value=_ymd(y, mo, d1), end_value=_ymd(y, mo, d2))


def _h_unit_signal(m: re.Match[str], c: _Ctx) -> _Val | None:
    """خلال أسبوع، لمدة عام، في غضون أيام: a unit counted once (or some) after a signal of time."""
    if m["pl"]:
        return _Val("DURATION", _duration(None, _key("unit_plural", m["pl"])))
    n = 1.5 if m["half"] else 1.0
    return _Val("DURATION", _duration(n, _key("unit", m["u1"])))


def _h_night(m: re.Match[str], c: _Ctx) -> _Val | None:
    """الليلة "tonight", الليلة الماضية "last night"; not تلك الليلة "that night"."""
    if _word_before(c.t, c.start) in lexicon().words["not_tonight"]:
        return None
    delta = -1 if m["rel"] and _rel_delta(m["rel"]) in (-1, None) else 0
    if m["rel"] and _rel_delta(m["rel"]) == 1:
        delta = 1
    val = _Val("TIME", "", True, pattern=f"REF{delta:+d}DTNI" if delta else "REFTNI")
    if c.ref is not None:
        val.value = (c.ref + dt.timedelta(days=delta)).isoformat() + "TNI"
    return val


def _h_unit_one(m: re.Match[str], c: _Ctx) -> _Val | None:
    return _Val("DURATION", _duration(1, _key("unit", m["u"])))


def _h_set(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    if g.get("setw"):
        return _Val("SET", _key("set", g["setw"]))
    wd_name = g.get("swd") or g.get("swi")
    if wd_name:
        wd = lexicon().weekdays.get(wd_name) or lexicon().weekdays.get("ال" + wd_name, 0)
        return _Val("SET", f"XXXX-WXX-{wd}") if wd else None
    found = _count_unit(g)
    if found is None:
        return None
    n, unit, _ = found
    return _Val("SET", _duration(n, unit))


def _h_vague(m: re.Match[str], c: _Ctx) -> _Val | None:
    return _Val("DATE", _key("vague", m["vg"]))


def _century_number(g: dict[str, str | None], ref: dt.date | None) -> tuple[int | None, bool]:
    """(ordinal number of the century, relative?) from القرن العشرين / الـ21 / الماضي."""
    if g.get("cnum"):
        return int(g["cnum"]), False  # type: ignore[arg-type]
    if g.get("cord"):
        return parse_ordinal(g["cord"]), False  # type: ignore[arg-type]
    if g.get("crel"):
        if ref is None:
            return None, True
        return ref.year // 100 + 1 + (_rel_delta(g["crel"]) or 0), True
    return None, False


def _h_decade(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    tens = int(_key("decade", m["dec"]))
    cent, relative = _century_number(g, c.ref)
    if relative and cent is None:
        return _Val("DATE", "", True)
    century = (cent - 1) if cent else 19
    return _Val("DATE", f"{century:02d}{tens}X", relative)


def _h_century(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    era = _key("era", g["cera"]) if g.get("cera") else ""
    if era == "AH":
        return None  # a Hijri century: no Gregorian value to give
    cent, relative = _century_number(g, c.ref)
    if cent is None:
        return _Val("DATE", "", True) if relative else None
    if era == "BC":
        return _Val("DATE", f"BC{cent - 1:02d}")
    return _with_part(_Val("DATE", f"{cent - 1:02d}", relative), g.get("part"))


def _h_season(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    if _words_after(c.t, c.end, 1) in lexicon().words["not_season"] and not g.get("y"):
        return None  # الربيع العربي، ربيع الأول
    if not (g.get("art") or g.get("fs") or g.get("y") or g.get("rel")):
        return None
    code = _key("season", m["sea"])
    if g.get("y"):
        return _with_part(_Val("DATE", f"{int(m['y']):04d}-{code}"), g.get("part"))
    delta = _rel_delta(g.get("rel"))
    tense = "past" if delta == -1 else "future" if delta == 1 else c.tense()
    val = _Val("DATE", "", True, pattern=f"XXXX-{code}", tense=tense)
    if c.ref is not None:
        val.value = f"{_season_year(code, c.ref, delta, tense):04d}-{code}"
    return _with_part(val, g.get("part"))


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_year(code: str, ref: dt.date, delta: int | None, tense: str) -> int:
    """The year of a season named without one (winter belongs to the year it starts in)."""
    start = _SEASON_START[code]
    ref_month = ref.month if ref.month >= 3 else ref.month + 12  # Jan/Feb are last year's winter
    ref_year = ref.year if ref.month >= 3 else ref.year - 1
    here = start <= ref_month < start + 3
    if delta == 0 or (delta is None and here):
        return ref_year
    if delta == -1 or (delta is None and tense != "future"):
        return ref_year if start + 3 <= ref_month else ref_year - 1
    return ref_year if start > ref_month else ref_year + 1


def _h_hijri(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    y, mo, d = int(m["y"]), lexicon().hijri[" ".join(m["hm"].split())], _day_of(g)
    if not _is_hijri(y, _era(g)) and y >= 1600:
        return _hijri_in_greg_year(mo, d, y)
    return _hijri_month_value(y, mo, d)


def _relative_hijri(mo: int, d: int | None, g: dict[str, str | None], c: _Ctx) -> _Val | None:
    delta = _rel_delta(g.get("rel"))
    tense = "past" if delta == -1 else "future" if delta == 1 else c.tense()
    if c.ref is None:
        return _Val("DATE", "", True, tense=tense)
    hy = _hijri_year_for(mo, d or 1, c.ref, delta, tense)
    val = _hijri_month_value(hy, mo, d)
    if val is None:
        return None
    val.relative, val.tense = True, tense
    return val


def _h_hijri_dm(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    d = _day_of(g)
    if not d or not 1 <= d <= 30:
        return None
    return _relative_hijri(lexicon().hijri[" ".join(m["hm"].split())], d, g, c)


def _h_hijri_alone(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    name = " ".join((g.get("hm") or g.get("hm2") or "").split())
    return _relative_hijri(lexicon().hijri[name], None, g, c)


def _h_holiday(m: re.Match[str], c: _Ctx) -> _Val | None:
    g = m.groupdict()
    key = _key("holiday", m["hol"])
    cal, mo, d = key[0], int(key[1:3]), int(key[4:6])
    if cal == "G":
        if g.get("y"):
            y = int(m["y"])
            return _Val("DATE", _ymd(y, mo, d), ymd=(y, mo, d))
        return _relative_day(mo, d, g, c)
    if g.get("y"):
        y = int(m["y"])
        if y >= 1600 and _era(g) != "AH":
            return _hijri_in_greg_year(mo, d, y)
        return _hijri_month_value(y, mo, d)
    return _relative_hijri(mo, d, g, c)


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


# ---------------------------------------------------------------------------------------------
# Tense of a clause


@lru_cache(maxsize=1)
def _future_re() -> re.Pattern[str]:
    w = lexicon().words
    return re.compile(rf"(?<![^\W_])[وف]?(?:(?P<s>س[يتن][^\W\d_]{{2,}})|(?:{_alt(w['future'])})|(?:{_alt(w['future_verb'])})"
                      rf"|قد\s+[يتن][^\W\d_]{{2,}}){_E}")


_CLAUSE_END = re.compile(r"[.!?؟;؛\n]")


def _clause_tense(t: str, start: int, end: int) -> str:
    """past or future: the clause before the expression (back to the sentence start) speaks of
    the future when it holds a future marker; an expression that opens its clause looks ahead."""
    lo = max(0, start - 150)
    before = t[lo:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    before = before[cut:]
    if _has_future(before):
        return "future"
    if len(before.split()) <= 2:
        after = t[end:end + 80]
        stop = _CLAUSE_END.search(after)
        if _has_future(after[:stop.start()] if stop else after):
            return "future"
    return "past"


@lru_cache(maxsize=1)
def _not_future() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words (and prefixes, written with a final *) that look like سـ + verb but are not verbs."""
    forms = lexicon().words["not_future"]
    return (frozenset(f for f in forms if not f.endswith("*")), tuple(f[:-1] for f in forms if f.endswith("*")))


def _has_future(text: str) -> bool:
    words, prefixes = _not_future()
    for m in _future_re().finditer(text):
        s = m.group("s")
        if s is None or not (s in words or s.startswith(prefixes) or s[1:] in lexicon().words["unit"]):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Finding


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
    starts = []
    pos = 0
    for word in words:  # tokens follow each other with only other characters between them
        pos = t.find(word, pos)
        starts.append(pos)
        pos += len(word)
    anchors = [(k, starts[k]) for k, w in enumerate(words) if w in lx.anchors]  # (token index, offset)
    if digits:
        for m in _DIGITS_RE.finditer(t):
            a = m.start()
            while a > 0 and t[a - 1].isalpha():
                a -= 1
            anchors.append((bisect_right(starts, a) - 1, a))
    openers = lx.openers
    found: dict[int, str] = {}
    for k, a in anchors:
        lo = max(0, a - _WINDOW)
        for j in range(max(0, k - _LOOKBACK), k + 1):
            s, word = starts[j], words[j]
            if s >= lo and (j == k or word in openers or not word.isalpha()):
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
_DIGIT_ONLY = frozenset({"iso", "year_bare", "num_unit_rel", "days_num"})  # patterns that start with a digit
_DIGIT_OK = _DIGIT_ONLY | {"days_num", "dm_rel_month", "hijri_year", "dmy", "dmy_word", "dm", "day_range", "duration", "clock", "hijri", "hijri_dm"}

# What the first token of each pattern can be when it is not a digit: fragments of the grammar
# (their forms' first tokens) and literal words, after the clitics and article (_CLITIC_FORMS);
# "(" is a token of clitics alone before a parenthesis (ب(12/5/2019)). Kept next to the grammar:
# a pattern whose opening changes must change here too (tests/test_dates.py checks every pattern).
_LEADS: dict[str, tuple[str, ...]] = {
    "dmy": ("WD", "يوم", "("), "dm_cue": ("بتاريخ", "الموافق", "يوم"), "dmy_word": ("يوم", "WD", "ORD"),
    "mdy": ("WD", "MON"), "dm_rel_month": ("يوم", "WD", "ORD"), "dm": ("يوم", "WD", "ORD"), "day_range": ("من", "بين"),
    "month_year": ("PART", "شهر", "MON"), "month_paren": ("شهر", "MON"), "year": ("PART", "YW"), "part_year": ("PART",),
    "hijri_year": ("(",), "month_rel": ("PART", "شهر", "MON"), "month_alone": ("PART", "شهر", "MON"),
    "rel_unit": ("PART", "UNAMED"), "this_unit": ("PART", "THIS", "هال"), "part_unit": ("PART",), "plural_rel": ("UPL",),
    "weekday": ("DAYP", "يوم", "اليوم", "امس", "الامس", "غدا", "WDF"), "deictic": ("DAYP", "يوم", "DEIC"),
    "clock": ("الساعه",), "ago": ("منذ", "قبل", "بعد"), "duration": ("APPROX", "NUM", "FEW", "UDUAL", "U1"),
    "unit_acc": ("ACC1", "ACC1X"), "unit_signal": ("SIG_DUR",), "night": ("الليله",), "unit_one": ("U1",),
    "set": ("كل", "SETW"), "vague": ("VAGUE",), "decade": ("عقد", "DECADE"), "decade_only": ("عقد", "DECADE"),
    "century": ("PART", "قرن"), "season": ("PART", "فصل", "SEASON"), "hijri": ("يوم", "WD", "ORD", "شهر", "HM"),
    "hijri_dm": ("يوم", "WD", "ORD"), "hijri_alone": ("شهر", "HM"), "holiday": ("HOLI",),
}
# Everything _PRE, _ART, _PRE + ال and _ART? can put before a pattern's first word
_CLITIC_FORMS = tuple(sorted({a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for c in ("", "ال")}
                             | {a + "لل" for a in ("", "و", "ف")}))


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


@lru_cache(maxsize=16384)
def _word_patterns(token: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
    """The patterns that can match at a token that does not start with a digit: those whose
    first word can be the token without its clitics (found once per token)."""
    stems = [token[len(c):] for c in _CLITIC_FORMS if token.startswith(c)]
    return tuple((i, pat) for i, pat, firsts, bare in _lead_words()
                 if (bare and "" in stems) or any(stem.startswith(firsts) for stem in stems))


# The patterns whose first number is a day or an hour (one or two digits) and those whose first
# number is a year (four): no word of the grammar fits in the clitics before a digit, so a pattern
# tried at a digit starts with that number, and the number takes the whole run of digits.
_DAY_FIRST = frozenset({"days_num", "dmy", "dmy_word", "dm", "dm_rel_month", "hijri", "hijri_dm", "day_range", "clock"})
_YEAR_FIRST = frozenset({"iso", "year_bare", "hijri_year"})


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
        digits = _DIGIT_START.match(t, pos)
        patterns = _word_patterns(token) if digits is None else _digit_patterns(min(5, len(digits.group(1))))
        for i, pat in patterns:
            m = pat.match(t, pos)
            if m is not None and m.end() > pos:
                out.append((pos, m.end(), i, m))
    return out


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
    for s, e, i, m in candidates:
        if "core" in m.re.groupindex and m["core"]:
            s, e = m.span("core")
        while e > s and t[e - 1].isspace():
            e -= 1
        if any(taken[s:e]):
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


# Ranges and signals ----------------------------------------------------------------------------

_RANGE_PREFIX = re.compile(r"(?:^|(?<=[\s(،,]))(?P<p>[وف]?(?:ما\s+بين|بين|من|منذ|اعتبارا\s+من|ابتداء\s+من|بدءا\s+من))\s*$")
_CONNECTOR = re.compile(r"\s*(?P<c>-|–|/|الي|حتي|وحتي|لغايه|ولغايه|و)?\s*")
_CALENDAR = re.compile(r"(?:\d{4}(?:-\d\d){0,2}|\d{4}-(?:H\d|Q\d|W\d\d|SP|SU|FA|WI))")


def _mergeable(a: _Found, b: _Found, conn: str, prefix: str) -> bool:
    if a.val.type != "DATE" or b.val.type != "DATE" or a.val.start_value or b.val.start_value or a.signal:
        return False
    if not ((_CALENDAR.fullmatch(a.val.value) or a.val.relative) and (_CALENDAR.fullmatch(b.val.value) or b.val.relative)):
        return False
    p = prefix.lstrip("وف").split()[-1] if prefix else ""
    if conn in ("-", "–"):
        return True
    if conn == "/":
        return a.kind.startswith("year") and b.kind.startswith("year")
    if conn == "و":
        return p == "بين"
    return p in ("من", "منذ", "بين")


def _inherit_year(a: _Found, b: _Found) -> None:
    """"من 1 يناير إلى 1 مايو 2019": the first date takes the year of the second."""
    y = b.val.ymd[0]
    _, mo, d = a.val.ymd
    if a.val.ymd[0] is None and y is not None and mo is not None:
        if d is None:
            a.val = replace(a.val, value=_ymd(y, mo), relative=False, ymd=(y, mo, None))
        elif _valid(y, mo, d):
            a.val = replace(a.val, value=_ymd(y, mo, d), relative=False, ymd=(y, mo, d))


_CONNECTOR_SIGNAL = {"-": "to", "–": "to", "/": "to", "الي": "to", "حتي": "until", "وحتي": "until",
                     "لغايه": "until", "ولغايه": "until", "و": "and"}


def _link_ranges(t: str, found: list[_Found]) -> None:
    """Mark the two ends of a range (بين X وY، من X إلى Y، X - Y): each keeps its own span and
    value, both get the range's start_value and end_value, the second its connector as signal;
    an end without a year takes the other's (من 1 يناير إلى 1 مايو 2019)."""
    for a, b in pairwise(found):
        cm = _CONNECTOR.fullmatch(t[a.end:b.start])
        conn = (cm.group("c") or "") if cm else None
        if conn == "" and t[b.start] == "و":
            conn = "و"
        pm = _RANGE_PREFIX.search(t[max(0, a.start - 25):a.start])
        if not conn or not _mergeable(a, b, conn, pm.group("p") if pm else ""):
            continue
        _inherit_year(a, b)
        for f in (a, b):
            f.val.start_value, f.val.end_value = a.val.value, b.val.value
        b.signal = _CONNECTOR_SIGNAL.get(conn, "to")
        b.signal_start = a.end + len(t[a.end:b.start]) - len(t[a.end:b.start].lstrip()) if conn != "و" else b.start


@lru_cache(maxsize=1)
def _signal_re() -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s(،,:\"«]))(?P<sig>[وف]?(?:{_alt(lexicon().words['signal'])}))\s*:?\s*\(?\s*$")


def _signal(t: str, start: int) -> tuple[str, int]:
    """(meaning, normalized start) of the signal word just before start, or ("", -1)."""
    lo = max(0, start - 30)
    m = _signal_re().search(t, lo, start)
    if m is None:
        return "", -1
    word = " ".join(m.group("sig").split())
    signals = lexicon().words["signal"]
    if word not in signals and word[1:] in signals:
        word = word[1:]
    return signals.get(word, ""), m.start("sig")


# ---------------------------------------------------------------------------------------------
# Offsets back to the raw text


@lru_cache(maxsize=1)
def _deleted_re() -> re.Pattern[str]:
    """The characters normalization deletes (diacritics, tatweel, joiners), read off the
    normalizer itself so that the two never disagree."""
    probe = [*range(0x0600, 0x0700), *range(0x08D0, 0x0900), *range(0x2000, 0x2070), 0xFEFF]
    chars = "".join(chr(c) for c in probe if normalize_text(chr(c)) == "")
    return re.compile(f"[{re.escape(chars)}]")


_WORD_MARKS = frozenset(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)))


class _RawMap:
    """Normalized offsets to raw ones: like marsad.arabic.normalize.Normalized, but built from
    the positions of the deleted characters only (a text has few), which is much cheaper than a
    full index for texts with diacritics."""

    __slots__ = ("marks", "text")
    marks: Sequence[int]  # normalized offsets at which characters were deleted

    def __init__(self, text: str, marks: Sequence[int] | None = None) -> None:
        self.text = text
        self.marks = marks if marks is not None else [m.start() - k for k, m in enumerate(_deleted_re().finditer(text))]

    def raw_start(self, i: int) -> int:
        return i + bisect_right(self.marks, i) if self.marks else i

    def raw_end(self, i: int) -> int:
        """The raw end of a span ending before normalized offset i, with the diacritics and
        tatweel that follow its last letter (they belong to that word)."""
        if not self.marks or i <= 0:
            return i
        r = i + bisect_right(self.marks, i - 1)
        while r < len(self.text) and self.text[r] in _WORD_MARKS:
            r += 1
        return r


# ---------------------------------------------------------------------------------------------
# Public functions


def find_timexes(text: str, ref: dt.date | None = None, future: bool = False,
                 norm: Normalized | None = None) -> list[Timex]:
    """Time expressions in text, in order, not overlapping, with normalized values.

    ``ref`` is the date relative expressions count from (the story's date); without it they are
    found with value "". ``future=True`` reads names of days and months without a year as the
    coming ones whatever the clause says (by default the clause's tense decides). ``norm`` is the
    text's normalization when the caller has it (a slice of its document's), to save redoing it.
    """
    t = normalize_text(text) if norm is None else norm.text
    found = _select(t, ref, future)
    if not found:
        return []
    _link_ranges(t, found)
    rawmap = _RawMap(text, None if norm is None else norm.deleted_at)
    out: list[Timex] = []
    for f in found:
        v = f.val
        if not v.tense and not v.relative and v.type in ("DATE", "TIME") and _CALENDAR.fullmatch(v.value[:10] or "x"):
            v.tense = _clause_tense(t, f.start, f.end) if not future else "future"
        signal, sig_start = (f.signal, f.signal_start) if f.signal else ("", -1) if f.kind == "ago" else _signal(t, f.start)
        rs, re_ = rawmap.raw_start(f.start), rawmap.raw_end(f.end)
        out.append(Timex(rs, re_, text[rs:re_], v.type, v.value, v.relative, v.mod, v.start_value,
                         v.end_value, signal, rawmap.raw_start(sig_start) if sig_start >= 0 else -1,
                         v.tense, v.pattern))
    return out


def parse_date(text: str) -> tuple[str, str] | None:
    """The first absolute calendar date in a line (publication lines, metadata):
    (value, precision) with precision day, month or year."""
    for t in find_timexes(text):
        value = t.value[:10] if t.type == "TIME" else t.value
        if t.type in ("DATE", "TIME") and not t.relative and re.fullmatch(r"\d{4}(-\d\d){0,2}", value):
            return value, precision_of(value)
    return None


def precision_of(value: str) -> str:
    """day, month or year for a plain calendar value; "" for anything else."""
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "") if re.fullmatch(r"\d{4}(-\d\d){0,2}", value) else ""


_GRANULARITY = [(r"\d{4}-\d\d-\d\dT.*", "time"), (r"\d{4}-\d\d-\d\d", "day"), (r"\d{4}-W\d\d(-WE)?", "week"),
                (r"\d{4}-\d\d", "month"), (r"\d{4}-Q\d", "quarter"), (r"\d{4}-H\d", "half"),
                (r"\d{4}-(SP|SU|FA|WI)", "season"), (r"\d{4}", "year"), (r"\d{3}X", "decade"),
                (r"\d\d", "century"), (r"P.*", "duration"), (r"[A-Z_]+_REF", "vague")]


def granularity(value: str) -> str:
    """The granularity of any TIMEX3 value this module makes (day, week, month, quarter, half,
    season, year, decade, century, time, duration, vague), or ""."""
    for pattern, name in _GRANULARITY:
        if re.fullmatch(pattern, value):
            return name
    return ""


def parse_iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def value_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a calendar value (2025, 2025-10, 2025-H2, 2025-Q1, 2024-W48,
    2024-12-06, 2024-SU, 198X), or None."""
    for fn in (_day_bounds, _month_bounds, _year_part_bounds, _decade_bounds):
        found = fn(value)
        if found:
            return found
    return None


def _day_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    day = parse_iso_date(value) if re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", value) else None
    if day:
        return day, day
    m = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value)
    if m:
        first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
        return first, dt.date.fromisocalendar(int(m[1]), int(m[2]), 7)
    return None


def _month_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    m = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    y, mo = int(m[1]), int(m[2])
    return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])


def _year_part_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    m = re.fullmatch(r"(\d{4})(?:-(H\d|Q\d|SP|SU|FA|WI))?", value)
    if not m:
        return None
    y = int(m[1])
    first, months = {None: (1, 12), "H1": (1, 6), "H2": (7, 6), "Q1": (1, 3), "Q2": (4, 3), "Q3": (7, 3),
                     "Q4": (10, 3), "SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}.get(m[2], (1, 12))
    ly, lm = _shift_month(y, first, months - 1)
    return dt.date(y, first, 1), dt.date(ly, lm, calendar.monthrange(ly, lm)[1])


def _decade_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    m = re.fullmatch(r"(\d{3})X", value)
    return (dt.date(int(m[1]) * 10, 1, 1), dt.date(int(m[1]) * 10 + 9, 12, 31)) if m else None


def infer_story_bounds(timexes_of_story: list[Timex]) -> tuple[str, str]:
    """(lower, upper) bounds for the date of a story that has none of its own, from the time
    expressions it contains (found without a reference date); "" where nothing bounds it.

    Reasoning:
    - A story is written after what it reports as done: every absolute date in a clause that is
      not in the future tense (يناير 2025 in "بعد توقيعها في يناير 2025") is a lower bound.
    - A story is written before what it announces: an absolute date in a future clause ("قد يحدث
      بحلول النصف الثاني من عام 2025") is an upper bound (the end of that period).
    - A month named as past without a year ("أكتوبر الماضي") is the last such month before the
      story was written. News tells recent developments after their background, so it is taken
      as the first such month at or after the latest absolute past date: a treaty "signed in
      January 2025" that "entered into force last October" did so in 2025-10. That month is then
      also a lower bound (the story is after it), and the story is before the same month a year
      later (it would otherwise say "last October" of a later October): an upper bound.
    The lower bound is the latest of the lower candidates, the upper bound the earliest upper one;
    both are TIMEX3 values at the precision they were stated with.
    """
    lower: list[tuple[dt.date, str]] = []
    upper: list[tuple[dt.date, str]] = []
    for t in timexes_of_story:
        value = t.value[:10] if t.type == "TIME" else t.value
        if t.type not in ("DATE", "TIME") or t.relative or not _CALENDAR.fullmatch(value):
            continue
        bounds = value_bounds(value)
        if bounds is None:
            continue
        if t.tense == "future":
            upper.append((bounds[1], value))
        else:
            lower.append((bounds[0], value))
    anchor = max(lower)[0] if lower else None
    for t in timexes_of_story:
        m = re.fullmatch(r"XXXX-(\d\d)", t.pattern)
        if anchor is None or not m or t.value or t.tense != "past":
            continue
        mo = int(m[1])
        y = anchor.year if mo >= anchor.month else anchor.year + 1
        lower.append((dt.date(y, mo, 1), _ymd(y, mo)))
        upper.append((dt.date(y + 1, mo, 1), _ymd(y + 1, mo)))
    low = max(lower)[1] if lower else ""
    high = min(upper)[1] if upper else ""
    return low, high
