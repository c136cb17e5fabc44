"""Build: the modules listed in compiled.txt are compiled to C extensions with mypyc (the rest of
the package, and everything in pyproject.toml, is plain setuptools). Without a C compiler or
Python's headers, marsad installs as pure Python and runs the same, slower."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).parent


def compiled_modules() -> list[str]:
    lines = (HERE / "compiled.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class OptionalBuildExt(build_ext):
    """Builds the compiled modules, or none of them: a module compiled alone would import a
    shared library that failed to build."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as err:  # noqa: BLE001 - any failure to compile leaves the pure-Python package
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            print(f"marsad: building the compiled modules failed ({err}); installing pure Python",
                  file=sys.stderr)


def extensions() -> list:
    if os.environ.get("MARSAD_PURE"):
        return []  # MARSAD_PURE=1 pip install … installs the pure-Python package
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    return mypycify(compiled_modules(), opt_level="3", group_name="marsad_native")


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
