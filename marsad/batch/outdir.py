"""The output folder of a batch run, local or remote, through pyarrow's file systems.

A local path, or any URI pyarrow.fs reads (``s3://bucket/prefix``, ``gs://…``, ``hdfs://…``): on a
cluster the output must be a place every node can write to. Files are written under a temporary
name and renamed, so a file that exists is whole.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

DONE = "_done"
ATTEMPT = "_attempt"
MANIFEST = "_manifest.json"


class OutDir:
    def __init__(self, uri: str) -> None:
        if "://" not in uri:
            uri = os.path.abspath(uri)
        self.uri = uri
        self.fs, self.root = pafs.FileSystem.from_uri(uri)
        self.root = self.root.rstrip("/")

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def exists(self, *parts: str) -> bool:
        return self.fs.get_file_info(self.path(*parts)).type != pafs.FileType.NotFound

    def makedirs(self, *parts: str) -> None:
        self.fs.create_dir(self.path(*parts), recursive=True)

    def write_bytes(self, data: bytes, *parts: str) -> None:
        final = self.path(*parts)
        self.fs.create_dir(final.rsplit("/", 1)[0], recursive=True)
        tmp = f"{final}.{uuid.uuid4().hex[:8]}.tmp"
        with self.fs.open_output_stream(tmp) as fh:
            fh.write(data)
        self.fs.move(tmp, final)

    def read_bytes(self, *parts: str) -> bytes:
        with self.fs.open_input_stream(self.path(*parts)) as fh:
            return fh.read()

    def write_json(self, obj: Any, *parts: str) -> None:
        self.write_bytes(json.dumps(obj, ensure_ascii=False, indent=1).encode("utf-8"), *parts)

    def read_json(self, *parts: str) -> Any:
        return json.loads(self.read_bytes(*parts))

    def write_table(self, table: pa.Table, *parts: str) -> None:
        final = self.path(*parts)
        self.fs.create_dir(final.rsplit("/", 1)[0], recursive=True)
        tmp = f"{final}.{uuid.uuid4().hex[:8]}.tmp"
        pq.write_table(table, tmp, filesystem=self.fs, compression="zstd")
        self.fs.move(tmp, final)

    def files(self, *parts: str, suffix: str = "") -> list[str]:
        """Paths of the files under a folder (recursively), sorted; none when it does not exist."""
        if not self.exists(*parts):
            return []
        infos = self.fs.get_file_info(pafs.FileSelector(self.path(*parts), recursive=True))
        return sorted(i.path for i in infos if i.type == pafs.FileType.File and i.path.endswith(suffix)
                      and not i.path.endswith(".tmp"))

    def delete(self, path: str) -> None:
        self.fs.delete_file(path)

    def delete_dir(self, *parts: str) -> None:
        if self.exists(*parts):
            self.fs.delete_dir(self.path(*parts))

    def read_table(self, *parts: str, schema: pa.Schema, columns: list[str] | None = None) -> pa.Table:
        """A table of the run (every file under a folder, or one file), or an empty table."""
        import pyarrow.dataset as pads

        path = self.path(*parts)
        files = [path] if path.endswith(".parquet") and self.exists(*parts) else self.files(*parts, suffix=".parquet")
        if not files:
            empty = schema.empty_table()
            return empty.select(columns) if columns else empty
        return pads.dataset(files, filesystem=self.fs, format="parquet", schema=schema).to_table(columns=columns)
