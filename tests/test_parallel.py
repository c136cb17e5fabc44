import json

from click.testing import CliRunner

from marsad.cli import main
from marsad.doc import Doc
from marsad.parallel import process
from marsad.sources import SourceError

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


def test_parallel_ingest_stores_everything(tmp_path):
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps({"title": "t", "content": t + f" ({i})", "date": "2024-06-02"},
                                        ensure_ascii=False) for i, t in enumerate(TEXTS * 30)), encoding="utf-8")
    db = str(tmp_path / "p.db")
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", db, "--workers", "2"])
    assert "ingested 90 documents" in result.stderr
