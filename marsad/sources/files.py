"""Read documents from paths: .txt pages, .json/.jsonl records, .zip of JSON, folders, globs, stdin.

Every problem with an input (unreadable, binary, empty, not UTF-8, a malformed record) becomes a
:class:`SourceError` with its location; the caller reports and counts it and goes on.
"""

from __future__ import annotations

import glob
import io
import json
import os
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.doc import Doc

TEXT_SUFFIXES = (".txt", ".text")
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson")
ARCHIVE_SUFFIXES = (".zip",)
SUPPORTED = TEXT_SUFFIXES + RECORD_SUFFIXES + ARCHIVE_SUFFIXES

# Field names crawlers use for the parts of a record, first match wins.
_FIELDS: dict[str, tuple[str, ...]] = {
    "content": ("content", "text", "maintext", "body", "article", "raw_content"),
    "title": ("title", "headline"),
    "date": ("date", "date_publish", "published", "pubdate", "date_extracted", "date_download"),
    "url": ("url", "link", "source_url"),
    "source": ("source", "source_domain", "outlet", "site", "sitename"),
    "author": ("author", "authors"),
}


@dataclass(frozen=True, slots=True)
class SourceError:
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


def iter_inputs(paths: Iterable[str], stdin: io.TextIOBase | None = None) -> Iterator[Doc | SourceError]:
    """Documents (or errors) from every path: files, folders (recursively), globs, '-'."""
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin or sys.stdin)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
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
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield SourceError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if suffix in ARCHIVE_SUFFIXES:
        yield from _read_zip(path, data)
    elif suffix in RECORD_SUFFIXES:
        yield from read_records(data, str(path), path.name)
    else:
        yield from read_page(data, str(path), path.name)


def _decode(data: bytes, location: str) -> str | SourceError:
    if not data.strip():
        return SourceError(location, "empty file")
    if b"\x00" in data[:8192]:
        return SourceError(location, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SourceError(location, f"not valid UTF-8 at byte {exc.start}")


def read_page(data: bytes, location: str, name: str) -> Iterator[Doc | SourceError]:
    text = _decode(data, location)
    if isinstance(text, SourceError):
        yield text
        return
    yield Doc(text, id=name, meta={"kind": "page", "path": location})


def read_records(data: bytes, location: str, name: str) -> Iterator[Doc | SourceError]:
    text = _decode(data, location)
    if isinstance(text, SourceError):
        yield text
        return
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield SourceError(location, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
            return
        for i, item in enumerate(items):
            yield _record(item, f"{location}[{i}]", f"{name}#{i}")
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
    return Doc(content, id=doc_id, meta=meta)


def _read_zip(path: Path, data: bytes) -> Iterator[Doc | SourceError]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile as exc:
        yield SourceError(str(path), f"broken zip archive: {exc}")
        return
    for member in members:
        location = f"{path}!{member.filename}"
        try:
            payload = archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            yield SourceError(location, f"cannot read archive member: {exc}")
            continue
        name = os.path.basename(member.filename)
        if name.lower().endswith(RECORD_SUFFIXES):
            yield from read_records(payload, location, name)
        elif name.lower().endswith(TEXT_SUFFIXES):
            yield from read_page(payload, location, name)


def _read_stdin(stream: io.TextIOBase) -> Iterator[Doc | SourceError]:
    text = stream.read()
    data = text.encode("utf-8") if isinstance(text, str) else text
    if text.lstrip().startswith(("{", "[")):
        yield from read_records(data, "<stdin>", "stdin")
    else:
        yield from read_page(data, "<stdin>", "stdin")
