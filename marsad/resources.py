"""Access to the language data shipped inside the package (marsad/data)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    return Path(str(resources.files("marsad") / "data" / name))


def read_tsv(name: str) -> Iterator[list[str]]:
    """Rows of a TSV data file; lines starting with # are comments; a header row is skipped
    when the file's first non-comment line starts with its first column name in lower case."""
    with data_path(name).open(encoding="utf-8") as fh:
        first = True
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if first:
                first = False
                if len(cols) > 1 and all(c.isascii() and c.islower() for c in cols):
                    continue  # header row
            yield cols


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of a one-column data file, normalized as the text they are matched in is."""
    from marsad.arabic.normalize import normalize_text

    return frozenset(normalize_text(row[0]) for row in read_tsv(name))
