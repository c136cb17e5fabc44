"""An official named by office and the state after في (بوزير الدفاع في الأردن) — on sentences
written for these tests."""

from tests.test_coder_args import code, codes, one


def test_office_in_a_state_is_that_states_official():
    ev = one(code("واجتمع وزير الخارجية المصري في القاهرة بوزير الدفاع في الأردن."), "CONSULT")
    assert codes(ev.actor) == {"EGY"} and codes(ev.recipient) == {"JOR"}


def test_an_official_whose_state_is_named_is_in_the_place_after_fi():
    ev = one(code("والتقى الرئيس التونسي في الجزائر بالسفير في اليابان."), "CONSULT")
    assert codes(ev.actor) == {"TUN"} and codes(ev.recipient) == {"JPN"}
