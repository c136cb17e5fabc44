from marsad.extract.textpage import analyze_page

PAGE = """قمة عربية طارئة.. القادة يبحثون الأزمة في القاهرة
تاريخ النشر: 14th, March 2024 GMT
عقد القادة العرب قمة طارئة في القاهرة لبحث تطورات الأزمة الإقليمية.
وأكد البيان الختامي دعم الجهود الدبلوماسية لوقف التصعيد.
Relatedوزير يزور العاصمةانتخابات مبكرة في البلاد"وأشار المراقبون إلى أن القمة جاءت في توقيت حساس للغاية للمنطقة كلها.
Go to accessibility shortcutsشارك هذا المقالمحادثة الوزير يتهم المعارضة بالتحريضالمصدر: وكالة الخليج
كلمات دلالية: مصر القمة العربية مصر القمة العربية
إقرأ أيضاً:
الأردن والعراق يوقعان مذكرة تفاهم للطاقة
وقع الأردن والعراق مذكرة تفاهم للتعاون في مجال الطاقة الكهربائية.
المصدر: نشرة المشرق
إقرأ أيضاً:
خبر قصير لا نص له
"""


def test_page_splits_into_stories_without_chrome():
    stories = analyze_page(PAGE)
    assert len(stories) == 2
    first, second = stories
    assert first.title.startswith("قمة عربية طارئة")
    assert first.date == "2024-03-14" and first.date_precision == "day"
    assert first.source == "وكالة الخليج"
    body = " ".join(PAGE[s.start:s.end] for s in first.segments)
    assert "وأشار المراقبون" in body  # sentence glued to the teaser block is kept
    assert "انتخابات مبكرة" not in body and "يتهم المعارضة" not in body and "كلمات دلالية" not in body
    assert second.title.startswith("الأردن والعراق")
    assert second.source == "نشرة المشرق"
    assert second.date == ""  # must not inherit the first story's date


def test_http_crawl_date_line_is_not_a_publication_date():
    page = "عنوان الخبر - BBC Arabic\nFri, 11 Aug 2017 15:21:03 GMT\nقال الوزير إن المحادثات مستمرة.\n"
    (story,) = analyze_page(page)
    assert story.date == ""
    assert story.source == "BBC Arabic"
    assert story.title == "عنوان الخبر"
