from marsad.doc import Doc
from marsad.pipeline import default_pipeline


def quotes(text: str):
    doc = default_pipeline()(Doc(text, id="q", meta={"kind": "record", "date": "2024-05-01"}))
    return doc, doc.quotes


def test_reported_speech_after_an():
    doc, (q,) = quotes("قال وزير الخارجية الأردني إن بلاده ترفض أي تهجير للفلسطينيين.")
    assert q.code == "JOR" and q.verb == "قال" and not q.direct
    assert doc.text[q.start:q.end] == "بلاده ترفض أي تهجير للفلسطينيين"


def test_direct_quote_and_speaker_before_the_verb():
    doc, (q,) = quotes('أردوغان قال للصحفيين: "لن نسمح بتهديد حدودنا".')
    assert q.direct and doc.text[q.start:q.end] == "لن نسمح بتهديد حدودنا"
    assert q.code == "TUR"


def test_dropped_speaker_continues_the_previous_quote():
    _doc, qs = quotes("أكد الرئيس المصري أن القاهرة تدعم الحل السياسي. وأضاف: \"الحوار هو الطريق الوحيد\".")
    assert len(qs) == 2 and qs[1].code == "EGY" and qs[1].direct
