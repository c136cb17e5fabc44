from marsad.arabic.normalize import normalize, normalize_text
from marsad.arabic.tokenize import split_sentences, tokenize


def test_normalization_folds_letter_forms_and_digits():
    assert normalize_text("الأُمَم المتّحدة") == "الامم المتحده"
    assert normalize_text("إيران وآسيا ومصطفى") == "ايران واسيا ومصطفي"
    assert normalize_text("٢٠٢٤ و۱۳") == "2024 و13"
    assert normalize_text("ســـلام") == "سلام"
    assert normalize_text("کردستان") == "كردستان"


def test_offset_map_points_back_to_raw_text():
    raw = "قالَ وزيرُ الخارجيّةِ الأمريكيُّ"
    norm = normalize(raw)
    i = norm.text.index("الخارجيه")
    j = i + len("الخارجيه")
    assert raw[norm.raw_start(i):norm.raw_end(j)] == "الخارجيّةِ"[:-1]
    assert norm.norm_index(raw.index("الأمريكي")) == norm.text.index("الامريكي")


def test_tokens_and_proclitic_readings():
    tokens = tokenize("وبالصين ولروسيا")
    assert [t.text for t in tokens] == ["وبالصين", "ولروسيا"]
    assert ("وبال", "صين") in tokens[0].splits()
    assert ("ول", "روسيا") in tokens[1].splits()


def test_sentences_split_on_marks_headline_breaks_and_lines_not_decimals():
    text = "عنوان أول.. عنوان ثان\nنمت التجارة 3.5 بالمئة. وقال الوزير: نعم؟ ثم انتهى"
    spans = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert spans == ["عنوان أول", "عنوان ثان", "نمت التجارة 3.5 بالمئة.", "وقال الوزير: نعم؟", "ثم انتهى"]


def test_offset_map_agrees_with_a_plain_scan_on_random_text():
    import random

    from marsad.arabic.normalize import _DELETED

    rng = random.Random(3)
    alphabet = "ابتثجحخدذرسشصضطظعغفقكلمنهوي أإآىة" + _DELETED[:8] + "ـ"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        norm = normalize(text)
        kept = [i for i, ch in enumerate(text) if ch not in _DELETED]
        assert len(kept) == len(norm.text)
        for i, raw in enumerate(kept):
            assert norm.raw_start(i) == raw and norm.raw_end(i + 1) == raw + 1
        for raw in range(len(text) + 1):
            assert norm.norm_index(raw) == sum(1 for k in kept if k < raw)
