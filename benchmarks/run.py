"""marsad benchmarks: `make bench`.

Prints one table and writes benchmarks/results/latest.json so runs can be compared. Everything runs
on this machine in the same run as its baseline:
- per stage and for the whole pipeline: documents/s and MB/s on one core, with a plain str.split
  pass over the same text as the floor for the Arabic stages;
- ingest of SaudiNewsNet into SQLite with 1 and 2 worker processes (stories/s, speed-up) and the
  peak memory of ingests of 10k and 30k articles (it must not grow with the number of documents);
- the cost per article of dedup and of the store write on the first and last 5,000 articles of one
  store (flat as the store grows);
- marsad's HTML path against trafilatura's extraction alone on the same pages, and WARC records/s;
- full-text search over 1 million stories (the corpus repeated with variations), median and p95
  for common Arabic queries;
- time to load every gazetteer and lexicon.
Corpora come from ../shared/corpora; a benchmark whose corpus is absent is skipped.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
SNN = SHARED / "saudinewsnet" / "dataset"
sys.path.insert(0, str(ROOT))

from marsad.doc import Doc  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402
from marsad.sources import iter_inputs  # noqa: E402

Row = tuple[str, str, str]  # what, figure, note
KEEP_DB = str(ROOT / "benchmarks" / "results" / "saudinewsnet.db")
STAGES = ["textpage", "sentences", "timex", "actors", "figures", "quotes", "coder", "agreements"]


def load_docs(limit: int | None = None) -> list[Doc]:
    docs = [d for d in iter_inputs([str(SNN)]) if isinstance(d, Doc)]
    return docs[:limit] if limit else docs


def bench_load_resources() -> list[Row]:
    code = ("import time; t=time.perf_counter();"
            "from marsad.recognize.gazetteer import entity_matcher, role_matcher, offices;"
            "from marsad.code.lexicon import lexicon; from marsad.recognize.names import name_lexicon;"
            "from marsad.arabic.dates import find_timexes;"
            "entity_matcher(); role_matcher(); offices(); lexicon(); name_lexicon(); find_timexes('أمس', None);"
            "print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return [("load every gazetteer and lexicon", f"{float(out.stdout):.2f} s", "target < 1 s")]


def bench_stages(docs: list[Doc]) -> list[Row]:
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 2**20
    rows: list[Row] = []
    t = time.perf_counter()
    for d in docs:
        d.text.split()
    base = time.perf_counter() - t
    rows.append(("baseline: str.split", f"{len(docs) / base:,.0f} docs/s", f"{mb / base:.1f} MB/s"))
    pipe = Pipeline(STAGES)
    pipe(Doc(docs[0].text, id="warm", meta=docs[0].meta))
    spent = dict.fromkeys(STAGES, 0.0)
    sentences = 0
    t0 = time.perf_counter()
    for d in docs:
        doc = Doc(d.text, id=d.id, meta=d.meta)
        for stage in pipe.stages:
            t = time.perf_counter()
            doc = stage.fn(doc)
            spent[stage.name] += time.perf_counter() - t
        sentences += len(doc.sentences)
    prev = time.perf_counter() - t0
    for name in STAGES:
        rows.append((f"stage {name}", f"{len(docs) / spent[name]:,.0f} docs/s", f"{mb / spent[name]:.2f} MB/s"))
    rows.append(("coding after recognition", f"{sentences / spent['coder']:,.0f} sentences/s",
                 "the coder stage alone (aim ≥ 1,000)"))
    rows.append(("whole pipeline, one core", f"{len(docs) / prev:,.1f} docs/s", f"{mb / prev:.2f} MB/s"))
    pure = _pure_pipeline_seconds(len(docs))
    rows.append(("whole pipeline, one core, as Python source", f"{len(docs) / pure:,.1f} docs/s",
                 f"MARSAD_PURE=1: the compiled modules take {1 - prev / pure:.0%} off"))
    return rows


def _pure_pipeline_seconds(n: int) -> float:
    """The same documents through the pipeline with its compiled modules run as Python source."""
    code = ("import sys, time\nsys.path.insert(0, 'benchmarks')\nimport run\n"
            "from marsad import Doc\nfrom marsad._native import running_compiled\n"
            "from marsad.pipeline import Pipeline\n"
            "docs = run.load_docs()[:int(sys.argv[1])]\npipe = Pipeline(run.STAGES)\n"
            "pipe(Doc(docs[0].text, id='warm', meta=docs[0].meta))\nassert not running_compiled()\n"
            "t = time.perf_counter()\nfor d in docs:\n    pipe(Doc(d.text, id=d.id, meta=d.meta))\n"
            "print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code, str(n)], capture_output=True, text=True, cwd=ROOT, check=True,
                          env={**os.environ, "MARSAD_PURE": "1"})
    return float(done.stdout.split()[-1])


def _ingest(paths: list[str], workers: int, keep: str = "") -> dict[str, float | str]:
    with tempfile.TemporaryDirectory() as tmp:
        db = keep or os.path.join(tmp, "bench.db")
        code = ("import resource,sys\nfrom marsad.cli import main\n"
                "try:\n main(['ingest', *sys.argv[3:], '--db', sys.argv[1], '--workers', sys.argv[2]])\n"
                "except SystemExit: pass\n"
                # the peak of this process's own memory: ru_maxrss would keep the benchmark's size at the
                # fork that started it (it survives exec); VmHWM belongs to the new address space
                "status=open('/proc/self/status').read() if sys.platform == 'linux' else ''\n"
                "hwm=[int(x.split()[1]) for x in status.splitlines() if x.startswith('VmHWM:')]\n"
                "self=hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
                "kids=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
                "print(self, kids, file=sys.stderr)")
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code, db, str(workers), *paths], capture_output=True, text=True,
                              cwd=ROOT, check=True)
        seconds = time.perf_counter() - t
        lines = proc.stderr.strip().splitlines()
        self_kb, kids_kb = map(int, lines[-1].split())
        summary = next((x for x in reversed(lines) if x.startswith("ingested")), "")
        stories = int(summary.split("(")[1].split()[0]) if summary else 0
    return {"seconds": seconds, "stories": stories, "peak_mb": max(self_kb, kids_kb) / 1024, "summary": summary}


def bench_ingest() -> list[Row]:
    days = sorted(str(p) for p in SNN.glob("*.zip"))
    for f in (KEEP_DB, KEEP_DB + "-wal", KEEP_DB + "-shm"):  # a store left from a run would hold everything
        Path(f).unlink(missing_ok=True)
    Path(KEEP_DB).parent.mkdir(exist_ok=True)
    one = _ingest(days, 1, keep=KEEP_DB)
    two = _ingest(days, 2)
    r1, r2 = one["stories"] / one["seconds"], two["stories"] / two["seconds"]
    rows = [("ingest SaudiNewsNet, 1 worker", f"{r1:,.1f} stories/s", f"peak {one['peak_mb']:.0f} MB"),
            ("ingest SaudiNewsNet, 2 workers", f"{r2:,.1f} stories/s", f"speed-up {r2 / r1:.2f}x (target ≥ 1.8x)")]
    # memory must not grow with the corpus: about 10k articles (the first 6 days) against all of it
    small = _ingest(days[:6], 1)
    rows.append(("peak memory, ~10k vs ~30k articles", f"{small['peak_mb']:.0f} MB vs {one['peak_mb']:.0f} MB",
                 f"{small['stories']} vs {one['stories']} stories (target within 10%, < 500 MB)"))
    return rows


def bench_linking(window: int = 5000) -> list[Row]:
    """Cost per article of dedup (fingerprints, near-duplicate lookup, cluster) and of the whole store
    write with corroboration, on the first and the last ``window`` articles of all SaudiNewsNet
    ingested in one store: it must stay flat as the store grows (CPU time, so other jobs on the
    machine do not count)."""
    from marsad.link import linker as lk
    from marsad.pipeline import default_pipeline
    from marsad.store import open_store

    place_cpu: list[float] = []
    original = lk.Linker.place

    def timed_place(self: lk.Linker, *args: object) -> lk.Placement:
        t = time.process_time()
        try:
            return original(self, *args)  # type: ignore[arg-type]
        finally:
            place_cpu.append(time.process_time() - t)

    pipe, add_cpu = default_pipeline(), []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(os.path.join(tmp, "link.db"))
        lk.Linker.place = timed_place  # type: ignore[method-assign]
        try:
            store.begin()
            for i, doc in enumerate(d for d in iter_inputs([str(SNN)]) if isinstance(d, Doc)):
                doc = pipe(doc)
                t = time.process_time()
                store.add(doc)
                add_cpu.append(time.process_time() - t)
                if i % 200 == 199:
                    store.commit()
                    store.begin()
            store.commit()
        finally:
            lk.Linker.place = original  # type: ignore[method-assign]
            store.close()
    n = len(add_cpu)

    def ms(xs: list[float]) -> str:
        return f"{sum(xs) / max(1, len(xs)) * 1000:.2f} ms"

    return [(f"dedup per article, first vs last {window:,} of {n:,}",
             f"{ms(place_cpu[:window])} vs {ms(place_cpu[-window:])}", "fingerprints, LSH lookup, cluster"),
            (f"store write per article, first vs last {window:,}", f"{ms(add_cpu[:window])} vs {ms(add_cpu[-window:])}",
             "rows, search index, dedup, corroboration")]


def bench_search(docs: list[Doc], target: int = 1_000_000) -> list[Row]:
    """A store of `target` stories: the corpus texts repeated with a varying suffix, indexed as marsad
    indexes stories (normalized title and body in FTS5)."""
    from marsad.arabic.normalize import normalize_text
    from marsad.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "search.db"))
        bodies = [(normalize_text(d.meta.get("title", "")), normalize_text(d.text)) for d in docs]
        t = time.perf_counter()
        store.begin()
        conn = store.conn
        n = 0
        while n < target:
            batch = []
            for title, body in bodies:
                if n >= target:
                    break
                n += 1
                batch.append((n, title, f"{body} نسخة {n % 997}"))
            conn.executemany("INSERT INTO stories_fts(rowid, title, body) VALUES (?,?,?)", batch)
        conn.execute("INSERT INTO stories_fts(stories_fts) VALUES ('optimize')")
        store.commit()
        build = time.perf_counter() - t
        conn.execute("INSERT INTO documents(id, doc, content_hash, doc_json) VALUES (1, 'd', 'h', '{}')")
        conn.execute('INSERT INTO stories(id, document_id, idx, start, "end", text, date) '
                     "SELECT rowid, 1, 0, 0, 0, '', '2015-07-2' || (rowid % 10) FROM stories_fts")
        queries = ["السعودية", "ايران", "الأمم المتحدة", '"وزير الخارجية"', "اليمن -الحوثيين", "روسيا OR الصين"]
        times: list[float] = []
        for _ in range(5):
            for q in queries:
                t = time.perf_counter()
                store.search(q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
        store.close()
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return [(f"build FTS over {target:,} stories", f"{build:.0f} s", ""),
            (f"search over {target:,} stories", f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms",
             "targets: median < 20 ms, p95 < 100 ms")]


_SECTIONS = ("الرئيسية", "محليات", "سياسة", "اقتصاد", "رياضة", "ثقافة", "تقنية", "صحة", "منوعات", "رأي", "فيديو",
             "صور", "العالم", "الخليج", "مال وأعمال", "سيارات", "سفر", "تعليم", "مجتمع", "حوادث")
_PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | {source}</title><meta property="og:site_name" content="{source}">
<meta property="og:title" content="{title}"><meta name="viewport" content="width=device-width">
<meta property="article:published_time" content="{date}"><link rel="stylesheet" href="/css/site.css">
<script>window.siteConfig = {{"ads": true, "section": "news", "tracking": ["a", "b", "c"], "lazy": true}};</script>
</head><body><header><div class="top-bar"><a href="/login">دخول</a> <a href="/subscribe">اشترك</a></div>
<nav class="main-menu"><ul>{menu}</ul></nav><div class="ticker"><span>عاجل</span><ul>{ticker}</ul></div></header>
<main><div class="breadcrumbs"><a href="/">الرئيسية</a> &gt; <a href="/news">أخبار</a></div>
<article><h1>{title}</h1><div class="byline">{source}</div><div class="date">{date}</div>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <a href="#">طباعة</a></div>
<div class="article-body">{body}</div><div class="tags"><a href="/t/1">أخبار</a> <a href="/t/2">محليات</a></div>
</article><section class="related"><h3>أخبار ذات صلة</h3><ul>{related}</ul></section>
<section class="comments"><h3>التعليقات</h3><form><textarea></textarea><button>أرسل</button></form></section></main>
<aside class="sidebar"><div class="most-read"><h3>الأكثر قراءة</h3><ol>{most_read}</ol></div>
<div class="ad"><script>loadAd("sidebar-1");</script></div></aside>
<footer><ul>{footer}</ul><p>جميع الحقوق محفوظة © {source}</p><p>تابعونا على مواقع التواصل</p></footer>
<script src="/js/site.js"></script><script>trackPage("{date}");</script></body></html>"""


def _html_pages(docs: list[Doc]) -> list[bytes]:
    """Articles of the corpus laid out as news pages: a template written for this benchmark with
    the chrome real pages carry (menu, ticker, share buttons, related stories, most read, footer,
    scripts: 9-13 KB and about 235 elements a page, against the CNN page's 29 KB and 300), other articles'
    titles as its links."""
    from html import escape

    titles = [escape(d.meta.get("title", "") or d.text[:60]) for d in docs]
    links = lambda k, n, tag: "".join(  # noqa: E731
        f'<li><a href="/news/{(k + j) % len(titles)}">{titles[(k + j) % len(titles)]}</a>{tag}</li>'
        for j in range(1, n + 1))
    menu = "".join(f'<li><a href="/s/{i}">{name}</a></li>' for i, name in enumerate(_SECTIONS))
    footer = "".join(f'<li><a href="/f/{i}">{name}</a></li>' for i, name in enumerate(_SECTIONS * 2))
    out = []
    for k, d in enumerate(docs):
        body = "".join(f"<p>{escape(p)}</p>" for p in d.text.split("\n") if p.strip())
        out.append(_PAGE.format(
            title=titles[k], source=escape(d.meta.get("source", "")), date=escape(d.meta.get("date", "")[:10]),
            body=body, menu=menu, footer=footer, ticker=links(k, 5, ""),
            related=links(k + 7, 8, "<p>تفاصيل الخبر وما جاء فيه من معلومات في سطور قليلة.</p>"),
            most_read=links(k + 31, 10, "")).encode("utf-8"))
    return out


def _write_warc(path: Path, pages: list[bytes]) -> None:
    """A gzipped WARC of HTTP response records, one gzip member each, written with fastwarc."""
    import io
    import uuid

    from fastwarc.stream_io import GzipWriter
    from fastwarc.warc import WarcRecord, WarcRecordType

    with path.open("wb") as fh:
        for i, page in enumerate(pages):
            record = WarcRecord()
            record.init_headers(record_type=WarcRecordType.response, record_urn=f"uuid:{uuid.uuid4()}".encode())
            record.headers.append("WARC-Target-URI", f"https://example.org/{i}")
            record.headers.append("Content-Type", "application/http; msgtype=response")
            record.set_bytes_content(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page)
            buf = io.BytesIO()
            writer = GzipWriter(buf)
            record.write(writer)
            writer.close()
            fh.write(buf.getvalue())


_HTML_BATCH = 50


def bench_html_and_warc(docs: list[Doc]) -> list[Row]:
    """marsad's HTML path (extraction, metadata and the whole pipeline) against trafilatura's
    extraction alone on the same pages; and WARC records read per second."""
    import trafilatura

    from marsad.parallel import process
    from marsad.pipeline import default_pipeline
    from marsad.sources.files import read_bytes
    from marsad.sources.warc import read_warc

    # both sides warm up on the first half (imports, lexicons, per-word caches: a crawl's steady
    # state) and are timed on the other half, batch by batch in turn, so that every side meets the
    # same machine (a shared machine's speed drifts by a third within a minute)
    every = _html_pages(docs)
    warm, pages = every[:len(every) // 2], every[len(every) // 2:]
    pipeline = default_pipeline()
    thresholds = gc.get_threshold()  # marsad.parallel changes them; the later benchmarks get them back

    def marsad_path(batch: list[bytes]) -> None:
        # as `marsad extract` runs on one core: each page read, the documents through marsad.parallel
        # (which sets the collector's thresholds for a long run, as the commands have it)
        for _doc in process(x for i, page in enumerate(batch) for x in read_bytes(page, f"page{i}", f"page{i}.html")):
            pass

    def alone(batch: list[bytes]) -> None:
        for page in batch:
            trafilatura.extract(page)

    def with_metadata(batch: list[bytes]) -> None:
        for page in batch:
            trafilatura.extract(page, with_metadata=True)

    def reading(batch: list[bytes]) -> None:
        for i, page in enumerate(batch):
            list(read_bytes(page, f"page{i}", f"page{i}.html"))

    sides = {"alone": alone, "with_metadata": with_metadata, "reading": reading, "marsad": marsad_path}
    # marsad's run sets the collector's thresholds for a long run: every side is timed with them
    for run in reversed(sides.values()):
        run(warm)
    spent = dict.fromkeys(sides, 0.0)
    for k in range(0, len(pages), _HTML_BATCH):
        for name, run in sides.items():
            t = time.perf_counter()
            run(pages[k:k + _HTML_BATCH])
            spent[name] += time.perf_counter() - t
    base, with_meta, read, marsad = spent["alone"], spent["with_metadata"], spent["reading"], spent["marsad"]
    rows = [("HTML: trafilatura.extract alone", f"{len(pages) / base:,.1f} pages/s",
             f"SaudiNewsNet as pages; timed in batches of {_HTML_BATCH} in turn with the rows below"),
            ("HTML: trafilatura.extract, with_metadata", f"{len(pages) / with_meta:,.1f} pages/s",
             "text plus title, date, author, site, URL: the fields marsad's HTML path gives"),
            ("HTML: marsad reading alone (text, metadata, language)", f"{len(pages) / read:,.1f} pages/s",
             f"{read / base:.2f}x the text extraction alone; the pipeline is the rest"),
            ("HTML: marsad (extract + whole pipeline)", f"{len(pages) / marsad:,.1f} pages/s",
             f"{marsad / base:.2f}x the text extraction alone (target ≤ 1.5x); "
             f"{marsad / with_meta:.2f}x the extraction with metadata")]
    cnn = SHARED / "cnn-arabic-html" / "arabic_article.html"
    if cnn.exists():
        page = cnn.read_bytes()
        t = time.perf_counter()
        for _ in range(20):
            trafilatura.extract(page)
        alone = (time.perf_counter() - t) / 20
        t = time.perf_counter()
        for _ in range(20):
            for doc in read_bytes(page, "cnn", "cnn.html"):
                if isinstance(doc, Doc):
                    pipeline(doc)
        whole = (time.perf_counter() - t) / 20
        rows.append(("HTML: the CNN Arabic page", f"{alone * 1000:.0f} ms alone, {whole * 1000:.0f} ms marsad",
                     f"{whole / alone:.2f}x (target ≤ 1.5x)"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        _write_warc(path, pages)
        t = time.perf_counter()
        n = sum(1 for x in read_warc(path) if isinstance(x, Doc))
        warc = time.perf_counter() - t
    rows.append(("WARC: records read and extracted", f"{n / warc:,.1f} records/s", f"{n} response records"))
    gc.set_threshold(*thresholds)
    return rows


def bench_pages(db: str) -> list[Row]:
    """Render time of the web UI's pages on a store holding the whole corpus (in-process ASGI)."""
    from fastapi.testclient import TestClient

    from marsad.api import create_app

    client = TestClient(create_app(db))
    urls = ["/", "/?q=السعودية", "/events", "/events?type=CONSULT", "/timeline", "/actors", "/actors/SAU", "/graph",
            "/agreements", "/stories/1", "/stories/5000", "/api/events?limit=50", "/api/search?q=اليمن"]
    for u in urls:
        client.get(u)
    times: list[float] = []
    for _ in range(3):
        for u in urls:
            t = time.perf_counter()
            client.get(u)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return [("web pages over the whole corpus", f"median {statistics.median(times):.0f} ms, max {times[-1]:.0f} ms",
             "target < 300 ms")]


def main() -> None:
    rows: list[Row] = []
    rows += bench_load_resources()
    if not SNN.exists():
        print(f"skipped corpus benchmarks: {SNN} not present")
    else:
        docs = load_docs()
        rows += bench_stages(docs[:3000])
        rows += bench_html_and_warc(docs[:1000])
        rows += bench_ingest()
        rows += bench_linking()
        rows += bench_pages(KEEP_DB)
        rows += bench_search(docs, int(os.environ.get("MARSAD_BENCH_STORIES", "1000000")))
    width = max(len(r[0]) for r in rows) + 2
    from marsad._native import running_compiled

    python = (f"Python {platform.python_version()} ({sys.executable}), {platform.machine()}, {os.cpu_count()} cores; "
              f"{len(running_compiled())} of marsad's modules compiled")
    print(python)
    print(f"{'what':<{width}}{'figure':<40}note")
    for what, figure, note in rows:
        print(f"{what:<{width}}{figure:<40}{note}")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    (results / "latest.json").write_text(
        json.dumps({"when": stamp, "python": python, "rows": rows}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
