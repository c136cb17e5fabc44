"""marsad (مرصد): Arabic news in, coded international events out, each with its evidence."""

from marsad.doc import Doc, Event, Mention, Sentence, Story
from marsad.pipeline import Pipeline, default_pipeline

__all__ = ["Doc", "Event", "Mention", "Pipeline", "Sentence", "Story", "default_pipeline"]
__version__ = "0.1.0"
