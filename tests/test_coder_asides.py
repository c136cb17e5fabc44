"""Comma-set relative clauses and lists inside a clause (فرضت اليابان، التي …، عقوبات؛ من بينها حظر)
— on sentences written for these tests."""

from tests.test_coder_args import code, codes, of


def test_object_after_a_comma_set_relative_clause_belongs_to_the_verb():
    events = of(code("وفرضت اليابان، التي تعد أكبر شريك تجاري للصين، عقوبات اقتصادية على كوريا الشمالية."),
                "SANCTION")
    assert events and all(codes(e.actor) == {"JPN"} for e in events), events


def test_a_verb_form_in_a_list_of_measures_is_no_event_of_its_own():
    events = of(code("وفرضت كندا عقوبات على روسيا، من بينها طرد دبلوماسيين من سفارة إيران."), "SANCTION")
    assert [codes(e.actor) for e in events] == [{"CAN"}], events


def test_designation_as_terrorist_with_the_designated_as_pronoun_is_an_accusation():
    events = code("وزار الوزير الأردني القاهرة لبحث ملف جماعة ما، التي تصنفها الحكومة المصرية منظمة إرهابية.")
    assert {"EGY"} in [codes(e.actor) for e in of(events, "ACCUSE")], events
    assert not of(events, "SANCTION"), events
