"""Flat records for output: events in the gold format of EVENTS-GUIDE.md, stories, mentions."""

from __future__ import annotations

from typing import Any

from marsad.doc import Agreement, Doc, Event, Participant, Story


def _party(p: Participant) -> dict[str, Any]:
    return {"code": p.code, "sector": p.sector, "text": p.text}


def event_record(doc: Doc, ev: Event) -> dict[str, Any]:
    """One event as the evaluation and `marsad extract` print it (extra fields after the gold ones)."""
    return {
        "doc": doc.id,
        "sent": [ev.sent_start, ev.sent_end],
        "event": ev.event,
        "mode": ev.mode,
        "actor": [_party(p) for p in ev.actor],
        "recipient": [_party(p) for p in ev.recipient],
        "date": ev.date,
        "loc": {"text": ev.loc.text, "country": ev.loc.country},
        "trigger": ev.trigger,
        "aux": ev.aux,
        "story": ev.story,
        "trigger_span": [ev.trigger_start, ev.trigger_end],
        "rule": ev.rule,
        "confidence": ev.confidence,
        "text": doc.text[ev.sent_start:ev.sent_end],
    }


def story_text(doc: Doc, story: Story) -> str:
    """The story's own text: its title and body segments, without the page chrome between them."""
    return "\n".join(doc.text[s.start:s.end] for s in story.segments)


def story_norm_text(doc: Doc, story: Story) -> str:
    """story_text, normalized: slices of the document's normalized text (normalization is per
    character, so this equals normalize_text(story_text(...)) without normalizing again)."""
    norm = doc.norm
    return "\n".join(norm.text[norm.norm_index(s.start):norm.norm_index(s.end)] for s in story.segments)


def story_record(doc: Doc, story: Story, story_id: int | None = None) -> dict[str, Any]:
    return {
        "id": story_id if story_id is not None else f"{doc.id}#{story.index}",
        "doc": doc.id,
        "index": story.index,
        "title": story.title,
        "date": story.date,
        "date_precision": story.date_precision,
        "date_source": story.date_source,
        "date_min": story.date_min,
        "date_max": story.date_max,
        "source": story.source,
        "url": story.url,
        "lang": story.lang,
        "start": story.start,
        "end": story.end,
        "text": story_text(doc, story),
    }


def agreement_record(doc: Doc, ag: Agreement) -> dict[str, Any]:
    return {
        "doc": doc.id,
        "story": ag.story,
        "name": ag.name,
        "kind": ag.kind,
        "parties": ag.parties,
        "signed": ag.signed,
        "ratified": ag.ratified,
        "in_force": ag.in_force,
        "term": ag.term,
        "span": [ag.start, ag.end],
        "clauses": [doc.text[s:e] for s, e in ag.clauses],
        "mentions": ag.mentions,
        "events": [event_record(doc, doc.events[k])["trigger"] for k in ag.events if k < len(doc.events)],
    }
