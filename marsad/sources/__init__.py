"""Where documents come from: files, folders, globs, stdin, JSON records, HTML, web archives, feeds."""

from marsad.sources.errors import SourceError
from marsad.sources.files import iter_inputs, read_bytes, supported

__all__ = ["SourceError", "iter_inputs", "read_bytes", "supported"]
