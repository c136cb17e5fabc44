"""RSS and Atom feeds (feedparser): entries with link, title, date, author and summary.

A feed read as a file gives one record per entry, with the entry's own text (its content or
summary); ``marsad watch`` uses the entry links to fetch the full articles instead.
Feeds are always parsed from bytes: feedparser is never handed a URL to fetch by itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from marsad.arabic.dates import parse_date
from marsad.doc import Doc
from marsad.sources.errors import SourceError
from marsad.sources.lang import detect_lang

FEED_SUFFIXES = (".rss", ".atom", ".xml")
_BLOCK_TAGS = ("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class Entry:
    url: str
    title: str = ""
    date: str = ""  # ISO date at its precision, or ""
    author: str = ""
    text: str = ""  # content or summary as plain text, one paragraph a line
    guid: str = ""


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    entries: list[Entry]


def parse_feed(data: bytes, location: str) -> Feed | SourceError:
    """The entries of an RSS/Atom document, or why it is not one."""
    import feedparser

    if not data.strip():
        return SourceError(location, "empty feed")
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        return SourceError(location, f"not an RSS or Atom feed{detail}")
    entries = [_entry(e) for e in parsed.entries]
    return Feed(str(parsed.feed.get("title", "") or ""), [e for e in entries if e.url or e.text])


def _entry(e: Any) -> Entry:
    content = e.get("content") or []
    body = next((c.get("value", "") for c in content if c.get("value")), "") or e.get("summary", "") or ""
    return Entry(url=str(e.get("link", "") or "").strip(), title=html_to_text(str(e.get("title", "") or "")),
                 date=_date(e), author=str(e.get("author", "") or ""), text=html_to_text(body),
                 guid=str(e.get("id", "") or ""))


def _date(e: Any) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = e.get(key)
        if t:
            try:
                return dt.date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()
            except ValueError:
                continue
    for key in ("published", "updated", "created"):
        found = parse_date(str(e.get(key, "") or ""))
        if found:
            return found[0]
    return ""


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one block a line."""
    if "<" not in fragment:
        return _lines(fragment)
    from lxml import etree
    from lxml.html import fragment_fromstring

    try:
        root = fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError):
        return _lines(re.sub(r"<[^>]+>", " ", fragment))
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return _lines(root.text_content())


def _lines(text: str) -> str:
    return "\n".join(s for s in (_SPACES_RE.sub(" ", line).strip() for line in text.splitlines()) if s)


def feed_docs(data: bytes, location: str, name: str) -> Iterator[Doc | SourceError]:
    """One record per feed entry, with the text the feed carries."""
    feed = parse_feed(data, location)
    if isinstance(feed, SourceError):
        yield feed
        return
    if not feed.entries:
        yield SourceError(location, "feed has no entries")
        return
    for i, e in enumerate(feed.entries):
        if not e.text:
            yield SourceError(f"{location}[{i}]", f"feed entry has no text <{e.url}>")
            continue
        meta = {"kind": "record", "path": f"{location}[{i}]", "title": e.title, "url": e.url, "date": e.date,
                "author": e.author, "source": feed.title, "lang": detect_lang(f"{e.title}\n{e.text}")}
        yield Doc(e.text, id=f"{name}#{i}", meta={k: v for k, v in meta.items() if v})
