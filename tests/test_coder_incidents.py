"""An incident re-mentioned with a neutral noun (ووقع الحادث) — on sentences written for these tests."""

from tests.test_coder_args import code, codes, of


def test_the_incident_is_the_storys_last_incident_with_its_parties():
    events = code("قالت البحرية البريطانية إن زورقا روسيا اقترب بصورة خطيرة من فرقاطة بريطانية. "
                  "ووقع الحادث في المياه الدولية قرب مضيق جبل طارق.")
    shows = of(events, "MOBILIZE")
    assert len(shows) == 2, events
    assert codes(shows[1].actor) == {"RUS"} and codes(shows[1].recipient) == {"GBR"}


def test_an_incident_noun_with_no_incident_before_is_no_event():
    assert not code("ووقع الحادث في ساعة متأخرة من الليل.")
