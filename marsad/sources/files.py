"""Read documents from paths: text pages, JSON records, HTML pages, web archives, feeds, folders, globs, stdin.

Every problem with an input (unreadable, binary, empty, in an unknown encoding, a malformed record)
becomes a :class:`SourceError` with its location; the caller reports and counts it and goes on.
Every document gets ``meta["lang"]``, the language of its text.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import re
import sys
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.doc import Doc
from marsad.sources.encoding import arabic_share, decode_bytes
from marsad.sources.errors import SourceError
from marsad.sources.feeds import FEED_SUFFIXES, feed_docs
from marsad.sources.html import html_docs
from marsad.sources.lang import detect_lang
from marsad.sources.warc import WARC_SUFFIXES, read_warc

__all__ = ["SUPPORTED", "SourceError", "iter_inputs", "read_bytes", "read_path", "supported"]

TEXT_SUFFIXES = (".txt", ".text")
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson")
ARCHIVE_SUFFIXES = (".zip",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
SUPPORTED = TEXT_SUFFIXES + RECORD_SUFFIXES + ARCHIVE_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
# Other inputs may come gzip-compressed: page.html.gz, records.jsonl.gz.
_GZ_INNER = TEXT_SUFFIXES + RECORD_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
MAX_GZ_BYTES = 512 * 1024 * 1024
_JSON_SPACE_RE = re.compile(r"[ \t\n\r]*")

# Field names crawlers use for the parts of a record, first match wins.
_FIELDS: dict[str, tuple[str, ...]] = {
    "content": ("content", "text", "maintext", "body", "article", "raw_content"),
    "title": ("title", "headline"),
    "date": ("date", "date_publish", "published", "pubdate", "date_extracted", "date_download"),
    "url": ("url", "link", "source_url"),
    "source": ("source", "source_domain", "outlet", "site", "sitename"),
    "author": ("author", "authors"),
}


def supported(name: str) -> bool:
    """Whether a file name is one marsad reads (by its suffix)."""
    low = name.lower()
    return low.endswith(SUPPORTED) or (low.endswith(".gz") and low[:-3].endswith(_GZ_INNER))


def iter_inputs(paths: Iterable[str], stdin: io.TextIOBase | None = None) -> Iterator[Doc | SourceError]:
    """Documents (or errors) from every path: files, folders (recursively), globs, '-'."""
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin or sys.stdin)
            continue
        path = Path(raw)
        if path.is_dir():
            every = [p for p in path.rglob("*") if p.is_file()]
            files = sorted(p for p in every if supported(p.name))
            if not files:
                yield SourceError(raw, f"no file of a kind marsad reads in this folder ({len(every)} other file(s); it "
                                       "reads .txt, .html, .json, .jsonl, .zip, .warc, .wet, feeds, and these gzipped)")
            for p in files:
                yield from read_path(p)
        elif path.exists():
            yield from read_path(path)
        else:
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield SourceError(raw, "no such file, folder or glob match")
            for m in matches:
                if Path(m).is_file():
                    yield from read_path(Path(m))


def read_path(path: Path) -> Iterator[Doc | SourceError]:
    if path.name.lower().endswith(WARC_SUFFIXES):
        yield from read_warc(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield SourceError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, str(path), path.name)


def read_bytes(data: bytes, location: str, name: str, *, kind: str = "") -> Iterator[Doc | SourceError]:
    """Documents of one file's bytes, read as the kind its name tells (a text page by default);
    ``kind``, a file name, tells it instead when the name does not (a URL's bytes)."""
    low = (kind or name).lower()
    if low.endswith(".gz") and low[:-3].endswith(_GZ_INNER):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_GZ_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            yield SourceError(location, f"broken gzip file: {exc}")
            return
        if len(data) > MAX_GZ_BYTES:
            yield SourceError(location, f"over {MAX_GZ_BYTES >> 20} MB once decompressed; not read")
            return
        name, low = name if kind else name[:-3], low[:-3]
    if low.endswith(ARCHIVE_SUFFIXES):
        yield from _read_zip(location, data)
    elif low.endswith(RECORD_SUFFIXES):
        yield from read_records(data, location, name)
    elif low.endswith(HTML_SUFFIXES):
        yield from html_docs(data, location, name)
    elif low.endswith(FEED_SUFFIXES):
        yield from feed_docs(data, location, name)
    else:
        yield from read_page(data, location, name)


def _decode(data: bytes, location: str) -> str | SourceError:
    if not data.strip():
        return SourceError(location, "empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return SourceError(location, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A text file in an Arabic code page (windows-1256, ISO-8859-6) is taken when its bytes read
        # as Arabic; anything else stays an error rather than a guess.
        decoded = decode_bytes(data)
        if decoded is not None and (decoded.how == "bom" or arabic_share(decoded.text) >= 0.5):
            return decoded.text
        return SourceError(location, f"not valid UTF-8 at byte {exc.start}, nor Arabic in a known code page")


def read_page(data: bytes, location: str, name: str) -> Iterator[Doc | SourceError]:
    text = _decode(data, location)
    if isinstance(text, SourceError):
        yield text
        return
    yield Doc(text, id=name, meta={"kind": "page", "path": location, "lang": detect_lang(text)})


def read_records(data: bytes, location: str, name: str) -> Iterator[Doc | SourceError]:
    text = _decode(data, location)
    if isinstance(text, SourceError):
        yield text
        return
    stripped = text.lstrip()
    if stripped.startswith("["):
        n = 0
        try:
            for item in _array_items(text, len(text) - len(stripped)):
                yield _record(item, f"{location}[{n}]", f"{name}#{n}")
                n += 1
        except json.JSONDecodeError as exc:
            kept = f"; the {n} record{'s' * (n != 1)} before it kept" if n else ""
            yield SourceError(location, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}{kept}")
        return
    # JSON lines (a single JSON object is a one-line case of it)
    index = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(f"{location}:{lineno}", f"malformed JSON record: {exc.msg} (column {exc.colno})")
            index += 1
            continue
        yield _record(item, f"{location}:{lineno}", f"{name}#{index}")
        index += 1



def _array_items(text: str, start: int) -> Iterator[Any]:
    """The elements of the JSON array that begins at ``start``, decoded one at a time: a day's
    archive of several MB never exists as Python objects all at once, and the records before a
    malformed one are kept. Raises JSONDecodeError where the array stops being JSON."""
    decode = json.JSONDecoder().raw_decode
    end = len(text)
    at = _skip_space(text, start + 1)
    if at < end and text[at] == "]":
        return
    while True:
        item, at = decode(text, at)
        yield item
        at = _skip_space(text, at)
        if at < end and text[at] == ",":
            at = _skip_space(text, at + 1)
        elif at < end and text[at] == "]":
            if text[at + 1:].strip():
                raise json.JSONDecodeError("Extra data", text, _skip_space(text, at + 1))
            return
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, at)


def _skip_space(text: str, at: int) -> int:
    return _JSON_SPACE_RE.match(text, at).end()  # type: ignore[union-attr]  # matches the empty string

def _record(item: Any, location: str, doc_id: str) -> Doc | SourceError:
    if not isinstance(item, dict):
        return SourceError(location, f"record is a JSON {type(item).__name__}, not an object")
    meta: dict[str, str] = {"kind": "record", "path": location}
    for key, names in _FIELDS.items():
        for n in names:
            value = item.get(n)
            if value:
                meta[key] = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
                break
    content = meta.pop("content", "")
    if not content.strip():
        return SourceError(location, "record has no text (content/text/body field is empty)")
    meta["lang"] = detect_lang(content)
    return Doc(content, id=doc_id, meta=meta)


def _read_zip(location: str, data: bytes) -> Iterator[Doc | SourceError]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile as exc:
        yield SourceError(location, f"broken zip archive: {exc}")
        return
    for member in members:
        name = os.path.basename(member.filename)
        if not supported(name) or name.lower().endswith(ARCHIVE_SUFFIXES + WARC_SUFFIXES):
            continue
        member_location = f"{location}!{member.filename}"
        try:
            payload = archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            yield SourceError(member_location, f"cannot read archive member: {exc}")
            continue
        yield from read_bytes(payload, member_location, name)


def _read_stdin(stream: io.TextIOBase) -> Iterator[Doc | SourceError]:
    text = stream.read()
    data = text.encode("utf-8") if isinstance(text, str) else text
    head = data.lstrip()[:200].lower()
    if head.startswith((b"{", b"[")):
        yield from read_records(data, "<stdin>", "stdin")
    elif head.startswith((b"<!doctype html", b"<html")):
        yield from html_docs(data, "<stdin>", "stdin")
    elif head.startswith(b"<?xml") and (b"<rss" in data[:2000] or b"<feed" in data[:2000]):
        yield from feed_docs(data, "<stdin>", "stdin")
    else:
        yield from read_page(data, "<stdin>", "stdin")
