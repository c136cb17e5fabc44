"""Reading values: the first calendar date of a line, the precision and granularity of a value,
the first and last day of a calendar value, and a story's date bounds from its expressions."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from marsad.arabic.dates.find import find_timexes
from marsad.arabic.dates.values import _CALENDAR, Timex, _shift_month, _ymd

# a date as metadata and crawlers write it: an ISO date or timestamp, read without the grammar
_ISO_STAMP_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
                           r"(?:Z|[+-]\d\d:?\d\d)?)?")


def parse_date(text: str) -> tuple[str, str] | None:
    """The first absolute calendar date in a line (publication lines, metadata):
    (value, precision) with precision day, month or year."""
    m = _ISO_STAMP_RE.fullmatch(text.strip())
    if m and 1900 <= int(m[1]) <= 2099:  # what the grammar finds in it, without running the grammar
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day"
        except ValueError:
            pass
    return parse_date_by_grammar(text)


def parse_date_by_grammar(text: str) -> tuple[str, str] | None:
    """:func:`parse_date` without the shortcut for ISO stamps."""
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
