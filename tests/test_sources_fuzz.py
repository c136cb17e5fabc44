"""Whatever bytes a file holds, reading it never raises: every file gives documents or errors."""

import gzip
import random
from pathlib import Path

from marsad.doc import Doc
from marsad.sources import SourceError, iter_inputs
from marsad.sources.files import SUPPORTED

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def test_random_and_truncated_inputs_never_raise(tmp_path):
    rng = random.Random(6)
    article = (FIXTURES / "article.html").read_bytes()
    samples = [rng.randbytes(300), article[: len(article) // 3], gzip.compress(article)[:200], b"\xff\xfe\x00",
               article.replace(b"<", b"\x00<", 3), b"<html>" * 5000, "نص".encode("utf-16")]
    for suffix in (*SUPPORTED, ".html.gz", ".jsonl.gz"):
        for i, data in enumerate(samples):
            (tmp_path / f"s{i}{suffix}").write_bytes(data)
    files = sorted(p for p in tmp_path.iterdir())
    for path in files:
        items = list(iter_inputs([str(path)]))
        assert items, path.name
        assert all(isinstance(i, Doc | SourceError) for i in items)
        for i in items:
            if isinstance(i, SourceError):
                assert i.location.startswith(str(path)) and i.reason
