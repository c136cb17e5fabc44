"""Handlers of calendar dates: numeric and named days, months and years (Gregorian and Hijri), day
ranges, holidays, seasons, decades and centuries. Each takes (match, context) and gives a value,
or None when the match is not a time expression; a date named without its year resolves
against the reference date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from marsad.arabic.dates.context import (
    _counted_after,
    _Ctx,
    _day_of,
    _era,
    _month,
    _rel_delta,
    _signal_words,
    _word_before,
    _words_after,
)
from marsad.arabic.dates.grammar import _fragments
from marsad.arabic.dates.lexicon import _E, _key, lexicon
from marsad.arabic.dates.values import (
    _hijri_in_greg_year,
    _hijri_month_value,
    _hijri_year_for,
    _hijri_year_value,
    _is_hijri,
    _season_year,
    _shift_month,
    _Val,
    _valid,
    _with_part,
    _year_for_month,
    _ymd,
)
from marsad.arabic.numbers import parse_ordinal


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


def _h_days_num(m: re.Match[str], c: _Ctx) -> _Val | None:
    """Two days of one month: "2 / 6 / 3 / 1942" (the 2nd and the 6th of March 1942)."""
    d1, d2, mo, y = int(m["d1"]), int(m["d2"]), int(m["mo"]), int(m["y"])
    if not (d1 < d2 and _valid(y, mo, d1) and _valid(y, mo, d2)):
        return None
    return _Val("DATE", _ymd(y, mo, d1), start_value=_ymd(y, mo, d1), end_value=_ymd(y, mo, d2))


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
