"""The pipeline's hot modules run compiled (mypyc builds them when marsad is installed, from the list
in compiled.txt); this module decides, when marsad is imported, whether their Python source runs
instead: when ``MARSAD_PURE`` is set (for debuggers and profilers, which cannot see into compiled
code), or, in a checkout, when a source was edited after its module was compiled (until ``make``
builds it again). Either way every compiled module runs as source, never some of them: compiled
modules call each other directly, past a source module that would replace one of them."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

log = logging.getLogger("marsad")

_PACKAGE = Path(__file__).parent
_SKIPPED_DIRS = frozenset({"__pycache__", "data", "web"})


def compiled_modules(package: Path = _PACKAGE, name: str = "marsad") -> dict[str, tuple[Path, Path]]:
    """Modules of the package that have a compiled extension beside their source: module name →
    (extension, source)."""
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    out: dict[str, tuple[Path, Path]] = {}
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS]
        parts = Path(folder).relative_to(package).parts
        for file in files:
            suffix = next((s for s in suffixes if file.endswith(s)), None)
            if suffix is None:
                continue
            stem = file[:-len(suffix)]
            source = Path(folder, stem + ".py")
            if source.exists():
                out[".".join((name, *parts, stem))] = (Path(folder, file), source)
    return out


def stale(modules: dict[str, tuple[Path, Path]]) -> list[str]:
    """The compiled modules whose source was changed after they were built."""
    return sorted(m for m, (ext, source) in modules.items() if source.stat().st_mtime > ext.stat().st_mtime)


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the listed modules from their .py files (the import system would take the extension
    beside them first)."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        source = self.sources.get(fullname)
        return importlib.util.spec_from_file_location(fullname, source) if source is not None else None


def choose() -> None:
    """Runs the compiled modules as source when MARSAD_PURE is set, or when this is a checkout
    (compiled.txt beside the package) and a source is newer than its compiled module."""
    checkout = (_PACKAGE.parent / "compiled.txt").exists()
    pure = bool(os.environ.get("MARSAD_PURE"))
    if not (pure or checkout):
        return
    modules = compiled_modules()
    if not modules:
        return
    if not pure:
        changed = stale(modules)
        if not changed:
            return
        log.warning("marsad: %s changed since it was compiled: running every compiled module as Python "
                    "(slower) until `make` compiles them again", ", ".join(changed))
    sys.meta_path.insert(0, _SourceFinder({m: source for m, (_ext, source) in modules.items()}))


def running_compiled() -> list[str]:
    """The modules of marsad imported so far that run as compiled code."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(name for name, module in list(sys.modules.items())
                  if name.startswith("marsad.") and str(getattr(module, "__file__", "") or "").endswith(suffixes))
