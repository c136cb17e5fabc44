"""The HTTP API and the pages, in-process (ASGI) against a real store built with marsad's pipeline."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import warnings

import pytest

from marsad.doc import Doc
from marsad.pipeline import default_pipeline
from marsad.store import Store
from marsad.store import queries as Q
from marsad.store.queries import timelines

with warnings.catch_warnings():  # newer Starlette prefers httpx2 but works with httpx
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from marsad.api import create_app

SOURCE = "وكالة الاختبار"

# Stories written for these tests: (title, date, text).
STORIES = [
    ("روسيا وإيران توقعان معاهدة شراكة استراتيجية شاملة", "2024-03-05",
     "وقّع الرئيس الروسي فلاديمير بوتين والرئيس الإيراني مسعود بزشكيان في موسكو يوم الثلاثاء معاهدة الشراكة"
     " الاستراتيجية الشاملة بين البلدين.\nوالتقى وزير الخارجية الروسي نظيره الإيراني لبحث تعزيز التعاون"
     " الاقتصادي.\nوقال بوتين إن \"العلاقات بين موسكو وطهران تشهد تطورا كبيرا\".\n"
     "وارتفع حجم التبادل التجاري بين روسيا وإيران بنسبة 15% العام الماضي."),
    ("واشنطن تفرض عقوبات جديدة على طهران", "2024-03-12",
     "فرضت الولايات المتحدة يوم الثلاثاء عقوبات جديدة على إيران تستهدف قطاع النفط.\n"
     "واتهمت إيران الولايات المتحدة بزعزعة الاستقرار في المنطقة."),
    ("الأُمَم المتّحدة تدعو إلى وقف إطلاق النار", "2024-03-20",
     "دعا الأمين العام للأمم المتحدة إلى وقف فوري لإطلاق النار في المنطقة.\n"
     "وأرسلت مصر مساعدات إنسانية إلى السودان."),
    ("روسيا تهدد أوكرانيا", "2024-04-02",
     "هددت روسيا أوكرانيا بالرد على أي هجوم.\nوقصفت القوات الروسية مواقع في شرق أوكرانيا يوم الثلاثاء."),
]
XSS_TITLE = "<script>alert(1)</script> خبر بعنوان خبيث"
XSS = (XSS_TITLE, "2024-03-22",
       "استقبل الرئيس المصري نظيره الأردني في القاهرة يوم الجمعة.\n"
       "<script>alert(2)</script> <img src=x onerror=alert(3)>")
OTHER_SOURCE = "صحيفة المساء"
# The sanctions story again, from another outlet, with one more sentence: a near duplicate.
COPY = ("عقوبات أمريكية جديدة على إيران", "2024-03-12", STORIES[1][2] + "\nولم يصدر تعليق فوري من طهران.")
PAIRS = [("السعودي", "المصري"), ("الأردني", "العراقي"), ("التركي", "القطري"), ("الفرنسي", "الألماني"),
         ("الصيني", "الروسي"), ("الياباني", "الهندي")]


def _meetings() -> list[tuple[str, str, str]]:
    out = []
    for k in range(14):
        a, b = PAIRS[k % len(PAIRS)]
        day = f"2024-05-{k + 1:02d}"
        out.append((f"لقاء بين وزيري الخارجية {a} و{b} رقم {k + 1}", day,
                    f"التقى وزير الخارجية {a} نظيره {b} في الجولة {k + 1} من المباحثات لبحث العلاقات الثنائية والتطورات"
                    f" الإقليمية.\nوأكد الجانبان أهمية التنسيق المشترك."))
    return out


def build_store(path) -> None:
    pipeline = default_pipeline()
    with Store(path) as store:
        store.begin()
        for i, (title, date, text) in enumerate([*STORIES, XSS, *_meetings(), COPY]):
            url = "javascript:alert(4)" if title == XSS_TITLE else f"https://example.org/news/{i}"
            source = OTHER_SOURCE if title == COPY[0] else SOURCE
            doc = pipeline(Doc(text, id=f"t{i:02d}.json", meta={"kind": "record", "title": title, "date": date,
                                                                 "source": source, "url": url}))
            assert not doc.errors, doc.errors
            store.add(doc)
        store.commit()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "api.db"
    build_store(path)
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def _all_pages(client, path, **params):
    items, cursor, pages = [], None, 0
    while True:
        r = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        items.extend(body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            return items, pages


def _story_id(client, title):
    for s in client.get("/api/stories", params={"limit": 200}).json()["items"]:
        if s["title"] == title:
            return s["id"]
    raise AssertionError(f"no story titled {title}")


# -- stories ----------------------------------------------------------------------------------
def test_stories_list_filters_and_cursor_pagination(client):
    everything = client.get("/api/stories", params={"limit": 200}).json()
    assert everything["next_cursor"] is None and everything["count"] == 20
    dates = [s["date"] for s in everything["items"]]
    assert dates == sorted(dates, reverse=True)
    paged, pages = _all_pages(client, "/api/stories", limit=4)
    assert pages == 5
    assert [s["id"] for s in paged] == [s["id"] for s in everything["items"]]
    march = client.get("/api/stories", params={"date_from": "2024-03-01", "date_to": "2024-03-31"}).json()
    assert {s["date"][:7] for s in march["items"]} == {"2024-03"} and march["count"] == 5
    assert client.get("/api/stories", params={"source": SOURCE}).json()["count"] == 19
    assert client.get("/api/stories", params={"source": OTHER_SOURCE}).json()["count"] == 1
    assert client.get("/api/stories", params={"source": "مصدر آخر"}).json()["count"] == 0


def test_story_detail_has_text_spans_events_quotes_agreements_provenance(client):
    sid = _story_id(client, STORIES[0][0])
    story = client.get(f"/api/stories/{sid}").json()
    assert story["title"] == STORIES[0][0] and story["date"] == "2024-03-05"
    assert "بوتين" in story["text"]
    assert story["provenance"]["source"] == SOURCE and story["provenance"]["url"].startswith("https://")
    assert {m["code"] for m in story["mentions"]} >= {"RUS", "IRN"}
    for m in story["mentions"]:  # offsets point into the document's raw text
        seg = next(s for s in story["segments"] if s["start"] <= m["start"] and m["end"] <= s["end"])
        assert seg["text"][m["start"] - seg["start"]:m["end"] - seg["start"]] == m["text"]
    consult = [e for e in story["events"] if e["event"] == "CONSULT"]
    assert consult and consult[0]["quad"] == "verbal_cooperation" and isinstance(consult[0]["id"], int)
    assert any(q["code"] == "RUS" for q in story["quotes"])
    assert any("RUS" in a["parties"] and "IRN" in a["parties"] for a in story["agreements"])


# -- events -----------------------------------------------------------------------------------
def test_events_filters(client):
    r = client.get("/api/events", params={"type": "CONSULT", "limit": 200}).json()
    assert r["count"] >= 15 and {e["event"] for e in r["items"]} == {"CONSULT"}
    conflict = client.get("/api/events", params={"quad": "material_conflict", "limit": 200}).json()["items"]
    assert conflict and {e["event"] for e in conflict} <= set(Q.QUADS["material_conflict"])
    assert any(e["event"] == "ASSAULT" for e in conflict)
    verbal = client.get("/api/events", params={"quad": "verbal_conflict"}).json()["items"]
    assert {e["quad"] for e in verbal} == {"verbal_conflict"}
    usa = client.get("/api/events", params={"actor": "usa"}).json()["items"]
    assert usa and all("USA" in [p["code"] for p in e["actor"]] for e in usa)
    assert any(e["event"] == "SANCTION" for e in usa)
    to_irn = client.get("/api/events", params={"recipient": "IRN"}).json()["items"]
    assert to_irn and all("IRN" in [p["code"] for p in e["recipient"]] for e in to_irn)
    dyad = client.get("/api/events", params={"dyad": "IRN-USA"}).json()["items"]
    assert {e["event"] for e in dyad} >= {"SANCTION", "ACCUSE"}
    directed = client.get("/api/events", params={"dyad": "IRN-USA", "directed": "true"}).json()["items"]
    assert directed and all([p["code"] for p in e["actor"]] == ["IRN"] for e in directed)
    ukr = client.get("/api/events", params={"country": "UKR"}).json()["items"]
    assert {e["event"] for e in ukr} >= {"THREATEN", "ASSAULT"}
    may = client.get("/api/events", params={"date_from": "2024-05-03", "date_to": "2024-05-05"}).json()["items"]
    assert may and all("2024-05-03" <= e["date"] <= "2024-05-05" for e in may)
    asserted = client.get("/api/events", params={"aux": "asserted", "limit": 200}).json()["items"]
    assert asserted and all(e["aux"] == "" for e in asserted)
    several = client.get("/api/events", params={"type": "SANCTION,ACCUSE"}).json()["items"]
    assert {e["event"] for e in several} == {"SANCTION", "ACCUSE"}


def test_reports_of_one_happening_are_linked(client):
    copy_id, original_id = _story_id(client, COPY[0]), _story_id(client, STORIES[1][0])
    copy = client.get(f"/api/stories/{copy_id}").json()
    assert copy["duplicate_of"] == original_id
    assert [d["id"] for d in copy["duplicates"]] == [original_id] and copy["duplicates"][0]["original"]
    assert copy_id in [s["id"] for s in client.get(f"/api/stories/{original_id}").json()["duplicates"]]
    clusters = client.get("/api/clusters").json()["items"]
    assert any(c["size"] == 2 and set(c["outlets"]) == {SOURCE, OTHER_SOURCE} for c in clusters)
    both = client.get("/api/events", params={"min_sources": 2}).json()["items"]
    assert "SANCTION" in {e["event"] for e in both} and all(e["sources"] >= 2 for e in both)
    unique = client.get("/api/events", params={"type": "SANCTION"}).json()["count"]
    reports = client.get("/api/events", params={"type": "SANCTION", "all_reports": "true"}).json()["count"]
    assert (unique, reports) == (1, 2)


def test_events_sorting_and_pagination_visit_each_event_once(client):
    full = client.get("/api/events", params={"limit": 200, "sort": "date"}).json()["items"]
    dates = [e["date"] for e in full]
    assert dates == sorted(dates)
    for sort in ("date", "-date", "id", "type"):
        paged, pages = _all_pages(client, "/api/events", limit=7, sort=sort)
        assert pages > 2
        ids = [e["id"] for e in paged]
        assert len(ids) == len(set(ids)) == len(full)
    by_type = [e["event"] for e in _all_pages(client, "/api/events", limit=5, sort="type")[0]]
    assert by_type == sorted(by_type)


# -- exports ----------------------------------------------------------------------------------
def test_csv_export_streams_valid_csv(client):
    with client.stream("GET", "/api/events.csv", params={"quad": "verbal_cooperation"}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        assert "content-length" not in r.headers  # streamed, not built whole
        body = "".join(r.iter_text())
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == list(Q.EXPORT_COLUMNS)
    expected = client.get("/api/events", params={"quad": "verbal_cooperation", "limit": 200}).json()["count"]
    assert len(rows) - 1 == expected
    col = rows[0].index("quad")
    assert {r[col] for r in rows[1:]} == {"verbal_cooperation"}
    text = rows[0].index("text")
    assert any("التقى" in r[text] for r in rows[1:])


def test_jsonl_export_streams_the_event_objects(client):
    with client.stream("GET", "/api/events.jsonl", params={"actor": "RUS"}) as r:
        assert r.status_code == 200 and "ndjson" in r.headers["content-type"]
        lines = [line for line in r.iter_lines() if line]
    objs = [json.loads(line) for line in lines]
    assert objs and all("RUS" in [p["code"] for p in o["actor"]] for o in objs)
    assert {"doc", "sent", "event", "actor", "recipient", "date", "trigger", "text"} <= set(objs[0])
    assert len(objs) == client.get("/api/events", params={"actor": "RUS", "limit": 200}).json()["count"]
    assert len([line for line in client.get("/api/events.jsonl", params={"max_rows": 3}).text.splitlines()]) == 3


def test_export_with_bad_filter_fails_before_streaming(client):
    r = client.get("/api/events.csv", params={"quad": "nonsense"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_parameter"


def test_exports_iterate_a_cursor_not_a_list(db):
    with Store(db, readonly=True) as store:
        it = Q.iter_events(store, Q.EventFilter())
        first = next(it)
        assert first["id"] and not isinstance(it, list)
        it.close()


# -- search -----------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["الامم المتحدة", "الأمم المتحدة", "الأُمَم", '"الامم المتحده"', "للامم"])
def test_search_is_arabic_aware(client, query):
    r = client.get("/api/search", params={"q": query})
    assert r.status_code == 200
    titles = [h["title"] for h in r.json()["items"]]
    assert STORIES[2][0] in titles


def test_search_highlights_matched_words_in_raw_text(client):
    hit = client.get("/api/search", params={"q": "الامم المتحدة"}).json()["items"][0]
    marked = [hit["title"][s:e] for s, e in hit["title_spans"]]
    assert marked == ["الأُمَم", "المتّحدة"]  # the raw words, diacritics kept
    assert any(hit["snippet"][s:e] == "للأمم" for s, e in hit["snippet_spans"])


def test_search_phrase_boolean_and_filters(client):
    def titles(**params):
        return {h["title"] for h in client.get("/api/search", params=params).json()["items"]}

    assert titles(q="عقوبات OR تهدد") == {STORIES[1][0], STORIES[3][0], COPY[0]}
    assert STORIES[1][0] not in titles(q="إيران -عقوبات")
    assert titles(q='"وقف إطلاق النار"') == {STORIES[2][0]}
    assert titles(q="الخارجية", date_from="2024-05-10") and all(
        "رقم" in t for t in titles(q="الخارجية", date_from="2024-05-10"))
    paged, pages = _all_pages(client, "/api/search", q="الخارجية", limit=5)
    assert pages >= 3 and len({h["id"] for h in paged}) == len(paged)


def test_search_syntax_cannot_inject(client, db):
    for q in ['"; DROP TABLE stories; --', "NEAR(", "title:x", "* OR", "'", ")))", "-"]:
        assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/api/stories", params={"limit": 200}).json()["count"] == 20


# -- actors, graph, timeline, agreements ------------------------------------------------------
def test_actors_and_actor_profile(client):
    actors = client.get("/api/actors", params={"limit": 200}).json()["items"]
    codes = {a["code"] for a in actors}
    assert {"RUS", "IRN", "USA", "UKR"} <= codes
    rus = next(a for a in actors if a["code"] == "RUS")
    assert rus["name_ar"] == "روسيا" and rus["events"] >= 3
    found = client.get("/api/actors", params={"q": "روسيا"}).json()["items"]
    assert found and found[0]["code"] == "RUS"
    p = client.get("/api/actors/rus").json()
    assert p["code"] == "RUS"
    partners = {c["code"]: c for c in p["counterparts"]}
    assert "IRN" in partners and "UKR" in partners and partners["UKR"]["conflict"] >= 2
    assert {e["event"] for e in p["event_mix"]} >= {"CONSULT", "THREATEN", "ASSAULT"}
    assert sum(b["total"] for b in p["timeline"]["buckets"]) >= 3
    assert any("موسكو" in q["text"] for q in p["quotes"])


def test_graph_edges_are_weighted_and_split(client):
    g = client.get("/api/graph").json()
    nodes = {n["code"] for n in g["nodes"]}
    assert {"RUS", "UKR", "USA", "IRN"} <= nodes
    edge = next(e for e in g["edges"] if {e["source"], e["target"]} == {"RUS", "UKR"})
    assert edge["conflict"] >= 2 and edge["events"] == edge["conflict"] + edge["cooperation"]


def test_timeline_stacks_quads_for_all_or_a_dyad(client):
    t = client.get("/api/timeline", params={"by": "day"}).json()
    assert t["buckets"] and set(t["quads"]) == set(Q.QUAD_ORDER)
    for b in t["buckets"]:
        assert b["total"] == sum(b[q] for q in Q.QUAD_ORDER)
    assert sum(b["total"] for b in t["buckets"]) + t["undated"] == client.get(
        "/api/events", params={"limit": 200}).json()["count"]
    week = client.get("/api/timeline", params={"by": "week", "dyad": "RUS-UKR"}).json()
    assert week["buckets"] == [{"date": "2024-04-01", "verbal_cooperation": 0, "material_cooperation": 0,
                                "verbal_conflict": week["buckets"][0]["verbal_conflict"],
                                "material_conflict": week["buckets"][0]["material_conflict"],
                                "total": week["buckets"][0]["total"]}]
    assert week["buckets"][0]["material_conflict"] >= 1 and week["buckets"][0]["verbal_conflict"] >= 1


def test_agreements_register(client):
    items = client.get("/api/agreements", params={"party": "IRN"}).json()["items"]
    assert items
    ag = items[0]
    assert {"RUS", "IRN"} <= set(ag["parties"]) and ag["status"] in ("signed", "ratified", "in_force", "mentioned")
    assert ag["story_title"] == STORIES[0][0]
    assert client.get("/api/agreements", params={"party": "JPN"}).json()["items"] == []


# -- errors and limits ------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "params", "status"), [
    ("/api/stories/99999", {}, 404),
    ("/api/actors/ZZZ", {}, 404),
    ("/api/nothing", {}, 404),
    ("/api/events", {"limit": 0}, 422),
    ("/api/events", {"limit": 100000}, 422),
    ("/api/events", {"quad": "friendly"}, 422),
    ("/api/events", {"type": "HUG"}, 422),
    ("/api/events", {"date_from": "2024-13-01"}, 422),
    ("/api/events", {"date_from": "yesterday"}, 422),
    ("/api/events", {"cursor": "not-a-cursor"}, 422),
    ("/api/events", {"dyad": "RUS"}, 422),
    ("/api/events", {"actor": "R'US"}, 422),
    ("/api/events", {"sort": "random()"}, 422),
    ("/api/stories/abc", {}, 422),
    ("/api/search", {}, 422),
    ("/api/search", {"q": "x" * 501}, 422),
    ("/api/timeline", {"by": "year"}, 422),
    ("/api/clusters/99999", {}, 404),
])
def test_errors_are_json_with_a_message(client, path, params, status):
    r = client.get(path, params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["status"] == status and body["message"] and body["error"]


def test_store_is_read_only(db):
    app = create_app(db)
    with app.state.pool.store() as store:
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
            store.conn.execute("DELETE FROM stories")
        assert store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 20


def test_slow_queries_are_interrupted(db):
    with TestClient(create_app(db, query_seconds=0.0001)) as slow:
        # a recursive query that would run for a long time: the budget interrupts it
        with slow.app.state.pool.store() as store, pytest.raises(sqlite3.OperationalError, match=r"interrupted"):
            store.conn.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)"
                               " SELECT count(*) FROM n").fetchone()


def test_openapi_and_docs_page(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/search", "/api/timeline", "/api/events.csv"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/events" in docs.text
    assert "cdn" not in docs.text.lower()


# -- pages: escaping and no outside resources ---------------------------------------------------
def test_script_in_a_story_is_shown_as_text(client):
    sid = _story_id(client, XSS_TITLE)
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(3)&gt;" in html
    assert 'href="javascript:' not in html
    assert "script-src 'self'" in page.headers["content-security-policy"]
    listing = client.get("/", params={"q": "خبيث"}).text
    assert "&lt;script&gt;" in listing and "<script>alert" not in listing
    events = client.get("/events").text
    assert "<script>alert" not in events and "<img src=x" not in events


@pytest.mark.parametrize("path", ["/", "/?q=الامم", "/events", "/events?quad=material_conflict", "/timeline",
                                  "/timeline?by=day&dyad=RUS-UKR", "/actors", "/actors/RUS", "/graph",
                                  "/agreements", "/docs"])
def test_pages_are_rtl_arabic_and_load_only_local_resources(client, path):
    client.cookies.clear()
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert '<html lang="ar" dir="rtl">' in r.text
    for url in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert not url.startswith(("http:", "https:", "//")) or "example.org" in url, url
    en = client.get(path, params={"lang": "en"})
    assert '<html lang="en" dir="ltr">' in en.text and en.cookies.get("lang") == "en"
    assert '<html lang="en" dir="ltr">' in client.get(path).text  # the choice is remembered
    client.cookies.clear()


def test_static_files_and_labels(client):
    assert client.get("/static/marsad.css").status_code == 200
    assert client.get("/static/marsad.js").status_code == 200
    from marsad.web.views import labels

    words = labels()
    assert set(words["ar"]) == set(words["en"])


def test_page_errors_are_pages(client):
    r = client.get("/stories/99999", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "99999" in r.text


def test_story_page_marks_mentions_triggers_and_sentences(client):
    sid = _story_id(client, STORIES[1][0])
    html = client.get(f"/stories/{sid}").text
    assert re.search(r'<span class="trigger q-material_conflict" data-event="\d+"[^>]*>فرضت</span>', html)
    assert re.search(r'<span class="mention k-\w+"[^>]*data-code="USA"[^>]*>', html)
    assert html.count('class="sent"') >= 2
    assert 'data-sent-start="' in html


def test_long_timelines_keep_the_bulk_of_the_events():
    from collections import Counter

    counts = {"1990-01-01": Counter(verbal_conflict=1)}
    for day in range(1, 29):
        counts[f"2024-02-{day:02d}"] = Counter(verbal_cooperation=10)
    t = timelines._timeline_from(counts, "day", undated=0, max_buckets=100)
    assert t["buckets"][0]["date"] == "2024-02-01" and t["buckets"][-1]["date"] == "2024-02-28"
    assert t["outside"] == 1 and len(t["buckets"]) == 28
    short = timelines._timeline_from({"2024-02-01": Counter(AID=1), "2024-02-04": Counter(AID=1)}, "day", 0)
    assert [b["date"] for b in short["buckets"]] == ["2024-02-01", "2024-02-02", "2024-02-03", "2024-02-04"]
    assert timelines._bucket("2024-02-29", "week") == "2024-02-26" and timelines._bucket("2024-02", "day") == ""


def test_graph_keeps_the_heaviest_edges(client):
    g = client.get("/api/graph", params={"max_edges": 2}).json()
    assert len(g["edges"]) == 2 and g["hidden_edges"] >= 1
    assert g["edges"][0]["events"] >= g["edges"][1]["events"]


def test_figures(client, db):
    with Store(db, readonly=True) as store:
        stored = store.conn.execute("SELECT count(*) FROM figures").fetchone()[0]
    assert stored >= 1
    paged, _ = _all_pages(client, "/api/figures", limit=2)
    assert len(paged) == stored and len({f["id"] for f in paged}) == stored
    assert any(f["value"] == 15 and f["unit"] == "percent" for f in paged)
    for f in paged:
        assert f["text"] and f["story_title"]


def test_serve_command_binds_to_localhost_and_reports_a_missing_store(tmp_path):
    from click.testing import CliRunner

    from marsad.serve import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "missing.db")])
    assert result.exit_code != 0 and "no store at" in result.output
    assert not (tmp_path / "missing.db").exists()  # serving never creates a store
