"""An incident re-mentioned with a neutral noun (ووقع الحادث) — on sentences written for these tests."""

from tests.test_coder_args import code, codes, of, one


def test_the_incident_is_the_storys_last_incident_with_its_parties():
    events = code("قالت البحرية البريطانية إن زورقا روسيا اقترب بصورة خطيرة من فرقاطة بريطانية. "
                  "ووقع الحادث في المياه الدولية قرب مضيق جبل طارق.")
    shows = of(events, "MOBILIZE")
    assert len(shows) == 2, events
    assert codes(shows[1].actor) == {"RUS"} and codes(shows[1].recipient) == {"GBR"}


def test_an_incident_noun_with_no_incident_before_is_no_event():
    assert not code("ووقع الحادث في ساعة متأخرة من الليل.")


def test_fighting_in_the_ranks_of_a_group_is_membership_not_an_attack():
    events = code("وقالت الحكومة التونسية إن 3000 من مواطنيها يقاتلون في صفوف تنظيمات متطرفة في ليبيا.")
    assert not of(events, "ASSAULT"), events


def test_a_governments_words_without_event_leave_it_as_the_next_dropped_subject():
    events = code("واعتقلت السلطات الفرنسية رجلا في باريس الأسبوع الماضي. "
                  "وكانت الحكومة التونسية قالت إنها تعتقد بأن 3000 من مواطنيها يقاتلون في صفوف تنظيمات متطرفة. "
                  "وقد سجن حوالي 500 منهم بعد عودتهم إلى تونس.")
    arrests = of(events, "COERCE")
    assert len(arrests) == 2 and codes(arrests[1].actor) == {"TUN"}, events


def test_deployed_forces_named_by_their_state_are_that_states_deployment():
    ev = one(code("وقالت الصين إن نشر السفن الحربية اليابانية في المنطقة يهدد الاستقرار."), "MOBILIZE")
    assert codes(ev.actor) == {"JPN"} and "JPN" not in codes(ev.recipient)
