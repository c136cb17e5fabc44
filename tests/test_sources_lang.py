"""Offline language identification and encoding detection."""

import pytest

from marsad.doc import Doc
from marsad.sources import iter_inputs
from marsad.sources.encoding import decode_bytes
from marsad.sources.lang import detect_lang

ARABIC = "قال وزير الخارجية إن بلاده مستعدة لاستئناف المفاوضات مع جيرانها خلال الأسابيع المقبلة."


@pytest.mark.parametrize(("text", "lang"), [
    (ARABIC, "ar"),
    ("گفت که کشورش آماده است گفتگوها را با همسایگان خود در هفته‌های آینده از سر بگیرد.", "fa"),
    ("انہوں نے کہا کہ ان کا ملک آئندہ ہفتوں میں اپنے پڑوسیوں کے ساتھ بات چیت دوبارہ شروع کرنے کے لیے تیار ہے۔", "ur"),
    ("The foreign minister said his country was ready to resume talks with its neighbours.", "en"),
    ("Le ministre des affaires étrangères a déclaré que son pays était prêt à reprendre les négociations.", "fr"),
    ("12 34 -- 56", ""),
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


def test_arabic_with_a_persian_name_stays_arabic():
    assert detect_lang(ARABIC * 3 + " التقى بالسيد پژمان") == "ar"


def test_decode_bytes_prefers_what_the_bytes_say():
    assert decode_bytes(ARABIC.encode("utf-8"), declared="windows-1256").encoding == "utf-8"
    cp = decode_bytes(ARABIC.encode("cp1256"), declared="utf-8")
    assert cp is not None and cp.text == ARABIC and cp.encoding == "cp1256"
    iso = decode_bytes(ARABIC.encode("iso-8859-6"), declared="iso-8859-6")
    assert iso is not None and iso.text == ARABIC and iso.how == "declared"
    # Arabic bytes served as "iso-8859-1" (a common server default) still come out Arabic.
    latin = decode_bytes(ARABIC.encode("cp1256"), declared="iso-8859-1")
    assert latin is not None and latin.text == ARABIC
    bom = decode_bytes(b"\xef\xbb\xbf" + ARABIC.encode())
    assert bom is not None and bom.text == ARABIC


def test_every_document_has_a_language(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"title": "t", "content": "The minister said the talks would resume."}\n',
                                      encoding="utf-8")
    docs = [d for d in iter_inputs([str(tmp_path)]) if isinstance(d, Doc)]
    assert {d.id: d.meta["lang"] for d in docs} == {"a.txt": "ar", "b.jsonl#0": "en"}
