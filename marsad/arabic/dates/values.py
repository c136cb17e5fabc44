"""Values and calendar arithmetic: the public :class:`Timex`, the value a handler gives a match
(:class:`_Val`), TIMEX3 formatting, months and weeks counted from a date, Hijri conversions,
durations, seasons and the parts of a period (مطلع، النصف الثاني)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from marsad.arabic.dates.lexicon import _key


@dataclass(slots=True, frozen=True)
class Timex:
    """A time expression found in a text, with its TIMEX3 type and value."""

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


def _valid(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and 1 <= y <= 9999


def _ymd(y: int, mo: int, d: int | None = None) -> str:
    return f"{y:04d}-{mo:02d}" if d is None else f"{y:04d}-{mo:02d}-{d:02d}"


def _shift_month(y: int, mo: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (mo - 1) + delta
    return k // 12, k % 12 + 1


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


_HIJRI_YEARS = range(1300, 1461)  # an unmarked year here is Hijri (1436 in a Saudi paper); 1515 is not


def _is_hijri(y: int, era: str) -> bool:
    return era == "AH" or (era == "" and y in _HIJRI_YEARS)


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


_CALENDAR = re.compile(r"(?:\d{4}(?:-\d\d){0,2}|\d{4}-(?:H\d|Q\d|W\d\d|SP|SU|FA|WI))")
