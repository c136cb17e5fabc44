"""Names with more than one reading: the marks a writer adds, or a place noun before a town, decide it."""

from marsad.doc import Doc, Segment, Story
from marsad.recognize.actors import recognize_actors
from marsad.recognize.gazetteer import codes_by_vocalization, vocalization


def _codes(text: str, surface: str) -> list[tuple[str, str]]:
    doc = Doc(text, id="t")
    doc.stories = [Story(0, len(text), segments=[Segment(0, len(text), "body")])]
    return [(m.code, m.via) for m in recognize_actors(doc) if surface in m.text]


def test_marks_on_a_name_choose_between_the_capital_and_the_state():
    assert _codes("وصل الوفد التجاري إلى عمّان مساء أمس.", "عمّان") == [("JOR", "capital")]
    assert _codes("وصل الوفد التجاري إلى عَمّان مساء أمس.", "عَمّان") == [("JOR", "capital")]
    assert _codes("وصل الوفد التجاري إلى عُمان مساء أمس.", "عُمان") == [("OMN", "name")]
    assert _codes("وصل الوفد التجاري إلى سلطنة عُمان مساء أمس.", "عُمان") == [("OMN", "name")]
    # with a proclitic in front, and without marks (the state, unless the story points elsewhere)
    assert _codes("عاد الوفد من زيارة قصيرة لعمّان.", "عمّان") == [("JOR", "capital")]
    assert _codes("وصل الوفد التجاري إلى عمان مساء أمس.", "عمان") == [("OMN", "name")]


def test_a_mark_that_fits_no_spelling_decides_nothing():
    assert vocalization("عَمّان") == (frozenset("\u064e"), frozenset("\u0651"), frozenset(), frozenset())
    assert codes_by_vocalization("عمان", "عمّان") == {"JOR"}
    assert codes_by_vocalization("عمان", "عُمان") == {"OMN"}
    assert codes_by_vocalization("عمان", "عمان") == frozenset()
    assert codes_by_vocalization("عمان", "عِمان") == frozenset()  # a kasra neither spelling writes
    assert _codes("وصل الوفد التجاري إلى عِمان مساء أمس.", "عِمان") == [("OMN", "name")]


def test_a_nationality_adjective_is_not_the_town_of_the_same_name():
    # الهندية is also a town in Iraq, السويدية one in Turkey: a town that is also a word counts only
    # after a place noun, so here they qualify the nouns before them
    assert _codes("أجرت البحرية اليابانية مناورات مع القوات البحرية الهندية في بحر العرب.", "الهندية") == [
        ("IND", "body")]
    assert _codes("وقالت الخارجية السويدية في بيان إن السفير سيعود الأسبوع المقبل.", "السويدية") == [
        ("SWE", "body")]
    assert _codes("وصل النازحون إلى مدينة الهندية جنوب بغداد.", "الهندية") == [("IRQ", "city")]
