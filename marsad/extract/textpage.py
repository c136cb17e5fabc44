"""Text-page analysis: split a scraped page into stories and leave the site chrome out.

Scraped pages come as lines: a headline, a publication line, body paragraphs, and chrome —
"Related" teaser blocks (sometimes glued to a real body sentence), share and accessibility
strings, repeated tag lists, "read also" markers that introduce another story, and source lines
("المصدر: euronews") that close a story. Each story keeps its own title, date and source; a
story without a date line of its own stays undated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.arabic.dates import parse_date
from marsad.arabic.normalize import normalize_text
from marsad.doc import Segment, Story
from marsad.resources import read_tsv

_TITLE_MAX = 220
_SITE_SUFFIX_RE = re.compile(r"\s[-–|]\s*([A-Za-z][A-Za-z .]{1,40})\s*$")
_SOURCE_RE = re.compile(r"(?:المصدر|مصدر الخبر|Source)\s*[:：]\s*([^\n:]{1,60}?)\s*$")
# A teaser block glued to body text: the body starts after the last closing quote or
# sentence mark that is directly followed by a letter.
_GLUE_RE = re.compile(r"[\"”»!؟?.](?=[^\W\d_])")
_DATE_ONLY_RE = re.compile(r"^[\w\s,:+./-]{6,60}$")
# An HTTP date line (RFC 1123) is when a crawler fetched the page, not when it was published.
_HTTP_DATE_RE = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? \w{3} \d{4} \d\d:\d\d:\d\d (?:GMT|UTC)$")


@dataclass(frozen=True, slots=True)
class _Markers:
    by_kind: dict[str, tuple[str, ...]]

    def kind_of(self, norm_line: str) -> str:
        for kind, markers in self.by_kind.items():
            for m in markers:
                if norm_line.startswith(m):
                    rest = norm_line[len(m):len(m) + 1]
                    if kind in ("source", "publine", "read_also") and rest and rest.isalpha():
                        continue
                    return kind
        return ""


@lru_cache(maxsize=1)
def _markers() -> _Markers:
    out: dict[str, list[str]] = {}
    for kind, marker in read_tsv("page_chrome.tsv"):
        out.setdefault(kind, []).append(normalize_text(marker).lower())
    return _Markers({k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()})


@dataclass(slots=True)
class _Draft:
    title: tuple[int, int] | None = None
    body: list[tuple[int, int]] = field(default_factory=list)
    date: tuple[str, str] | None = None
    source: str = ""
    closed: bool = False
    after_read_also: bool = False

    def empty(self) -> bool:
        return self.title is None and not self.body


def analyze_page(text: str) -> list[Story]:
    """Stories of a scraped text page, in page order."""
    markers = _markers()
    drafts: list[_Draft] = [_Draft()]
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        s = start + line.index(stripped[0])
        e = s + len(stripped)
        norm = normalize_text(stripped).lower()
        kind = markers.kind_of(norm)
        cur = drafts[-1]
        if _HTTP_DATE_RE.match(stripped):
            continue
        if kind == "publine" or (kind == "" and _is_date_line(stripped)):
            found = parse_date(stripped)
            if found and cur.date is None and not cur.body:
                cur.date = found
                continue
            if kind == "publine":
                continue
        if kind == "read_also":
            drafts.append(_Draft(after_read_also=True))
            continue
        if kind == "source":
            m = _SOURCE_RE.search(stripped)
            if m and not cur.source:
                cur.source = m.group(1).strip()
            cur.closed = True
            continue
        if kind in ("chrome", "related"):
            if kind == "related":
                tail = _glued_body(text, s, e)
                if tail and not cur.closed:
                    cur.body.append(tail)
            m = _SOURCE_RE.search(stripped)
            if m:
                if not cur.source:
                    cur.source = m.group(1).strip()
                cur.closed = True
            continue
        if cur.closed:
            cur = _Draft()
            drafts.append(cur)
        if cur.title is None and not cur.body and _looks_like_title(stripped):
            cur.title = (s, e)
            site = _SITE_SUFFIX_RE.search(stripped)
            if site and not cur.source:
                cur.source = site.group(1).strip()
            continue
        cur.body.append((s, e))
    stories: list[Story] = []
    for d in drafts:
        if d.empty() or (d.after_read_also and not d.body):
            continue  # nothing, or a lone "read also" teaser headline
        stories.append(_story(text, d, len(stories)))
    return stories


def _story(text: str, d: _Draft, index: int) -> Story:
    segments = ([Segment(d.title[0], d.title[1], "title")] if d.title else []) + \
        [Segment(s, e, "body") for s, e in d.body]
    title = text[d.title[0]:d.title[1]] if d.title else ""
    site = _SITE_SUFFIX_RE.search(title)
    if site:
        title = title[: site.start()].rstrip()
    story = Story(segments[0].start, segments[-1].end, index=index, title=title,
                  title_start=d.title[0] if d.title else -1,
                  title_end=d.title[1] if d.title else -1, source=d.source, segments=segments)
    if d.date:
        story.date, story.date_precision = d.date
        story.date_source = "publine"
    return story


def _looks_like_title(line: str) -> bool:
    return len(line) <= _TITLE_MAX and not line.rstrip().endswith((".", "。", ":"))


def _is_date_line(line: str) -> bool:
    return len(line) <= 60 and bool(_DATE_ONLY_RE.match(line)) and parse_date(line) is not None


def _glued_body(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The body sentence glued to the end of a teaser block, if the block ends with one."""
    line = text[start:end]
    if not line.rstrip().endswith((".", "!", "؟", "?")):
        return None
    junctions = [m.end() for m in _GLUE_RE.finditer(line, 0, len(line) - 1)]
    if not junctions:
        return None
    tail_start = junctions[-1]
    if end - (start + tail_start) < 40:
        return None
    return start + tail_start, end
