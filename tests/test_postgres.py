"""The PostgreSQL store against a real server: set MARSAD_TEST_PG to a URL such as
postgresql://marsad:marsad@127.0.0.1:5432/marsad_test (`.ci/run` starts one and sets it); the tests
skip, saying why, when it is not set or nothing answers there.

Every test works in a schema of its own (dropped afterwards), so runs never see each other.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
import warnings
from pathlib import Path

import pytest

from marsad.doc import Doc
from marsad.pipeline import default_pipeline
from marsad.sources import iter_inputs
from marsad.store import Store, StoreError, describe, open_store
from marsad.store import queries as Q
from marsad.store.schema import SCHEMA_VERSION
from tests import test_api as api
from tests import test_link as link
from tests.test_store import PAGE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from marsad.api import create_app

ENV = "MARSAD_TEST_PG"
DEMO = Path(__file__).resolve().parent.parent / "marsad" / "data" / "demo"


def _unreachable(url: str) -> str:
    """Why there is no server to test against ('' when there is one)."""
    if not url:
        return f"{ENV} is not set: no PostgreSQL server to test against (.ci/run starts one)"
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server answers at {ENV}: {str(exc).strip().splitlines()[0]}"
    return ""


URL = os.environ.get(ENV, "")
if reason := _unreachable(URL):
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="session")
def server() -> str:
    return URL


def _schema_url(base: str, schema: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


class Schema:
    """A fresh schema on the test server, dropped on close."""

    def __init__(self, base: str) -> None:
        import psycopg

        self.base = base
        self.name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(base, autocommit=True) as c:
            c.execute(f"CREATE SCHEMA {self.name}")
        self.url = _schema_url(base, self.name)

    def close(self) -> None:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as c:
            c.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


@pytest.fixture()
def pg(server):
    schema = Schema(server)
    yield schema.url
    schema.close()


@pytest.fixture()
def store(pg):
    with open_store(pg) as s:
        yield s


def _ingest(store, text, doc_id="p.txt", meta=None):
    doc = default_pipeline()(Doc(text, id=doc_id, meta=meta or {"kind": "page"}))
    store.begin()
    added = store.add(doc)
    store.commit()
    return added


# -- the store -------------------------------------------------------------------------------------
def test_open_store_picks_the_engine(pg, tmp_path):
    with open_store(pg) as s:
        assert type(s).__name__ == "PostgresStore" and s.dialect.name == "postgresql"
        assert s.path == describe(pg)
    assert describe("postgresql://u:secret@h:5432/d") == "postgresql://u:***@h:5432/d"  # messages hide it
    assert describe("postgresql://h/d") == "postgresql://h/d" and describe("x.db") == "x.db"
    with open_store(tmp_path / "x.db") as s:
        assert isinstance(s, Store) and s.dialect.name == "sqlite"


def test_schema_version_migrations_and_reopen(pg):
    import psycopg

    with pytest.raises(StoreError, match="no marsad store"):
        open_store(pg, readonly=True)
    open_store(pg).close()
    open_store(pg).close()  # a second open migrates nothing
    with psycopg.connect(pg) as c:
        assert c.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        tables = {r[0] for r in c.execute("SELECT table_name FROM information_schema.tables"
                                          " WHERE table_schema = current_schema()")}
    assert {"documents", "stories", "mentions", "events", "event_groups", "clusters", "story_bands",
            "story_signatures", "agreements", "figures", "stories_fts", "ingest_errors"} <= tables
    with open_store(pg, readonly=True) as s:
        assert s.counts()["documents"] == 0


def test_a_newer_schema_is_refused(pg):
    import psycopg

    open_store(pg).close()
    with psycopg.connect(pg, autocommit=True) as c:
        c.execute("UPDATE schema_version SET version = version + 1")
    with pytest.raises(StoreError, match="schema version"):
        open_store(pg)


def test_same_content_is_stored_once(store):
    assert _ingest(store, PAGE) is True
    assert _ingest(store, PAGE, doc_id="copy.txt") is False
    assert store.counts()["documents"] == 1 and store.counts()["stories"] == 1


def test_stored_story_reads_back(store):
    _ingest(store, PAGE)
    (row,) = list(store.stories())
    assert row["title"].startswith("الأمم المتحدة") and row["date"] == "2024-02-03"
    doc, index = store.story(row["id"])
    assert doc.text == PAGE and index == row["index"]
    assert store.events() and all(e["reports"] >= 1 for e in store.events())


@pytest.mark.parametrize("query", ["الامم المتحدة", "الأمم المتحدة", "الأُمَم", '"الامم المتحده"', "للامم"])
def test_search_ignores_diacritics_alef_forms_and_proclitics(store, query):
    _ingest(store, PAGE)
    hits = store.search(query)
    assert len(hits) == 1 and hits[0]["title"].startswith("الأمم المتحدة")


def test_search_phrases_or_not(store):
    _ingest(store, PAGE)
    assert store.search('"وقف فوري"') and not store.search('"فوري وقف"')
    assert store.search("طوكيو OR عمان") and not store.search("طوكيو OR باريس")
    assert store.search("-الأمم") == [] and store.search("عمان -الأمم") == []
    assert store.search("عمان -طوكيو")
    assert not store.search('"المتحدة تاريخ"')  # a phrase never runs from the title into the body


def test_search_syntax_cannot_inject(store):
    _ingest(store, PAGE)
    for q in ['"; DROP TABLE stories; --', "NEAR(", "title:x", "* OR", "'", "')) | !(", "a & !b", "\\", "%s",
              "?", ":*", "<->", "'' OR 1=1 --"]:
        store.search(q)  # must not raise
        Q.search(store, q)
    assert store.counts()["stories"] == 1


def test_nul_characters_are_stored_with_offsets_kept(store):
    text = PAGE.replace("المنطقة.", "المنطقة.\x00", 1)
    assert _ingest(store, text) is True
    (row,) = list(store.stories())
    doc, _ = store.story(row["id"])
    assert len(doc.text) == len(text) and "\x00" not in doc.text


def test_nul_characters_in_rows_made_by_a_worker_are_stored_with_offsets_kept(store):
    """An ingest hands the store each document's rows (marsad.store.rows), not the document."""
    from marsad.store.rows import prepare

    text = PAGE.replace("المنطقة.", "المنطقة.\x00", 1)
    assert store.add(prepare(default_pipeline()(Doc(text, id="nul", meta={"kind": "page"})))) is True
    (row,) = list(store.stories())
    doc, _ = store.story(row["id"])
    assert len(doc.text) == len(text) and "\x00" not in doc.text


def test_errors_are_recorded(store):
    store.add_error("x.html", "source", "bad\x00bytes")
    assert store.errors()[0]["message"] == "bad\ufffdbytes"


# -- duplicates and corroboration, as on SQLite -------------------------------------------------------
def _record(store, text, source, doc_id, date="2024-03-12"):
    _ingest(store, text, doc_id, {"kind": "record", "date": date, "source": source, "title": text[:40]})


def test_duplicate_links_to_its_original_and_shares_its_cluster(store):
    _record(store, link.ORIGINAL, "wakala-a", "a")
    _record(store, link.COPY, "sahifa-b", "b")
    _record(store, link.SAME_TOPIC, "wakala-a", "c")
    rows = list(store.stories())
    assert rows[0]["duplicate_of"] is None
    assert rows[1]["duplicate_of"] == rows[0]["id"] and rows[1]["cluster"] == rows[0]["cluster"]
    assert rows[2]["duplicate_of"] is None
    assert len(store.duplicates()) == 1


def test_a_store_signed_with_the_earlier_scheme_is_signed_again_and_finds_duplicates(pg):
    reports = ((link.ORIGINAL, "wakala-a", "a"), (link.SAME_TOPIC, "wakala-a", "c"))
    with open_store(pg) as s:
        for text, source, doc_id in reports:
            _record(s, text, source, doc_id)
        identities = s.conn.execute("SELECT story_id, identity FROM story_signatures ORDER BY story_id").fetchall()
        link.make_old_scheme(s, lambda conn: conn.execute("UPDATE schema_version SET version = 7"))
    with open_store(pg) as s:
        assert s.conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        link.assert_signed_with_the_current_scheme(s)
        assert s.conn.execute("SELECT story_id, identity FROM story_signatures ORDER BY story_id").fetchall() \
            == identities
        _record(s, link.COPY, "sahifa-b", "b")
        rows = list(s.stories())
        assert rows[2]["duplicate_of"] == rows[0]["id"] and rows[2]["cluster"] == rows[0]["cluster"]
        assert rows[1]["duplicate_of"] is None


def test_two_outlets_reporting_one_signing_give_one_event_with_two_sources(store):
    _record(store, link.ORIGINAL, "wakala-a", "a")
    _record(store, link.OTHER_OUTLET_SAME_SIGNING, "sahifa-c", "c")
    signings = list(store.events(event_type="SUPPORT"))
    assert len(signings) == 1
    assert signings[0]["reports"] == 2 and signings[0]["sources"] == 2
    assert len(list(store.events(event_type="SUPPORT", reports=True))) == 2


def test_concurrent_writers_are_serialized(pg):
    open_store(pg).close()
    docs = [default_pipeline()(Doc(t, id=i, meta={"kind": "record", "date": "2024-03-12", "source": s}))
            for t, s, i in ((link.ORIGINAL, "wakala-a", "a"), (link.OTHER_OUTLET_SAME_SIGNING, "sahifa-c", "c"))]
    errors: list[BaseException] = []

    def write(doc):
        try:
            with open_store(pg) as s:
                s.begin()
                s.add(doc)
                s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_store(pg, readonly=True) as s:
        signings = list(s.events(event_type="SUPPORT"))
        assert len(signings) == 1 and signings[0]["reports"] == 2


def test_read_only_store_refuses_writes(store, pg):
    import psycopg

    _ingest(store, PAGE)
    with open_store(pg, readonly=True) as ro, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        ro.conn.execute("DELETE FROM stories")


def test_slow_statements_are_interrupted(store):
    Q.set_deadline(store, 0.2)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        store.conn.execute("SELECT pg_sleep(5)")
    Q.set_deadline(store, None)
    assert store.conn.execute("SELECT 1").fetchone()[0] == 1


# -- the same answers as SQLite ------------------------------------------------------------------
def _corpus() -> list[Doc]:
    """Documents of every kind the store keeps: the API tests' stories, the demo pages and records,
    the linking tests' duplicates and corroborated reports, and the worked example when present."""
    pipeline = default_pipeline()
    docs = []
    for i, (title, date, text) in enumerate([*api.STORIES, api.XSS, *api._meetings(), api.COPY]):
        source = api.OTHER_SOURCE if title == api.COPY[0] else api.SOURCE
        docs.append(pipeline(Doc(text, id=f"t{i:02d}.json", meta={"kind": "record", "title": title, "date": date,
                                                                     "source": source,
                                                                     "url": f"https://example.org/news/{i}"})))
    for item in iter_inputs([str(DEMO / "pages"), str(DEMO / "records")]):
        if isinstance(item, Doc):
            docs.append(pipeline(item))
    for text, source, doc_id in ((link.ORIGINAL, "wakala-a", "la"), (link.COPY, "sahifa-b", "lb"),
                                 (link.SAME_TOPIC, "wakala-a", "lc"),
                                 (link.OTHER_OUTLET_SAME_SIGNING, "sahifa-c", "ld")):
        docs.append(pipeline(Doc(text, id=doc_id, meta={"kind": "record", "date": "2024-03-12", "source": source,
                                                        "title": text[:40]})))
    seed = Path(__file__).resolve().parents[2] / "shared" / "samples" / "000_ef4dd91477411336.txt"
    if seed.exists():
        docs.append(pipeline(Doc(seed.read_text(encoding="utf-8"), id=seed.name, meta={"kind": "page"})))
    docs.append(pipeline(Doc(PAGE, id="p.txt", meta={"kind": "page"})))
    return docs


def _fill(store, docs) -> None:
    store.begin()
    for d in docs:
        store.add(d)
    store.add(docs[0])  # stored once on both
    store.commit()


@pytest.fixture(scope="module")
def twin(server, tmp_path_factory):
    """The same documents in a SQLite file and in a PostgreSQL schema."""
    docs = _corpus()
    path = tmp_path_factory.mktemp("twin") / "twin.db"
    schema = Schema(server)
    with Store(path) as lite, open_store(schema.url) as pg:
        _fill(lite, docs)
        _fill(pg, docs)
    yield str(path), schema.url
    schema.close()


def _strip(value):
    """Fields that legitimately differ between engines: ingest times and relevance scores."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("ingested_at", "score")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


FILTERS = [Q.EventFilter(), Q.EventFilter(unique=False), Q.EventFilter(types=("CONSULT",)),
           Q.EventFilter(quad="material_conflict"), Q.EventFilter(quad="cooperation", types=("ASSAULT",)),
           Q.EventFilter(actor="RUS"), Q.EventFilter(recipient="IRN"), Q.EventFilter(dyad="IRN-USA"),
           Q.EventFilter(dyad="IRN-USA", directed=True), Q.EventFilter(country="UKR"), Q.EventFilter(party="EGY"),
           Q.EventFilter(date_from="2024-03", date_to="2024-05-04"), Q.EventFilter(date_from="2023"),
           Q.EventFilter(aux="asserted"), Q.EventFilter(aux="future"), Q.EventFilter(min_sources=2),
           Q.EventFilter(story_id=2)]
SEARCHES = ["الامم المتحدة", "الأُمَم", '"وقف إطلاق النار"', "عقوبات OR تهدد", "إيران -عقوبات", "للامم",
            "مصر الأردن", "روسيا", "الخارجية", "Putin", "2024", "'; DROP TABLE x; --", "-روسيا"]


def test_store_reads_equal_sqlite(twin):
    lite_path, url = twin
    with Store(lite_path, readonly=True) as lite, open_store(url, readonly=True) as pg:
        assert lite.counts() == pg.counts() and lite.counts()["documents"] >= 30
        assert list(lite.stories(limit=1000)) == list(pg.stories(limit=1000))
        for kw in ({}, {"reports": True}, {"event_type": "consult"}, {"actor": "rus"}, {"recipient": "IRN"},
                   {"aux": ""}, {"limit": 5, "offset": 3}):
            assert list(lite.events(**kw)) == list(pg.events(**kw)), kw
        assert lite.clusters(limit=1000) == pg.clusters(limit=1000)
        assert lite.clusters(min_outlets=2) == pg.clusters(min_outlets=2)
        assert lite.duplicates() == pg.duplicates() and lite.duplicates()
        assert list(lite.agreements()) == list(pg.agreements()) and list(lite.agreements("irn"))
        assert lite.figures() == pg.figures() and lite.figures(party="RUS") == pg.figures(party="RUS")
        for q in SEARCHES:
            a, b = lite.search(q, limit=100), pg.search(q, limit=100)
            assert sorted(_strip(a), key=lambda r: r["id"]) == sorted(_strip(b), key=lambda r: r["id"]), q
        assert lite.search("الامم المتحدة") and not pg.search("'; DROP TABLE x; --")
        sid = next(iter(lite.stories()))["id"]
        (da, ia), (db_, ib) = lite.story(sid), pg.story(sid)
        assert da.to_json() == db_.to_json() and ia == ib


def test_api_queries_equal_sqlite(twin):
    lite_path, url = twin
    with Store(lite_path, readonly=True) as lite, open_store(url, readonly=True) as pg:
        def same(fn, *args, **kwargs):
            a, b = fn(lite, *args, **kwargs), fn(pg, *args, **kwargs)
            if isinstance(a, Q.Page):
                a, b = [a.items, a.next_cursor, a.total, a.extra], [b.items, b.next_cursor, b.total, b.extra]
            assert _strip(a) == _strip(b), (fn.__name__, args, kwargs)
            return a

        for sort in ("date", "-date", "id", "-id"):
            page = same(Q.list_stories, sort=sort, limit=7)
            same(Q.list_stories, sort=sort, limit=7, cursor=page[1])
        same(Q.list_stories, date_from="2024-03", date_to="2024-04", source=api.SOURCE, limit=200)
        for flt in FILTERS:
            for sort in ("date", "-date", "id", "-id", "type", "-type"):
                page = same(Q.list_events, flt, sort, limit=6)
                if page[1]:
                    same(Q.list_events, flt, sort, limit=6, cursor=page[1])
            assert list(Q.iter_events(lite, flt)) == list(Q.iter_events(pg, flt))
            for by in ("day", "week", "month"):
                same(Q.timeline, flt, by)
            same(Q.graph, flt)
        same(Q.actors, limit=200)
        same(Q.actors, q="روسيا", limit=200)
        for code in ("RUS", "IRN", "USA", "EGY", "ZZZ"):
            same(Q.actor_profile, code)
        for kw in ({}, {"party": "IRN"}, {"status": "signed"}, {"limit": 1}):
            same(Q.list_agreements, **kw)
        for kw in ({}, {"party": "RUS"}, {"unit": "percent"}, {"limit": 2}):
            same(Q.list_figures, **kw)
        for kw in ({}, {"min_outlets": 2}, {"limit": 2}):
            same(Q.list_clusters, **kw)
        same(Q.sources)
        same(Q.overview)
        ids = [r["id"] for r in lite.stories(limit=1000)]
        for sid in ids:
            same(Q.story_detail, sid)
        for q in SEARCHES:
            for sort in ("date", "-date"):
                same(Q.search, q, sort=sort, limit=5)
                same(Q.search, q, sort=sort, date_from="2024-03-10", limit=50)
            a, b = Q.search(lite, q, limit=100), Q.search(pg, q, limit=100)
            assert a.total == b.total and {h["id"] for h in a.items} == {h["id"] for h in b.items}, q


def test_cli_answers_equal_sqlite(twin):
    from click.testing import CliRunner

    from marsad.cli import main

    lite_path, url = twin
    runner = CliRunner()
    for args in (["events", "--format", "jsonl"], ["events", "--reports", "--format", "jsonl"],
                 ["stories", "--format", "jsonl"], ["clusters", "--format", "jsonl"], ["dupes", "--format", "jsonl"],
                 ["agreements", "--format", "jsonl"], ["figures", "--format", "jsonl"], ["show", "3"],
                 ["events", "--type", "CONSULT", "--format", "csv"]):
        a = runner.invoke(main, [*args, "--db", lite_path])
        b = runner.invoke(main, [*args, "--db", url])
        assert a.exit_code == b.exit_code == 0, (args, b.output)
        assert a.output == b.output and a.output, args
    a = runner.invoke(main, ["search", "الامم المتحدة", "--format", "jsonl", "--db", lite_path])
    b = runner.invoke(main, ["search", "الامم المتحدة", "--format", "jsonl", "--db", url])
    hits = [sorted((_strip(json.loads(x)) for x in r.output.splitlines()), key=lambda h: h["id"]) for r in (a, b)]
    assert hits[0] == hits[1] and hits[0]


def test_cli_ingest_into_postgres(pg):
    from click.testing import CliRunner

    from marsad.cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["ingest", str(DEMO / "pages"), "--db", pg, "--workers", "1"])
    assert r.exit_code == 0, r.output
    assert "marsad:marsad@" not in r.output
    again = runner.invoke(main, ["ingest", str(DEMO / "pages"), "--db", pg, "--workers", "1"])
    assert "8 already stored" in again.output
    extracted = runner.invoke(main, ["extract", str(DEMO / "pages")])
    stored = runner.invoke(main, ["events", "--reports", "--limit", "1000", "--format", "jsonl", "--db", pg])
    strip = ("id", "story_id", "reports", "sources")
    assert sorted(extracted.output.splitlines()) == sorted(
        json.dumps({k: v for k, v in json.loads(x).items() if k not in strip}, ensure_ascii=False)
        for x in stored.output.splitlines())


def test_api_answers_equal_sqlite(twin):
    lite_path, url = twin
    with TestClient(create_app(lite_path)) as a, TestClient(create_app(url)) as b:
        for path, params in [("/api/events", {"limit": 200}), ("/api/events", {"type": "CONSULT", "sort": "date"}),
                             ("/api/events", {"min_sources": 2}), ("/api/stories", {"limit": 200}),
                             ("/api/stories/3", {}), ("/api/timeline", {"by": "week"}), ("/api/actors", {}),
                             ("/api/actors/RUS", {}), ("/api/graph", {}), ("/api/agreements", {}),
                             ("/api/figures", {}), ("/api/clusters", {}), ("/api/sources", {}),
                             ("/api/search", {"q": "الامم المتحدة", "sort": "date"}),
                             ("/api/search", {"q": "إيران -عقوبات", "sort": "-date"}),
                             ("/api/events", {"quad": "friendly"}), ("/api/stories/99999", {})]:
            ra, rb = a.get(path, params=params), b.get(path, params=params)
            assert ra.status_code == rb.status_code, (path, params)
            assert _strip(ra.json()) == _strip(rb.json()), (path, params)
        assert a.get("/api/events.csv").text == b.get("/api/events.csv").text
        assert a.get("/api/events.jsonl", params={"max_rows": 5}).text == \
            b.get("/api/events.jsonl", params={"max_rows": 5}).text


# -- the API tests, again on PostgreSQL --------------------------------------------------------------
@pytest.fixture(scope="module")
def api_url(server):
    schema = Schema(server)
    pipeline = default_pipeline()
    with open_store(schema.url) as store:
        store.begin()
        for i, (title, date, text) in enumerate([*api.STORIES, api.XSS, *api._meetings(), api.COPY]):
            url = "javascript:alert(4)" if title == api.XSS_TITLE else f"https://example.org/news/{i}"
            source = api.OTHER_SOURCE if title == api.COPY[0] else api.SOURCE
            store.add(pipeline(Doc(text, id=f"t{i:02d}.json", meta={"kind": "record", "title": title, "date": date,
                                                                      "source": source, "url": url})))
        store.commit()
    yield schema.url
    schema.close()


@pytest.fixture(scope="module")
def client(api_url):
    with TestClient(create_app(api_url)) as c:
        yield c


def test_pg_exports_iterate_a_server_side_cursor(api_url):
    with open_store(api_url, readonly=True) as store:
        it = Q.iter_events(store, Q.EventFilter())
        first = next(it)
        assert first["id"]
        it.close()
        assert not store.conn.in_transaction


def test_pg_pool_is_read_only_and_budgeted(api_url, monkeypatch):
    import psycopg

    app = create_app(api_url, query_seconds=0.2)
    with app.state.pool.store() as store:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.conn.execute("DELETE FROM stories")
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            store.conn.execute("SELECT pg_sleep(3)")
        assert store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 20
    with TestClient(app) as c:  # a statement over the budget is answered with 503
        assert c.get("/api/events").status_code == 200
        monkeypatch.setattr(Q, "sources", lambda store, limit=200: store.conn.execute("SELECT pg_sleep(3)").fetchall())
        r = c.get("/api/sources")
        assert r.status_code == 503 and r.json()["error"] == "query_timeout"
        assert c.get("/api/events").status_code == 200  # the pooled connection is still good


def test_pg_pool_replaces_a_lost_connection(api_url):
    import psycopg

    app = create_app(api_url)
    pool = app.state.pool
    with pool.store() as store:
        pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(api_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(psycopg.OperationalError), pool.store() as store:  # the request in flight fails ...
        store.conn.execute("SELECT 1")
    with pool.store() as store:  # ... and the next one gets a new connection
        assert store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 20
    pool.close()


# The API tests that read through `client` only, run here on the PostgreSQL `client` above (pytest
# reports their line numbers in tests/test_api.py, where they are written).
test_pg_stories_list = api.test_stories_list_filters_and_cursor_pagination
test_pg_story_detail = api.test_story_detail_has_text_spans_events_quotes_agreements_provenance
test_pg_events_filters = api.test_events_filters
test_pg_reports_linked = api.test_reports_of_one_happening_are_linked
test_pg_events_pagination = api.test_events_sorting_and_pagination_visit_each_event_once
test_pg_csv_export = api.test_csv_export_streams_valid_csv
test_pg_jsonl_export = api.test_jsonl_export_streams_the_event_objects
test_pg_export_bad_filter = api.test_export_with_bad_filter_fails_before_streaming
test_pg_search_arabic = api.test_search_is_arabic_aware
test_pg_search_highlights = api.test_search_highlights_matched_words_in_raw_text
test_pg_search_phrase_boolean = api.test_search_phrase_boolean_and_filters
test_pg_actors = api.test_actors_and_actor_profile
test_pg_graph = api.test_graph_edges_are_weighted_and_split
test_pg_graph_heaviest = api.test_graph_keeps_the_heaviest_edges
test_pg_timeline = api.test_timeline_stacks_quads_for_all_or_a_dyad
test_pg_agreements = api.test_agreements_register
test_pg_errors = api.test_errors_are_json_with_a_message
test_pg_pages = api.test_pages_are_rtl_arabic_and_load_only_local_resources
test_pg_story_page = api.test_story_page_marks_mentions_triggers_and_sentences
test_pg_script_as_text = api.test_script_in_a_story_is_shown_as_text
