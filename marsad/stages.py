"""The registered stages of the default pipeline."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from marsad.arabic.dates import Timex, find_timexes, infer_story_bounds, parse_date, parse_iso_date, value_bounds
from marsad.arabic.normalize import Normalized
from marsad.arabic.tokenize import split_sentences
from marsad.doc import Doc, Figure, Segment, Sentence, Story, TimeExpr
from marsad.extract.textpage import analyze_page
from marsad.pipeline import register
from marsad.recognize.actors import recognize_actors
from marsad.recognize.figures import attach_parties, find_figures
from marsad.recognize.groups import add_groups
from marsad.recognize.statements import add_statements


@register("textpage", "v1", adds=("stories",))
def textpage(doc: Doc) -> Doc:
    """Stories of the document: a record is one story; a scraped page may hold several."""
    if doc.meta.get("kind") == "record":
        doc.stories = [_record_story(doc)]
    else:
        doc.stories = analyze_page(doc.text)
    lang = doc.meta.get("lang") or "ar"
    for story in doc.stories:
        story.url = story.url or doc.meta.get("url", "")
        story.lang = lang
    return doc


def _record_story(doc: Doc) -> Story:
    segments: list[Segment] = []
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            s = pos + line.index(stripped[0])
            segments.append(Segment(s, s + len(stripped), "body"))
        pos += len(line)
    story = Story(segments[0].start if segments else 0, segments[-1].end if segments else 0,
                  title=doc.meta.get("title", ""), source=doc.meta.get("source", ""),
                  url=doc.meta.get("url", ""), segments=segments)
    found = parse_date(doc.meta.get("date", ""))
    if found:
        story.date, story.date_precision = found
        story.date_source = doc.meta.get("date_source") or "metadata"
    return story


@register("sentences", "v1", requires=("stories",), adds=("sentences",))
def sentences(doc: Doc) -> Doc:
    # the Arabic stages read sentences: a story in another language gets none, so it is stored
    # with its language and skipped by them
    doc.sentences = [Sentence(s, e, story=story.index)
                     for story in doc.stories if story.lang == "ar" for seg in story.segments
                     for s, e in split_sentences(doc.text, seg.start, seg.end)]
    return doc


@lru_cache(maxsize=512)
def sentence_timexes(text: str, ref: dt.date | None, norm: Normalized | None = None) -> tuple[Timex, ...]:
    """Time expressions of a sentence, found once for the stages that need them (``norm``: the
    sentence's slice of its document's normalization, which the later stages use too)."""
    return tuple(find_timexes(text, ref, norm=norm))


@register("timex", "v2", requires=("sentences",), adds=("timexes",))
def timex(doc: Doc) -> Doc:
    """Time expressions, relative ones resolved against the story's own date; a story with no date
    gets bounds from the absolute dates it mentions (a treaty "signed in January 2025 and in force
    since last October" is after 2025-10)."""
    out: list[TimeExpr] = []
    for story in doc.stories:
        ref = parse_iso_date(story.date) if story.date_precision == "day" else None
        found: list[Timex] = []
        for sent in (s for s in doc.sentences if s.story == story.index):
            for t in sentence_timexes(doc.text[sent.start:sent.end], ref, doc.norm.slice(sent.start, sent.end)):
                found.append(t)
                out.append(TimeExpr(sent.start + t.start, sent.start + t.end, t.text, t.type, t.value,
                                    mod=t.mod, start_value=t.start_value, end_value=t.end_value))
        if not story.date and found:
            story.date_min, story.date_max = infer_story_bounds(found)
            _resolve_within_bounds(doc, story, out)
    doc.timexes = out
    return doc


def _resolve_within_bounds(doc: Doc, story: Story, timexes: list[TimeExpr]) -> None:
    """In an undated story, a relative expression ("أكتوبر الماضي") takes the value it has for
    every date the story's bounds allow, when that value is the same at both ends."""
    lo, hi = _bound_dates(story.date_min, story.date_max)
    if lo is None or hi is None:
        return
    for sent in (s for s in doc.sentences if s.story == story.index):
        pending = [t for t in timexes if sent.start <= t.start < sent.end and t.type == "DATE" and not t.value]
        if not pending:
            continue
        text = doc.text[sent.start:sent.end]
        at_lo = {(t.start, t.end): t.value for t in find_timexes(text, lo)}
        at_hi = {(t.start, t.end): t.value for t in find_timexes(text, hi)}
        for t in pending:
            key = (t.start - sent.start, t.end - sent.start)
            if at_lo.get(key) and at_lo.get(key) == at_hi.get(key):
                t.value = at_lo[key]


def _bound_dates(lo: str, hi: str) -> tuple[dt.date | None, dt.date | None]:
    """The first day after the lower bound's period and the last day before the upper bound's."""
    start = (value_bounds(lo) if lo else None) or (None, None)
    end = (value_bounds(hi) if hi else None) or (None, None)
    first = start[1] + dt.timedelta(days=1) if start[1] else None
    last = end[0] - dt.timedelta(days=1) if end[0] else None
    return (first, last) if first and last and first <= last else (None, None)


@register("figures", "v1", requires=("sentences", "mentions", "timexes"), adds=("figures",))
def figures(doc: Doc) -> Doc:
    """Quantities stated as facts (13% growth of Russia–Iran trade), with unit, measure and parties."""
    out: list[Figure] = []
    dates = {s.index: parse_iso_date(s.date) if s.date_precision == "day" else None for s in doc.stories}
    for sent in doc.sentences:
        text = doc.text[sent.start:sent.end]
        ref = dates.get(sent.story)
        norm = doc.norm.slice(sent.start, sent.end)
        for f in find_figures(text, ref, timexes=list(sentence_timexes(text, ref, norm)), norm=norm):
            f.start += sent.start
            f.end += sent.start
            f.story = sent.story
            out.append(f)
    doc.figures = list(attach_parties(out, doc.mentions, doc.text))
    return doc


@register("actors", "v1", requires=("sentences",), adds=("mentions",))
def actors(doc: Doc) -> Doc:
    doc.mentions = add_statements(doc, add_groups(doc, recognize_actors(doc)))
    return doc


@register("quotes", "v1", requires=("sentences", "mentions"), adds=("quotes",))
def quotes(doc: Doc) -> Doc:
    from marsad.recognize.quotes import find_quotes

    doc.quotes = find_quotes(doc)
    return doc


@register("coder", "rules.v1", requires=("sentences", "mentions", "timexes"), adds=("events",))
def coder(doc: Doc) -> Doc:
    from marsad.code.coder import code_events

    doc.events = code_events(doc)
    return doc


@register("agreements", "v1", requires=("sentences", "mentions", "timexes", "events"), adds=("agreements",))
def agreements(doc: Doc) -> Doc:
    from marsad.code.agreements import find_agreements

    doc.agreements = find_agreements(doc)
    return doc
