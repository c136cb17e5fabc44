"""HTML pages: main text, metadata, dates, encodings, index pages, bad input."""

import gzip
import re
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from marsad.cli import main
from marsad.doc import Doc
from marsad.pipeline import default_pipeline
from marsad.sources import SourceError, iter_inputs
from marsad.sources.html import MAX_HTML_BYTES, extract_html, read_html, trim_chrome
from tests.conftest import shared_path

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def _read(path):
    items = list(iter_inputs([str(path)]))
    return [i for i in items if isinstance(i, Doc)], [i for i in items if isinstance(i, SourceError)]


def _token_f1(found: str, gold: str) -> float:
    a, b = Counter(re.findall(r"\w+", found)), Counter(re.findall(r"\w+", gold))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r)


def test_article_page_main_text_and_metadata():
    docs, errors = _read(FIXTURES / "article.html")
    assert not errors and len(docs) == 1
    doc = docs[0]
    assert doc.id == "article.html"
    meta = doc.meta
    assert meta["kind"] == "record" and meta["lang"] == "ar"
    assert meta["title"] == "وزيرا خارجية البلدين يوقعان اتفاقا للتعاون الحدودي"
    assert meta["date"] == "2024-12-06"  # "6th, December 2024", not the © 2025 of the footer
    assert meta["source"] == "مرصد الأخبار التجريبي"
    assert meta["url"] == "https://news.example.org/politics/border-cooperation"
    assert meta["author"] == "سلمى الحداد"
    assert doc.text.startswith("وقع وزير الخارجية الأردني ونظيره العراقي")
    assert doc.text.rstrip().endswith("وزارة التجارة الأردنية.")
    for chrome in ("الرئيسية", "ابحث في الموقع", "جميع الحقوق محفوظة", "الآراء الواردة", "الصادرات الزراعية"):
        assert chrome not in doc.text


def test_article_offsets_point_into_the_extracted_text():
    docs, _ = _read(FIXTURES / "article.html")
    doc = default_pipeline()(docs[0])
    assert not doc.errors
    assert len(doc.stories) == 1
    story = doc.stories[0]
    assert story.title.startswith("وزيرا خارجية") and story.date == "2024-12-06"
    for seg in story.segments:
        assert doc.text[seg.start:seg.end].strip() == doc.text[seg.start:seg.end]
    for sent in doc.sentences:
        assert 0 <= sent.start < sent.end <= len(doc.text)


def test_date_grammar_backs_trafilatura():
    page = ("<html><head><title>t</title></head><body><h1>زيارة رسمية إلى دمشق</h1>"
            "<div class='cnn_strytmstmp'>الأربعاء، 28 آب/أغسطس 2013</div>"
            "<p>" + "وصل الوفد الوزاري إلى العاصمة في زيارة رسمية تستمر يومين لبحث العلاقات الثنائية. " * 6 + "</p>"
            "<footer>© 2014 موقع تجريبي</footer></body></html>")
    [art] = extract_html(page)
    assert (art.meta["date"], art.meta["date_source"]) == ("2013-08-28", "dateline")
    # A structured date wins over the visible line; an update line comes after the URL's date.
    page2 = page.replace("<head>", "<head><meta property='article:published_time' content='2013-08-27T09:00:00Z'>")
    assert extract_html(page2)[0].meta["date"] == "2013-08-27"
    page3 = page.replace("الأربعاء، 28", "آخر تحديث: الأربعاء، 28")
    assert extract_html(page3, url="https://x.example/2013/08/03/story.html")[0].meta["date"] == "2013-08-03"
    # Only a copyright year: no date rather than a wrong one.
    page4 = page.replace("<div class='cnn_strytmstmp'>الأربعاء، 28 آب/أغسطس 2013</div>", "")
    assert "date" not in extract_html(page4)[0].meta
    # A <time> marked as the publication date is metadata; a modification date alone is not a
    # publication date (nor the page's date line when there is none).
    page5 = page4.replace("<h1>", "<time itemprop='datePublished' datetime='2013-08-26'>قبل يومين</time><h1>")
    assert (extract_html(page5)[0].meta["date"], extract_html(page5)[0].meta["date_source"]) == ("2013-08-26",
                                                                                              "metadata")
    page6 = page4.replace("<head>", "<head><meta property='article:modified_time' content='2013-09-01'>")
    assert "date" not in extract_html(page6)[0].meta


def test_closing_disclaimers_are_trimmed():
    text = "نص الخبر الأول.\nنص الخبر الثاني.\nالآراء الواردة أدناه لا تعبر عن رأي الموقع."
    assert trim_chrome(text) == "نص الخبر الأول.\nنص الخبر الثاني."
    assert trim_chrome("قال الوزير إن سياسة الخصوصية الجديدة للحكومة ستعرض على البرلمان الأسبوع المقبل بعد "
                       "مناقشات طويلة بين الكتل النيابية حول بنودها.") != ""


def test_windows_1256_page_labelled_utf8(tmp_path):
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    (tmp_path / "cp1256.html").write_bytes(html.encode("cp1256"))  # still says <meta charset="utf-8">
    docs, errors = _read(tmp_path / "cp1256.html")
    assert not errors
    assert docs[0].meta["encoding"] == "cp1256"
    assert docs[0].meta["title"] == "وزيرا خارجية البلدين يوقعان اتفاقا للتعاون الحدودي"
    assert "وقع وزير الخارجية الأردني" in docs[0].text


def test_legacy_encodings_declared_or_not(tmp_path):
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    (tmp_path / "iso.html").write_bytes(html.replace('charset="utf-8"', 'charset="iso-8859-6"')
                                        .replace("عمّان", "عمان").encode("iso-8859-6", errors="replace"))
    (tmp_path / "none.html").write_bytes(html.replace('<meta charset="utf-8">', "").encode("cp1256"))
    for name in ("iso.html", "none.html"):
        docs, errors = _read(tmp_path / name)
        assert not errors, errors
        assert "وقع وزير الخارجية الأردني" in docs[0].text, name


def test_utf8_page_with_a_stray_byte_stays_utf8(tmp_path):
    data = (FIXTURES / "article.html").read_bytes().replace("بعد جولتين".encode(), b"\xff" + "بعد جولتين".encode())
    (tmp_path / "stray.html").write_bytes(data)
    docs, _ = _read(tmp_path / "stray.html")
    assert docs[0].meta["encoding"] == "utf-8" and "وقع وزير الخارجية الأردني" in docs[0].text


def test_persian_and_urdu_pages_keep_their_language():
    fa, _ = _read(FIXTURES / "persian.html")
    ur, _ = _read(FIXTURES / "urdu.html")
    assert fa[0].meta["lang"] == "fa"
    assert ur[0].meta["lang"] == "ur"


def test_index_page_gives_one_record_per_teaser():
    docs, errors = _read(FIXTURES / "index.html")
    assert not errors
    assert [d.id for d in docs] == [f"index.html#{i}" for i in range(4)]
    titles = [d.meta["title"] for d in docs]
    assert titles[0] == "وزيرا خارجية البلدين يوقعان اتفاقا للتعاون الحدودي"
    assert docs[0].meta["url"] == "https://news.example.org/politics/border-cooperation"
    assert docs[3].meta["url"] == "https://other.example.net/news/ceasefire"
    assert [d.meta.get("date", "") for d in docs] == ["2024-12-06", "2024-12-05", "", "2024-12-04"]
    assert docs[1].text.startswith("اجتمعت اللجنة التحضيرية")
    assert all(d.meta["kind"] == "record" and d.meta["lang"] == "ar" for d in docs)


def test_bad_html_inputs_give_one_error_each(tmp_path):
    (tmp_path / "big.html").write_bytes(b"<html><body><p>" + b"x" * (20 * 1024 * 1024) + b"</p></body></html>")
    assert (tmp_path / "big.html").stat().st_size > MAX_HTML_BYTES
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (tmp_path / "nul.html").write_bytes(b"<html>\x00\x01\x02\x03</html>")
    (tmp_path / "empty.html").write_bytes(b"  \n")
    (tmp_path / "nothing.html").write_bytes(b"<html><head><title>x</title></head><body></body></html>")
    docs, errors = _read(tmp_path)
    assert not docs
    reasons = {Path(e.location).name: e.reason for e in errors}
    assert len(errors) == 5
    assert "MB limit" in reasons["big.html"]
    assert reasons["image.html"].startswith("PNG image")
    assert "binary" in reasons["nul.html"]
    assert reasons["empty.html"] == "empty page"
    assert "no main text" in reasons["nothing.html"]


def test_broken_html_is_still_read(tmp_path):
    body = "<p>" + "أعلنت الحكومة عن خطة جديدة لدعم المزارعين في المناطق المتضررة من الجفاف. " * 5
    (tmp_path / "broken.html").write_text(f"<html><body><div><h1>خطة دعم<p>{body}<div></span></table>",
                                          encoding="utf-8")
    docs, errors = _read(tmp_path / "broken.html")
    assert not errors and "خطة جديدة لدعم المزارعين" in docs[0].text


def test_gzipped_html_file(tmp_path):
    (tmp_path / "article.html.gz").write_bytes(gzip.compress((FIXTURES / "article.html").read_bytes()))
    docs, errors = _read(tmp_path)
    assert not errors and docs[0].id == "article.html" and docs[0].meta["date"] == "2024-12-06"


def test_cp1256_text_file_is_read(tmp_path):
    (tmp_path / "ar.txt").write_bytes("عنوان الخبر\nقال الوزير إن المحادثات ستستأنف الأسبوع المقبل.\n".encode("cp1256"))
    docs, errors = _read(tmp_path / "ar.txt")
    assert not errors and docs[0].text.startswith("عنوان الخبر") and docs[0].meta["lang"] == "ar"


def test_marsad_extract_reads_html(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(FIXTURES / "article.html")])
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        assert line.startswith('{"doc": "article.html"')


def test_cnn_page_against_its_gold_text():
    folder = shared_path("corpora", "cnn-arabic-html")
    result = read_html((folder / "arabic_article.html").read_bytes(), "cnn")
    assert not isinstance(result, SourceError)
    [art], encoding = result
    gold = (folder / "arabic.gold.txt").read_text(encoding="utf-8")
    assert _token_f1(art.text, gold) >= 0.95
    assert art.meta["title"] == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert art.meta["date"] == "2013-08-03"
    assert art.meta["lang"] == "ar" and encoding == "utf-8"


def test_json_ld_article_metadata_and_no_teaser_split():
    ld = ('{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "headline": "عنوان من البيانات",'
          ' "datePublished": "2024-03-02T08:30:00+03:00", "author": {"@type": "Person", "name": "كريم منصور"},'
          ' "publisher": {"@type": "Organization", "name": "صحيفة الاختبار"}}]}')
    links = "".join(f"<h2><a href='/s/{i}'>عنوان قصة أخرى رقم {i} في الموقع</a></h2>" for i in range(5))
    page = (f"<html><head><title>عنوان من البيانات | صحيفة الاختبار</title>"
            f"<script type='application/ld+json'>{ld}</script></head><body>{links}<article><h1>عنوان من البيانات</h1>"
            "<p>" + "قال رئيس الوزراء إن الحكومة ستقدم مشروع الموازنة إلى البرلمان خلال أيام. " * 6 + "</p>"
            "</article><footer>© 2025</footer></body></html>")
    [art] = extract_html(page, url="https://paper.example/politics/budget")
    assert art.meta["title"] == "عنوان من البيانات"
    assert (art.meta["date"], art.meta["date_source"]) == ("2024-03-02", "metadata")
    assert art.meta["author"] == "كريم منصور" and art.meta["source"] == "صحيفة الاختبار"
    assert art.meta["url"] == "https://paper.example/politics/budget"
    assert art.text.startswith("قال رئيس الوزراء")


def test_title_without_og_tags_drops_the_site_suffix():
    page = ("<html><head><title>زيارة رسمية إلى الرباط - موقع تجريبي</title></head><body>"
            "<p>" + "بدأ وزير الخارجية زيارة رسمية إلى الرباط تستمر ثلاثة أيام يلتقي خلالها كبار المسؤولين. " * 5
            + "</p></body></html>")
    [art] = extract_html(page)
    assert art.meta["title"] == "زيارة رسمية إلى الرباط"
    assert art.meta["source"] == "موقع تجريبي"  # a saved page without a URL: the title names the site
    [art] = extract_html(page, url="https://news.example.org/a/1")
    assert art.meta["source"] == "news.example.org"  # the host name, when there is one


def test_legacy_page_laid_out_in_a_table_with_br_paragraphs(tmp_path):
    nav = "".join(f"<a href='/s/{i}'>قسم {i}</a> | " for i in range(20))
    body = ("أعلنت وزارة الخارجية الأردنية يوم الاثنين أن الوزير سيزور دمشق الأسبوع المقبل في أول زيارة "
            "من نوعها منذ سنوات.<br><br>وقال المتحدث باسم الوزارة إن الزيارة تهدف إلى بحث ملف اللاجئين "
            "السوريين في الأردن وسبل تسهيل عودتهم الطوعية.<br><br>وأضاف أن الجانبين سيناقشان أيضا إعادة فتح "
            "المعبر الحدودي أمام حركة الشاحنات والمسافرين بعد إغلاق دام طويلا.")
    page = (f"<html dir='rtl' lang='ar'><head><meta charset='windows-1256'><title>الوزير إلى دمشق - صحيفة "
            f"تجريبية</title></head><body><div class='nav'>{nav}</div><table><tr><td class='side'>{nav}</td>"
            f"<td class='main'><h2>الوزير إلى دمشق</h2><span class='date'>الاثنين 12 آذار 2018</span>"
            f"<div class='text'>{body}</div></td></tr></table><div class='footer'>جميع الحقوق محفوظة © 2019"
            "</div></body></html>")
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.encode("cp1256"))
    [doc], errors = _read(path)
    assert not errors
    assert doc.text.splitlines() == [line.replace("<br>", "") for line in body.split("<br><br>")]
    assert doc.meta["date"] == "2018-03-12" and doc.meta["title"] == "الوزير إلى دمشق"
    assert doc.meta["source"] == "صحيفة تجريبية" and doc.meta["encoding"] == "cp1256"


def test_marsad_parses_pages_as_trafilatura_does():
    """marsad's parser (element classes chosen in C) must give trafilatura the tree its own
    load_html gives: same elements, same text, for plain, XML-declared and form-bearing pages."""
    from lxml import etree
    from trafilatura.utils import load_html as trafilatura_load

    from marsad.sources.html import load_html

    body = ("<body><h1>وزير الخارجية يزور عمّان</h1><form action='/s'><label>بحث</label><input name='q'>"
            "<select><option>الكل</option></select><textarea>تعليق</textarea></form>"
            "<article><p>وصل وزير الخارجية إلى عمّان صباح اليوم في زيارة رسمية تستمر يومين.</p>"
            "<!-- تعليق --><p>وبحث الجانبان سبل تعزيز التعاون الاقتصادي.</p></article></body>")
    pages = [f"<html><head><title>خبر</title></head>{body}</html>",
             f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">{body}</html>',
             "<p>سطر وحيد</p>"]
    for page in pages:
        ours, theirs = load_html(page), trafilatura_load(page)
        assert (ours is None) == (theirs is None), page[:40]
        if ours is not None:
            assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
    articles, _ = read_html(pages[0].encode("utf-8"), "p.html")
    assert "زيارة رسمية" in articles[0].text and "تعليق" not in articles[0].text


def test_a_page_read_with_its_url_gives_the_same_text_and_leaves_no_url_behind():
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    plain = extract_html(html)
    with_url = extract_html(html, url="https://news.example.org/a/1")
    again = extract_html(html)
    assert [a.text for a in plain] == [a.text for a in with_url] == [a.text for a in again]
    assert plain[0].meta == again[0].meta  # trafilatura's settings are shared: the URL went into a copy
