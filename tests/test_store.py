import sqlite3

import pytest

from marsad.doc import Doc
from marsad.pipeline import default_pipeline
from marsad.store import Store
from marsad.store.search import fts_query

PAGE = """الأمم المتحدة تدعو إلى وقف إطلاق النار
تاريخ النشر: 3rd, February 2024 GMT
دعا الأمين العام للأُمَم المتّحدة إلى وقف فوري لإطلاق النار في المنطقة.
والتقى وزير الخارجية المصري نظيره الأردني في عمان يوم الخميس لبحث التطورات.
المصدر: نشرة الصباح
"""


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "t.db") as s:
        yield s


def _ingest(store, text, doc_id="p.txt"):
    doc = default_pipeline()(Doc(text, id=doc_id, meta={"kind": "page"}))
    store.begin()
    added = store.add(doc)
    store.commit()
    return added


def test_same_content_is_stored_once(store):
    assert _ingest(store, PAGE) is True
    assert _ingest(store, PAGE, doc_id="copy.txt") is False
    assert store.counts()["documents"] == 1


@pytest.mark.parametrize("query", ["الامم المتحدة", "الأمم المتحدة", "الأُمَم", '"الامم المتحده"', "للامم"])
def test_search_ignores_diacritics_alef_forms_and_proclitics(store, query):
    _ingest(store, PAGE)
    hits = store.search(query)
    assert len(hits) == 1 and hits[0]["title"].startswith("الأمم المتحدة")


def test_search_syntax_cannot_inject(store):
    _ingest(store, PAGE)
    for q in ['"; DROP TABLE stories; --', "NEAR(", "title:x", "* OR", "'"]:
        store.search(q)  # must not raise
    assert store.counts()["stories"] == 1
    assert store.search("-الأمم") == []
    assert store.search("طوكيو OR عمان")


def test_fts_query_quotes_every_piece():
    q = fts_query('روسيا "وقف اطلاق النار" -غزة')
    assert q.count('"') % 2 == 0 and "NOT" in q


def test_schema_version_and_reopen(tmp_path):
    path = tmp_path / "v.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    conn.close()
    with Store(path, readonly=True) as s:
        assert s.counts()["documents"] == 0
