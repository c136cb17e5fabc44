import pytest

from marsad.doc import Doc
from marsad.pipeline import Pipeline, PipelineError, Registry


def _registry():
    reg = Registry()

    @reg.register("split", "v1", adds=("stories",))
    def split(doc):
        return doc

    @reg.register("boom", "v2", requires=("stories",), adds=("events",))
    def boom(doc):
        if "انفجار" in doc.text:
            raise ValueError("cannot code this")
        return doc

    return reg


def test_requirements_are_checked_when_the_pipeline_is_built():
    reg = _registry()
    with pytest.raises(PipelineError, match="requires stories"):
        Pipeline(["boom"], reg)
    with pytest.raises(KeyError, match="unknown stage"):
        Pipeline(["nope"], reg)


def test_an_error_in_one_document_is_recorded_and_the_stream_goes_on():
    pipe = Pipeline(["split", "boom"], _registry())
    docs = list(pipe.run([Doc("خبر عادي", id="a"), Doc("خبر عن انفجار", id="b"), Doc("خبر ثالث", id="c")]))
    assert docs[0].errors == []
    assert docs[1].errors[0].stage == "boom.v2" and "cannot code this" in docs[1].errors[0].message
    assert docs[2].stages == {"split": "v1", "boom": "v2"}
    assert pipe.versions == {"split": "v1", "boom": "v2"}


def test_many_runs_stage_by_stage_with_the_same_result_and_errors():
    reg = _registry()
    order = []

    @reg.register("after", "v1", requires=("events",))
    def after(doc):
        order.append(("after", doc.id))
        return doc

    @reg.register("note", "v1", adds=("stories",))
    def note(doc):
        order.append(("note", doc.id))
        return doc

    pipe = Pipeline(["note", "boom", "after"], reg)
    docs = pipe.many([Doc("خبر عادي", id="a"), Doc("خبر عن انفجار", id="b"), Doc("خبر ثالث", id="c")])
    # every document through a stage before the next stage; b failed in boom, so after skips it
    assert order == [("note", "a"), ("note", "b"), ("note", "c"), ("after", "a"), ("after", "c")]
    assert [d.id for d in docs] == ["a", "b", "c"]
    assert docs[1].errors[0].stage == "boom.v2" and docs[1].stages == {"note": "v1"}
    assert docs[0].stages == docs[2].stages == {"note": "v1", "boom": "v2", "after": "v1"}


def test_many_gives_what_one_by_one_gives_on_arabic_news():
    from marsad.pipeline import default_pipeline

    texts = ["استقبل الرئيس المصري في القاهرة وزير الخارجية الأردني يوم الأحد، وبحثا التعاون بين البلدين.",
             "وقال وزير الدفاع محمد العلي إن القوات قصفت مواقع المسلحين في 3 مارس 2024.",
             "وقعت السعودية والإمارات اتفاقية للتعاون التجاري بقيمة 5 مليارات دولار."]
    pipe = default_pipeline()

    def docs():
        return [Doc(t, id=f"d{i}", meta={"kind": "record", "date": "2024-03-05"}) for i, t in enumerate(texts)]

    assert [d.to_json() for d in pipe.many(docs())] == [pipe(d).to_json() for d in docs()]
