"""Inputs given as http(s) URLs: fetched politely (robots.txt, pace, retries, size cap, no private
addresses unless allowed) and read as the kind their content type or name tells."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from marsad.doc import Doc
from marsad.sources.errors import SourceError
from marsad.sources.fetch import Fetcher, FetchError
from marsad.sources.files import HTML_SUFFIXES, iter_inputs, read_bytes, supported
from marsad.sources.html import html_docs, sniff_binary
from marsad.sources.warc import WARC_SUFFIXES, iter_warc

__all__ = ["is_url", "read_inputs", "url_docs"]

# What a server's content type says a response is, as the file suffix marsad reads it by.
_SUFFIX_OF_TYPE = {
    "text/html": ".html", "application/xhtml+xml": ".html",
    "application/rss+xml": ".rss", "application/atom+xml": ".atom", "application/xml": ".xml", "text/xml": ".xml",
    "application/json": ".json", "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl",
    "text/plain": ".txt", "application/warc": ".warc", "application/zip": ".zip",
}


def is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def read_inputs(args: Iterable[str], fetcher: Fetcher) -> Iterator[Doc | SourceError]:
    """:func:`~marsad.sources.files.iter_inputs` of the arguments, where an http(s) URL is fetched
    with ``fetcher``; in the order given."""
    for arg in args:
        yield from url_docs(arg, fetcher) if is_url(arg) else iter_inputs([arg])


def url_docs(url: str, fetcher: Fetcher) -> Iterator[Doc | SourceError]:
    """Documents (or errors, located by the URL) of what a URL serves: an HTML page, a web archive,
    a feed's entries, JSON records or a text page."""
    try:
        resp = fetcher.get(url)
    except FetchError as exc:
        yield SourceError(url, exc.reason)
        return
    kind = _kind(resp.url, resp.content_type)
    if kind is None:
        yield SourceError(url, f"not a kind of input marsad reads (content type {resp.content_type or 'none'})")
        return
    # documents are named by the URL they came from (after redirects)
    low = kind.lower()
    if low.endswith(WARC_SUFFIXES):
        yield from iter_warc(io.BytesIO(resp.content), resp.url, resp.url)
    elif low.endswith(HTML_SUFFIXES):
        if (why := sniff_binary(resp.content)) is not None:
            yield SourceError(url, why)
            return
        yield from html_docs(resp.content, resp.url, resp.url, url=resp.url, charset=resp.charset)
    else:
        yield from read_bytes(resp.content, resp.url, resp.url, kind=kind)


def _kind(url: str, content_type: str) -> str | None:
    """A file name whose suffix tells how to read the response: an HTML content type is
    HTML; else the URL's own name when marsad reads that kind of file (day.warc.gz, feed.xml,
    records.jsonl, whatever the server calls them); else the suffix of the content type. None for
    content marsad does not read (images, PDF, octet streams of unknown names)."""
    base = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "index"
    kind = _SUFFIX_OF_TYPE.get(content_type)
    if kind == ".html":
        return base if base.lower().endswith(HTML_SUFFIXES) else base + kind
    if supported(base):
        return base
    if kind is not None:
        return base + kind
    return base + ".html" if not content_type else None
