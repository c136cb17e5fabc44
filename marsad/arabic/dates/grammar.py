"""The grammar: regex fragments built from the vocabulary, the patterns (tried with ``match`` at a
token start, on normalized text), and what the search needs to know of each pattern's opening."""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic.dates.lexicon import _ART, _E, _PRE, _alt, lexicon
from marsad.arabic.numbers import number_regex, ordinal_regex


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


# The patterns whose first number is a day or an hour (one or two digits) and those whose first
# number is a year (four): no word of the grammar fits in the clitics before a digit, so a pattern
# tried at a digit starts with that number, and the number takes the whole run of digits.
_DAY_FIRST = frozenset({"days_num", "dmy", "dmy_word", "dm", "dm_rel_month", "hijri", "hijri_dm", "day_range", "clock"})
_YEAR_FIRST = frozenset({"iso", "year_bare", "hijri_year"})
