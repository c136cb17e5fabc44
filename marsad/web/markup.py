"""HTML for text with marked spans, built only from escaped pieces of the raw text.

Scraped text is never trusted: every piece of it goes through ``markupsafe.escape`` and the only
markup added is ours (span/mark elements with fixed class names and escaped attribute values).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    classes: tuple[str, ...]
    attrs: dict[str, str] = field(default_factory=dict)


def _attrs(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())


def _inline(text: str, offset: int, start: int, end: int, marks: Sequence[Mark]) -> str:
    """text[start:end] (offsets relative to ``offset``) with every mark applied; overlapping marks
    split the text into pieces that each carry the classes of all marks covering them."""
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    cuts = {start, end}
    for m in inside:
        cuts.add(max(start, m.start))
        cuts.add(min(end, m.end))
    points = sorted(cuts)
    out: list[str] = []
    for a, b in itertools.pairwise(points):
        piece = str(escape(text[a - offset:b - offset]))
        cover = [m for m in inside if m.start <= a and b <= m.end]
        if not cover:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(c for m in cover for c in m.classes))
        attrs: dict[str, str] = {}
        for m in cover:
            attrs.update(m.attrs)
        out.append(f'<span class="{escape(classes)}"{_attrs(attrs)}>{piece}</span>')
    return "".join(out)


def mark_segment(text: str, offset: int, sentences: Iterable[Sequence[int]], marks: Sequence[Mark]) -> Markup:
    """One segment of a story (``text`` starts at raw offset ``offset``): each sentence wrapped in
    ``<span class="sent" id="s-START">`` and the marks inside it."""
    end = offset + len(text)
    sents = sorted((max(s, offset), min(e, end), s, e) for s, e in sentences if s < end and e > offset)
    out: list[str] = []
    pos = offset
    for a, b, s, e in sents:
        if a < pos:
            continue
        if a > pos:
            out.append(_inline(text, offset, pos, a, marks))
        out.append(f'<span class="sent" id="s-{s}" data-start="{s}" data-end="{e}">'
                   f"{_inline(text, offset, a, b, marks)}</span>")
        pos = b
    if pos < end:
        out.append(_inline(text, offset, pos, end, marks))
    return Markup("".join(out))


def highlight(text: str, spans: Iterable[Sequence[int]]) -> Markup:
    """``text`` escaped, with the given spans wrapped in <mark>."""
    marks = [Mark(s, e, ("hit",)) for s, e in spans]
    out: list[str] = []
    pos = 0
    for m in sorted(marks, key=lambda m: m.start):
        if m.start < pos:
            continue
        out.append(str(escape(text[pos:m.start])))
        out.append(f"<mark>{escape(text[m.start:m.end])}</mark>")
        pos = m.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
