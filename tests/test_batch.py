"""The batch job on a local Ray instance with two workers, over web archives the tests write:
its events equal `marsad extract`'s, reruns skip finished shards, its corpus-wide links equal
what the store's linker finds, and `marsad load` of its output equals an ingest of the same files."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

from click.testing import CliRunner  # noqa: E402
from fastwarc.stream_io import GzipWriter  # noqa: E402
from fastwarc.warc import WarcRecord, WarcRecordType  # noqa: E402

from marsad.batch import schema  # noqa: E402
from marsad.batch.cli import batch  # noqa: E402
from marsad.batch.job import init_ray  # noqa: E402
from marsad.batch.outdir import OutDir  # noqa: E402
from marsad.cli import main  # noqa: E402
from marsad.load import load  # noqa: E402
from marsad.store import Store  # noqa: E402
from tests.warcs import warc_record  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} - {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
{date_meta}
</head><body>
<header><nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/economy">اقتصاد</a></nav></header>
<main><article><h1>{title}</h1>
{paras}
</article></main>
<footer>جميع الحقوق محفوظة</footer></body></html>"""

SUMMIT = [
    "استقبل الرئيس المصري عبد الفتاح السيسي يوم الجمعة في القاهرة العاهل الأردني الملك عبد الله الثاني، وبحث "
    "الجانبان تطورات الأوضاع في المنطقة وسبل تعزيز التعاون الاقتصادي بين البلدين.",
    "وقال المتحدث باسم الرئاسة المصرية إن اللقاء تناول مشروعات الربط الكهربائي وزيادة حجم التبادل التجاري، "
    "إضافة إلى التنسيق المشترك في الملفات الإقليمية.",
    "وأكد الزعيمان ضرورة وقف إطلاق النار في غزة وإدخال المساعدات الإنسانية دون عوائق، ودعوا المجتمع الدولي إلى "
    "تحمل مسؤولياته.",
]
# the same story from another outlet, lightly edited: a near-duplicate
SUMMIT_COPY = [SUMMIT[0], SUMMIT[1].replace("في الملفات", "في عدد من الملفات"),
               "وأكد الزعيمان ضرورة وقف إطلاق النار في غزة وإدخال المساعدات الإنسانية دون عوائق."]
# the same meeting in other words, a day later: corroboration without duplication
SUMMIT_OTHER = [
    "التقى الرئيس المصري عبد الفتاح السيسي العاهل الأردني الملك عبد الله الثاني في العاصمة المصرية، في زيارة "
    "قصيرة ركزت على الحرب في غزة.",
    "وأفاد بيان أردني بأن المباحثات شملت الأوضاع الإنسانية الصعبة في القطاع وجهود الوساطة الجارية لإطلاق سراح "
    "الرهائن.",
]
ENERGY = [
    "وقع وزير الخارجية السعودي الأمير فيصل بن فرحان ونظيره العراقي فؤاد حسين يوم الثلاثاء في الرياض مذكرة تفاهم "
    "للتعاون في مجال الطاقة والربط الكهربائي.",
    "وقال الوزير السعودي إن المذكرة تمهد لاستثمارات مشتركة تتجاوز ملياري دولار خلال السنوات الخمس المقبلة.",
    "وارتفع حجم التبادل التجاري بين البلدين بنسبة خمسة عشر في المئة العام الماضي.",
]
THREAT = [
    "هددت إيران بإغلاق مضيق هرمز إذا تعرضت منشآتها النفطية لأي هجوم، وفق ما نقلت وسائل إعلام رسمية.",
    "وقال قائد في الحرس الثوري إن بلاده سترد بقوة على أي اعتداء أمريكي أو إسرائيلي.",
]
WET_TEXT = ("قمة ثلاثية في عمان لبحث التعاون الاقتصادي\n"
            "اجتمع قادة ثلاث دول في العاصمة الأردنية لبحث مشاريع الربط الكهربائي والنقل المشترك.\n"
            "وقال مسؤول إن الاجتماع المقبل سيعقد في بغداد خلال الربيع.\n")


def _page(site: str, title: str, paras: list[str], date: str | None) -> bytes:
    date_meta = f'<meta property="article:published_time" content="{date}T09:30:00+00:00">' if date else ""
    return PAGE.format(site=site, title=title, date_meta=date_meta,
                       paras="\n".join(f"<p>{p}</p>" for p in paras)).encode("utf-8")


def _response(uri: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"):
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    return warc_record(WarcRecordType.response, uri, http, "application/http; msgtype=response")


def _write(path: Path, records: list[WarcRecord], gzipped: bool = True) -> str:
    buf = io.BytesIO()
    for record in records:
        if gzipped:
            member = io.BytesIO()
            writer = GzipWriter(member)
            record.write(writer)
            writer.close()
            buf.write(member.getvalue())
        else:
            record.write(buf)
    path.write_bytes(buf.getvalue())
    return str(path)


def write_corpus(folder: Path) -> list[str]:
    energy = _page("الرياض اليوم", "السعودية والعراق توقعان مذكرة تفاهم للطاقة", ENERGY, "2024-11-12")
    a = _write(folder / "a.warc.gz", [
        warc_record(WarcRecordType.warcinfo, "", b"software: marsad tests\r\n", "application/warc-fields"),
        _response("https://nile.example.com/summit", _page("أخبار النيل", "السيسي يستقبل العاهل الأردني في القاهرة",
                                                           SUMMIT, "2024-12-06")),
        _response("https://riyadh.example.com/energy", energy),
        _response("https://nile.example.com/gone", b"<html>gone</html>", status="404 Not Found"),
        _response("https://nile.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png"),
    ])
    b = _write(folder / "b.warc.gz", [
        _response("https://sharq.example.net/egypt-jordan",
                  _page("صحيفة الشرق", "السيسي والملك عبد الله يبحثان التعاون", SUMMIT_COPY, "2024-12-06")),
        _response("https://gulf.example.org/hormuz", _page("موقع الخليج", "إيران تهدد بإغلاق مضيق هرمز", THREAT, None)),
        _response("https://riyadh.example.com/energy?utm=1", energy),  # the same page crawled again
    ])
    c = _write(folder / "c.warc", [
        _response("https://petra.example.jo/king-sisi",
                  _page("وكالة البتراء", "الملك يلتقي السيسي في القاهرة", SUMMIT_OTHER, "2024-12-07")),
        warc_record(WarcRecordType.conversion, "https://amman.example.jo/summit", WET_TEXT.encode(), "text/plain"),
    ], gzipped=False)
    return [a, b, c]


@pytest.fixture(scope="module")
def local_ray():
    started = init_ray(2, local=True, object_store_memory=200 * 2**20)
    yield
    if started:
        ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warcs")
    return write_corpus(folder)


@pytest.fixture(scope="module")
def run(local_ray, corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch") / "out"
    result = CliRunner().invoke(batch, [*corpus, "--out", str(out), "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    return out, summary


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("ingest") / "ingest.db"
    result = CliRunner().invoke(main, ["ingest", *corpus, "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def _key(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False, sort_keys=True)


def _table(out: Path, name: str):
    return OutDir(str(out)).read_table(*name.split("/"), schema=_schemas()[name])


def _schemas():
    return {**schema.TABLES, "links/stories": schema.STORY_LINKS, "links/events": schema.EVENT_LINKS}


def test_events_equal_extract(run, corpus):
    out, summary = run
    assert summary["processed"] == 3 and summary["skipped"] == 0 and summary["workers"] == 2
    extracted = _jsonl(CliRunner().invoke(main, ["extract", *corpus]).stdout)
    assert len(extracted) >= 5
    events = _table(out, "events").to_pylist()
    assert sorted(_key(json.loads(e["record"])) for e in events) == sorted(_key(e) for e in extracted)
    assert summary["events"] == len(extracted)


def test_layout_partitions_and_schema(run):
    out, summary = run
    for name in ("stories", "events", "mentions"):
        months = {p.name for p in (out / name).iterdir()}
        assert "month=2024-12" in months, (name, months)
    assert {p.name for p in (out / "figures").iterdir()} == {"month=2024-11"}  # the trade figure of 2024-11-12
    assert "month=undated" in {p.name for p in (out / "stories").iterdir()}
    assert "month=undated" in {p.name for p in (out / "events").iterdir()}  # the undated threat
    for name, expected in _schemas().items():
        files = list((out / name).rglob("*.parquet"))
        assert files or name == "errors", name
        for f in files:
            assert pq.read_schema(f).remove_metadata().equals(expected), (name, f)
    docs = _table(out, "documents").to_pylist()
    assert len(docs) == summary["documents"] == 7  # 2 + 3 + 1 pages and the WET record; no 404, no png
    errors = _table(out, "errors").to_pylist()
    assert all(e["stage"] == "source" for e in errors)


def test_links_match_the_store(run, ingested):
    out, _ = run
    stories = {s["id"]: (s["doc"], s["index"]) for s in _table(out, "stories").to_pylist()}
    links = {stories[r["story_id"]]: r for r in _table(out, "links/stories").to_pylist()}
    with Store(ingested, readonly=True) as store:
        rows = list(store.stories(limit=1000))
        sims = dict(store.conn.execute("SELECT id, similarity FROM stories").fetchall())
        ev_rows = store.conn.execute("SELECT e.record, e.group_id, e.first_report, g.reports, g.outlets FROM events e"
                                     " JOIN event_groups g ON g.id = e.group_id").fetchall()
    by_id = {r["id"]: (r["doc"], r["index"]) for r in rows}
    stored = {(r["doc"], r["index"]): r for r in rows}
    # the recrawled page is a repeat: the store keeps one copy, the batch marks the other
    repeats = [k for k, r in links.items() if r["repeat"]]
    assert len(repeats) == 1 and repeats[0][0] == "b.warc.gz#2"
    assert set(links) - set(repeats) == set(stored)
    for key, r in stored.items():
        mine = links[key]
        assert (stories[mine["duplicate_of"]] if mine["duplicate_of"] else None) == \
            (by_id[r["duplicate_of"]] if r["duplicate_of"] else None), key
        assert mine["similarity"] == pytest.approx(sims[r["id"]] or 0.0), key
    assert _partition(links, "cluster", repeats) == _partition(
        {k: {"cluster": r["cluster"]} for k, r in stored.items()}, "cluster", [])
    near = links[("b.warc.gz#0", 0)]
    assert stories[near["duplicate_of"]] == ("a.warc.gz#0", 0) and near["similarity"] >= 0.45
    # events: the same reports, sources and first reports, and the same grouping
    ev_links = {e["event_id"]: e for e in _table(out, "links/events").to_pylist()}
    batch_events = {}
    meetings = []  # the Egyptian–Jordanian meeting, as three outlets report it
    for e in _table(out, "events").to_pylist():
        if e["id"] in ev_links:
            rec = json.loads(e["record"])
            batch_events[(rec["doc"], tuple(rec["trigger_span"]), rec["event"])] = ev_links[e["id"]]
            if e["event"] == "CONSULT" and e["actor_codes"] == ["EGY"] and e["recipient_codes"] == ["JOR"]:
                meetings.append(ev_links[e["id"]])
    store_events = {}
    for record, group, first, reports, outlets in ev_rows:
        rec = json.loads(record)
        store_events[(rec["doc"], tuple(rec["trigger_span"]), rec["event"])] = {
            "group": group, "first_report": bool(first), "reports": reports,
            "sources": len([o for o in outlets.split("\t") if o])}
    assert set(batch_events) == set(store_events)
    for k, s in store_events.items():
        b = batch_events[k]
        assert (b["first_report"], b["reports"], b["sources"]) == (s["first_report"], s["reports"], s["sources"]), k
    assert _partition(batch_events, "group", []) == _partition(store_events, "group", [])
    assert len(meetings) == 3 and len({m["group"] for m in meetings}) == 1
    assert all(m["reports"] == 3 and m["sources"] == 3 for m in meetings)


def _partition(rows: dict, field: str, skip: list) -> set[frozenset]:
    groups: dict = defaultdict(set)
    for k, r in rows.items():
        if k not in skip:
            groups[r[field]].add(k)
    return {frozenset(g) for g in groups.values()}


def test_rerun_skips_finished_shards(run, corpus):
    out, _ = run
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet") if "links" not in p.parts}
    result = CliRunner().invoke(batch, [*corpus, "--out", str(out), "--workers", "2", "--json", "--no-link"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["processed"] == 0 and summary["skipped"] == 3
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet") if "links" not in p.parts} == before
    # a shard whose run was cut off (no done mark) is done again, and only it
    done = sorted((out / "_done").glob("*.json"))
    assert len(done) == 3
    victim = json.loads(done[1].read_text())
    done[1].unlink()
    # …and what that cut-off attempt had listed and begun to write goes away
    stale = out / "stories" / "month=1999-01" / f"{victim['shard']}.parquet"
    stale.parent.mkdir()
    stale.write_bytes(b"half a file")
    (out / "_attempt" / f"{victim['shard']}.json").write_text(json.dumps(["stories/month=1999-01/"
                                                                          f"{victim['shard']}.parquet"]))
    result = CliRunner().invoke(batch, [*corpus, "--out", str(out), "--workers", "2", "--json"])
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["processed"] == 1 and summary["skipped"] == 2
    assert (out / "_done" / done[1].name).exists()
    assert not stale.exists() and not (out / "_attempt" / f"{victim['shard']}.json").exists()
    assert json.loads((out / "_done" / done[1].name).read_text())["path"] == victim["path"]
    after = {p for p in out.rglob("*.parquet") if "links" not in p.parts}
    assert after == set(before)  # the shard's files were replaced, none added or left behind


def test_load_equals_ingest(run, ingested, tmp_path):
    out, _ = run
    db = tmp_path / "loaded.db"
    result = CliRunner().invoke(load, [str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(ingested, readonly=True) as a, Store(db, readonly=True) as b:
        assert a.counts() == b.counts()
        assert list(a.stories(limit=1000)) == list(b.stories(limit=1000))
        assert list(a.events(limit=1000, reports=True)) == list(b.events(limit=1000, reports=True))
        assert list(a.events(limit=1000)) == list(b.events(limit=1000))
        assert a.clusters() == b.clusters()
        assert [dict(r) for r in a.conn.execute("SELECT doc, path, doc_json FROM documents ORDER BY id")] == \
            [dict(r) for r in b.conn.execute("SELECT doc, path, doc_json FROM documents ORDER BY id")]


def test_month_partitions():
    assert schema.month_of("2024-12-06") == "2024-12"
    assert schema.month_of("2024-12") == "2024-12"
    assert {schema.month_of(d) for d in ("", "2024", "2025-H2", "PAST_REF")} == {schema.UNDATED}


def test_group_pairs():
    import numpy as np

    from marsad.batch.link import BAND, REPEAT, group_pairs, story_order

    a0, a1 = story_order(0, 0, 0), story_order(0, 0, 1)
    b0, b2 = story_order(1, 3, 0), story_order(1, 3, 2)
    x, y, z = story_order(0, 1, 0), story_order(0, 2, 0), story_order(2, 0, 0)
    rows = {"tag": [REPEAT] * 4 + [BAND] * 3 + [BAND], "band": [0] * 4 + [5] * 3 + [6],
            "key": [7] * 4 + [9] * 3 + [9], "order": [b2, a1, b0, a0, z, x, y, x]}
    out = group_pairs({k: np.array(v) for k, v in rows.items()})
    pairs = sorted(zip(out["later"].tolist(), out["earlier"].tolist(), out["tag"].tolist(), strict=True))
    # a later copy's stories point to the same story of the first copy, else to its first story;
    # a band group gives every (later, earlier) pair; a lone band key gives none
    assert pairs == sorted([(b0, a0, REPEAT), (b2, a0, REPEAT), (y, x, BAND), (z, x, BAND), (z, y, BAND)])


def test_load_into_postgresql(run, ingested):
    """`marsad load --db postgresql://…` (with MARSAD_TEST_PG, as `.ci/run` sets it)."""
    from marsad.store import open_store
    from tests.test_postgres import URL, Schema  # skips, saying why, without a server

    out, _ = run
    schema_ = Schema(URL)
    try:
        result = CliRunner().invoke(load, [str(out), "--db", schema_.url])
        assert result.exit_code == 0, result.output
        with Store(ingested, readonly=True) as a, open_store(schema_.url, readonly=True) as b:
            assert a.counts() == b.counts()
            assert list(a.stories(limit=1000)) == list(b.stories(limit=1000))
            assert list(a.events(limit=1000, reports=True)) == list(b.events(limit=1000, reports=True))
    finally:
        schema_.close()
