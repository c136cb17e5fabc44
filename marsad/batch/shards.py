"""Shards: the input files of a batch run, and the documents of one shard.

A shard is one file (a WARC or WET archive, or any other input marsad reads). Inputs are expanded
the way :func:`marsad.sources.iter_inputs` expands them (folders recursively and sorted, globs
sorted), so a shard's documents, their ids and locations are exactly those `marsad extract` and
`marsad ingest` see for the same path. URLs (``s3://…``, ``gs://…``) are read through fsspec
when it is installed with the matching file system.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.doc import Doc
from marsad.sources import SourceError, iter_inputs, read_bytes, supported
from marsad.sources.warc import is_warc_name, iter_warc


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def shard_id(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


def expand_inputs(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """(shard paths in input order without repeats, inputs that matched nothing)."""
    shards: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        if p not in seen:
            seen.add(p)
            shards.append(p)

    for raw in inputs:
        if is_url(raw):
            found = _expand_url(raw)
        else:
            local = raw.removeprefix("file://")
            path = Path(local)
            if path.is_dir():
                found = [str(p) for p in sorted(p for p in path.rglob("*") if p.is_file() and supported(p.name))]
            elif path.exists():
                found = [local]
            else:
                found = [m for m in sorted(glob.glob(local, recursive=True)) if Path(m).is_file()]
        if not found:
            missing.append(raw)
        for p in found:
            add(p)
    return shards, missing


def _expand_url(url: str) -> list[str]:
    try:
        import fsspec
    except ImportError as exc:
        raise RuntimeError(f"{url}: reading URLs needs fsspec (pip install fsspec and its s3fs/gcsfs)") from exc
    fs, path = fsspec.core.url_to_fs(url)
    protocol = url.split("://", 1)[0]
    if glob.has_magic(path):
        matches = sorted(fs.glob(path))
    elif fs.isdir(path):
        matches = sorted(p for p in fs.find(path) if supported(os.path.basename(p)))
    elif fs.exists(path):
        matches = [path]
    else:
        matches = []
    return [m if "://" in m else f"{protocol}://{m}" for m in matches]


def read_shard(path: str) -> Iterator[Doc | SourceError]:
    """The documents (and source errors) of one shard, in file order."""
    if not is_url(path):
        yield from iter_inputs([path])
        return
    import fsspec

    name = path.rstrip("/").rsplit("/", 1)[-1]
    try:
        with fsspec.open(path, "rb") as fh:
            if is_warc_name(name):
                yield from iter_warc(fh, path, name)
            else:
                yield from read_bytes(fh.read(), path, name)
    except OSError as exc:
        yield SourceError(path, f"cannot read: {exc}")
