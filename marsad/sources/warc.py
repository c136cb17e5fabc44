"""Web archives: WARC and WET files, gzip or plain, read with fastwarc.

- response records (HTTP 200, HTML) → the page's main text, through :mod:`marsad.sources.html`;
- resource records → HTML as above, plain text as a text page;
- conversion records (WET: text already extracted from a page) → a text page, like a scraped page.

Other records (requests, metadata, revisits) are not read; responses that are not HTML or not
200 are skipped and counted. Every document keeps its provenance: ``warc_record_id``,
``warc_target_uri``, ``warc_date``, and the record's byte offset in its location ``file@offset``.

Broken archives lose only what is broken: a record cut short by the end of the file (a truncated
download, a truncated last gzip member) gives one :class:`SourceError`; a corrupt gzip member in
the middle gives one error and reading resumes at the next member that decompresses.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from marsad.doc import Doc
from marsad.sources.encoding import decode_bytes
from marsad.sources.errors import SourceError
from marsad.sources.html import MAX_HTML_BYTES, html_docs
from marsad.sources.lang import detect_lang

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START_RE = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")
_MAX_RESYNCS = 1000
_TAIL_SCAN_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class WarcStats:
    records: int = 0
    documents: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: int = 0

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, stats: WarcStats | None = None) -> Iterator[Doc | SourceError]:
    """Documents and errors of one WARC/WET file, in file order."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield SourceError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from iter_warc(stream, str(path), path.name, stats)


def iter_warc(stream: IO[bytes], location: str, name: str,
              stats: WarcStats | None = None) -> Iterator[Doc | SourceError]:
    """Documents and errors of a seekable binary WARC stream."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    stats = stats if stats is not None else WarcStats()
    gzipped = stream.read(3) == _GZIP_MAGIC
    stream.seek(0)
    wanted = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
    handled: set[int] = set()  # record offsets already turned into a document or an error
    last = 0  # offset of the last record read
    start = 0
    for _ in range(_MAX_RESYNCS):
        stream.seek(start)
        try:
            for record in ArchiveIterator(stream, record_types=wanted, auto_decode="all", fsspec_args=False):
                last = record.stream_pos
                handled.add(last)
                yield from _record_docs(record, location, name, stats)
        except (OSError, ValueError) as exc:
            bad = _damage(stream, max(last, start), gzipped, handled)
            handled.add(bad)
            stats.errors += 1
            yield SourceError(f"{location}@{bad}", f"unreadable archive data ({exc}); skipped to the next record")
            resume = _next_start(stream, bad + 1, gzipped)
            if resume is None:
                break
            start = resume
            continue
        else:
            tail = _gzip_tail(stream, last) if gzipped else _plain_tail(stream, last, handled)
            if tail is not None and tail not in handled:
                stats.errors += 1
                yield SourceError(f"{location}@{tail}", "truncated record: the file ends inside it "
                                  "(incomplete gzip member or WARC header)")
            break
    else:
        stats.errors += 1
        yield SourceError(f"{location}@{start}", f"over {_MAX_RESYNCS} damaged places; the rest is not read")
    log.info("%s: %d records, %d documents, skipped %s, %d errors", location, stats.records, stats.documents,
             stats.skipped or "none", stats.errors)


def _record_docs(record: Any, location: str, name: str, stats: WarcStats) -> Iterator[Doc | SourceError]:
    index = stats.records
    stats.records += 1
    pos = record.stream_pos
    loc = f"{location}@{pos}"
    headers = record.headers
    uri = headers.get("WARC-Target-URI") or ""
    kind = str(record.record_type)
    if headers.get("Content-Length") is None:
        stats.errors += 1
        yield SourceError(loc, f"truncated {kind} record: its WARC header has no Content-Length")
        return
    try:
        payload = record.reader.read(MAX_HTML_BYTES + 1) if record.reader is not None else b""
    except OSError as exc:
        stats.errors += 1
        yield SourceError(loc, f"cannot read the {kind} record <{uri}>: {exc}")
        return
    if len(payload) > MAX_HTML_BYTES:
        stats.errors += 1
        yield SourceError(loc, f"{kind} record <{uri}> is over the {MAX_HTML_BYTES / 1e6:.0f} MB limit; not read")
        return
    if len(payload) < record.content_length:
        stats.errors += 1
        yield SourceError(loc, f"truncated {kind} record <{uri}>: {len(payload)} of {record.content_length} "
                          "bytes (the file ends inside it)")
        return
    meta = {"warc_record_id": _strip_urn(headers.get("WARC-Record-ID") or ""), "warc_target_uri": uri,
            "warc_date": headers.get("WARC-Date") or "", "warc_type": kind}
    doc_name = f"{name}#{index}"
    mime, charset = _content_type(record)
    if kind == "response":
        status = record.http_headers.status_code if record.http_headers is not None else 0
        if status != 200:
            stats.skip(f"HTTP {status}" if status else "not HTTP")
            return
    if mime in _HTML_TYPES or (not mime and b"<html" in payload[:2048].lower()):
        for item in html_docs(payload, loc, doc_name, url=uri, charset=charset, meta=meta):
            if isinstance(item, SourceError):
                stats.errors += 1
            else:
                stats.documents += 1
            yield item
    elif mime in _TEXT_TYPES and kind != "response":
        doc = _text_doc(payload, loc, doc_name, uri, charset, meta)
        if isinstance(doc, SourceError):
            stats.errors += 1
        else:
            stats.documents += 1
        yield doc
    else:
        stats.skip(mime or "no content type")


def _content_type(record: Any) -> tuple[str, str | None]:
    if str(record.record_type) == "response":
        mime = (record.http_content_type or "").lower()
        return mime, record.http_charset
    raw = (record.headers.get("Content-Type") or "").lower()
    mime, _, params = raw.partition(";")
    m = re.search(r"charset\s*=\s*([\w.:-]+)", params)
    return mime.strip(), m.group(1) if m else None


def _text_doc(payload: bytes, loc: str, doc_name: str, uri: str, charset: str | None,
              meta: dict[str, str]) -> Doc | SourceError:
    if not payload.strip():
        return SourceError(loc, f"empty text record <{uri}>")
    decoded = decode_bytes(payload, declared=charset)
    if decoded is None:
        return SourceError(loc, f"text record <{uri}> in an encoding that cannot be told")
    text = decoded.text
    return Doc(text, id=doc_name, meta={**meta, "kind": "page", "path": loc, "url": uri,
                                        "lang": detect_lang(text), "encoding": decoded.encoding})


def _strip_urn(value: str) -> str:
    return value.strip().removeprefix("<").removesuffix(">")


# -- damage ---------------------------------------------------------------------------------------
def _gzip_tail(stream: IO[bytes], start: int) -> int | None:
    """Offset of the first gzip member at or after ``start`` that is cut short or corrupt, else None."""
    pos = start
    stream.seek(pos)
    while True:
        head = stream.read(3)
        if not head.strip(b"\x00\r\n "):
            return None
        if head != _GZIP_MAGIC:
            return pos
        stream.seek(pos)
        inflater = zlib.decompressobj(31)
        while not inflater.eof:
            chunk = stream.read(1 << 16)
            if not chunk:
                return pos
            try:
                inflater.decompress(chunk, 1 << 20)
                while inflater.unconsumed_tail and not inflater.eof:
                    inflater.decompress(inflater.unconsumed_tail, 1 << 20)
            except zlib.error:
                return pos
        pos = stream.tell() - len(inflater.unused_data)
        stream.seek(pos)


def _plain_tail(stream: IO[bytes], start: int, handled: set[int]) -> int | None:
    """Offset of a record after ``start`` of an uncompressed WARC that fastwarc dropped (cut-off header)."""
    stream.seek(start)
    rest = stream.read(_TAIL_SCAN_BYTES)
    for m in _WARC_START_RE.finditer(rest, 1):
        pos = start + m.start(1)
        if pos in handled:
            continue
        header_end = rest.find(b"\r\n\r\n", m.start(1))
        header = rest[m.start(1):header_end if header_end >= 0 else len(rest)]
        kind = re.search(rb"WARC-Type:\s*(\w+)", header)
        if header_end < 0 or kind is None or kind.group(1) in (b"response", b"resource", b"conversion"):
            return pos
    return None


def _damage(stream: IO[bytes], after: int, gzipped: bool, handled: set[int]) -> int:
    """Where the damage is that stopped reading somewhere after offset ``after``."""
    if gzipped:
        bad = _gzip_tail(stream, after)
        if bad is not None:
            return bad
    # The members decompress (or the file is plain): the first record not read after ``after``.
    pos: int | None = after if after not in handled else _next_start(stream, after + 1, gzipped)
    return after if pos is None else pos


def _next_start(stream: IO[bytes], after: int, gzipped: bool) -> int | None:
    """Where the next readable record starts after a damaged one."""
    stream.seek(after)
    pos = after
    while True:
        block = stream.read(1 << 20)
        if not block:
            return None
        if gzipped:
            i = block.find(_GZIP_MAGIC)
            while i >= 0:
                if _inflates(stream, pos + i):
                    return pos + i
                i = block.find(_GZIP_MAGIC, i + 1)
        else:
            m = _WARC_START_RE.search(block)
            if m:
                return pos + m.start(1)
        pos += max(1, len(block) - 16)
        stream.seek(pos)


def _inflates(stream: IO[bytes], pos: int) -> bool:
    here = stream.tell()
    stream.seek(pos)
    try:
        zlib.decompressobj(31).decompress(stream.read(4096), 1024)
        return True
    except zlib.error:
        return False
    finally:
        stream.seek(here)
