import json
import multiprocessing as mp
import os

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.doc import Doc
from marsad.parallel import Stored, _in_order, process, process_for_store
from marsad.pipeline import Pipeline
from marsad.sources import SourceError
from marsad.store.rows import Prepared

TEXTS = [
    "استقبل الرئيس المصري في القاهرة وزير الخارجية الأردني يوم الأحد.",
    "هاجمت طائرات مسيرة مواقع عسكرية في شمال سوريا.",
    "دعت الأمم المتحدة إلى وقف فوري لإطلاق النار في السودان.",
]


def _docs():
    for i, text in enumerate(TEXTS * 4):
        yield Doc(text, id=f"d{i}", meta={"kind": "record", "date": "2024-06-02"})
    yield SourceError("x.txt", "empty file")


def test_two_workers_give_the_same_documents_in_the_same_order_as_one():
    one = list(process(_docs(), workers=1))
    two = list(process(_docs(), workers=2))
    assert [type(x) for x in one] == [type(x) for x in two]
    assert [x.to_json() for x in one if isinstance(x, Doc)] == [x.to_json() for x in two if isinstance(x, Doc)]


def test_documents_the_store_holds_are_not_processed_again():
    """A resumed or repeated ingest: what the store holds comes back unprocessed, in its place."""
    held = {"d1", "d5", "d11"}
    for workers in (1, 2):
        out = list(process_for_store(_docs(), workers, stored=lambda d: d.id in held))
        assert len(out) == 13 and isinstance(out[-1], SourceError)
        assert [x.doc_id for x in out if isinstance(x, Stored)] == ["d1", "d5", "d11"]
        assert [type(out[i]) for i in (1, 5, 11)] == [Stored] * 3
        processed = [x for x in out if not isinstance(x, (Stored, SourceError))]
        assert len(processed) == 9  # each run through the pipeline: it recorded its stages
        assert all(json.loads(x.stages) if isinstance(x, Prepared) else x.stages for x in processed)


def test_parallel_ingest_stores_everything(tmp_path):
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps({"title": "t", "content": t + f" ({i})", "date": "2024-06-02"},
                                        ensure_ascii=False) for i, t in enumerate(TEXTS * 30)), encoding="utf-8")
    db = str(tmp_path / "p.db")
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", db, "--workers", "2"])
    assert "ingested 90 documents" in result.stderr


def test_two_workers_store_what_one_worker_stores(tmp_path):
    """Workers hand the writer each document's rows (marsad.store.rows); the store must not differ."""
    import sqlite3

    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps({"title": "t", "content": t + f" ({i % 7})", "date": "2024-06-02"},
                                        ensure_ascii=False) for i, t in enumerate(TEXTS * 10)), encoding="utf-8")
    tables = {}
    for workers in ("1", "2"):
        db = str(tmp_path / f"w{workers}.db")
        result = CliRunner().invoke(main, ["ingest", str(src), "--db", db, "--workers", workers])
        assert result.exit_code == 0, result.output
        with sqlite3.connect(db) as conn:
            tables[workers] = [conn.execute(q).fetchall() for q in (
                "SELECT id, fingerprint, duplicate_of, similarity, cluster_id FROM stories ORDER BY id",
                "SELECT story_id, signature, identity FROM story_signatures ORDER BY story_id",
                "SELECT id, story_id, group_id, first_report, record FROM events ORDER BY id",
                "SELECT doc, content_hash, path, stages, doc_json FROM documents ORDER BY id",
                "SELECT * FROM mentions ORDER BY id", "SELECT * FROM figures ORDER BY id",
                "SELECT * FROM agreements ORDER BY id", "SELECT * FROM clusters ORDER BY id",
                "SELECT * FROM event_groups ORDER BY id", "SELECT * FROM event_group_codes ORDER BY rowid",
                "SELECT * FROM events ORDER BY id", "SELECT * FROM stories ORDER BY id",
                "SELECT rowid, title, body FROM stories_fts ORDER BY rowid")]
    assert tables["1"] == tables["2"]
    assert any(row[2] is not None for row in tables["2"][0])  # the repeated texts were found as duplicates


def _fail(pipeline, docs):
    """A worker's task failing outside the pipeline's per-document handling (the first chunks
    always go to the workers)."""
    raise ValueError("a deliberate failure")


def _die(pipeline, docs):
    os._exit(3)


def _many_docs(n):
    for i in range(n):
        text = TEXTS[i % 3] + f" ({i})"
        yield Doc(text, id=f"d{i}", meta={"kind": "record", "date": "2024-06-02"})
        if i % 17 == 0:
            yield SourceError(f"bad{i}.txt", "empty file")


def test_many_chunks_over_three_processes_come_back_in_input_order():
    """Chunks go to two workers and to the writer itself; the writer yields them in input order."""
    one = [x.to_json() if isinstance(x, Doc) else x.location for x in process(_many_docs(200), workers=1)]
    three = [x.to_json() if isinstance(x, Doc) else x.location for x in process(_many_docs(200), workers=3)]
    assert len(one) == 212 and three == one
    assert not mp.active_children()  # the workers stopped


def test_a_failing_worker_raises_a_clear_error_and_leaves_no_process():
    with pytest.raises(RuntimeError, match=r"(?s)a worker process failed.*deliberate failure"):
        list(_in_order(_many_docs(120), 2, _fail, Doc.from_json, Pipeline.many))
    assert not mp.active_children()


def test_a_worker_that_dies_raises_instead_of_hanging():
    with pytest.raises(RuntimeError, match=r"a worker process stopped \(exit code 3\)"):
        list(_in_order(_many_docs(120), 2, _die, Doc.from_json, Pipeline.many))
    assert not mp.active_children()


def test_stopping_early_stops_the_workers():
    """An interrupted ingest closes the generator: its workers must not outlive it."""
    results = process(_many_docs(300), workers=2)
    assert isinstance(next(results), Doc)
    results.close()
    assert not mp.active_children()
