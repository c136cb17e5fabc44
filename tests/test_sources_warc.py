"""Web archives written by the tests themselves with fastwarc: WARC and WET, gzip or plain, damaged."""

import io
from pathlib import Path

from click.testing import CliRunner
from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType

from marsad.cli import main
from marsad.doc import Doc
from marsad.sources import SourceError, iter_inputs
from marsad.store import Store
from tests.warcs import warc_record

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
ARTICLE = (FIXTURES / "article.html").read_bytes()
WET_TEXT = ("قمة ثلاثية في عمان لبحث التعاون الاقتصادي\n"
            "اجتمع قادة ثلاث دول في العاصمة الأردنية لبحث مشاريع الربط الكهربائي والنقل المشترك.\n"
            "وقال مسؤول إن الاجتماع المقبل سيعقد في بغداد خلال الربيع.\n")


def _http(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def _archive(records: list[WarcRecord], gzipped: bool = True) -> list[bytes]:
    """The bytes of each record, one gzip member per record when gzipped."""
    out = []
    for record in records:
        buf = io.BytesIO()
        if gzipped:
            writer = GzipWriter(buf)
            record.write(writer)
            writer.close()
        else:
            record.write(buf)
        out.append(buf.getvalue())
    return out


def _records() -> list[WarcRecord]:
    http = "application/http; msgtype=response"
    return [
        warc_record(WarcRecordType.warcinfo, "", b"software: marsad tests\r\n", "application/warc-fields"),
        warc_record(WarcRecordType.request, "https://news.example.org/politics/border-cooperation",
                b"GET /politics/border-cooperation HTTP/1.1\r\nHost: news.example.org\r\n\r\n",
                "application/http; msgtype=request"),
        warc_record(WarcRecordType.response, "https://news.example.org/politics/border-cooperation", _http(ARTICLE),
                    http),
        warc_record(WarcRecordType.conversion, "https://news.example.org/summit", WET_TEXT.encode(), "text/plain"),
        warc_record(WarcRecordType.response, "https://news.example.org/logo.png",
                _http(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"), http),
        warc_record(WarcRecordType.response, "https://news.example.org/gone", _http(b"<html>gone</html>",
                status="404 Not Found"), http),
        warc_record(WarcRecordType.resource, "file:///saved/index.html", (FIXTURES / "index.html").read_bytes(),
                "text/html"),
        warc_record(WarcRecordType.response, "https://news.example.org/last", _http(ARTICLE), http),
    ]


def _split(items):
    return [i for i in items if isinstance(i, Doc)], [i for i in items if isinstance(i, SourceError)]


def test_warc_gz_with_truncated_last_member(tmp_path):
    members = _archive(_records())
    data = b"".join(members)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data[:-len(members[-1]) // 2])  # the last member is cut in half
    docs, errors = _split(list(iter_inputs([str(path)])))
    assert len(errors) == 1
    last_offset = len(data) - len(members[-1])
    assert errors[0].location == f"{path}@{last_offset}"
    assert "truncated" in errors[0].reason
    # response (article) + conversion + 4 teasers of the saved index page; png and 404 skipped
    assert [d.id for d in docs] == ["crawl.warc.gz#0", "crawl.warc.gz#1"] + [f"crawl.warc.gz#4#{i}" for i in range(4)]
    article, wet = docs[0], docs[1]
    assert article.meta["kind"] == "record" and article.meta["date"] == "2024-12-06"
    assert article.meta["warc_target_uri"] == "https://news.example.org/politics/border-cooperation"
    assert article.meta["warc_record_id"].startswith("urn:uuid:")
    assert article.meta["warc_date"][:2] == "20"
    assert article.meta["path"] == f"{path}@{len(members[0]) + len(members[1])}"
    assert "وقع وزير الخارجية الأردني" in article.text
    assert wet.meta["kind"] == "page" and wet.text == WET_TEXT and wet.meta["lang"] == "ar"
    assert wet.meta["warc_type"] == "conversion" and wet.meta["url"] == "https://news.example.org/summit"


def test_truncated_inside_a_record_header(tmp_path):
    members = _archive(_records())
    data = b"".join(members)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:len(data) - len(members[-1]) + 40])  # only the start of the last member
    docs, errors = _split(list(iter_inputs([str(path)])))
    assert len(docs) == 6 and len(errors) == 1 and "truncated" in errors[0].reason


def test_plain_warc_truncated_in_the_last_payload(tmp_path):
    members = _archive(_records(), gzipped=False)
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(members)[:-300])
    docs, errors = _split(list(iter_inputs([str(path)])))
    assert len(docs) == 6 and len(errors) == 1
    assert "truncated" in errors[0].reason


def test_corrupt_member_in_the_middle_loses_only_that_record(tmp_path):
    members = _archive(_records())
    bad = bytearray(members[3])  # the conversion record
    bad[20:40] = b"\x00" * 20
    members[3] = bytes(bad)
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(b"".join(members))
    docs, errors = _split(list(iter_inputs([str(path)])))
    assert len(errors) == 1 and errors[0].location == f"{path}@{sum(map(len, members[:3]))}"
    uris = [d.meta["warc_target_uri"] for d in docs]
    assert uris[0] == "https://news.example.org/politics/border-cooperation"
    assert uris[-1] == "https://news.example.org/last"  # reading went on after the damage
    assert "https://news.example.org/summit" not in uris


def test_wet_file_of_conversion_records(tmp_path):
    records = [warc_record(WarcRecordType.conversion, f"https://news.example.org/{i}", WET_TEXT.encode(),
                       "text/plain") for i in range(3)]
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(b"".join(_archive(records)))
    docs, errors = _split(list(iter_inputs([str(tmp_path)])))
    assert not errors and len(docs) == 3
    assert all(d.meta["kind"] == "page" and d.text == WET_TEXT for d in docs)


def test_not_a_warc_at_all(tmp_path):
    (tmp_path / "fake.warc.gz").write_bytes(b"this is not an archive\n" * 10)
    docs, errors = _split(list(iter_inputs([str(tmp_path)])))
    assert not docs and len(errors) == 1 and errors[0].location.endswith("fake.warc.gz@0")


def test_duplicate_records_are_stored_once(tmp_path):
    http = "application/http; msgtype=response"
    record = warc_record(WarcRecordType.response, "https://news.example.org/a", _http(ARTICLE), http)
    again = warc_record(WarcRecordType.response, "https://news.example.org/a", _http(ARTICLE), http)
    (tmp_path / "dup.warc.gz").write_bytes(b"".join(_archive([record, again])))
    db = tmp_path / "m.db"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "dup.warc.gz"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 already stored" in result.output
    with Store(db) as store:
        assert store.counts()["documents"] == 1
    # re-ingesting the same archive adds nothing
    CliRunner().invoke(main, ["ingest", str(tmp_path / "dup.warc.gz"), "--db", str(db)])
    with Store(db) as store:
        assert store.counts()["documents"] == 1
