"""What qualifies an event once its parties are known: its aux (negated, hypothetical, future,
historical), its date from the nearest time expression or the story's, and where it happened."""

from __future__ import annotations

import datetime as dt
import re

from marsad.arabic.dates import precision_of
from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit as _Hit
from marsad.code.clauses import Slot as _Slot
from marsad.code.clauses import hit_clause as _hit_clause
from marsad.code.roles import words
from marsad.doc import Doc, Location, Mention, Story, TimeExpr

_NEGATORS = frozenset({"لم", "لن", "لا", "ليس", "ليست", "عدم", "دون", "غير", "ولم", "ولن", "ولا", "فلم"})
_FAILED = frozenset({"فشل", "فشلت", "فشلوا", "عجز", "عجزت", "تفشل", "يفشل"})
_DENIALS = frozenset({"نفي", "ينفي", "نفت", "تنفي", "ونفي", "ونفت"})
_DENIAL_REACH = 9  # words from a denial to the verb of its أن clause: نفت وزارة الخارجية التركية أن تكون قد
_THAT = frozenset({"ان", "انه", "انها", "انهم", "انهما", "بان", "بانه", "بانها"})
_FUTURE = frozenset({"سوف", "المقرر", "يعتزم", "تعتزم", "يعتزمان", "ستقوم", "سيقوم", "بحلول"})
_REFUSALS = frozenset({"لن", "ولن", "لا", "ولا", "فلن"})
_PAST_WORDS = ("الماضي", "الماضية", "المنصرم", "الفائت")
_DATE_RE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")
_WEEK_RE = re.compile(r"^\d{4}-W\d\d$")
_PART_RE = re.compile(r"^\d{4}-(H|Q)\d$")


def event_value(value: str) -> str:
    """A time expression's value as an event date (day, month or year), or "" when it is none."""
    if _DATE_RE.match(value):
        return value
    if "T" in value and _DATE_RE.match(value[:10]):  # a date with a clock time
        return value[:10]
    if _WEEK_RE.match(value):
        y, w = int(value[:4]), int(value[6:])
        thursday = dt.date.fromisocalendar(y, w, 4)
        return f"{thursday.year:04d}-{thursday.month:02d}"
    if _PART_RE.match(value):
        return value[:4]
    return ""


def event_date(doc: Doc, tokens: list[Token], hit: _Hit, timexes: list[TimeExpr],
               story: Story | None) -> tuple[str, TimeExpr | None]:
    norm = doc.norm
    trig_pos = norm.raw_start(tokens[hit.start].start)
    best: TimeExpr | None = None
    best_dist = 10**9
    for t in timexes:
        if t.type not in ("DATE", "TIME") or (t.value and not event_value(t.value)):
            continue  # durations, sets and vague references do not date an event
        dist = abs(t.start - trig_pos)
        if dist < best_dist:
            best, best_dist = t, dist
    if best is not None:
        return event_value(best.value), best
    if story and story.date:
        return story.date, None
    return "", None


def refused(tokens: list[Token], hit: _Hit) -> bool:
    """Negated with لن/لا right before the verb: a refusal (not لم, which says it did not happen)."""
    return not hit.nominal and any(t.text in _REFUSALS for t in tokens[max(0, hit.start - 2):hit.start])


def aux(tokens: list[Token], hit: _Hit, timex: TimeExpr | None, story: Story | None) -> str:
    prev = [t.text for t in tokens[max(0, hit.start - 3):hit.start]]
    if any(p in _NEGATORS for p in prev[-2:]) or any(p in _DENIALS or p in _FAILED for p in prev) \
            or _denied_that(tokens, hit):
        return "negated"  # لم تهاجم، نفى أن، فشلت في منع، نفت تركيا أن تكون قد قدمت
    clause = _hit_clause(tokens, hit)
    window = [t.text for t in tokens[max(clause - 1, hit.start - 6, 0):hit.start]]
    if any(w in ("اذا", "لو", "واذا") for w in window) or ("حال" in window and "في" in window):
        return "hypothetical"
    if "س" in hit.prefix or any(w in _FUTURE for w in prev) or any(t.text == "بحلول" for t in tokens[hit.end:]):
        return "future"
    relative = _relative_to_story(timex, story)
    if relative:
        return relative
    window = [t.text for t in tokens[max(0, hit.start - 5):hit.start]]
    if any(w in ("كان", "كانت", "وكان", "وكانت") for w in window) and "قد" in window:
        return "historical"
    if timex is not None and timex.value[:4].isdigit() and len(event_value(timex.value)) < 10 \
            and any(w in timex.text for w in _PAST_WORDS):
        return "historical"  # أكتوبر الماضي، الشهر الماضي: background before the story's time
    return ""


def _denied_that(tokens: list[Token], hit: _Hit) -> bool:
    """A denial a few words back whose أن clause holds the trigger (نفت تركيا أن تكون قد قدمت)."""
    back = [t.text for t in tokens[max(0, hit.start - _DENIAL_REACH):hit.start]]
    denial = max((i for i, w in enumerate(back) if w in _DENIALS), default=-1)
    return denial >= 0 and not _THAT.isdisjoint(back[denial + 1:])


def _relative_to_story(timex: TimeExpr | None, story: Story | None) -> str:
    """historical or future when the event's own date is before or after the story's."""
    if timex is None or story is None or not story.date or timex.type not in ("DATE", "TIME"):
        return ""
    value = event_value(timex.value)
    story_at = story.date[: len(value)] if precision_of(value) else ""
    if value and story_at and value < story_at:
        return "historical"
    if value and story_at and value > story_at:
        return "future"
    return ""


def location(tokens: list[Token], hit: _Hit, slots: list[_Slot], participants: list[Mention]) -> Location:
    taken = {id(m) for m in participants}
    best: _Slot | None = None
    for s in slots:
        m = s.mention
        if id(m) in taken or m.kind not in ("LOC", "GPE") or m.via not in ("capital", "name", "city"):
            continue
        lead = tokens[s.tok - 1].text if s.tok > 0 else ""
        if lead in ("في", "وفي") or s.prep in ("ب", "وب") or _kind_of_place(tokens, s.tok):
            if best is None or abs(s.tok - hit.start) < abs(best.tok - hit.start):
                best = s
    if best is None:
        return Location()
    return Location(best.mention.text, best.mention.code, best.mention.start, best.mention.end)


def _kind_of_place(tokens: list[Token], tok: int) -> bool:
    """في عاصمة تركمانستان عشق آباد، في مدينة حلب: a place named after في and the kind of place it is."""
    if tok < 2 or tokens[tok - 2].text not in ("في", "وفي"):
        return False
    lead = tokens[tok - 1].text
    return (lead[2:] if lead.startswith("ال") else lead) in words("settlement")
