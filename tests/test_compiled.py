"""The pipeline's hot modules run compiled (mypyc, setup.py): the compiled code must find exactly
what the Python source finds, and an edited source must never be shadowed by its stale build."""

from __future__ import annotations

import importlib.machinery
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import orjson
import pytest

from marsad import Doc
from marsad._native import _SourceFinder, compiled_modules, running_compiled, stale
from marsad.pipeline import default_pipeline
from marsad.resources import data_path
from marsad.sources.files import iter_inputs

ROOT = Path(__file__).parent.parent
SEED = ROOT.parent / "shared" / "samples"

# Arabic sentences written for this test, with the constructions the compiled modules handle:
# names the gazetteer lacks, roles, dates, figures, quotes, agreements
SENTENCES = """\
الرياض، 3 مارس 2025 - استقبل وزير الخارجية السعودي الأمير فيصل بن فرحان نظيره الأردني أيمن الصفدي يوم الاثنين.
وقال الصفدي إن البلدين وقعا اتفاقية للتعاون الاقتصادي بقيمة 250 مليون دولار تمتد خمس سنوات.
وأعلنت وزارة الداخلية العراقية اعتقال 12 شخصا في البصرة الأسبوع الماضي، بحسب المتحدث باسم الوزارة خالد المحنا.
ودعا الرئيس الفرنسي إلى وقف إطلاق النار في غزة قبل نهاية الشهر، مؤكدا أن "الوقت ينفد".
"""


def _outputs(docs: list[Doc]) -> list[str]:
    pipeline = default_pipeline()
    return [pipeline(Doc(d.text, id=d.id, meta=d.meta)).to_json() for d in docs]


def _docs() -> list[Doc]:
    docs = [Doc(SENTENCES, id="sentences", meta={"date": "2025-03-03"})]
    folders = [data_path("demo")] + ([SEED] if SEED.exists() else [])
    docs += [d for d in iter_inputs([str(f) for f in folders]) if isinstance(d, Doc)]
    for d in docs:
        d.meta.pop("path", None)
    return docs


def test_compiled_modules_find_what_their_source_finds() -> None:
    import marsad.stages  # noqa: F401 - every stage's modules imported

    if not running_compiled():
        pytest.skip("marsad is installed without its compiled modules (no C compiler at install time)")
    docs = _docs()
    here = _outputs(docs)
    script = (
        "import sys, orjson\n"
        "from marsad import Doc\n"
        "from marsad._native import running_compiled\n"
        "from tests.test_compiled import _docs, _outputs\n"
        "out = _outputs(_docs())\n"
        "assert not running_compiled(), running_compiled()\n"
        "sys.stdout.write(orjson.dumps(out).decode())\n"
    )
    env = {**os.environ, "MARSAD_PURE": "1"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    source = orjson.loads(done.stdout)
    assert len(source) == len(here) >= 19
    for doc, a, b in zip(docs, here, source, strict=True):
        assert a == b, f"{doc.id}: the compiled pipeline differs from its source"
    assert any('"event"' in a for a in here)  # the documents gave events to compare


def test_a_source_edited_after_its_build_is_imported_instead_of_the_build(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "fast.py").write_text("ANSWER = 42\n")
    suffix = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len)[-1]
    built = package / "sub" / f"fast{suffix}"
    built.write_bytes(b"not a shared library")  # the import system would try it first, and fail
    (package / "sub" / f"other{suffix}").write_bytes(b"")  # no source beside it: not a compiled module
    old, new = 1_700_000_000, 1_700_000_100
    os.utime(built, (new, new))
    os.utime(package / "sub" / "fast.py", (old, old))
    found = compiled_modules(package, "pkg")
    assert list(found) == ["pkg.sub.fast"]
    assert stale(found) == []
    os.utime(package / "sub" / "fast.py", (new + 1, new + 1))
    assert stale(found) == ["pkg.sub.fast"]

    sys.path.insert(0, str(tmp_path))
    finder = _SourceFinder({m: source for m, (_ext, source) in found.items()})
    try:
        with pytest.raises(ImportError):
            __import__("pkg.sub.fast")
        sys.modules.pop("pkg.sub.fast", None)
        sys.meta_path.insert(0, finder)
        module = __import__("pkg.sub.fast", fromlist=["ANSWER"])
        assert module.ANSWER == 42 and module.__file__.endswith("fast.py")
    finally:
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == "pkg" or n.startswith("pkg.")]:
            del sys.modules[name]


def _can_compile() -> bool:
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return include.exists() and shutil.which(compiler) is not None


@pytest.mark.skipif(os.environ.get("MARSAD_PURE") is not None, reason="MARSAD_PURE asks for the Python source")
def test_the_install_compiled_every_listed_module_where_it_could() -> None:
    listed = [line.strip() for line in (ROOT / "compiled.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    if not _can_compile():
        pytest.skip("no C compiler or Python headers here: marsad runs as pure Python")
    names = {p.removesuffix(".py").replace("/", ".") for p in listed}
    found = compiled_modules()
    assert names <= set(found), f"not compiled: {sorted(names - set(found))} (make rebuilds them)"
    assert stale(found) == [], "compiled modules older than their sources: make rebuilds them"
