import io
import json
import zipfile

from marsad.doc import Doc
from marsad.sources import SourceError, iter_inputs


def _split(items):
    docs = [i for i in items if isinstance(i, Doc)]
    errors = [i for i in items if isinstance(i, SourceError)]
    return docs, errors


def test_folder_with_pages_records_and_bad_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("عنوان\nنص الخبر هنا.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    good = {"title": "عنوان", "content": "قال الوزير كلاما.", "date": "2015-07-21 02:51:32",
            "url": "https://example.org/1", "source": "sahil"}
    (tmp_path / "r.jsonl").write_text(json.dumps(good, ensure_ascii=False) + "\n{broken\n"
                                      + json.dumps(good, ensure_ascii=False) + "\n", encoding="utf-8")
    docs, errors = _split(list(iter_inputs([str(tmp_path)])))
    assert sorted(d.id for d in docs) == ["a.txt", "r.jsonl#0", "r.jsonl#2"]
    reasons = {e.location.rsplit("/", 1)[-1]: e.reason for e in errors}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "malformed JSON" in reasons["r.jsonl:2"]
    record = next(d for d in docs if d.id == "r.jsonl#0")
    assert record.meta["title"] == "عنوان" and record.meta["source"] == "sahil"
    assert record.text == "قال الوزير كلاما."



def test_json_array_cut_off_mid_record_keeps_the_records_before_it(tmp_path):
    records = [{"title": f"خبر {i}", "content": f"قال المتحدث باسم الوزارة إن الاجتماع رقم {i} انتهى."}
               for i in range(3)]
    text = json.dumps(records, ensure_ascii=False, indent=1)
    (tmp_path / "day.json").write_text(text[: text.index("خبر 2") + 3], encoding="utf-8")  # a truncated download
    (tmp_path / "whole.json").write_text(" \n" + text + "\n", encoding="utf-8")
    (tmp_path / "trailing.json").write_text(text + " ,", encoding="utf-8")
    docs, errors = _split(list(iter_inputs([str(tmp_path)])))
    assert sorted(d.id for d in docs) == ["day.json#0", "day.json#1", "trailing.json#0", "trailing.json#1",
                                          "trailing.json#2", "whole.json#0", "whole.json#1", "whole.json#2"]
    reasons = {e.location.rsplit("/", 1)[-1]: e.reason for e in errors}
    assert set(reasons) == {"day.json", "trailing.json"}
    assert reasons["day.json"].startswith("malformed JSON at line ")
    assert "the 2 records before it kept" in reasons["day.json"]
    assert "Extra data" in reasons["trailing.json"]

def test_zipped_json_array_like_saudinewsnet(tmp_path):
    arr = [{"source": "aawsat", "url": "u1", "date_extracted": "2015-07-21 02:51:32", "title": "t1",
            "author": "x", "content": "نص أول."},
           {"source": "alriyadh", "url": "u2", "date_extracted": "2015-07-21", "title": "t2", "content": ""}]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("2015-07-21.json", json.dumps(arr, ensure_ascii=False))
    (tmp_path / "2015-07-21.zip").write_bytes(buf.getvalue())
    docs, errors = _split(list(iter_inputs([str(tmp_path / "*.zip")])))
    assert [d.id for d in docs] == ["2015-07-21.json#0"]
    assert docs[0].meta["date"] == "2015-07-21 02:51:32"
    assert len(errors) == 1 and "no text" in errors[0].reason


def test_stdin_and_missing_path():
    docs, errors = _split(list(iter_inputs(["-", "/no/such/file.txt"], stdin=io.StringIO("سطر\nنص."))))
    assert docs[0].id == "stdin" and docs[0].text == "سطر\nنص."
    assert errors[0].reason.startswith("no such file")
