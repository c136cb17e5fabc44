from marsad.doc import Doc, Event, Location, Mention, Participant, Segment, Sentence, Story


def test_json_round_trip_is_lossless():
    doc = Doc("وقع الرئيسان معاهدة في مينسك.", id="a.txt", meta={"source": "x"})
    doc.stories = [Story(0, 29, index=0, title="t", date="2024-12-06", date_precision="day",
                         segments=[Segment(0, 29, "body")])]
    doc.sentences = [Sentence(0, 29, story=0)]
    doc.mentions = [Mention(23, 28, text="مينسك", kind="LOC", code="BLR", sector="GOV", via="capital")]
    doc.events = [Event(0, 29, "SUPPORT", "وقع", 0, 3, actor=[Participant("RUS", "GOV", "x", 1, 2)],
                        loc=Location("مينسك", "BLR", 23, 28))]
    doc.stages = {"textpage": "v1"}
    again = Doc.from_json(doc.to_json())
    assert again == doc
    assert again.events[0].actor[0].code == "RUS"
    assert again.stories[0].segments[0].role == "body"


def test_raw_text_cannot_be_replaced():
    doc = Doc("نص")
    try:
        doc.text = "other"  # type: ignore[misc]
    except AttributeError:
        pass
    assert doc.text == "نص"
