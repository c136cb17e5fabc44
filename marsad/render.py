"""Terminal rendering of a story with its mentions and event triggers marked."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from marsad.doc import Doc
from marsad.records import event_record


def render_story(console: Console, doc: Doc, index: int) -> None:
    story = next(s for s in doc.stories if s.index == index)
    console.rule(f"{doc.id} — story {index}")
    console.print(f"title:  {story.title}\ndate:   {story.date or '(none)'}  {story.date_source}\n"
                  f"source: {story.source or '(unknown)'}  {story.url}", highlight=False)
    triggers = [(e.trigger_start, e.trigger_end) for e in doc.events if e.story == index]
    for seg in story.segments:
        text = Text(doc.text[seg.start:seg.end])
        for m in doc.mentions:
            if seg.start <= m.start and m.end <= seg.end:
                text.stylize("bold cyan", m.start - seg.start, m.end - seg.start)
        for s, e in triggers:
            if seg.start <= s and e <= seg.end:
                text.stylize("bold reverse red", s - seg.start, e - seg.start)
        console.print(text)
    console.rule("events")
    for ev in (e for e in doc.events if e.story == index):
        rec = event_record(doc, ev)
        actors = ", ".join(f"{p['text']} ({p['code']}/{p['sector']})" for p in rec["actor"])
        recips = ", ".join(f"{p['text']} ({p['code']}/{p['sector']})" for p in rec["recipient"]) or "-"
        console.print(f"[bold]{ev.event}[/] {ev.mode} {actors} → {recips}  date={ev.date or '-'} "
                      f"loc={ev.loc.country or '-'} aux={ev.aux or '-'}  «{ev.trigger}»", highlight=False)
        console.print(f"    {rec['text']}", style="dim", highlight=False)
