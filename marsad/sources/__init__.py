"""Where documents come from: files, folders, globs, stdin, JSON records."""

from marsad.sources.files import SourceError, iter_inputs

__all__ = ["SourceError", "iter_inputs"]
