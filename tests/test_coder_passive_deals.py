"""A deal signed with no agent named (صفقة تم توقيعها) is between the sentence's states — on
sentences written for these tests."""

from marsad.code.voice import reported_arrest
from marsad.doc import Mention
from tests.test_coder_args import code, codes, one


def test_a_deal_signed_in_the_passive_is_between_the_sentences_states():
    ev = one(code("تسلمت الهند طائرة فرنسية جديدة في إطار صفقة تم توقيعها في العام 2016."), "SUPPORT")
    assert codes(ev.actor) | codes(ev.recipient) == {"IND", "FRA"}


def test_an_agreement_signed_in_the_passive_between_two_states():
    ev = one(code("وتم توقيع اتفاقية بين تونس والمغرب أمس."), "SUPPORT")
    assert codes(ev.actor) | codes(ev.recipient) == {"TUN", "MAR"}



def test_an_arrest_a_state_reports_without_an_agent_is_its_own_and_the_people_unknown():
    # وقالت إسبانيا إن 5 أشخاص يحملون الجنسية المغربية اعتقلوا: the recognizer coded the people MAR
    spain = Mention(6, 13, text="إسبانيا", kind="GPE", code="ESP", sector="GOV", via="name")
    people = Mention(19, 24, text="أشخاص", kind="ORG", code="MAR", sector="CVL", via="group")
    implied = Mention(19, 19, text="", kind="GPE", code="MAR", sector="GOV", via="implied")
    actors, recipients = reported_arrest([implied], [people], spain)
    assert [a.code for a in actors] == ["ESP"] and [r.code for r in recipients] == ["XXX"]
    assert reported_arrest([implied], [people], None) == ([implied], [people])


def test_a_refused_meeting_is_addressed_to_the_side_the_story_is_about():
    events = code("وفرضت مصر عقوبات على ليبيا الشهر الماضي. وقال وزير الخارجية الليبي إن بلاده لن تتفاوض مع أحد.")
    refusals = [e for e in events if e.event == "REJECT"]
    assert refusals and codes(refusals[0].actor) == {"LBY"} and codes(refusals[0].recipient) == {"EGY"}, events
