"""The unknown-name pass: people the gazetteer lacks, found by their shape and context."""

from marsad.arabic.normalize import normalize_text
from marsad.recognize.names import NameMemory, find_names


def _names(sentence: str, memory: NameMemory | None = None) -> list[tuple[str, str]]:
    text = normalize_text(sentence)
    return [(text[n.start:n.end], n.kind) for n in find_names(text, 0, len(text), [], memory or NameMemory())]


def test_a_surname_named_in_full_earlier_in_the_sentence_is_a_person_alone():
    # تيلمان alone after a plain verb is no name; once ماركوس تيلمان was named, it is that person
    assert _names("ثم عقد تيلمان مؤتمرا صحفيا.") == []
    assert _names("استقبل الوزير الضيف ماركوس تيلمان في مكتبه، ثم عقد تيلمان مؤتمرا صحفيا.") == \
        [("ماركوس تيلمان", "PERS"), ("تيلمان", "PERS")]


def test_a_surname_remembered_from_an_earlier_segment_carries_over():
    memory = NameMemory()
    _names("استقبل الوزير الضيف ماركوس تيلمان في مكتبه.", memory)
    assert _names("ثم عقد تيلمان مؤتمرا صحفيا.", memory) == [("تيلمان", "PERS")]


def test_names_after_titles_and_speech_verbs():
    assert ("كارلوس فيرنانديز", "PERS") in _names("وصل المبعوث الأممي كارلوس فيرنانديز إلى بغداد أمس.")
    assert _names("وقال الدكتور سامر الخطيب إن الاجتماع انتهى.") == [("سامر الخطيب", "PERS")]
