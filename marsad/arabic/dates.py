"""Time expressions: absolute dates in Arabic and English forms, and relative ones resolved
against a reference date. Values follow TIMEX3: 2024-12-06, 2024-11, 2025, 2025-H2, P20Y."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize, normalize_text
from marsad.resources import read_tsv


@dataclass(slots=True, frozen=True)
class Timex:
    start: int  # offsets into the text given to find_timexes
    end: int
    text: str
    type: str
    value: str
    relative: bool = False


@dataclass(slots=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    hijri_months: dict[str, int]
    numbers: dict[str, int]
    month_re: str
    weekday_re: str
    hijri_re: str
    number_re: str


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    def table(name: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for cols in read_tsv(name):
            for word in cols[1].split("|"):
                out[normalize_text(word.strip())] = int(cols[0])
        return out

    months, weekdays, hijri, numbers = (table("months.tsv"), table("weekdays.tsv"),
                                        table("hijri_months.tsv"), table("number_words.tsv"))
    return _Lexicon(months, weekdays, hijri, numbers, _alternation(list(months)),
                    _alternation(list(weekdays)), _alternation(list(hijri)), _alternation(list(numbers)))


_B = r"(?<![^\W\d_])"  # not preceded by a letter
_E = r"(?![^\W\d_])"  # not followed by a letter
_PRE = r"(?:و|ف)?(?:ب|ل|في\s+)?"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    lx = lexicon()
    m, w, h, n = lx.month_re, lx.weekday_re, lx.hijri_re, lx.number_re
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)"
    pats = [
        ("hijri", rf"{_B}(?:(?P<d>[0-3]?\d)\s+)?(?P<hm>{h})\s+(?P<y>1[34]\d\d)\s*(?:ه|هـ|هجري|هجريه|للهجره)?{_E}"),
        ("iso", r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<mo>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)"),
        ("dmy_num", r"(?<!\d)(?P<d>[0-3]?\d)[-/.](?P<mo>[01]?\d)[-/.](?P<y>(?:19|20)\d\d)(?!\d)"),
        ("d_month_y", rf"{_B}(?:(?:{w})\s*[،,]?\s*)?{day}\s*,?\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{m}){_E}\.?\s*,?\s*(?:(?:من\s+)?(?:عام|العام|سنه)\s+)?{year}(?!\d)"),
        ("month_d_y", rf"{_B}(?P<m>{m}){_E}\.?\s+{day},?\s+{year}(?!\d)"),
        ("d_month", rf"{_B}(?:(?:{w})\s*[،,]?\s*)?{day}\s+(?:من\s+)?(?:شهر\s+)?(?P<m>{m}){_E}(?P<rel>\s+(?:الماضي|المقبل|القادم|الجاري|الحالي))?"),
        ("half", rf"{_B}(?P<part>النصف\s+(?:الاول|الثاني)|الربع\s+(?:الاول|الثاني|الثالث|الرابع)|مطلع|بدايه|اوايل|منتصف|اواخر|نهايه|اواسط)\s+(?:من\s+)?(?:عام|العام|سنه)?\s*{year}(?!\d)"),
        ("month_y", rf"{_B}(?:شهر\s+)?(?P<m>{m}){_E}\s*(?:من\s+)?(?:عام|العام|سنه)?\s*[،,/]?\s*{year}(?!\d)"),
        ("month_rel", rf"{_B}(?:شهر\s+)?(?P<m>{m})\s+(?P<rel>الماضي|المقبل|القادم|الجاري|الحالي){_E}"),
        ("year", rf"{_B}(?:(?:عام|العام|سنه|السنه)\s+){year}(?!\d)(?:\s*م{_E})?"),
        ("year_bare", rf"(?<=في\s){year}(?!\d)|(?<!\d)(?P<y2>(?:19|20)\d\d)(?=\s*[.,،]|\s*$)"),
        ("rel_unit", rf"{_B}(?:ال)?(?P<unit>يوم|اسبوع|شهر|عام|سنه|العام|الشهر|الاسبوع|السنه)\s+(?P<rel>الماضي|الماضيه|المقبل|المقبله|القادم|القادمه|الجاري|الحالي|الحاليه|المنصرم|المنصرمه|الفايت){_E}"),
        ("this_unit", rf"{_B}(?:هذا|هذه)\s+(?P<unit>العام|السنه|الشهر|الاسبوع){_E}"),
        ("weekday", rf"{_B}(?:يوم\s+)?(?P<wd>{w}){_E}(?:\s+(?P<rel>الماضي|المقبل|القادم))?"),
        ("deictic", rf"{_B}(?:{_PRE})?(?P<deic>اليوم|امس|الامس|غدا|بعد\s+غد|اول\s+امس){_E}"),
        ("duration", rf"{_B}(?:ل|لمده\s+|مده\s+|خلال\s+)?(?P<num>\d+|{n})\s+(?P<dunit>عاما|عام|سنه|سنوات|سنين|اعوام|شهرا|شهر|اشهر|شهور|يوما|ايام|اسبوعا|اسابيع|ساعه|ساعات){_E}"),
        ("duration_dual", rf"{_B}(?:ل|لمده\s+)?(?P<dual>عامين|سنتين|شهرين|يومين|اسبوعين|ساعتين){_E}"),
        ("set", rf"{_B}(?P<set>سنويا|شهريا|اسبوعيا|يوميا|كل\s+(?:عام|سنه|شهر|اسبوع|يوم)){_E}"),
        ("vague", rf"{_B}(?P<vague>سابقا|في\s+وقت\s+سابق|مؤخرا|حاليا|في\s+المستقبل|قريبا|لاحقا){_E}"),
    ]
    return [(name, re.compile(p)) for name, p in pats]


_PART = {"النصف الاول": "H1", "النصف الثاني": "H2", "الربع الاول": "Q1", "الربع الثاني": "Q2",
         "الربع الثالث": "Q3", "الربع الرابع": "Q4", "مطلع": "", "بدايه": "", "اوايل": "",
         "منتصف": "", "اواسط": "", "اواخر": "", "نهايه": ""}
_UNIT_CODE = {"عام": "Y", "عاما": "Y", "سنه": "Y", "سنوات": "Y", "سنين": "Y", "اعوام": "Y",
              "شهرا": "M", "شهر": "M", "اشهر": "M", "شهور": "M", "يوما": "D", "ايام": "D",
              "اسبوعا": "W", "اسابيع": "W", "ساعه": "H", "ساعات": "H"}
_DUAL = {"عامين": "P2Y", "سنتين": "P2Y", "شهرين": "P2M", "يومين": "P2D", "اسبوعين": "P2W", "ساعتين": "PT2H"}
_SET = {"سنويا": "P1Y", "شهريا": "P1M", "اسبوعيا": "P1W", "يوميا": "P1D"}


def _valid(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]


def _shift_month(y: int, mo: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (mo - 1) + delta
    return k // 12, k % 12 + 1


def _value(kind: str, m: re.Match[str], ref: dt.date | None, future: bool) -> tuple[str, str, bool] | None:
    """(type, value, relative) for one match, or None when it does not make a valid value."""
    lx = lexicon()
    g = m.groupdict()
    if kind in ("iso", "dmy_num", "d_month_y", "month_d_y"):
        y, d = int(g["y"]), int(g["d"])
        mo = int(g["mo"]) if g.get("mo") else lx.months[g["m"]]
        return ("DATE", f"{y:04d}-{mo:02d}-{d:02d}", False) if _valid(y, mo, d) else None
    if kind == "hijri":
        from hijridate import Hijri

        try:
            greg = Hijri(int(g["y"]), lx.hijri_months[g["hm"]], int(g["d"] or 1)).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return ("DATE", greg.isoformat() if g["d"] else f"{greg.year:04d}-{greg.month:02d}", False)
    if kind == "d_month":
        if ref is None:
            return ("DATE", "", True)
        mo, d = lx.months[g["m"]], int(g["d"])
        y = _year_for_month(mo, ref, g.get("rel"), future)
        return ("DATE", f"{y:04d}-{mo:02d}-{d:02d}", True) if _valid(y, mo, d) else None
    if kind == "half":
        part = _PART[re.sub(r"\s+", " ", g["part"])]
        return ("DATE", f"{g['y']}-{part}" if part else g["y"], False)
    if kind == "month_y":
        return ("DATE", f"{int(g['y']):04d}-{lx.months[g['m']]:02d}", False)
    if kind == "month_rel":
        if ref is None:
            return ("DATE", "", True)
        mo = lx.months[g["m"]]
        return ("DATE", f"{_year_for_month(mo, ref, g['rel'], future):04d}-{mo:02d}", True)
    if kind == "year":
        return ("DATE", g["y"], False)
    if kind == "year_bare":
        return ("DATE", g["y"] or g["y2"], False)
    if kind in ("rel_unit", "this_unit"):
        if ref is None:
            return ("DATE", "", True)
        unit = g["unit"].removeprefix("ال")
        rel = g.get("rel") or "الجاري"
        delta = -1 if rel.startswith(("الماضي", "المنصرم", "الفايت")) else 1 if rel.startswith(("المقبل", "القادم")) else 0
        if unit in ("عام", "سنه"):
            return ("DATE", f"{ref.year + delta:04d}", True)
        if unit == "شهر":
            y, mo = _shift_month(ref.year, ref.month, delta)
            return ("DATE", f"{y:04d}-{mo:02d}", True)
        if unit == "اسبوع":
            iso = (ref + dt.timedelta(weeks=delta)).isocalendar()
            return ("DATE", f"{iso[0]:04d}-W{iso[1]:02d}", True)
        return ("DATE", (ref + dt.timedelta(days=delta)).isoformat(), True)
    if kind == "weekday":
        if ref is None:
            return ("DATE", "", True)
        wd = lx.weekdays[g["wd"]]
        rel = g.get("rel") or ""
        ahead = rel in ("المقبل", "القادم") or (not rel and future)
        diff = (wd - ref.isoweekday()) % 7
        if ahead:
            day = ref + dt.timedelta(days=diff or 7)
        else:
            day = ref - dt.timedelta(days=(ref.isoweekday() - wd) % 7)
        return ("DATE", day.isoformat(), True)
    if kind == "deictic":
        if ref is None:
            return ("DATE", "", True)
        word = re.sub(r"\s+", " ", g["deic"])
        delta = {"اليوم": 0, "امس": -1, "الامس": -1, "غدا": 1, "بعد غد": 2, "اول امس": -2}[word]
        return ("DATE", (ref + dt.timedelta(days=delta)).isoformat(), True)
    if kind == "duration":
        num = g["num"]
        count = int(num) if num.isdigit() else lx.numbers.get(num, 0)
        unit = _UNIT_CODE[g["dunit"]]
        return ("DURATION", f"PT{count}H" if unit == "H" else f"P{count}{unit}", False) if count else None
    if kind == "duration_dual":
        return ("DURATION", _DUAL[g["dual"]], False)
    if kind == "set":
        word = re.sub(r"\s+", " ", g["set"])
        if word in _SET:
            return ("SET", _SET[word], False)
        unit = {"عام": "Y", "سنه": "Y", "شهر": "M", "اسبوع": "W", "يوم": "D"}[word.split()[-1]]
        return ("SET", f"P1{unit}", False)
    if kind == "vague":
        word = re.sub(r"\s+", " ", g["vague"])
        value = "FUTURE_REF" if word in ("في المستقبل", "قريبا", "لاحقا") else "PRESENT_REF" if word == "حاليا" else "PAST_REF"
        return ("DATE", value, False)
    return None


def _year_for_month(month: int, ref: dt.date, rel: str | None, future: bool) -> int:
    if rel in ("الماضي",):
        return ref.year if month < ref.month else ref.year - 1
    if rel in ("المقبل", "القادم"):
        return ref.year if month > ref.month else ref.year + 1
    if rel in ("الجاري", "الحالي"):
        return ref.year
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def find_timexes(text: str, ref: dt.date | None = None, future: bool = False) -> list[Timex]:
    """Time expressions in text, longest first, not overlapping, with normalized values."""
    norm = normalize(text)
    found: list[Timex] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(norm.text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            result = _value(kind, m, ref, future)
            if result is None:
                continue
            rs, re_ = norm.raw_start(s), norm.raw_end(e)
            taken.append((s, e))
            found.append(Timex(rs, re_, text[rs:re_], result[0], result[1], result[2]))
    found.sort(key=lambda t: t.start)
    return found


def parse_date(text: str) -> tuple[str, str] | None:
    """The first absolute calendar date in a line (publication lines, metadata):
    (value, precision) with precision day, month or year."""
    for t in find_timexes(text):
        if t.type == "DATE" and not t.relative and re.fullmatch(r"\d{4}(-\d\d){0,2}", t.value):
            return t.value, precision_of(t.value)
    return None


def precision_of(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "")


def parse_iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
