"""What the event-coder tests share: code a sentence written for a test, pick its events."""

from marsad.doc import Doc, Event, Participant
from marsad.pipeline import default_pipeline


def code(body: str, date: str = "2024-03-14") -> list[Event]:
    """The events of one record with the given date, through the whole pipeline."""
    doc = Doc(body, id="t", meta={"kind": "record", "date": date})
    doc = default_pipeline()(doc)
    assert not doc.errors, doc.errors
    return doc.events


def of(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.event == kind]


def one(events: list[Event], kind: str) -> Event:
    """The first event of a type, failing with what was coded instead."""
    found = of(events, kind)
    assert found, [(e.event, e.trigger, codes(e.actor), codes(e.recipient)) for e in events]
    return found[0]


def codes(parties: list[Participant]) -> set[str]:
    return {p.code for p in parties}
