import json

from marsad.evaluate_timex import format_scores, main, read_wojood, score, score_file, score_wojood
from tests.conftest import shared_path


def _item(text, spans, ref="2024-12-06"):
    return {"id": "t", "text": text, "ref": ref,
            "timexes": [{"start": text.index(s), "end": text.index(s) + len(s), "type": ty, "value": v}
                        for s, ty, v in spans]}


def test_exact_overlap_and_value_scores():
    items = [
        _item("وصل الوفد أمس إلى القاهرة", [("أمس", "DATE", "2024-12-05")]),
        # gold puts the signal inside the span: overlap but not exact
        _item("تمتد الهدنة حتى نهاية 2025", [("حتى نهاية 2025", "DATE", "2025")]),
        # a gold value that differs from marsad's
        _item("التقى الوزيران الشهر الماضي", [("الشهر الماضي", "DATE", "2024-10")]),
    ]
    s = score(items)
    assert s["gold"] == 3 and s["predicted"] == 3
    assert s["exact"]["precision"] == round(2 / 3, 4)
    assert s["overlap"]["f1"] == 1.0
    assert s["value_accuracy"] == round(2 / 3, 4) and s["valued_pairs"] == 3
    assert "exact" in format_scores(s)


def test_errors_are_listed():
    errors = []
    score([_item("قتل ثلاثة أشخاص", [("ثلاثة", "DATE", "")])], errors=errors)
    assert {e["kind"] for e in errors} == {"missed"}


def test_score_file_round_trip(tmp_path):
    path = tmp_path / "gold.jsonl"
    rows = [_item("تعقد القمة سنويا", [("سنويا", "SET", "P1Y")])]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    s = score_file(path)
    assert s["exact"]["f1"] == 1.0 and s["value_accuracy"] == 1.0
    assert main([str(path)]) == 0 and main([]) == 2


WOJOOD_LIKE = """وقع O
الاتفاق O
بتاريخ B-DATE
( I-DATE
3 I-DATE
/ I-DATE
5 I-DATE
/ I-DATE
1999 I-DATE
) I-DATE
في O
عمان B-GPE

واستمرت B-EVENT
الحرب I-EVENT
عام I-EVENT B-DATE
1967 I-EVENT I-DATE
ستة B-DATE
أيام I-DATE
"""


def test_read_wojood_nested_tags(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(WOJOOD_LIKE, encoding="utf-8")
    items = read_wojood(path)
    assert len(items) == 2
    spans = [[it["text"][g["start"]:g["end"]] for g in it["timexes"]] for it in items]
    assert spans == [["بتاريخ ( 3 / 5 / 1999 )"], ["عام 1967", "ستة أيام"]]
    s = score_wojood(path)
    assert s["exact"]["f1"] == 1.0


def test_wojood_sample_detection():
    s = score_wojood(shared_path("corpora", "wojood-sample"))
    assert s["gold"] > 700
    assert s["overlap"]["f1"] >= 0.9 and s["exact"]["f1"] >= 0.85
