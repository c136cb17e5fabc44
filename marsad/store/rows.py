"""What the store writes of a processed document, computed without the store.

:func:`prepare` turns a document into the rows of its tables (less the ids the store assigns and
what linking decides), the normalized text the full-text index takes, its JSON, and what linking
needs of each story (fingerprints, outlet) and event (type, date, the parties' codes). Worker
processes of a parallel ingest prepare their documents, so the single writer only looks up the
store and runs SQL; a one-process ingest prepares each new document just before writing it.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, NamedTuple

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, DocError, Event, Figure, Mention
from marsad.records import agreement_record, event_record, story_norm_text, story_text

if TYPE_CHECKING:
    from marsad.link.linker import StoryPrints


class EventKey(NamedTuple):
    """What corroboration and clustering need of an event: its type, date and country, and the
    codes of its actors and of its recipients (a party without a code counts as '')."""

    event: str
    date: str
    country: str
    actor: frozenset[str]
    recipient: frozenset[str]


def event_key(ev: Event) -> EventKey:
    return EventKey(ev.event, ev.date, ev.loc.country, frozenset(p.code for p in ev.actor),
                    frozenset(p.code for p in ev.recipient))


class StoryRows(NamedTuple):
    index: int
    row: tuple[Any, ...]  # the stories columns idx .. text
    date: str
    cluster_title: str  # a new cluster's title when the story starts one
    outlet: str
    fts_title: str  # normalized, for the full-text index
    fts_body: str
    prints: StoryPrints
    mentions: list[tuple[Any, ...]]  # rows without story_id
    figures: list[tuple[Any, ...]]
    events: list[tuple[EventKey, tuple[Any, ...]]]  # with the events columns event .. record


class Prepared(NamedTuple):
    """A processed document ready for the store (``stories`` and ``agreements`` are empty when the
    document failed: it is not stored, its ``errors`` are)."""

    id: str
    location: str  # where errors are recorded
    errors: list[DocError]
    document: tuple[Any, ...]  # the documents columns doc, content_hash, path, stages, doc_json
    stories: list[StoryRows]
    agreements: list[tuple[int, tuple[Any, ...]]]  # (story index, columns name .. record)
    n_events: int

    @property
    def stages(self) -> str:
        return str(self.document[3])


def content_hash(doc: Doc) -> str:
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def document_row(doc: Doc) -> tuple[Any, ...]:
    return (doc.id, content_hash(doc), doc.meta.get("path", ""), json.dumps(doc.stages), doc.to_json())


def prepare(doc: Doc, document: tuple[Any, ...] | None = None) -> Prepared:
    """The document's rows (``document``: its documents row, when made already)."""
    location = doc.meta.get("path", doc.id)
    if doc.errors:
        return Prepared(doc.id, location, doc.errors, (), [], [], 0)
    from marsad.link.linker import outlet_of, story_prints  # here: the linker imports the store's dialect layer

    stories = []
    for story, (mentions, events, figures) in zip(doc.stories, _by_story(doc), strict=True):
        text = story_text(doc, story)
        stories.append(StoryRows(
            story.index,
            (story.index, story.title, story.date, story.date_precision, story.date_source, story.date_min,
             story.date_max, story.source, story.url, story.lang, story.start, story.end, text),
            story.date, story.title or text[:120], outlet_of(story, doc),
            normalize_text(story.title), story_norm_text(doc, story), story_prints(doc, story),
            [(m.start, m.end, m.text, m.kind, m.code, m.sector, m.entity, m.via) for m in mentions],
            [(f.start, f.end, f.text, f.value, f.unit, f.currency, f.measure, f.direction, f.period,
              " ".join(f.parties)) for f in figures],
            [(event_key(ev), (ev.event, ev.mode, ev.date, ev.aux, " ".join(sorted({p.code for p in ev.actor})),
                              " ".join(sorted({p.code for p in ev.recipient})), ev.loc.country,
                              json.dumps(event_record(doc, ev), ensure_ascii=False)))
             for ev in events]))
    agreements = [(ag.story, (ag.name, ag.kind, " ".join(ag.parties), ag.signed, ag.ratified, ag.in_force, ag.term,
                              json.dumps(agreement_record(doc, ag), ensure_ascii=False)))
                  for ag in doc.agreements]
    return Prepared(doc.id, location, [], document or document_row(doc), stories, agreements, len(doc.events))


def _by_story(doc: Doc) -> list[tuple[list[Mention], list[Event], list[Figure]]]:
    """Each story's mentions, events and figures, in story order (a mention outside every story
    is not stored)."""
    parts: list[tuple[list[Mention], list[Event], list[Figure]]] = [([], [], []) for _ in doc.stories]
    at = {s.index: k for k, s in enumerate(doc.stories)}
    for m in doc.mentions:
        story = doc.story_of(m.start)
        if story is not None:
            parts[at[story.index]][0].append(m)
    for ev in doc.events:
        parts[at[ev.story]][1].append(ev)
    for f in doc.figures:
        if f.story in at:
            parts[at[f.story]][2].append(f)
    return parts
