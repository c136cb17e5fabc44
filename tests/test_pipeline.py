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
