import datetime as dt

import pytest

from marsad.arabic.dates import find_timexes, parse_date

REF = dt.date(2024, 12, 6)  # a Friday


@pytest.mark.parametrize("line, value", [
    ("تاريخ النشر: 6th, December 2024 GMT", "2024-12-06"),
    ("نشر في: 2023/05/17", "2023-05-17"),
    ("الأحد 12 مايو 2024", "2024-05-12"),
    ("17-1-2025", "2025-01-17"),
    ("١٧ كانون الثاني ٢٠٢٥", "2025-01-17"),
    ("3 جانفي 2025", "2025-01-03"),
    ("December 6, 2024", "2024-12-06"),
])
def test_absolute_dates(line, value):
    assert parse_date(line)[0] == value


@pytest.mark.parametrize("sentence, value", [
    ("وقع الرئيسان المعاهدة يوم الجمعة في العاصمة", "2024-12-06"),
    ("التقى الوزيران يوم الثلاثاء", "2024-12-03"),
    ("أقر البرلمان القانون الشهر الماضي", "2024-11"),
    ("قد يحدث ذلك بحلول النصف الثاني من عام 2025", "2025-H2"),
    ("دخلت الاتفاقية حيز التنفيذ في أكتوبر الماضي", "2024-10"),
    ("ارتفعت الصادرات العام الماضي", "2023"),
    ("وصل الوفد أمس إلى القاهرة", "2024-12-05"),
    ("تمتد المعاهدة لعشرين عاما", "P20Y"),
    ("تعقد القمة سنويا", "P1Y"),
    ("كما أعلن سابقا", "PAST_REF"),
])
def test_relative_and_other_expressions(sentence, value):
    assert value in [t.value for t in find_timexes(sentence, REF)]


def test_traps_percent_and_common_words_are_not_dates():
    assert find_timexes("ارتفعت التجارة بنسبة 13% وفتح الباب أمام المستثمرين", REF) == []


def test_relative_expression_without_reference_is_found_but_not_guessed():
    (t,) = find_timexes("التقى الوزيران يوم الثلاثاء", None)
    assert t.text == "يوم الثلاثاء" and t.value == "" and t.relative
