"""A deal signed with no agent named (صفقة تم توقيعها) is between the sentence's states — on
sentences written for these tests."""

from tests.test_coder_args import code, codes, one


def test_a_deal_signed_in_the_passive_is_between_the_sentences_states():
    ev = one(code("تسلمت الهند طائرة فرنسية جديدة في إطار صفقة تم توقيعها في العام 2016."), "SUPPORT")
    assert codes(ev.actor) | codes(ev.recipient) == {"IND", "FRA"}


def test_an_agreement_signed_in_the_passive_between_two_states():
    ev = one(code("وتم توقيع اتفاقية بين تونس والمغرب أمس."), "SUPPORT")
    assert codes(ev.actor) | codes(ev.recipient) == {"TUN", "MAR"}
