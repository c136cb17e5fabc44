"""What a sentence makes of the story's events before it, once all sentences are coded:

- a response to a request ("وأكد X أن ذلك قد يحدث بحلول …" right after "طلب Y من X نشر …") is X's
  AGREE to it (REJECT when it will not happen) and the requested act as X's future event;
- an event noun framed as the time of the sentence (خلال مراسم التوقيع، على هامش القمة) that the
  story has already reported between the same sides is a re-mention, not a new event;
- events in a sentence so framed happened where the framing event did: they take the place of the
  story's last located event when they have none of their own;
- what something was a response to (جاء ردا على قرار بايدن السماح لأوكرانيا …) happened before it,
  on a day the sentence does not give: it is background without the story's date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit
from marsad.code.constructions import construction_words, participant, time_frame
from marsad.code.qualify import event_value
from marsad.code.roles import speaker_at
from marsad.doc import Doc, Event, Mention, Sentence

Triggers = Callable[[list[Token]], list[Hit]]
_COMPLEMENTIZERS = frozenset({"ان", "بان", "وان"})
_RESPONSE_GAP = 3  # pointer … happen (ذلك قد يحدث، ذلك يمكن أن يتم)
_SPEAKER_GAP = 4  # speech verb and speaker … complementizer
_CAUSE_WINDOW = 8  # ردا على … the trigger of what was responded to (ردا على قرار الرئيس الأمريكي جو بايدن السماح)
_CAUSE_CHARS = 80  # the same, in characters
_FRAME_CHARS = 10  # وخلال + a space


def follow_up(doc: Doc, events: list[Event], triggers: Triggers) -> list[Event]:
    framed = {id(e) for e in events if _framed(doc, e)}
    frames: dict[int, list[set[str]]] = {}
    for e in events:
        if id(e) in framed and _definite(e):
            frames.setdefault(e.sent_start, []).append(_sides(e))
    kept = [e for k, e in enumerate(events) if id(e) not in framed or not _reported_before(e, events[:k])]
    placed = [_undated_cause(doc, e) for e in _placed(kept, frames)]
    added = _responses(doc, placed, triggers)
    return sorted(placed + added, key=lambda e: e.sent_start) if added else placed


def _token_at(doc: Doc, tokens: list[Token], raw: int) -> int:
    pos = doc.norm.norm_index(raw)
    return next((k for k, t in enumerate(tokens) if t.start <= pos < t.end), -1)


def _says_before(doc: Doc, e: Event, category: str, width: int) -> bool:
    """Whether a word of the class is in the normalized text just before the trigger (a cheap test
    made before the tokens are looked at)."""
    pos = doc.norm.norm_index(e.trigger_start)
    before = doc.norm.text[max(doc.norm.norm_index(e.sent_start), pos - width):pos]
    return any(w in before for w in construction_words(category))


def _framed(doc: Doc, e: Event) -> bool:
    """The event's trigger stands after a framing word (وخلال مراسم التوقيع، على هامش القمة)."""
    if not _says_before(doc, e, "frame", _FRAME_CHARS):
        return False
    tokens = doc.tokens(e.sent_start, e.sent_end)
    return time_frame(tokens, _token_at(doc, tokens, e.trigger_start))


def _sides(e: Event) -> set[str]:
    return {p.code for p in e.actor + e.recipient if p.code}


def _definite(e: Event) -> bool:
    return any(w.startswith(("ال", "لل")) for w in e.trigger.split())


def _reported_before(e: Event, earlier: list[Event]) -> bool:
    """A definite event noun (مراسم التوقيع، الاجتماع) refers to an event of the story between the
    same sides; an indefinite one (خلال مسيرة احتجاجية) reports a new one."""
    if not _definite(e):
        return False
    return any(p.story == e.story and p.event == e.event and p.sent_start < e.sent_start and _sides(p) & _sides(e)
               for p in earlier)


def _undated_cause(doc: Doc, e: Event) -> Event:
    """An event named as what was responded to, dated only by the story's date, loses that date."""
    if not e.date or not _says_before(doc, e, "response", _CAUSE_CHARS) or _own_date(doc, e.sent_start, e.sent_end):
        return e
    tokens = doc.tokens(e.sent_start, e.sent_end)
    k = _token_at(doc, tokens, e.trigger_start)
    for j in range(max(0, k - _CAUSE_WINDOW), k - 1):
        if tokens[j].text in construction_words("response") and tokens[j + 1].text in ("علي", "الي"):
            between = doc.text[doc.norm.raw_start(tokens[j].start):e.trigger_start]
            if not any(ch in between for ch in "،,.:؛;"):
                return replace(e, date="", aux=e.aux or "historical")
    return e


def _placed(events: list[Event], frames: dict[int, list[set[str]]]) -> list[Event]:
    """Events of a sentence framed by a definite event noun (خلال الاجتماع) without a place take that
    of the story's last located event between the same two sides or more (the meeting is theirs)."""
    out: list[Event] = []
    located: list[Event] = []
    for e in events:
        if e.sent_start in frames and not e.loc.country:
            source = next((p for p in reversed(located) if p.story == e.story and p.sent_start < e.sent_start
                           and any(len(_sides(p) & sides) >= 2 for sides in frames[e.sent_start])), None)
            e = replace(e, loc=replace(source.loc)) if source is not None else e
        if e.loc.country:
            located.append(e)
        out.append(e)
    return out


def _responses(doc: Doc, events: list[Event], triggers: Triggers) -> list[Event]:
    out: list[Event] = []
    for prev, sent in pairwise(doc.sentences):
        if prev.story != sent.story:
            continue
        requests = [e for e in events if e.sent_start == prev.start and e.event == "REQUEST"]
        if requests:
            out += _response(doc, prev, sent, requests, triggers)
    return out


def _response(doc: Doc, prev: Sentence, sent: Sentence, requests: list[Event], triggers: Triggers) -> list[Event]:
    tokens = doc.tokens(sent.start, sent.end)
    found = _response_words(tokens)
    if found is None:
        return []
    pointer, happen, refused = found
    speaker = _speaker(doc, sent, tokens, pointer)
    request = next((r for r in requests if speaker is not None and speaker.code in {p.code for p in r.recipient}), None)
    if request is None or speaker is None:
        return []
    story = next((s for s in doc.stories if s.index == sent.story), None)
    answer = Event(sent.start, sent.end, "REJECT" if refused else "AGREE", *_span(doc, tokens, pointer, happen + 1),
                   story=sent.story, actor=[participant(speaker)], recipient=list(request.actor),
                   date=story.date if story else "", rule="response:answer", confidence=0.5)
    content = None if refused else _requested(doc, prev, triggers)
    if content is None:
        return [answer]
    act = Event(sent.start, sent.end, content.trigger.event, *_span(doc, tokens, happen, happen + 1),
                story=sent.story, mode=content.trigger.mode, actor=[participant(speaker)],
                date=_own_date(doc, sent.start, sent.end), aux="future", rule="response:requested", confidence=0.5)
    return [answer, act]


def _response_words(tokens: list[Token]) -> tuple[int, int, bool] | None:
    """(pointer, happen verb, refused) of "أن ذلك (قد|لن) يحدث"."""
    pointers = construction_words("pointer")
    for k in range(1, len(tokens)):
        if tokens[k].text not in pointers or tokens[k - 1].text not in _COMPLEMENTIZERS:
            continue
        for j in range(k + 1, min(k + 1 + _RESPONSE_GAP, len(tokens))):
            if tokens[j].text in construction_words("happen"):
                refused = any(t.text in construction_words("refusal") for t in tokens[k + 1:j])
                return k, j, refused
    return None


def _speaker(doc: Doc, sent: Sentence, tokens: list[Token], pointer: int) -> Mention | None:
    said_by = speaker_at(doc, sent, doc.norm.raw_start(tokens[pointer].start))
    if said_by is not None:
        return said_by
    start = doc.norm.raw_start(tokens[max(0, pointer - 1 - _SPEAKER_GAP)].start)
    end = doc.norm.raw_start(tokens[pointer - 1].start)
    before = [m for m in doc.mentions if start <= m.start and m.end <= end and m.code]
    return before[-1] if before else None


def _requested(doc: Doc, prev: Sentence, triggers: Triggers) -> Hit | None:
    """The act a request asks for (طلب منه نشر الصواريخ → نشر)."""
    hits = triggers(doc.tokens(prev.start, prev.end))
    return next((h for h in hits if h.governor is not None and h.governor.trigger.event == "REQUEST"), None)


def _span(doc: Doc, tokens: list[Token], start: int, end: int) -> tuple[str, int, int]:
    raw_start = doc.norm.raw_start(tokens[start].start)
    raw_end = doc.norm.raw_end(tokens[end - 1].end)
    return doc.text[raw_start:raw_end], raw_start, raw_end


def _own_date(doc: Doc, start: int, end: int) -> str:
    """The date a sentence itself gives (بحلول النصف الثاني من عام 2025 → 2025), else ""."""
    for t in doc.timexes:
        if start <= t.start and t.end <= end and t.type in ("DATE", "TIME") and event_value(t.value):
            return event_value(t.value)
    return ""
