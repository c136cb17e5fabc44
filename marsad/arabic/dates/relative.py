"""Handlers of expressions counted from the reference date or not dated at all: this/last/next
unit, weekdays, اليوم/أمس/غدا, clock times, "two years ago", durations, sets and vague
references."""

from __future__ import annotations

import datetime as dt
import re

from marsad.arabic.dates.context import _approx, _count_unit, _Ctx, _rel_delta, _strip_pre, _word_before, _words_after
from marsad.arabic.dates.lexicon import _key, lexicon
from marsad.arabic.dates.values import _duration, _shifted, _Val, _with_part
from marsad.arabic.numbers import parse_number_ex, parse_ordinal


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
