import pytest

from marsad.arabic.numbers import digits_value, find_numbers, parse_number, parse_number_ex, parse_ordinal


@pytest.mark.parametrize("text, value", [
    ("13", 13), ("١٣", 13), ("۱۳", 13),
    ("1,500", 1500), ("1.500.000", 1500000), ("2.5", 2.5), ("2,5", 2.5), ("٢٫٥", 2.5), ("١٬٥٠٠", 1500),
    ("واحد", 1), ("ثلاثة", 3), ("عشرة", 10), ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12),
    ("خمسة عشر", 15), ("عشرين", 20), ("خمسة وعشرين", 25), ("تسعة وتسعون", 99),
    ("مئة", 100), ("مائة وخمسون", 150), ("مئتان", 200), ("ثلاثمائة", 300), ("ثلاث مئة", 300),
    ("ثلاثمائة وخمسة وعشرين", 325), ("ألف", 1000), ("ألفين", 2000), ("ثلاثة آلاف", 3000),
    ("عشرة آلاف", 10000), ("عشرين ألفا", 20000), ("خمسة عشر ألفا", 15000), ("ألف وخمسمئة", 1500),
    ("مليون", 1e6), ("مليونين", 2e6), ("ملياري", 2e9), ("3 مليارات", 3e9), ("1.5 مليون", 1.5e6),
    ("150 ألف", 150000), ("نصف مليون", 500000), ("مليون ونصف", 1.5e6), ("ثلاثة مليارات ونصف", 3.5e9),
    ("نصف", 0.5), ("ربع", 0.25), ("ثلاثة أرباع", 0.75), ("ثلثي", 2 / 3),
])
def test_cardinal_values(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text, value", [("بضعة", 3), ("عشرات", 10), ("مئات", 100), ("آلاف", 1000),
                                         ("عشرات الآلاف", 10000), ("مئات الملايين", 1e8)])
def test_vague_counts_are_marked_approximate(text, value):
    found = parse_number_ex(text)
    assert found is not None and found[0] == pytest.approx(value) and found[1]


@pytest.mark.parametrize("text", ["أحد", "إحدى", "الباب", "", "3أ"])
def test_words_that_are_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, value", [
    ("الأول", 1), ("الأولى", 1), ("السادس", 6), ("العاشرة", 10), ("الحادي عشر", 11), ("الثاني عشر", 12),
    ("التاسع عشر", 19), ("العشرين", 20), ("الحادي والعشرين", 21), ("الثلاثين", 30), ("الحادي والثلاثين", 31),
    ("الـ19", 19),
])
def test_ordinals(text, value):
    assert parse_ordinal(text) == value


def test_digit_separators():
    assert digits_value("1,234,567") == 1234567 and digits_value("1,5") == 1.5 and digits_value("x") is None


def test_find_numbers_with_offsets():
    text = "قتل ١٢ شخصا وأصيب مئة وخمسون آخرون وخسرت الشركة 3 مليارات دولار."
    found = find_numbers(text)
    assert [(n.text, n.value) for n in found] == [("١٢", 12), ("مئة وخمسون", 150), ("3 مليارات", 3e9)]
    assert all(text[n.start:n.end] == n.text for n in found)


def test_one_of_is_not_a_number():
    assert find_numbers("التقى الوزير أحد المسؤولين") == []
