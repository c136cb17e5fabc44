"""Trigger words inside names govern nothing (مكتب التحقيقات … تحقيقا), and a state's mediation
named by its adjective (الوساطة الجزائرية) — on sentences written for these tests."""

from tests.test_coder_args import code, codes, one


def test_a_trigger_word_inside_a_name_does_not_swallow_the_next_trigger():
    ev = one(code("ويجري مكتب التحقيقات الفيدرالي الأمريكي حاليا تحقيقا في تدخل صيني محتمل."), "ACCUSE")
    assert codes(ev.actor) == {"USA"}


def test_mediation_named_by_a_state_adjective_is_that_states():
    ev = one(code("وتتواصل الوساطة الجزائرية لإنهاء الخلاف بين مالي والنيجر."), "CONSULT")
    assert "DZA" in codes(ev.actor)
